#pragma once
// A candidate: one system at one chip count and layout, what the engine measured there and
// what it costs at a pricing. Comparisons, plans and Pareto fronts are made of these.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cost/cost_evaluation.h"
#include "engine/infer_engine.h"
#include "engine/performance.h"
#include "engine/scenario.h"
#include "hw/catalog.h"
#include "hw/issue.h"
#include "units/quantity.h"

namespace rackplan::plan {

// One entry of `--systems A,B:512,C@own`: the system, and chips or pricing when they differ
// from the run's.
struct SystemChoice {
    std::string system;
    std::optional<int> chips;
    std::optional<engine::Pricing> pricing;
};

// The time axis of a comparison: time to train with train_tokens, else the step; serving:
// the time per output token, or the time to first token when one token is generated.
enum class TimeMetric { time_to_train, step_time, tpot, ttft };
std::string_view to_string(TimeMetric m);
TimeMetric time_metric(const engine::Scenario& s);

struct Candidate {
    std::string system;
    int chips = 0;        // the chips the layout uses
    int fleet_chips = 0;  // the chips paid for: a plan rounds rack-scale fleets up to whole
                          // scale-up domains (a job on 1024 GPUs of 15 NVL72 racks); else = chips
    engine::Pricing pricing = engine::Pricing::own;
    std::optional<engine::TrainPerformance> train;  // exactly one of train / infer
    std::optional<engine::InferPerformance> infer;
    int replicas = 0;                // serving: replicas deployed (a plan's fleet; else the layout's)
    units::Seconds time{};           // on the TimeMetric axis
    std::optional<cost::CostEvaluation> cost;  // empty when it cannot be priced
    Issues cost_issues;                        // why (path "pricing", "system", ...)
    std::optional<cost::PowerEvaluation> power;  // with the cost, and also when only the price is missing

    // Output tokens/s of the deployment (serving) or trained tokens/s (training).
    [[nodiscard]] double tokens_per_s() const;
};

// The candidate of a training layout, time on `metric`, not yet priced.
Candidate train_candidate(const std::string& system, int chips, engine::Pricing pricing,
                          const engine::TrainPerformance& p, TimeMetric metric);
// The candidate of a serving layout deployed as `replicas` replicas on `chips` chips.
Candidate infer_candidate(const std::string& system, int chips, engine::Pricing pricing,
                          const engine::InferPerformance& p, int replicas, TimeMetric metric);

// Prices the candidate with the scenario's cost inputs at its pricing and fleet_chips
// (cost::evaluate_cost); on failure fills cost_issues. `system` must be in the catalog.
void price(Candidate& c, const hw::Catalog& catalog, const engine::Scenario& s, const cost::CostOptions& options);

// What the cost module needs of the candidate's performance.
cost::PerformanceSummary summary_of(const Candidate& c, const engine::Scenario& s);

// "column pricing: ...; column system: ..." for a row message.
std::string join_issues(const Issues& issues);

// Whole units a fleet grows by: scale-up domains for rack-scale systems (ultraserver, rack
// kinds), else nodes.
bool rack_scale(const hw::System& system);
int fleet_unit(const hw::System& system);

}  // namespace rackplan::plan
