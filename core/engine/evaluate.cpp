#include "engine/evaluate.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "parallel/rules.h"

namespace rackplan::engine {

std::string_view to_string(Status s) {
    switch (s) {
        case Status::ok: return "ok";
        case Status::infeasible: return "infeasible";
        case Status::error: return "error";
    }
    return "error";
}

EvaluationContext::EvaluationContext(hw::Catalog catalog, Calibrations calibrations)
    : catalog_(std::move(catalog)), calibrations_(std::move(calibrations)) {}

const kernels::GemmCalibration* EvaluationContext::gemm_calibration(std::string_view system_id) const {
    if (calibrations_.gemm.empty()) return nullptr;
    const hw::System* sys = catalog_.find_system(system_id);
    if (!sys) return nullptr;
    auto it = calibrations_.gemm.find(sys->chip);
    return it == calibrations_.gemm.end() ? nullptr : &it->second;
}

std::shared_ptr<const EvaluationContext::Hardware> EvaluationContext::hardware(const std::string& system_id,
                                                                              int chips) const {
    std::lock_guard lock(mutex_);
    auto key = std::make_pair(system_id, chips);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
    const hw::System* sys = catalog_.find_system(system_id);
    if (!sys) return nullptr;
    const hw::Chip* chip = catalog_.find_chip(sys->chip);
    if (!chip) return nullptr;
    auto h = std::make_shared<Hardware>();
    h->chip = hw::make_spec(*chip);
    h->system = hw::make_spec(*sys);
    kernels::CollectiveOptions network_options;
    if (auto it = calibrations_.collective.find(system_id); it != calibrations_.collective.end())
        network_options.params = it->second;
    h->network = std::make_shared<kernels::CollectiveModel>(h->system, h->chip, chips, network_options);
    cache_.emplace(key, h);
    return h;
}

EngineOptions engine_options_for(const EvaluationContext& ctx, const Scenario& s) {
    EngineOptions o;
    o.utilization = s.cost.utilization.value_or(hw::base_or(ctx.catalog().cost_defaults, "utilization", 1.0));
    o.calibration = ctx.gemm_calibration(s.system);
    if (s.assumptions.sustained_clock) o.sustained_clock_derate = *s.assumptions.sustained_clock;
    return o;
}

namespace {

TrainResult fail(Status st, std::string msg) {
    TrainResult r;
    r.status = st;
    r.message = std::move(msg);
    return r;
}

parallel::FixedColumns fixed_from(const LayoutRequest& l) {
    parallel::FixedColumns f;
    f.tp = l.tp;
    f.pp = l.pp;
    f.dp = l.dp;
    f.cp = l.cp;
    f.ep = l.ep;
    f.vpp = l.vpp;
    f.micro_batch = l.micro_batch;
    f.zero = l.zero;
    f.sp = l.sp;
    f.recompute = l.recompute;
    return f;
}

bool fully_given(const LayoutRequest& l) {
    return l.tp && l.pp && l.dp && l.cp && l.ep && l.vpp && l.micro_batch && l.zero && l.sp && l.recompute;
}

std::string rule_summary(const parallel::SpaceCounts& c) {
    std::vector<std::pair<std::uint64_t, int>> by;
    for (int i = 0; i < parallel::kRuleCount; ++i)
        if (c.by_rule[i]) by.emplace_back(c.by_rule[i], i);
    std::sort(by.rbegin(), by.rend());
    std::string s = "no layout fits: " + std::to_string(c.space) + " layouts in the space";
    if (c.memory_bound + c.memory) s += ", " + std::to_string(c.memory_bound + c.memory) + " over HBM capacity";
    for (size_t i = 0; i < std::min<size_t>(by.size(), 3); ++i) {
        auto rule = static_cast<parallel::Rule>(by[i].second);
        s += ", " + std::to_string(by[i].first) + " cut by " + std::string(parallel::rule_name(rule)) + " (column " +
             std::string(parallel::rule_column(rule)) + ")";
    }
    return s;
}

}  // namespace

TrainResult evaluate_train(const EvaluationContext& ctx, const Scenario& s, const EvaluateOptions& options) {
    if (const Issues bad = check_assumptions(s.assumptions); !bad.empty())
        return fail(Status::error, bad.front().path + ": " + bad.front().message);
    auto hwp = ctx.hardware(s.system, s.chips);
    if (!hwp) return fail(Status::error, "column system: unknown system '" + s.system + "'");
    const EvaluationContext::Hardware& hx = *hwp;
    if (!hx.chip.supports(s.train.dtype)) {
        std::string have;
        for (hw::Dtype d : hw::kAllDtypes)
            if (hx.chip.supports(d)) have += (have.empty() ? "" : ", ") + std::string(hw::to_string(d));
        return fail(Status::error, "column dtype: " + hx.chip.id + " has no " + std::string(hw::to_string(s.train.dtype)) +
                                       " tensor engine (it has " + have + ")");
    }
    if (!hx.network->construction_issues().empty())
        return fail(Status::error, "column chips: " + hx.network->construction_issues().front().message);

    EngineOptions eo = engine_options_for(ctx, s);
    eo.detail = options.detail;
    TrainEngine engine(hx.chip, hx.system, s.model, s.train, s.chips, *hx.network, eo);

    // Job-level problems (bad seq_len, chips not whole nodes) come first, named by column.
    parallel::RuleMask job_bad = parallel::rule::job(s.train, engine.placement());
    if (job_bad) {
        for (int i = 0; i < parallel::kRuleCount; ++i)
            if (job_bad & (1u << i)) {
                parallel::Layout probe;
                parallel::Reasons rs = parallel::check_layout(s.model, s.train, probe, engine.placement());
                for (const auto& r : rs)
                    if (r.column == parallel::rule_column(static_cast<parallel::Rule>(i)))
                        return fail(Status::error, "column " + r.column + ": " + r.message);
                return fail(Status::error, "column " + std::string(parallel::rule_column(static_cast<parallel::Rule>(i))) +
                                               ": " + std::string(parallel::rule_name(static_cast<parallel::Rule>(i))));
            }
    }

    if (fully_given(s.layout)) {
        parallel::Layout l;
        l.tp = *s.layout.tp;
        l.pp = *s.layout.pp;
        l.dp = *s.layout.dp;
        l.cp = *s.layout.cp;
        l.ep = *s.layout.ep;
        l.vpp = *s.layout.vpp;
        l.micro_batch = *s.layout.micro_batch;
        l.zero = static_cast<std::int8_t>(*s.layout.zero);
        l.sp = *s.layout.sp;
        l.recompute = *s.layout.recompute;
        parallel::Reasons rs = parallel::check_layout(s.model, s.train, l, engine.placement());
        if (!rs.empty()) {
            std::string msg;
            for (const auto& r : rs) msg += (msg.empty() ? "" : "; ") + ("column " + r.column + ": ") + r.message;
            return fail(Status::error, msg);
        }
        TrainOutcome o = engine.evaluate_valid(l);
        if (!o.performance) return fail(Status::infeasible, o.infeasible);
        TrainResult r;
        r.best = std::move(*o.performance);
        r.top.push_back(*r.best);
        return r;
    }

    // Search: every valid layout of the space, timed in parallel, deterministic order.
    auto t0 = std::chrono::steady_clock::now();
    parallel::SearchSpace space(s.model, s.train, engine.placement(), engine.hbm_capacity(), fixed_from(s.layout),
                                eo.memory);
    SearchStats stats;
    std::vector<parallel::Candidate> cands = space.collect(&stats.counts);
    std::vector<std::optional<TrainPerformance>> results(cands.size());
    std::atomic<size_t> next{0}, done{0};
    auto work = [&] {
        for (size_t i = next++; i < cands.size(); i = next++) {
            if (options.cancel && options.cancel->load()) return;
            TrainOutcome o = engine.evaluate_valid(cands[i].layout);
            if (o.performance) results[i] = std::move(o.performance);
            size_t d = ++done;
            if (options.progress && (d % 4096 == 0)) options.progress(static_cast<double>(d) / cands.size());
        }
    };
    {
        int n = std::clamp(options.threads, 1, 256);
        std::vector<std::jthread> pool;
        for (int t = 1; t < n && static_cast<size_t>(t) < cands.size(); ++t) pool.emplace_back(work);
        work();
    }
    if (options.cancel && options.cancel->load()) return fail(Status::error, "cancelled");
    stats.evaluated = cands.size();
    std::vector<size_t> order;
    for (size_t i = 0; i < results.size(); ++i) {
        if (results[i]) order.push_back(i);
        else ++stats.over_memory;
    }
    // Fastest first; ties keep walk order, so the result is deterministic.
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return results[a]->breakdown.step < results[b]->breakdown.step;
    });
    stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    TrainResult r;
    r.search = stats;
    if (order.empty()) {
        r.status = Status::infeasible;
        r.message = rule_summary(stats.counts);
        return r;
    }
    for (size_t i = 0; i < order.size() && static_cast<int>(i) < std::max(1, options.top); ++i)
        r.top.push_back(*results[order[i]]);
    r.best = r.top.front();
    if (options.detail) {
        // Per-operator detail for the winner only.
        TrainOutcome o = engine.evaluate_valid(r.best->layout);
        if (o.performance) r.best = std::move(*o.performance);
    }
    return r;
}

}  // namespace rackplan::engine
