#include "plan/capacity.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <tuple>

#include "engine/infer_evaluate.h"
#include "plan/pareto.h"

namespace rackplan::plan {

std::optional<double> plan_cost(const Candidate& c) {
    if (!c.cost) return std::nullopt;
    if (c.train) return c.cost->per_run ? c.cost->per_run->point.value() : c.cost->per_mtok.point.value();
    return c.cost->cost_rate.point.value();
}

Issues check_demand(const engine::Scenario& base, const Demand& d) {
    Issues issues;
    auto positive = [](std::optional<double> v) { return v && std::isfinite(*v) && *v > 0.0; };
    if (base.mode == engine::Mode::train) {
        if (!d.days) issues.push_back({"demand_days", "required for a training plan (finish within D days)"});
        else if (!positive(d.days)) issues.push_back({"demand_days", "must be a positive number of days"});
        if (!base.train.train_tokens) issues.push_back({"train_tokens", "required for a training plan"});
        if (d.requests_per_s) issues.push_back({"requests_per_s", "is for a serving plan (mode infer)"});
    } else {
        if (!d.requests_per_s) issues.push_back({"requests_per_s", "required for a serving plan"});
        else if (!positive(d.requests_per_s)) issues.push_back({"requests_per_s", "must be a positive rate"});
        if (d.days) issues.push_back({"demand_days", "is for a training plan (mode train)"});
    }
    return issues;
}

namespace {

constexpr double kStallGain = 0.01;  // a doubling that gains less than this is no gain
constexpr int kStallLimit = 2;       // doublings in a row without gain before giving up
constexpr int kServingDoublings = 2; // a serving search grows its size at most this often

std::int64_t round_up(std::int64_t n, std::int64_t unit) { return (n + unit - 1) / unit * unit; }

std::string num(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.4g", v);
    return b;
}

bool cancelled(const PlanOptions& o) { return o.cancel && o.cancel->load(); }

engine::EvaluateOptions eval_options(const PlanOptions& o) {
    engine::EvaluateOptions eo;
    eo.threads = o.threads;
    eo.top = std::max(1, o.top);
    eo.cancel = o.cancel;
    return eo;
}

// Progress of evaluation `k` (0-based) of at most `bound` in one system's search: the
// evaluations before it whole, the engine's own progress inside it (a search that stops early
// jumps to its system's end).
void track(engine::EvaluateOptions& eo, const PlanOptions& o, int k, int bound) {
    if (!o.progress) return;
    eo.progress = [&o, k, bound](double p) {
        o.progress(std::min(1.0, (k + std::clamp(p, 0.0, 1.0)) / std::max(1, bound)));
    };
}

void plan_train(PlanRow& row, const engine::EvaluationContext& ctx, engine::Scenario s, const hw::System& system,
                const SystemChoice& choice, const Demand& demand, TimeMetric metric, const PlanOptions& options) {
    // The job runs on whole nodes; a rack-scale fleet is paid in whole scale-up domains.
    const std::int64_t unit = std::max(1, hw::make_spec(system).chips_per_node);
    const std::int64_t domain = fleet_unit(system);
    const double days = *demand.days;
    engine::EvaluateOptions eo = eval_options(options);
    std::map<std::int64_t, engine::TrainResult> memo;
    const std::int64_t first = round_up(std::max<std::int64_t>(1, choice.chips.value_or(1)), unit);
    // The doublings up to max_chips, then the refinement between the last miss and the hit.
    int bound = options.refine_steps;
    for (std::int64_t c = first; c <= options.max_chips; c *= 2) ++bound;
    auto eval = [&](std::int64_t chips) -> const engine::TrainResult& {
        if (auto it = memo.find(chips); it != memo.end()) return it->second;
        s.chips = static_cast<int>(chips);
        track(eo, options, row.evaluations, bound);
        ++row.evaluations;
        const engine::TrainResult& r = memo.emplace(chips, engine::evaluate_train(ctx, s, eo)).first->second;
        if (options.progress) options.progress(std::min(1.0, static_cast<double>(row.evaluations) / bound));
        return r;
    };
    auto meets = [&](const engine::TrainResult& r) {
        return r.best && r.best->time_to_train_days && *r.best->time_to_train_days <= days;
    };

    // Doubling from one unit (or the given chips) until a count meets the deadline.
    std::optional<std::int64_t> hit, miss;
    double fastest = std::numeric_limits<double>::infinity();
    std::int64_t fastest_at = 0;
    int stall = 0;
    std::string reason;
    for (std::int64_t c = first; c <= options.max_chips && !cancelled(options); c *= 2) {
        const engine::TrainResult& r = eval(c);
        if (r.status == engine::Status::error) {
            row.status = engine::Status::error;
            row.message = r.message;
            return;
        }
        if (meets(r)) {
            hit = c;
            break;
        }
        miss = c;
        if (!r.best) {
            reason = r.message;
            continue;
        }
        const double t = *r.best->time_to_train_days;
        if (std::isfinite(fastest)) stall = t < fastest * (1.0 - kStallGain) ? 0 : stall + 1;
        if (t < fastest) {
            fastest = t;
            fastest_at = c;
        }
        if (stall >= kStallLimit) break;
    }
    // Between the last miss and the hit, the first count (ascending) that also meets it.
    if (hit && miss && *miss < *hit) {
        const double step = static_cast<double>(*hit - *miss) / std::max(1, options.refine_steps);
        for (int k = 1; k < options.refine_steps && !cancelled(options); ++k) {
            const std::int64_t c = round_up(*miss + static_cast<std::int64_t>(std::ceil(k * step)), unit);
            if (c <= *miss || c >= *hit) continue;
            if (meets(eval(c))) {
                hit = c;
                break;
            }
        }
    }

    // Every count evaluated is a candidate (its best layout), then the chosen count's others.
    const engine::Pricing pricing = row.pricing;
    for (const auto& [chips, r] : memo) {
        if (!r.best) continue;
        if (hit && chips == *hit) row.chosen = row.candidates.size();
        row.candidates.push_back(train_candidate(system.id, static_cast<int>(chips), pricing, *r.best, metric));
    }
    if (hit) {
        const engine::TrainResult& r = memo.at(*hit);
        for (std::size_t i = 1; i < r.top.size(); ++i)
            row.candidates.push_back(train_candidate(system.id, static_cast<int>(*hit), pricing, r.top[i], metric));
    }
    for (Candidate& c : row.candidates) c.fleet_chips = static_cast<int>(round_up(c.chips, domain));
    for (Candidate& c : row.candidates) price(c, ctx.catalog(), s, options.cost);

    if (!hit) {
        row.status = engine::Status::infeasible;
        const std::string tokens = num(*s.train.train_tokens);
        if (std::isfinite(fastest))
            row.message = "no fleet up to " + std::to_string(std::min<std::int64_t>(options.max_chips, memo.rbegin()->first)) +
                          " chips trains " + tokens + " tokens within " + num(days) + " days; the fastest found takes " +
                          num(fastest) + " days on " + std::to_string(fastest_at) + " chips" +
                          (stall >= kStallLimit ? " (more chips stopped helping: the global batch limits data parallelism)" : "");
        else
            row.message = "no chip count up to " + std::to_string(options.max_chips) + " runs the job" +
                          (reason.empty() ? std::string() : ": " + reason);
        if (cancelled(options)) row.message = "cancelled";
    }
}

void plan_infer(PlanRow& row, const engine::EvaluationContext& ctx, engine::Scenario s, const hw::System& system,
                const SystemChoice& choice, const Demand& demand, TimeMetric metric, const PlanOptions& options) {
    const std::int64_t unit = fleet_unit(system);
    const hw::SystemSpec spec = hw::make_spec(system);
    const double rps = *demand.requests_per_s;
    engine::EvaluateOptions eo = eval_options(options);

    // The replica layouts at one scale-up domain (or the given chips), grown when none serves.
    int chips = choice.chips.value_or(std::max(1, spec.chips_per_domain()));
    engine::InferResult r;
    for (int grow = 0; grow <= kServingDoublings && !cancelled(options); ++grow, chips *= 2) {
        s.chips = chips;
        track(eo, options, row.evaluations, kServingDoublings + 1);
        ++row.evaluations;
        r = engine::evaluate_infer(ctx, s, eo);
        if (options.progress) options.progress(static_cast<double>(row.evaluations) / (kServingDoublings + 1));
        if (r.status != engine::Status::infeasible || choice.chips) break;
    }
    if (r.status != engine::Status::ok) {
        row.status = r.status;
        row.message = cancelled(options) ? "cancelled" : r.message;
        return;
    }
    const double out_len = std::max(1, s.infer.output_len);
    std::string too_big;
    for (const engine::InferPerformance& p : r.top) {
        const double per_replica = p.point.tokens_per_s / out_len;  // requests/s
        if (!(per_replica > 0.0)) continue;
        const double replicas = std::ceil(rps / per_replica - 1e-9);
        const double need = replicas * p.layout.chips_per_replica();
        if (need > options.max_chips) {
            too_big = "the demand needs " + num(need) + " chips (" + num(replicas) + " replicas of " +
                      std::to_string(p.layout.chips_per_replica()) + "), over the limit of " +
                      std::to_string(options.max_chips);
            continue;
        }
        Candidate c = infer_candidate(system.id, static_cast<int>(need), row.pricing, p, static_cast<int>(replicas), metric);
        c.fleet_chips = static_cast<int>(round_up(c.chips, unit));
        row.candidates.push_back(std::move(c));
    }
    if (row.candidates.empty()) {
        row.status = engine::Status::infeasible;
        row.message = too_big.empty() ? "no replica layout delivers any throughput" : too_big;
        return;
    }
    for (Candidate& c : row.candidates) price(c, ctx.catalog(), s, options.cost);
    // The cheapest fleet per hour; unpriced, the fewest chips; ties: the lower latency.
    auto key = [](const Candidate& c) {
        return std::make_tuple(c.cost ? 0 : 1, c.cost ? c.cost->cost_rate.point.value() : static_cast<double>(c.chips),
                               c.time.value());
    };
    std::size_t best = 0;
    for (std::size_t i = 1; i < row.candidates.size(); ++i)
        if (key(row.candidates[i]) < key(row.candidates[best])) best = i;
    row.chosen = best;
}

PlanRow plan_one(const engine::EvaluationContext& ctx, const engine::Scenario& base, const SystemChoice& choice,
                 const Demand& demand, TimeMetric metric, double years, const PlanOptions& options) {
    PlanRow row;
    row.system = choice.system;
    row.pricing = choice.pricing.value_or(base.cost.pricing);
    const hw::System* system = ctx.catalog().find_system(choice.system);
    if (system == nullptr) {
        row.status = engine::Status::error;
        row.message = "column system: unknown system '" + choice.system + "'";
        return row;
    }
    engine::Scenario s = base;
    s.system = system->id;
    s.cost.pricing = row.pricing;
    if (s.mode == engine::Mode::train) plan_train(row, ctx, s, *system, choice, demand, metric, options);
    else plan_infer(row, ctx, s, *system, choice, demand, metric, options);

    const Candidate* chosen = row.plan();
    if (chosen == nullptr) return row;
    row.fleet = fleet_shape(*system, chosen->fleet_chips);
    if (chosen->power) add_power(*row.fleet, *chosen->power);  // known without a price too
    row.ownership = buy_vs_rent(ctx.catalog(), *system, chosen->fleet_chips, s, summary_of(*chosen, s), years, options.cost);
    if (!chosen->cost) {
        row.status = engine::Status::error;
        row.message = join_issues(chosen->cost_issues);
    }
    return row;
}

}  // namespace

PlanResult plan(const engine::EvaluationContext& ctx, const engine::Scenario& base, const std::vector<SystemChoice>& systems,
                const Demand& demand, const PlanOptions& options) {
    PlanResult out;
    out.base = base;
    out.demand = demand;
    out.time_metric = time_metric(base);
    out.tco_years = options.tco_years;
    const Issues problems = check_demand(base, demand);
    const double n = static_cast<double>(std::max<std::size_t>(1, systems.size()));
    for (std::size_t i = 0; i < systems.size(); ++i) {
        const SystemChoice& choice = systems[i];
        if (cancelled(options)) break;
        if (!problems.empty()) {
            PlanRow row;
            row.system = choice.system;
            row.pricing = choice.pricing.value_or(base.cost.pricing);
            row.status = engine::Status::error;
            row.message = join_issues(problems);
            out.rows.push_back(std::move(row));
            continue;
        }
        // The system's share of the plan's progress.
        PlanOptions one = options;
        if (options.progress) one.progress = [&options, i, n](double p) { options.progress((static_cast<double>(i) + p) / n); };
        out.rows.push_back(plan_one(ctx, base, choice, demand, out.time_metric, options.tco_years, one));
        if (options.progress) options.progress(static_cast<double>(i + 1) / n);
    }

    rank_rows(
        out.rows, out.pareto, [](const PlanRow& r) { return r.plan(); },
        [](const PlanRow& r) -> const std::vector<Candidate>& { return r.candidates; },
        [](const Candidate& c) { return plan_cost(c); });
    return out;
}

}  // namespace rackplan::plan
