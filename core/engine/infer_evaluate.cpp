#include "engine/infer_evaluate.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace rackplan::engine {
namespace {

InferResult fail(Status st, std::string msg) {
    InferResult r;
    r.status = st;
    r.message = std::move(msg);
    return r;
}

std::string ms(units::Seconds t) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", units::to_ms(t));
    return buf;
}

std::string layout_words(const InferLayout& l) {
    return "tp " + std::to_string(l.tp) + ", pp " + std::to_string(l.pp) + ", ep " + std::to_string(l.ep);
}

std::string join(const parallel::Reasons& rs) {
    std::string msg;
    for (const auto& r : rs) msg += (msg.empty() ? "" : "; ") + (r.column.empty() ? "" : "column " + r.column + ": ") + r.message;
    return msg;
}

// How far a point is from the limits (<= 1: met), to pick the nearest miss for a message.
double slo_ratio(const ServingPoint& p, const workload::InferJob& j) {
    double r = 0.0;
    if (j.ttft_slo) r = std::max(r, p.ttft.value() / j.ttft_slo->value());
    if (j.tpot_slo) r = std::max(r, p.tpot.value() / j.tpot_slo->value());
    return r;
}

std::string slo_miss(const ServingPoint& p, const workload::InferJob& j, const InferLayout& l) {
    const bool ttft_bad = j.ttft_slo && p.ttft > *j.ttft_slo;
    const bool tpot_bad = j.tpot_slo && p.tpot > *j.tpot_slo;
    std::string cols;
    if (ttft_bad) cols += "column ttft_slo_ms (" + ms(*j.ttft_slo) + " ms)";
    if (tpot_bad) cols += std::string(cols.empty() ? "" : " and ") + "column tpot_slo_ms (" + ms(*j.tpot_slo) + " ms)";
    return cols + ": not met at any batch; best achievable TTFT " + ms(p.ttft) + " ms and TPOT " + ms(p.tpot) +
           " ms at batch " + std::to_string(p.batch) + " (" + layout_words(l) + ")";
}

}  // namespace

InferOptions infer_options_for(const EvaluationContext& ctx, const Scenario& s) {
    InferOptions o;
    o.calibration = ctx.gemm_calibration(s.system);
    if (s.assumptions.sustained_clock) o.sustained_clock_derate = *s.assumptions.sustained_clock;
    return o;
}

std::optional<InferPerformance> evaluate_infer_layout(const InferEngine& engine, const InferLayout& l, int chips,
                                                      std::string& why) {
    if (auto reason = engine.memory_reason(l)) {
        why = *reason;
        return std::nullopt;
    }
    const workload::InferJob& job = engine.job();
    const InferMemory pool = engine.memory(l, 0);
    const int limit = std::min(pool.max_batch, engine.options().max_batch);
    ServingPoint point;
    if (job.batch) {
        if (*job.batch > pool.max_batch) {
            why = "column batch: " + std::to_string(*job.batch) + " sequences of " +
                  std::to_string(pool.tokens_per_sequence) + " tokens do not fit the KV cache (" +
                  std::to_string(pool.max_batch) + " do at " + layout_words(l) + ")";
            return std::nullopt;
        }
        point = engine.serve(l, *job.batch);
        if ((job.ttft_slo && point.ttft > *job.ttft_slo) || (job.tpot_slo && point.tpot > *job.tpot_slo)) {
            why = (job.ttft_slo && point.ttft > *job.ttft_slo ? "column ttft_slo_ms: TTFT " + ms(point.ttft) + " ms > " +
                                                                    ms(*job.ttft_slo) + " ms"
                                                              : "column tpot_slo_ms: TPOT " + ms(point.tpot) + " ms > " +
                                                                    ms(*job.tpot_slo) + " ms") +
                  " at batch " + std::to_string(*job.batch) + " (" + layout_words(l) + ")";
            return std::nullopt;
        }
    } else if (job.ttft_slo || job.tpot_slo) {
        InferEngine::SloSearch s = engine.largest_batch(l, limit, job.ttft_slo, job.tpot_slo);
        if (!s.best) {
            why = slo_miss(s.at_one, job, l);
            return std::nullopt;
        }
        point = *s.best;
    } else {
        point = engine.serve(l, limit);
    }
    InferPerformance p;
    p.layout = l;
    p.point = point;
    p.memory = engine.memory(l, point.batch);
    p.batching = engine.batching();
    p.weights = engine.weight_path();
    p.kv = engine.kv_path();
    p.tokens_per_s = point.tokens_per_s * l.replicas;
    p.tokens_per_s_per_chip = chips > 0 ? p.tokens_per_s / chips : 0.0;
    return p;
}

InferResult evaluate_infer(const EvaluationContext& ctx, const Scenario& s, const EvaluateOptions& options) {
    if (const Issues bad = check_assumptions(s.assumptions); !bad.empty())
        return fail(Status::error, bad.front().path + ": " + bad.front().message);
    auto hwp = ctx.hardware(s.system, s.chips);
    if (!hwp) return fail(Status::error, "column system: unknown system '" + s.system + "'");
    const EvaluationContext::Hardware& hx = *hwp;
    if (!hx.network->construction_issues().empty())
        return fail(Status::error, "column chips: " + hx.network->construction_issues().front().message);

    const InferEngine engine(hx.chip, hx.system, s.model, s.infer, s.chips, *hx.network, infer_options_for(ctx, s));
    if (!engine.job_issues().empty()) return fail(Status::error, join(engine.job_issues()));
    const LayoutRequest& req = s.layout;
    if (req.batch && *req.batch < 1) return fail(Status::error, "column batch: must be at least 1");

    // Candidate layouts: the given columns, the rest searched. tp tiles the scale-up domain,
    // pp divides the layers, ep divides tp (and the experts); replicas fill the chips.
    const parallel::Placement& pl = engine.placement();
    std::vector<int> tps, pps;
    if (req.tp) tps.push_back(*req.tp);
    else
        for (int t = 1; t <= std::min(s.chips, pl.chips_per_domain); ++t)
            if (parallel::rule::tp_domain(pl, t)) tps.push_back(t);
    if (req.pp) pps.push_back(*req.pp);
    else
        for (int p = 1; p <= std::min(s.chips, s.model.layers); ++p)
            if (s.model.layers % p == 0) pps.push_back(p);
    const bool fixed = req.tp && req.pp && req.ep;

    std::vector<InferLayout> layouts;
    std::string rule_msg;
    for (int t : tps)
        for (int p : pps) {
            std::vector<int> eps;
            if (req.ep) eps.push_back(*req.ep);
            else
                for (int e = 1; e <= t; ++e)
                    if (t % e == 0 && (e == 1 || (s.model.is_moe() && s.model.experts % e == 0))) eps.push_back(e);
            for (int e : eps) {
                InferLayout l{t, p, e, req.replicas.value_or(1)};
                const std::int64_t per = std::int64_t{t} * p;
                parallel::Reasons rs;
                if (!req.replicas && per > s.chips)
                    rs.push_back({"tp", "tp (" + std::to_string(t) + ") x pp (" + std::to_string(p) + ") = " +
                                            std::to_string(per) + " exceeds chips (" + std::to_string(s.chips) + ")"});
                else rs = engine.check(l);
                if (rs.empty() && !req.replicas) {
                    if (per <= s.chips && s.chips % per == 0) l.replicas = static_cast<int>(s.chips / per);
                    else
                        rs.push_back({"tp", "tp (" + std::to_string(t) + ") x pp (" + std::to_string(p) + ") = " +
                                                std::to_string(per) + " does not divide chips (" + std::to_string(s.chips) +
                                                "); give replicas to leave chips idle"});
                }
                if (!rs.empty()) {
                    if (rule_msg.empty()) rule_msg = join(rs);
                    continue;
                }
                layouts.push_back(l);
            }
        }
    if (layouts.empty()) {
        // A layout the user fixed that breaks a rule is bad input; a search with nothing
        // valid is infeasible.
        if (fixed || (req.tp && req.pp)) return fail(Status::error, rule_msg);
        return fail(Status::infeasible, "no replica layout is valid: " + rule_msg);
    }

    InferResult out;
    std::vector<InferPerformance> perfs;
    std::string first_why;
    std::optional<std::pair<double, std::string>> nearest_slo;  // (ratio, message)
    for (const InferLayout& l : layouts) {
        if (options.cancel && options.cancel->load()) return fail(Status::error, "cancelled");
        std::string why;
        ++out.layouts;
        if (auto p = evaluate_infer_layout(engine, l, s.chips, why)) {
            perfs.push_back(std::move(*p));
            continue;
        }
        if (first_why.empty()) first_why = why;
        if (!s.infer.batch && (s.infer.ttft_slo || s.infer.tpot_slo) && !engine.memory_reason(l)) {
            ServingPoint one = engine.serve(l, 1);
            const double ratio = slo_ratio(one, s.infer);
            if (!nearest_slo || ratio < nearest_slo->first) nearest_slo = {ratio, slo_miss(one, s.infer, l)};
        }
    }
    if (perfs.empty()) {
        out.status = Status::infeasible;
        out.message = nearest_slo ? nearest_slo->second : (layouts.size() == 1 ? first_why : "no replica layout fits: " + first_why);
        return out;
    }
    std::stable_sort(perfs.begin(), perfs.end(), [](const InferPerformance& a, const InferPerformance& b) {
        if (a.tokens_per_s != b.tokens_per_s) return a.tokens_per_s > b.tokens_per_s;
        return a.point.tpot < b.point.tpot;
    });
    for (size_t i = 0; i < perfs.size() && static_cast<int>(i) < std::max(1, options.top); ++i) out.top.push_back(perfs[i]);
    out.best = out.top.front();
    return out;
}

}  // namespace rackplan::engine
