#pragma once
// Turns a batch row into its output cells through the one evaluation API (engine::evaluate_*),
// so `rackplan batch`, `rackplan evaluate` and the GUI print the same numbers.
#include "engine/evaluate.h"
#include "io/batch_runner.h"

namespace rackplan::io {

// Evaluates one row: parse (bad cells → error naming the column), then the engine.
RowResult evaluate_row(const engine::EvaluationContext& ctx, const RowView& row);

// Output cells of a training result (used_* and metrics), formatted for CSV.
std::vector<std::pair<std::string, std::string>> train_cells(const engine::TrainPerformance& p);

}  // namespace rackplan::io
