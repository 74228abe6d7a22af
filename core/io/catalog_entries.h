#pragma once
// Whole catalog entries added and removed (the catalog editor's Add and Remove), judged like
// a field edit (io::apply_edit) so an edited catalog can always be saved and exported:
//  - an added entry starts as a copy of an existing one under a new id the user chose;
//  - a removal is refused, naming each referrer, while anything still refers to the entry:
//    a system that uses a chip, a system of the same hardware that plans own or rent at its
//    prices (the priced twin, plan/ownership.h), a system whose scale-out fabric the cost rule
//    picks (cost/network.h), or a saved scenario that names it.
// Prices are figures of a system (price.capex, price.on_demand, ...); they are added (a copy
// of another price of the system) and removed the same way.
#include <string>
#include <string_view>
#include <vector>

#include "hw/catalog.h"
#include "hw/issue.h"
#include "io/catalog_edit.h"
#include "io/run_request.h"

namespace rackplan::io {

// A saved scenario's request (io::parse_stored_request of its input): what it names.
struct SavedRequest {
    std::string scenario;
    RunRequest request;
};

// The issues of `id` as the id of a new entry of `list` ("chips", "systems", "fabrics",
// "models"): not empty, only a-z, 0-9, '.', '_' and '-', no entry of that list has it. Path:
// the id of the entry it would be ("chips[24].id").
Issues check_new_id(const hw::Catalog& catalog, std::string_view list, std::string_view id);

// Entry `from` of `list` copied under `new_id` (its name marked "(copy)") and appended.
EditResult add_entry_copy(const hw::Catalog& catalog, const std::string& list, const std::string& from,
                          const std::string& new_id);

// What still refers to entry `id` of `list`, one phrase each ("system 'dgx-h100' uses it as its
// chip", "saved scenario 'q3' compares it"); empty when nothing does.
std::vector<std::string> references_to(const hw::Catalog& catalog, std::string_view list, std::string_view id,
                                       const std::vector<SavedRequest>& saved);

// Entry `id` of `list` removed; refused with one issue per reference while anything refers to it.
EditResult remove_entry(const hw::Catalog& catalog, const std::string& list, const std::string& id,
                        const std::vector<SavedRequest>& saved);

// The price keys of a system, "price.<key>": capex (owned), then each rental pricing.
const std::vector<std::string>& price_keys();

// The issues of `key` as a new price of system `system`: a price key (see price_keys) the
// system does not have yet. Path: "systems[3].price.<key>".
Issues check_new_price(const hw::Catalog& catalog, std::string_view system, std::string_view key);

// The system's price `from` copied as price `key` (value, unit, range, source and note), then
// judged whole: a copy into another dimension (capex in USD, rates in USD/h) is refused by
// the unit rules.
EditResult add_price_copy(const hw::Catalog& catalog, const std::string& system, const std::string& from,
                          const std::string& key);

// What still refers to price `key` of `system`: another system that plans own or rent at it
// (its priced twin: always for capex, for a rate when it is the one compared by default or a
// saved scenario asks for it), or a saved scenario that prices the system that way.
std::vector<std::string> price_references(const hw::Catalog& catalog, std::string_view system, std::string_view key,
                                          const std::vector<SavedRequest>& saved);

// The price removed; refused with one issue per reference while anything refers to it.
EditResult remove_price(const hw::Catalog& catalog, const std::string& system, const std::string& key,
                        const std::vector<SavedRequest>& saved);

}  // namespace rackplan::io
