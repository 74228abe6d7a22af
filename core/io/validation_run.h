#pragma once
// Predictions against published measurements, compared as shared/validation/README.md says:
// case rows (batch CSV plus x_metric / x_measured) through the batch evaluator, microbenchmark
// rows through the kernel emulators the `microbench` command runs; rel_error = predicted /
// measured − 1 on the column each row names. A row that comes back error or infeasible, or lacks
// an input its comparison needs, is listed apart with the reason and never counted.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/evaluate.h"
#include "io/csv_reader.h"

namespace rackplan::io {

struct ValidationRow {
    std::string id, family, metric, trust;
    std::string subject;  // what ran: "train on dgx-h100 x8", "gemm 4096x8192x8192 bf16 on trn1 (1 core)"
    std::string mode;          // train or infer (case rows); the kernel (microbenchmark rows)
    std::string system, chip;  // catalog ids of what ran (a chip kernel has no system)
    double measured = 0.0, predicted = 0.0;
    double rel_error = 0.0;  // predicted / measured − 1: > 0 slower for times, faster for rates
    std::string used;        // the layout or batch evaluated, the collective algorithm
};

struct ValidationExcluded {
    std::string id, family, metric;
    std::string reason;  // names the column or the engine's message
};

// Median and max |rel_error| of a set of rows; `worst` is the row with the max.
struct ValidationGroup {
    std::string family;  // "all" over every family
    std::string metric;  // "all" over every metric (only in the overall group)
    int rows = 0;
    double median_abs = 0.0, max_abs = 0.0;
    std::string worst;
};

enum class ValidationKind { cases, microbench };

struct ValidationRun {
    ValidationKind kind = ValidationKind::cases;
    std::vector<ValidationRow> rows;
    std::vector<ValidationExcluded> excluded;
    std::string file_error;  // a missing column: nothing compared
};

// The kind a header belongs to: x_metric and x_measured = cases; kernel, metric, measured =
// microbenchmarks; neither = an error naming what is missing.
struct ValidationKindGuess {
    std::optional<ValidationKind> kind;
    std::string error;
};
ValidationKindGuess validation_kind(const CsvRow& header);

// Every row, `jobs` at a time (0 = all cores); results keep the file's order. `progress`, when
// set, is called from the worker threads with the rows evaluated so far (it must be thread-safe).
ValidationRun validate_cases(const engine::EvaluationContext& ctx, const CsvTable& table, int jobs = 0,
                             const std::function<void(std::size_t done)>& progress = {});
ValidationRun validate_microbench(const engine::EvaluationContext& ctx, const CsvTable& table);

// The median of a set (the mean of the middle two when even); 0 for none.
double median_of(std::vector<double> v);

// Groups by (family, metric), then (all, metric) per metric, then (all, all) when there are several; trust_ab_only keeps
// the rows of trust A or B (the README's recommended second view).
std::vector<ValidationGroup> summarize(const std::vector<ValidationRow>& rows, bool trust_ab_only = false);

}  // namespace rackplan::io
