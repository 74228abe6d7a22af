#include "io/catalog_edit.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

#include "hw/catalog_checks.h"
#include "io/catalog_json.h"

namespace rackplan::io {
namespace {

using nlohmann::json;

struct Step {
    std::string key;
    std::optional<size_t> index;  // "tiers[1]": key "tiers", index 1
};

// "tiers[1].radix.unit" -> tiers[1], radix, unit. Empty on a malformed path.
std::vector<Step> split_path(const std::string& path) {
    std::vector<Step> steps;
    size_t start = 0;
    while (start <= path.size()) {
        size_t dot = path.find('.', start);
        std::string part = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (part.empty()) return {};
        Step step;
        if (size_t open = part.find('['); open != std::string::npos) {
            if (part.back() != ']' || open == 0 || open + 2 > part.size() - 1) return {};
            const std::string digits = part.substr(open + 1, part.size() - open - 2);
            if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) return {};
            step.index = std::stoul(digits);
            part.resize(open);
        }
        step.key = std::move(part);
        steps.push_back(std::move(step));
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return steps;
}

json to_json_value(const FieldValue& v) {
    if (const bool* b = std::get_if<bool>(&v)) return *b;
    if (const std::string* s = std::get_if<std::string>(&v)) return *s;
    const double x = std::get<double>(v);
    // Whole numbers go in as integers, as a file would write them: model fields require it.
    if (std::isfinite(x) && x == std::trunc(x) && std::fabs(x) < 9.0e15) return static_cast<long long>(x);
    return x;  // NaN and infinities stay floats, which the figure rules refuse as "must be finite"
}

struct DocumentCheck {
    Issues parse;        // document rules: while any is left the parsed catalog lacks something
    Issues cross_entry;  // hw::check_catalog, run only on a catalog that parsed whole
    hw::Catalog catalog;
};

DocumentCheck check_document(const json& doc) {
    DocumentCheck out;
    CatalogParse parse = parse_catalog_json(doc);
    out.parse = std::move(parse.issues);
    if (out.parse.empty()) out.cross_entry = hw::check_catalog(parse.catalog);
    out.catalog = std::move(parse.catalog);
    return out;
}

bool same_issue(const Issue& a, const Issue& b) { return a.path == b.path && a.message == b.message; }

}  // namespace

Issues check_catalog_document(const hw::Catalog& catalog, hw::Catalog* normalized) {
    DocumentCheck check = check_document(to_json(catalog));
    Issues issues = std::move(check.parse);
    for (Issue& i : check.cross_entry) issues.push_back(std::move(i));
    if (normalized) *normalized = std::move(check.catalog);
    return issues;
}

EditResult apply_edit(const hw::Catalog& catalog, const FieldEdit& edit) {
    EditResult out;
    json doc = to_json(catalog);
    auto refuse = [&](std::string path, std::string message) {
        out.catalog = catalog;
        out.issues.push_back({std::move(path), std::move(message)});
        return out;
    };
    if (edit.list != "chips" && edit.list != "systems" && edit.list != "fabrics" && edit.list != "models")
        return refuse(edit.list, "not an entry list (chips, systems, fabrics, models)");
    json& entries = doc.at(edit.list);
    auto found = std::find_if(entries.begin(), entries.end(), [&](const json& e) { return e.value("id", "") == edit.id; });
    if (found == entries.end()) return refuse(edit.list, "no entry with id '" + edit.id + "'");
    std::string where = edit.list + "[" + std::to_string(found - entries.begin()) + "]";
    const std::vector<Step> steps = split_path(edit.field);
    if (steps.empty()) return refuse(where, "not a field path: '" + edit.field + "'");
    if (steps.size() == 1 && steps[0].key == "id" && !steps[0].index)
        return refuse(where + ".id", "an id cannot be edited: other entries and saved scenarios refer to it");

    // Every step but the last must exist; the last may be new (an estimate's range, a note) and
    // is judged by the rules like any other field.
    json* node = &*found;
    for (size_t i = 0; i < steps.size(); ++i) {
        const Step& s = steps[i];
        const bool last = i + 1 == steps.size() && !s.index;
        if (!node->is_object()) return refuse(where, "is not an object");
        where += "." + s.key;
        if (last) {
            // Without its value a figure would no longer read as one, and the document rules
            // would report each of its remaining fields as unknown: say the one thing instead.
            if (s.key == "value" && std::holds_alternative<std::monostate>(edit.value))
                return refuse(where, "missing: a figure needs a value");
            if (std::holds_alternative<std::monostate>(edit.value)) node->erase(s.key);
            else (*node)[s.key] = to_json_value(edit.value);
            break;
        }
        if (!node->contains(s.key)) return refuse(where, "no such field in this entry");
        node = &(*node)[s.key];
        if (s.index) {
            if (!node->is_array() || *s.index >= node->size()) return refuse(where, "no element " + std::to_string(*s.index));
            where += "[" + std::to_string(*s.index) + "]";
            node = &(*node)[*s.index];
            if (i + 1 == steps.size()) return refuse(where, "a whole element cannot be replaced by one value");
        }
    }

    return judge_edited_document(catalog, doc);
}

EditResult judge_edited_document(const hw::Catalog& catalog, const json& doc) {
    EditResult out;
    // A document-rule problem is always refused (the parsed catalog would silently lack the
    // field); a cross-entry one only when the catalog did not have it before the edit.
    DocumentCheck after = check_document(doc);
    out.issues = std::move(after.parse);
    if (!after.cross_entry.empty()) {
        const Issues before = hw::check_catalog(catalog);
        for (Issue& i : after.cross_entry)
            if (std::none_of(before.begin(), before.end(), [&](const Issue& b) { return same_issue(b, i); }))
                out.issues.push_back(std::move(i));
    }
    out.catalog = out.issues.empty() ? std::move(after.catalog) : catalog;
    return out;
}

}  // namespace rackplan::io
