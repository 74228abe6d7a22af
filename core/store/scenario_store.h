#pragma once
// Saved scenarios (a comparison, a plan: its input as JSON) and the results computed for
// them. Saving under an existing name replaces the input and drops the results computed from
// the old one, in one transaction.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.h"

namespace rackplan::store {

struct Scenario {
    std::int64_t id = 0;
    std::string name;
    std::string kind;        // "compare", "plan", ...: what input_json describes
    std::string input_json;
    std::string created_at;  // ISO 8601 UTC, set by the database
    std::string updated_at;
};

struct ScenarioResult {
    std::int64_t id = 0;
    std::int64_t scenario_id = 0;
    std::string created_at;
    std::string engine_version;
    std::string output_json;
};

// Creates or replaces the scenario `name`; returns its id (kept across replacements).
std::int64_t save_scenario(Database& db, std::string_view name, std::string_view kind, std::string_view input_json);

// Every scenario ordered by name; input_json included.
std::vector<Scenario> list_scenarios(Database& db);

std::optional<Scenario> load_scenario(Database& db, std::string_view name);

// Deletes the scenario and its results; false when there was none of that name.
bool delete_scenario(Database& db, std::string_view name);

std::int64_t save_result(Database& db, std::int64_t scenario_id, std::string_view engine_version,
                         std::string_view output_json);

// Results of one scenario, oldest first.
std::vector<ScenarioResult> list_results(Database& db, std::int64_t scenario_id);

}  // namespace rackplan::store
