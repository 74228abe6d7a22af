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

// The row's scenario: the base workload at the row's system, chips and pricing.
engine::Scenario row_scenario(const engine::Scenario& base, const CompareRow& row) {
    engine::Scenario s = base;
    s.system = row.system;
    s.chips = row.chips;
    s.cost.pricing = row.pricing;
    return s;
}

// Prices the row's layouts. A pricing the system cannot be paid with makes a row the engine
// ran (ok, or error by an earlier pricing) an error; its time still counts. An infeasible
// row keeps its status.
void price_row(CompareRow& row, const hw::Catalog& catalog, const engine::Scenario& s, const cost::CostOptions& options) {
    for (Candidate& c : row.layouts) {
        c.pricing = row.pricing;
        price(c, catalog, s, options);
    }
    if (row.layouts.empty() || row.status == engine::Status::infeasible) return;
    if (row.layouts.front().cost) {
        if (row.status == engine::Status::error) {  // the pricing was to blame, and is fixed
            row.status = engine::Status::ok;
            row.message.clear();
        }
    } else {
        row.status = engine::Status::error;
        row.message = join_issues(row.layouts.front().cost_issues);
    }
}

void rank(CompareResult& out) {
    out.pareto.clear();
    rank_rows(
        out.rows, out.pareto, [](const CompareRow& r) { return r.best(); },
        [](const CompareRow& r) -> const std::vector<Candidate>& { return r.layouts; },
        [](const Candidate& c) { return ranking_cost(c); });
}

CompareRow compare_one(const engine::EvaluationContext& ctx, const engine::Scenario& base, const SystemChoice& choice,
                       TimeMetric metric, const CompareOptions& options, const std::function<void(double)>& progress) {
    CompareRow row;
    row.system = choice.system;
    row.chips = choice.chips.value_or(base.chips);
    row.pricing = choice.pricing.value_or(base.cost.pricing);

    const engine::Scenario s = row_scenario(base, row);
    if (ctx.catalog().find_system(s.system) == nullptr) {
        row.status = engine::Status::error;
        row.message = "column system: unknown system '" + s.system + "'";
        return row;
    }

    engine::EvaluateOptions eo;
    eo.threads = options.threads;
    eo.top = std::max(1, options.top);
    eo.cancel = options.cancel;
    eo.detail = options.detail;
    eo.progress = progress;
    if (s.mode == engine::Mode::train) {
        engine::TrainResult r = engine::evaluate_train(ctx, s, eo);
        row.status = r.status;
        row.message = r.message;
        row.search = r.search;
        for (const auto& p : r.top) row.layouts.push_back(train_candidate(s.system, s.chips, row.pricing, p, metric));
        if (row.layouts.empty() && r.best) row.layouts.push_back(train_candidate(s.system, s.chips, row.pricing, *r.best, metric));
        // The detailed re-run of the winner only adds its per-operator times.
        if (options.detail && r.best && !row.layouts.empty()) row.layouts.front().train->block_ops = r.best->block_ops;
    } else {
        engine::InferResult r = engine::evaluate_infer(ctx, s, eo);
        row.status = r.status;
        row.message = r.message;
        for (const auto& p : r.top)
            row.layouts.push_back(infer_candidate(s.system, s.chips, row.pricing, p, p.layout.replicas, metric));
    }
    if (row.status != engine::Status::error) price_row(row, ctx.catalog(), s, options.cost);
    return row;
}

}  // namespace

CompareResult compare(const engine::EvaluationContext& ctx, const engine::Scenario& base,
                      const std::vector<SystemChoice>& systems, const CompareOptions& options) {
    CompareResult out;
    out.base = base;
    out.time_metric = time_metric(base);
    const double n = static_cast<double>(std::max<std::size_t>(1, systems.size()));
    for (std::size_t i = 0; i < systems.size(); ++i) {
        if (options.cancel && options.cancel->load()) break;
        std::function<void(double)> progress;
        if (options.progress) progress = [&, i](double p) { options.progress((static_cast<double>(i) + p) / n); };
        out.rows.push_back(compare_one(ctx, base, systems[i], out.time_metric, options, progress));
        if (options.progress) options.progress(static_cast<double>(i + 1) / n);
    }
    rank(out);
    return out;
}

void reprice(CompareResult& result, const hw::Catalog& catalog, const engine::Scenario& base,
             const cost::CostOptions& options) {
    result.base = base;
    for (CompareRow& row : result.rows) {
        // A row that never ran (unknown system, no layout) has nothing to price.
        if (row.layouts.empty()) continue;
        price_row(row, catalog, row_scenario(base, row), options);
    }
    rank(result);
}

}  // namespace rackplan::plan
