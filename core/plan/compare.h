#pragma once
// One workload on several systems, each at its best layout (the engine's layout search),
// priced with P10–P90 ranges and ranked by time and by cost. A system that cannot run the
// workload, or cannot be priced the way asked (no capex for pricing own), is a row with its
// reason, never a failure of the whole comparison. Each system is priced for the chips asked
// (whole nodes; a plan, not a comparison, rounds rack-scale fleets up to whole domains).
#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/evaluate.h"
#include "plan/candidate.h"
#include "plan/pareto.h"

namespace rackplan::plan {

struct CompareOptions {
    int threads = 1;         // search threads of each evaluation
    int top = 3;             // layouts kept per system, best first (Pareto candidates)
    cost::CostOptions cost;  // sampling of the ranges
    bool detail = false;     // per-operator times of each system's best training layout (reports)
    const std::atomic<bool>* cancel = nullptr;
    std::function<void(double)> progress;  // 0..1 over the whole comparison (GUI progress bar)
};

struct CompareRow {
    std::string system;
    int chips = 0;
    engine::Pricing pricing = engine::Pricing::own;
    engine::Status status = engine::Status::ok;  // error also when only the pricing failed
    std::string message;                          // why, "column X: ..." naming the input
    std::vector<Candidate> layouts;               // best first; empty when it could not run
    int time_rank = 0;                            // 1 = fastest; 0 = not ranked
    int cost_rank = 0;                            // 1 = cheapest; 0 = not priced
    std::optional<engine::SearchStats> search;    // training: what the layout search covered

    [[nodiscard]] const Candidate* best() const { return layouts.empty() ? nullptr : &layouts.front(); }
};

struct ParetoPoint {
    std::size_t row = 0;     // index into rows
    std::size_t layout = 0;  // index into that row's layouts (or candidates, in a plan)
};

struct CompareResult {
    engine::Scenario base;  // the workload as asked (system and chips of the first row)
    TimeMetric time_metric = TimeMetric::time_to_train;
    std::vector<CompareRow> rows;     // in the order asked
    std::vector<ParetoPoint> pareto;  // time ascending
};

// The cost a comparison ranks by: $ per million tokens (for a fixed run, the same order as $
// of the run). Empty when the candidate is not priced.
std::optional<double> ranking_cost(const Candidate& c);

// Each choice's chips default to base.chips and its pricing to base.cost.pricing.
CompareResult compare(const engine::EvaluationContext& ctx, const engine::Scenario& base,
                      const std::vector<SystemChoice>& systems, const CompareOptions& options = {});

// Prices every candidate of every row again at `base`'s cost inputs (each row at its own
// pricing, system and chips) and ranks again: a what-if on prices, $/kWh, PUE or years
// without a new layout search. A row the engine ran becomes ok or error by its pricing, as
// in compare(); rows without layouts keep their status. `base` replaces result.base.
void reprice(CompareResult& result, const hw::Catalog& catalog, const engine::Scenario& base,
             const cost::CostOptions& options = {});

// Ranks 1..n by key ascending (ties: input order); rows without a key get 0.
std::vector<int> rank_by(const std::vector<std::optional<double>>& keys);

// Ranks rows by the time and cost of their chosen candidate (`pick`, may be null) and collects
// the Pareto front of cost versus time over every priced candidate of every row (`list`).
// Shared by compare and plan so both rank and build the front the same way.
template <class Row, class Pick, class List, class Cost>
void rank_rows(std::vector<Row>& rows, std::vector<ParetoPoint>& pareto, Pick pick, List list, Cost cost) {
    std::vector<std::optional<double>> times, costs;
    std::vector<ParetoInput> points;
    std::vector<ParetoPoint> where;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto* chosen = pick(rows[i]);
        times.push_back(chosen ? std::optional<double>(chosen->time.value()) : std::nullopt);
        costs.push_back(chosen ? cost(*chosen) : std::nullopt);
        const auto& all = list(rows[i]);
        for (std::size_t j = 0; j < all.size(); ++j)
            if (auto c = cost(all[j])) {
                points.push_back({all[j].time.value(), *c});
                where.push_back({i, j});
            }
    }
    const std::vector<int> by_time = rank_by(times), by_cost = rank_by(costs);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        rows[i].time_rank = by_time[i];
        rows[i].cost_rank = by_cost[i];
    }
    for (std::size_t k : pareto_front(points)) pareto.push_back(where[k]);
}

}  // namespace rackplan::plan
