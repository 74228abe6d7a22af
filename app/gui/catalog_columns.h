#pragma once
// The key columns of each entry list. A cell is a QString (text), a double (a number shown
// with `decimals`) or an invalid QVariant (the catalog has no such figure). A number read
// from a catalog figure names that figure too, so the list can mark estimates. A text column
// that is an entry field (name, vendor) names it, so the list can edit it.
#include <functional>
#include <vector>

#include <QString>
#include <QVariant>

#include "entry_kind.h"

namespace rackplan::gui {

struct Column {
    QString header;
    QString tooltip;             // what the column holds and in which unit
    int decimals = 0;            // for numbers
    bool keep_zeros = false;     // money: always two decimals
    bool stretch = false;        // takes the spare width (names)
    std::function<QVariant(const hw::Catalog&, int index)> value;
    std::function<const hw::Figure*(const hw::Catalog&, int index)> figure;  // may be empty
    QString field;               // the entry's JSON key when the cell edits it ("name"), else empty
};

const std::vector<Column>& columns_of(EntryKind kind);

}  // namespace rackplan::gui
