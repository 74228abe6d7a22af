#include "io/catalog_entries.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "cost/network.h"
#include "engine/scenario.h"
#include "io/catalog_json.h"
#include "plan/ownership.h"

namespace rackplan::io {
namespace {

using nlohmann::json;

bool entry_list(std::string_view list) {
    return list == "chips" || list == "systems" || list == "fabrics" || list == "models";
}

// "chip" for "chips": how messages name one entry.
std::string singular(std::string_view list) { return std::string(list.substr(0, list.size() - 1)); }

std::string in_quotes(std::string_view s) { return "'" + std::string(s) + "'"; }

// The index of entry `id` in `entries`, or -1.
long index_of(const json& entries, std::string_view id) {
    for (size_t i = 0; i < entries.size(); ++i)
        if (entries[i].value("id", "") == id) return static_cast<long>(i);
    return -1;
}

EditResult refused(const hw::Catalog& catalog, Issues issues) {
    return EditResult{catalog, std::move(issues)};
}

std::string price_path(std::string_view key) { return "price." + std::string(key); }

// The figure of a pricing: owning pays the capex, renting the rate of that name.
std::string price_key_of(engine::Pricing p) {
    return p == engine::Pricing::own ? "capex" : std::string(engine::to_string(p));
}

// The pricing a saved request gives one of its systems: its own, else the workload's, else own.
engine::Pricing pricing_of(const RunRequest& r, const SystemRequest& s) {
    if (s.pricing) return *s.pricing;
    if (const std::string* cell = r.cell("pricing"))
        if (const auto p = engine::pricing_from(*cell)) return *p;
    return engine::Pricing::own;
}

// Who relies on `system`'s price `key` through plans' priced twin (plan/ownership.h): another
// system of the same hardware without the price of its own is owned at its capex (every plan
// weighs owning), rented at its rate when that is the rate a plan compares with by default,
// or priced at it by a saved scenario.
std::vector<std::string> twin_borrowers(const hw::Catalog& catalog, const hw::System& system, std::string_view key,
                                        const std::vector<SavedRequest>& saved) {
    std::vector<std::string> out;
    const std::string path = price_path(key);
    for (const hw::System& other : catalog.systems) {
        if (other.id == system.id || hw::find_figure(other.figures, path)) continue;
        if (key == "capex") {
            if (plan::priced_twin(catalog, other, path) == &system)
                out.push_back("system " + in_quotes(other.id) + " is owned at its price.capex in plans (same chip and "
                              "node layout, no capex of its own)");
            continue;
        }
        const auto rental = plan::rental_for(catalog, other, engine::Pricing::own);
        if (rental && rental->priced_as == &system && price_key_of(rental->pricing) == key) {
            out.push_back("system " + in_quotes(other.id) + " is rented at its " + path +
                          " in plans (same chip and node layout, no rate of its own)");
            continue;
        }
        for (const SavedRequest& sr : saved)
            for (const SystemRequest& x : sr.request.systems) {
                const engine::Pricing p = pricing_of(sr.request, x);
                if (x.system != other.id || price_key_of(p) != key) continue;
                const auto chosen = plan::rental_for(catalog, other, p);
                if (chosen && chosen->priced_as == &system && chosen->pricing == p)
                    out.push_back("saved scenario " + in_quotes(sr.scenario) + " (" + sr.request.kind + ") prices system " +
                                  in_quotes(other.id) + " " + std::string(key) + " at its " + path + " (no rate of its own)");
            }
    }
    return out;
}

Issues reference_issues(const std::string& where, const std::string& what, const std::vector<std::string>& refs) {
    Issues issues;
    for (const std::string& r : refs) issues.push_back({where, what + " is still referred to: " + r});
    return issues;
}

}  // namespace

Issues check_new_id(const hw::Catalog& catalog, std::string_view list, std::string_view id) {
    if (!entry_list(list)) return {{std::string(list), "not an entry list (chips, systems, fabrics, models)"}};
    const json entries = to_json(catalog).at(std::string(list));
    const std::string where = std::string(list) + "[" + std::to_string(entries.size()) + "].id";
    if (id.empty()) return {{where, "missing: a new " + singular(list) + " needs an id"}};
    const auto bad = std::find_if_not(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    });
    if (bad != id.end())
        return {{where, in_quotes(id) + ": an id holds only lower-case letters a-z, digits, '.', '_' and '-'"}};
    if (index_of(entries, id) >= 0) return {{where, "a " + singular(list) + " with id " + in_quotes(id) + " exists already"}};
    return {};
}

EditResult add_entry_copy(const hw::Catalog& catalog, const std::string& list, const std::string& from,
                          const std::string& new_id) {
    if (Issues issues = check_new_id(catalog, list, new_id); !issues.empty()) return refused(catalog, std::move(issues));
    json doc = to_json(catalog);
    json& entries = doc.at(list);
    const long i = index_of(entries, from);
    if (i < 0) return refused(catalog, {{list, "no entry with id " + in_quotes(from) + " to copy"}});
    json copy = entries[static_cast<size_t>(i)];
    copy["id"] = new_id;
    // Two entries of one name would read alike in every list and report.
    if (copy.contains("name") && copy["name"].is_string()) copy["name"] = copy["name"].get<std::string>() + " (copy)";
    entries.push_back(std::move(copy));
    return judge_edited_document(catalog, doc);
}

std::vector<std::string> references_to(const hw::Catalog& catalog, std::string_view list, std::string_view id,
                                       const std::vector<SavedRequest>& saved) {
    std::vector<std::string> refs;
    if (list == "chips") {
        for (const hw::System& s : catalog.systems)
            if (s.chip == id) refs.push_back("system " + in_quotes(s.id) + " uses it as its chip");
    } else if (list == "systems") {
        if (const hw::System* system = catalog.find_system(id))
            for (const std::string& key : price_keys())
                for (std::string& r : twin_borrowers(catalog, *system, key, saved)) refs.push_back(std::move(r));
        for (const SavedRequest& s : saved)
            if (std::any_of(s.request.systems.begin(), s.request.systems.end(),
                            [&](const SystemRequest& x) { return x.system == id; }))
                refs.push_back("saved scenario " + in_quotes(s.scenario) + " (" + s.request.kind + ") names it");
    } else if (list == "fabrics") {
        for (const hw::System& s : catalog.systems)
            if (cost::fabric_rule(s, hw::make_spec(s)) == id)
                refs.push_back("system " + in_quotes(s.id) + " is networked by it (the scale-out fabric rule picks it)");
    } else if (list == "models") {
        for (const SavedRequest& s : saved)
            if (const std::string* m = s.request.cell("model"); m && *m == id)
                refs.push_back("saved scenario " + in_quotes(s.scenario) + " (" + s.request.kind + ") uses it as its model");
    }
    return refs;
}

EditResult remove_entry(const hw::Catalog& catalog, const std::string& list, const std::string& id,
                        const std::vector<SavedRequest>& saved) {
    if (!entry_list(list)) return refused(catalog, {{list, "not an entry list (chips, systems, fabrics, models)"}});
    json doc = to_json(catalog);
    json& entries = doc.at(list);
    const long i = index_of(entries, id);
    if (i < 0) return refused(catalog, {{list, "no entry with id " + in_quotes(id)}});
    const std::string where = list + "[" + std::to_string(i) + "]";
    if (const auto refs = references_to(catalog, list, id, saved); !refs.empty())
        return refused(catalog, reference_issues(where, singular(list) + " " + in_quotes(id), refs));
    entries.erase(static_cast<size_t>(i));
    return judge_edited_document(catalog, doc);
}

const std::vector<std::string>& price_keys() {
    static const std::vector<std::string> keys = [] {
        std::vector<std::string> k;
        for (engine::Pricing p : {engine::Pricing::own, engine::Pricing::on_demand, engine::Pricing::reserved_1y,
                                  engine::Pricing::reserved_3y, engine::Pricing::capacity_block})
            k.push_back(price_key_of(p));
        return k;
    }();
    return keys;
}

Issues check_new_price(const hw::Catalog& catalog, std::string_view system, std::string_view key) {
    const json systems = to_json(catalog).at("systems");
    const long i = index_of(systems, system);
    if (i < 0) return {{"systems", "no system with id " + in_quotes(system)}};
    const std::string where = "systems[" + std::to_string(i) + "]." + price_path(key);
    const auto& keys = price_keys();
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
        std::string known;
        for (const std::string& k : keys) known += (known.empty() ? "" : ", ") + k;
        return {{where, in_quotes(key) + " is not a price (" + known + ")"}};
    }
    if (systems[static_cast<size_t>(i)].contains("price") && systems[static_cast<size_t>(i)]["price"].contains(key))
        return {{where, "system " + in_quotes(system) + " has this price already"}};
    return {};
}

EditResult add_price_copy(const hw::Catalog& catalog, const std::string& system, const std::string& from,
                          const std::string& key) {
    if (Issues issues = check_new_price(catalog, system, key); !issues.empty()) return refused(catalog, std::move(issues));
    json doc = to_json(catalog);
    json& entry = doc.at("systems")[static_cast<size_t>(index_of(doc.at("systems"), system))];
    if (!entry.contains("price") || !entry["price"].contains(from))
        return refused(catalog, {{"systems." + system, "no price " + in_quotes(from) + " to copy"}});
    entry["price"][key] = entry["price"][from];
    return judge_edited_document(catalog, doc);
}

std::vector<std::string> price_references(const hw::Catalog& catalog, std::string_view system, std::string_view key,
                                          const std::vector<SavedRequest>& saved) {
    std::vector<std::string> refs;
    const hw::System* s = catalog.find_system(system);
    if (!s) return refs;
    refs = twin_borrowers(catalog, *s, key, saved);
    for (const SavedRequest& sr : saved)
        for (const SystemRequest& x : sr.request.systems)
            if (x.system == system && price_key_of(pricing_of(sr.request, x)) == key) {
                refs.push_back("saved scenario " + in_quotes(sr.scenario) + " (" + sr.request.kind + ") prices system " +
                               in_quotes(system) + " " + std::string(engine::to_string(pricing_of(sr.request, x))));
                break;
            }
    return refs;
}

EditResult remove_price(const hw::Catalog& catalog, const std::string& system, const std::string& key,
                        const std::vector<SavedRequest>& saved) {
    json doc = to_json(catalog);
    json& systems = doc.at("systems");
    const long i = index_of(systems, system);
    if (i < 0) return refused(catalog, {{"systems", "no system with id " + in_quotes(system)}});
    json& entry = systems[static_cast<size_t>(i)];
    const std::string where = "systems[" + std::to_string(i) + "]." + price_path(key);
    if (!entry.contains("price") || !entry["price"].contains(key))
        return refused(catalog, {{where, "system " + in_quotes(system) + " has no such price"}});
    if (const auto refs = price_references(catalog, system, key, saved); !refs.empty())
        return refused(catalog, reference_issues(where, "price " + in_quotes(key) + " of system " + in_quotes(system), refs));
    entry["price"].erase(key);
    if (entry["price"].empty()) entry.erase("price");
    return judge_edited_document(catalog, doc);
}

}  // namespace rackplan::io
