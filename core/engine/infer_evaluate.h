#pragma once
// Serving evaluation through the one API every front end calls (batch rows, `rackplan
// evaluate --mode infer`, the GUI). A scenario with tp, pp and ep given is evaluated at that
// replica layout; otherwise every valid (tp, pp, ep) is tried and the one giving the most
// output tokens/s over the deployment wins (ties: the lower TPOT).
//
// Regimes, per layout:
// - batch given: the steady state at that concurrency per replica (SLOs, when also given,
//   are checked and a miss is `infeasible`).
// - SLOs given, batch empty: the largest concurrency whose TTFT and TPOT meet them.
// - neither: the serving engine's max-throughput regime — every request queued at once
//   (trtllm-bench throughput): as many sequences as the KV pool holds at its 0.90 share of
//   free HBM (up to max_batch), in steady-state continuous batching where each iteration
//   carries the running sequences' decode tokens and prompt chunks of the requests that
//   replace finished ones (InferEngine::serve).
#include <optional>
#include <string>
#include <vector>

#include "engine/evaluate.h"
#include "engine/infer_engine.h"

namespace rackplan::engine {

struct InferResult {
    Status status = Status::ok;
    std::string message;  // why error / infeasible; "column X: ..." when a column is to blame
    std::optional<InferPerformance> best;
    std::vector<InferPerformance> top;  // best first, up to EvaluateOptions::top
    int layouts = 0;                    // replica layouts evaluated
};

InferResult evaluate_infer(const EvaluationContext& ctx, const Scenario& scenario, const EvaluateOptions& options = {});

// Serving-engine options for a scenario: stack defaults (nothing in a batch row changes them),
// the scenario's engine assumptions (the sustained clock; checked by evaluate_infer) and the
// context's GEMM fit for the scenario's chip, if any.
InferOptions infer_options_for(const EvaluationContext& ctx, const Scenario& scenario);

// Evaluates one valid layout in the scenario's regime; nullopt with `why` when it cannot serve.
std::optional<InferPerformance> evaluate_infer_layout(const InferEngine& engine, const InferLayout& layout,
                                                      int chips, std::string& why);

}  // namespace rackplan::engine
