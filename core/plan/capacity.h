#pragma once
// Capacity planning: from a demand (train the scenario's train_tokens within D days; serve R
// requests/s under its TTFT/TPOT limits) to the fleet each system needs — chips, nodes,
// scale-up domains, racks, MW — what it costs at the scenario's pricing, what owning and
// renting it cost over a horizon, and when buying pays back. Rules: DESIGN.md.
#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/evaluate.h"
#include "plan/candidate.h"
#include "plan/compare.h"
#include "plan/fleet.h"
#include "plan/ownership.h"

namespace rackplan::plan {

struct Demand {
    std::optional<double> days;            // training: finish within this many days
    std::optional<double> requests_per_s;  // serving: requests per second to carry
};

struct PlanOptions {
    int threads = 1;           // search threads of each evaluation
    int top = 3;               // layouts kept at the chosen size (Pareto candidates)
    cost::CostOptions cost;
    double tco_years = 3.0;    // horizon of TCO and rent
    int max_chips = 65536;     // the training search gives up above this
    int refine_steps = 4;      // counts tried between the last miss and the first hit
    const std::atomic<bool>* cancel = nullptr;
    // 0..1 over the whole plan (GUI progress bar): each system an equal share, inside it the
    // evaluations done of the most its search can take.
    std::function<void(double)> progress;
};

struct PlanRow {
    std::string system;
    engine::Pricing pricing = engine::Pricing::own;
    engine::Status status = engine::Status::ok;  // infeasible: no fleet meets the demand
    std::string message;
    // Every point evaluated and priced: training, the best layout at each chip count the
    // search tried (by chips), then the other top layouts at the chosen count; serving, one
    // fleet per replica layout.
    std::vector<Candidate> candidates;
    std::optional<std::size_t> chosen;  // the plan: index into candidates
    std::optional<FleetShape> fleet;
    BuyVsRent ownership;
    int evaluations = 0;  // engine evaluations (chip counts or serving searches)
    int time_rank = 0, cost_rank = 0;

    [[nodiscard]] const Candidate* plan() const { return chosen ? &candidates[*chosen] : nullptr; }
};

struct PlanResult {
    engine::Scenario base;
    Demand demand;
    TimeMetric time_metric = TimeMetric::time_to_train;
    double tco_years = 3.0;
    std::vector<PlanRow> rows;
    std::vector<ParetoPoint> pareto;  // (row, candidate), time ascending
};

// The cost a plan ranks and draws fronts by: $ of the training run; serving, $ per second of
// the fleet. Empty when not priced.
std::optional<double> plan_cost(const Candidate& c);

// Problems with the demand for the scenario's mode, each naming its input (demand_days,
// requests_per_s, train_tokens); empty = plannable.
Issues check_demand(const engine::Scenario& base, const Demand& demand);

// A choice's chips, when given, are where the training search starts (rounded up to whole
// units) or the size a serving layout search runs at; base.chips is not used.
PlanResult plan(const engine::EvaluationContext& ctx, const engine::Scenario& base, const std::vector<SystemChoice>& systems,
                const Demand& demand, const PlanOptions& options = {});

}  // namespace rackplan::plan
