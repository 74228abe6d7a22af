#pragma once
// Reads one batch row (or the same names given as flags) into an engine::Scenario. Every bad
// cell becomes an Issue whose path is the column name; several are reported at once.
#include <optional>

#include "engine/scenario.h"
#include "hw/catalog.h"
#include "hw/issue.h"
#include "io/batch_runner.h"

namespace rackplan::io {

struct ScenarioParse {
    std::optional<engine::Scenario> scenario;  // set when issues is empty
    Issues issues;
};

ScenarioParse parse_scenario(const RowView& row, const hw::Catalog& catalog);

// "column tp: must be at least 1, got 0; column dtype: ..." for a row's message cell.
std::string join_issues(const Issues& issues);

}  // namespace rackplan::io
