#pragma once
// One comparison run: every candidate through engine::evaluate_train (searching or at its
// kept layout), with the best layout's per-operator detail for the roofline and the system's
// microbenchmark curves, then ranked by step time. Runs on a worker thread; no Qt here.
// Cost is not here yet: when the GUI prices rows, CandidateResult gains the cost of its best
// layout (cost::evaluate_cost on this same performance) and the table model its columns.
#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "compare/comparison_input.h"
#include "compare/microbench.h"
#include "engine/evaluate.h"

namespace rackplan::gui {

struct CandidateResult {
    Candidate candidate;
    std::string system_name;  // catalog names, empty when the system is unknown
    std::string chip_id;
    std::string chip_name;
    engine::TrainResult result;     // status, reason, best layout (with block_ops), search stats
    units::FlopsPerSecond peak{};   // tensor peak at the job's dtype (roofline ceiling)
    units::BytesPerSecond hbm_bandwidth{};
    MicrobenchCurves curves;
    double seconds = 0.0;           // wall time of this candidate's evaluation

    [[nodiscard]] bool ok() const { return result.status == engine::Status::ok && result.best.has_value(); }
};

struct ComparisonResult {
    ComparisonInput input;              // as run
    std::string input_json;             // to_json(input)
    std::string model_label;            // "Llama 3 8B (llama3-8b)"; the custom name for a custom one
    std::vector<CandidateResult> rows;  // input order
    std::vector<size_t> ranking;        // rows: feasible fastest first, then the rest in input order
    bool cancelled = false;
    double seconds = 0.0;
};

struct RunOptions {
    int threads = 1;                              // search threads per candidate
    const std::atomic<bool>* cancel = nullptr;
    std::function<void(double)> progress;         // 0..1 over the whole comparison
};

ComparisonResult run_comparison(const engine::EvaluationContext& ctx, const ComparisonInput& input,
                                const RunOptions& options = {});

// The candidates with the layout each row ran at: what LayoutPolicy::keep holds on to.
std::vector<Candidate> with_result_layouts(const ComparisonResult& result);

// What the scenario store keeps as one entry of a scenario's history: every row's status,
// layout, step time, breakdown, throughput and memory.
std::string result_json(const ComparisonResult& result);

// One line for the history list: "dgx-h100 × 64 fastest, 2.87 s/step" (from result_json).
std::string history_summary(std::string_view result_json);

}  // namespace rackplan::gui
