#pragma once
// What a user typed into a catalog cell, as the edit core judges (io::apply_edit). The GUI
// only turns text into a number, a flag or text; whether it is acceptable is core's call, so a
// cell and a catalog file are held to the same rules.
#include <QString>

#include "entry_detail.h"
#include "figure_table_model.h"
#include "io/catalog_edit.h"

namespace rackplan::gui {

// "chips", "systems", "models", "fabrics": the entry list's key in a catalog document.
std::string list_key(EntryKind kind);

// A number field: empty -> nothing (removes an optional field such as `low`); a C-locale
// number -> that number (nan and inf too: core refuses them with the field's path); anything
// else -> the text itself, which core refuses as "must be a number".
io::FieldValue number_value(const QString& text);

// The edit of one detail-table cell: for a figure row, its value, low, high, unit, source,
// confidence or note; for a model's exact row, the field itself (true/false for flags).
io::FieldEdit cell_edit(EntryKind kind, const QString& id, const DetailRow& row, FigureTableModel::ColumnId column,
                        const QString& text);

// The edit of an entry's text field (a list cell: name, vendor).
io::FieldEdit entry_field_edit(EntryKind kind, const QString& id, const QString& field, const QString& text);

}  // namespace rackplan::gui
