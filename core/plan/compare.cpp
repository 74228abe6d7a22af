#include "plan/compare.h"

#include <algorithm>
#include <numeric>

#include "engine/infer_evaluate.h"
#include "plan/pareto.h"

namespace rackplan::plan {

std::optional<double> ranking_cost(const Candidate& c) {
    if (!c.cost) return std::nullopt;
    return c.cost->per_mtok.point.value();
}

std::vector<int> rank_by(const std::vector<std::optional<double>>& keys) {
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < keys.size(); ++i)
        if (keys[i]) order.push_back(i);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return *keys[a] < *keys[b]; });
    std::vector<int> ranks(keys.size(), 0);
    for (std::size_t r = 0; r < order.size(); ++r) ranks[order[r]] = static_cast<int>(r) + 1;
    return ranks;
}

namespace {

CompareRow compare_one(const engine::EvaluationContext& ctx, const engine::Scenario& base, const SystemChoice& choice,
                       TimeMetric metric, const CompareOptions& options) {
    CompareRow row;
    row.system = choice.system;
    row.chips = choice.chips.value_or(base.chips);
    row.pricing = choice.pricing.value_or(base.cost.pricing);

    engine::Scenario s = base;
    s.system = row.system;
    s.chips = row.chips;
    s.cost.pricing = row.pricing;
    if (ctx.catalog().find_system(s.system) == nullptr) {
        row.status = engine::Status::error;
        row.message = "column system: unknown system '" + s.system + "'";
        return row;
    }

    engine::EvaluateOptions eo;
    eo.threads = options.threads;
    eo.top = std::max(1, options.top);
    eo.cancel = options.cancel;
    if (s.mode == engine::Mode::train) {
        engine::TrainResult r = engine::evaluate_train(ctx, s, eo);
        row.status = r.status;
        row.message = r.message;
        for (const auto& p : r.top) row.layouts.push_back(train_candidate(s.system, s.chips, row.pricing, p, metric));
        if (row.layouts.empty() && r.best) row.layouts.push_back(train_candidate(s.system, s.chips, row.pricing, *r.best, metric));
    } else {
        engine::InferResult r = engine::evaluate_infer(ctx, s, eo);
        row.status = r.status;
        row.message = r.message;
        for (const auto& p : r.top)
            row.layouts.push_back(infer_candidate(s.system, s.chips, row.pricing, p, p.layout.replicas, metric));
    }
    for (Candidate& c : row.layouts) price(c, ctx.catalog(), s, options.cost);
    // A pricing the system cannot be paid with makes the row an error; its time still counts.
    if (row.status == engine::Status::ok && !row.layouts.empty() && !row.layouts.front().cost) {
        row.status = engine::Status::error;
        row.message = join_issues(row.layouts.front().cost_issues);
    }
    return row;
}

}  // namespace

CompareResult compare(const engine::EvaluationContext& ctx, const engine::Scenario& base,
                      const std::vector<SystemChoice>& systems, const CompareOptions& options) {
    CompareResult out;
    out.base = base;
    out.time_metric = time_metric(base);
    for (const SystemChoice& choice : systems) {
        if (options.cancel && options.cancel->load()) break;
        out.rows.push_back(compare_one(ctx, base, choice, out.time_metric, options));
    }

    rank_rows(
        out.rows, out.pareto, [](const CompareRow& r) { return r.best(); },
        [](const CompareRow& r) -> const std::vector<Candidate>& { return r.layouts; },
        [](const Candidate& c) { return ranking_cost(c); });
    return out;
}

}  // namespace rackplan::plan
