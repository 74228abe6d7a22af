#pragma once
// The batch CSV's cost columns (shared/spec/batch-csv.md) for one evaluation: usd_per_hour,
// usd_total and energy_mwh (a training run with train_tokens), usd_per_mtok, avg_power_kw.
// Point values; a figure that does not apply is left out (its cell stays empty).
#include <string>
#include <utility>
#include <vector>

#include "cost/cost_evaluation.h"

namespace rackplan::cost {

std::vector<std::pair<std::string, std::string>> cost_cells(const CostEvaluation& e);

}  // namespace rackplan::cost
