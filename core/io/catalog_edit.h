#pragma once
// One user edit of one field of a catalog entry (an editor's cell), checked by every rule a
// catalog file meets before it is accepted: an edited catalog can always be saved, exported
// and imported again. The edit goes through the entry's JSON form, so a typed value is judged
// exactly as the same value in a file would be (unknown unit, wrong dimension, negative, NaN,
// estimate without a range, unknown source tag), with the same JSON paths in the messages.
#include <string>
#include <variant>

#include <nlohmann/json_fwd.hpp>

#include "hw/catalog.h"
#include "hw/issue.h"

namespace rackplan::io {

// What was typed: nothing (removes an optional field such as an estimate's range or a note),
// a flag, a number (NaN and infinities included: they are refused by the checks, not here),
// or text (which a number field refuses with "must be a number").
using FieldValue = std::variant<std::monostate, bool, double, std::string>;

struct FieldEdit {
    std::string list;   // "chips", "systems", "fabrics" or "models"
    std::string id;     // the entry's id (not editable itself: systems refer to chips by id)
    std::string field;  // path inside the entry: "price.on_demand.value", "tiers[1].radix.unit", "name"
    FieldValue value;
};

struct EditResult {
    hw::Catalog catalog;  // the edited catalog (units resolved) when `issues` is empty
    Issues issues;        // paths into the catalog document: "systems[3].price.on_demand.value"
    [[nodiscard]] bool ok() const { return issues.empty(); }
};

// Applies `edit` to a copy of `catalog` and checks it whole. Cross-entry problems that the
// catalog had before are not held against the edit, so a stored catalog with an old flaw
// (a source tag since removed) still takes unrelated edits. An edit may
// change an existing field or add an optional one inside an existing figure (`low`, `note`);
// it cannot add or remove figures or entries (io/catalog_entries.h does: entries, prices).
EditResult apply_edit(const hw::Catalog& catalog, const FieldEdit& edit);

// `edited` (the catalog document of `catalog` after an edit, an added or a removed entry)
// judged as apply_edit judges an edit: every document rule, and the cross-entry rules the
// catalog did not already break. The catalog comes back unchanged when refused.
EditResult judge_edited_document(const hw::Catalog& catalog, const nlohmann::json& edited);

// A catalog built in memory, checked as if it were read from a file: the document rules of
// parse_catalog_json and the cross-entry rules of hw::check_catalog. `normalized` (optional)
// receives the catalog as parsed back, with every unit factor resolved.
Issues check_catalog_document(const hw::Catalog& catalog, hw::Catalog* normalized = nullptr);

}  // namespace rackplan::io
