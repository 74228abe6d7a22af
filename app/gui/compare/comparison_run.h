#pragma once
// One comparison run: every candidate through plan::compare — the same core call as
// `rackplan compare` — at its best layout (searched, or the kept one), priced at its pricing
// with P10–P90 ranges, ranked by time and by cost, with the Pareto front of cost versus time.
// The GUI adds the best layout's per-operator detail for the roofline and the system's
// microbenchmark curves. Runs on a worker thread; no Qt here. A what-if on prices, $/kWh,
// PUE or years re-prices a finished run (plan::reprice) without searching again.
#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "compare/comparison_input.h"
#include "compare/microbench.h"
#include "engine/evaluate.h"
#include "plan/compare.h"

namespace rackplan::gui {

struct CandidateResult {
    Candidate candidate;
    std::string system_name;  // catalog names, empty when the system is unknown
    std::string chip_id;
    std::string chip_name;
    plan::CompareRow row;           // status, reason, the best layouts (priced), search stats, ranks
    units::FlopsPerSecond peak{};   // tensor peak at the job's GEMM dtype (roofline ceiling)
    units::BytesPerSecond hbm_bandwidth{};
    MicrobenchCurves curves;
    double seconds = 0.0;           // wall time of this candidate's evaluation

    [[nodiscard]] const plan::Candidate* best_candidate() const { return row.best(); }
    // The best training layout's performance (with block_ops), or nullptr when no layout runs
    // or the workload is served.
    [[nodiscard]] const engine::TrainPerformance* best() const {
        const plan::Candidate* c = row.best();
        return c && c->train ? &*c->train : nullptr;
    }
    // The best serving deployment (replica layout, batch, latencies), or nullptr.
    [[nodiscard]] const engine::InferPerformance* serving() const {
        const plan::Candidate* c = row.best();
        return c && c->infer ? &*c->infer : nullptr;
    }
    // Its cost, or nullptr when it could not be priced (row.message says why).
    [[nodiscard]] const cost::CostEvaluation* cost() const {
        const plan::Candidate* c = row.best();
        return c && c->cost ? &*c->cost : nullptr;
    }
    // A layout runs, training or serving (the pricing may still have failed).
    [[nodiscard]] bool ok() const { return row.best() != nullptr; }
    [[nodiscard]] engine::Status status() const { return row.status; }
    [[nodiscard]] const std::string& message() const { return row.message; }
};

struct ComparisonResult {
    ComparisonInput input;              // as run (and priced)
    std::string input_json;             // to_json(input)
    std::string model_label;            // "Llama 3 8B (llama3-8b)"; the custom name for a custom one
    engine::Scenario base;              // the workload at the first candidate, with the cost inputs
    plan::TimeMetric time_metric = plan::TimeMetric::step_time;
    std::vector<CandidateResult> rows;  // input order
    std::vector<plan::ParetoPoint> pareto;  // cost versus time over every priced layout, time ascending
    std::vector<size_t> ranking;        // rows: by time rank (fastest first), then the unranked in input order
    bool cancelled = false;
    double seconds = 0.0;               // the run (searches and pricing)
    double price_seconds = 0.0;         // the last pricing of every layout (a re-price: all of it)
};

struct RunOptions {
    int threads = 1;                              // search threads per candidate
    const std::atomic<bool>* cancel = nullptr;
    std::function<void(double)> progress;         // 0..1 over the whole comparison
};

ComparisonResult run_comparison(const engine::EvaluationContext& ctx, const ComparisonInput& input,
                                const RunOptions& options = {});

// Whether `next` differs from the input of `result` only in what pricing reads (each
// candidate's pricing, $/kWh, PUE, years): then repriced() gives its result.
bool reprice_only(const ComparisonInput& ran, const ComparisonInput& next);
// `result` priced again at `next`'s cost inputs (plan::reprice), ranked again.
ComparisonResult repriced(const ComparisonResult& result, const ComparisonInput& next, const hw::Catalog& catalog);

// The candidates with the layout each row ran at: what LayoutPolicy::keep holds on to.
std::vector<Candidate> with_result_layouts(const ComparisonResult& result);

// The comparison as core's CompareResult (rows copied): what plan::to_json documents.
plan::CompareResult compare_result(const ComparisonResult& result);

// What the scenario store keeps as one entry of a scenario's history: plan::to_json of the
// comparison, the document `rackplan compare --save` stores.
std::string result_json(const ComparisonResult& result);

// One line for the history list: "dgx-h100 × 64 fastest, 2.87 s/step, $1.23/M tokens"
// (from a stored result: the plan document, or the GUI's first form).
std::string history_summary(std::string_view result_json);

}  // namespace rackplan::gui
