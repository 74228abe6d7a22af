#pragma once
// Everything the catalog says about one entry, as rows for the detail pane: every figure
// with its unit, range, source (and the citation behind the tag), confidence and note.
#include <optional>
#include <string_view>
#include <vector>

#include <QString>

#include "entry_kind.h"
#include "hw/figure.h"

namespace rackplan::gui {

struct DetailRow {
    QString path;        // dotted path inside the entry ("hbm.bandwidth", "tiers[0].radix")
    QString value;       // as written in the catalog
    QString unit;
    QString low;         // an estimate's range, as written; empty when absent
    QString high;
    QString source;      // tag(s)
    QString citation;    // one line per tag
    std::optional<hw::Confidence> confidence;  // absent for exact values (model architecture):
                                               // such a row is a plain field, not a figure
    QString note;
};

struct EntryDetail {
    QString title;       // name (id)
    QString summary;     // the entry's non-numeric attributes, one line
    QString note;
    std::vector<DetailRow> rows;
};

// The entry of `kind` with `id`; nullopt when the catalog has none.
std::optional<EntryDetail> describe_entry(const hw::Catalog& catalog, EntryKind kind, std::string_view id);

// "TAG: citation" for each comma-separated tag of `source`.
QString citation_of(const hw::Catalog& catalog, std::string_view source);

}  // namespace rackplan::gui
