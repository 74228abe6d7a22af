#pragma once
// One capacity plan: the comparison's workload and systems with a demand (train the
// workload's train_tokens within D days; serve R requests/s under its TTFT/TPOT limits)
// through plan::plan — the same core call as `rackplan plan` — on a worker thread. No Qt here.
#include <atomic>
#include <functional>
#include <string>

#include "compare/comparison_input.h"
#include "engine/evaluate.h"
#include "plan/capacity.h"

namespace rackplan::gui {

struct PlanRun {
    ComparisonInput input;        // as run (candidates' chips 0: the search starts at one node)
    std::string input_json;       // to_json(input, kPlanKind)
    std::string model_label;
    plan::PlanResult result;
    std::string error;            // the demand or workload cannot be planned: why (nothing ran)
    bool cancelled = false;
    double seconds = 0.0;
};

// The plan input of a comparison: its workload and systems (chips left to the search) and the
// demand of its mode: `demand` days to train, or `demand` requests per second to serve.
ComparisonInput plan_input(const ComparisonInput& comparison, double demand);

// `progress`: 0..1 over the whole plan (plan::PlanOptions::progress), from worker threads.
PlanRun run_plan(const engine::EvaluationContext& ctx, const ComparisonInput& input, int threads,
                 const std::atomic<bool>* cancel = nullptr, std::function<void(double)> progress = {});

// plan::to_json of the run: the document `rackplan plan --save` stores.
std::string plan_result_json(const PlanRun& run);

}  // namespace rackplan::gui
