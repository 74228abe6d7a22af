#include "parallel/search_space.h"

namespace rackplan::parallel {

namespace {

std::vector<int> divisors(std::int64_t n) {
    std::vector<int> out;
    for (std::int64_t d = 1; d <= n; ++d)
        if (n % d == 0) out.push_back(static_cast<int>(d));
    return out;
}

template <class T>
std::vector<int> range_or(const std::optional<T>& fixed, std::vector<int> free) {
    if (fixed) return {static_cast<int>(*fixed)};
    return free;
}

}  // namespace

SearchSpace::SearchSpace(const workload::Model& model, const workload::TrainJob& job, const Placement& placement,
                         units::Bytes capacity, FixedColumns fixed, MemoryOptions memory)
    : model_(model),
      job_(job),
      placement_(placement),
      capacity_(capacity),
      fixed_(fixed),
      memory_(model, job, memory) {
    const std::vector<int> chip_divisors = divisors(placement.chips);
    tp_ = range_or(fixed.tp, chip_divisors);
    pp_ = range_or(fixed.pp, chip_divisors);
    cp_ = range_or(fixed.cp, chip_divisors);
    ep_ = range_or(fixed.ep, model.is_moe() ? divisors(model.experts) : std::vector<int>{1});
    zero_ = range_or(fixed.zero, {0, 1, 2, 3});
    vpp_ = range_or(fixed.vpp, divisors(model.layers));
    mb_ = range_or(fixed.micro_batch, divisors(job.global_batch));
    if (fixed.sp) sp_ = {static_cast<std::uint8_t>(*fixed.sp)};
    else sp_ = {0, 1};
    if (fixed.recompute) recompute_ = {static_cast<std::uint8_t>(*fixed.recompute)};
    else recompute_ = {0, 1, 2};
}

std::uint64_t SearchSpace::size() const {
    std::uint64_t n = 1;
    for (std::size_t k : {tp_.size(), pp_.size(), cp_.size(), ep_.size(), zero_.size(), vpp_.size(), sp_.size(),
                          recompute_.size(), mb_.size()})
        n *= k;
    return n;
}

SpaceCounts SearchSpace::walk(Visit visit, void* ctx) const {
    SpaceCounts c;
    c.space = size();
    if (c.space == 0) return c;
    auto cut = [&c](Rule r, std::uint64_t leaves) { c.by_rule[static_cast<int>(r)] += leaves; };

    // Leaves under one node of each level.
    const std::uint64_t at_rec = mb_.size();
    const std::uint64_t at_sp = recompute_.size() * at_rec;
    const std::uint64_t at_vpp = sp_.size() * at_sp;
    const std::uint64_t at_zero = vpp_.size() * at_vpp;
    const std::uint64_t at_ep = zero_.size() * at_zero;
    const std::uint64_t at_cp = ep_.size() * at_ep;
    const std::uint64_t at_pp = cp_.size() * at_cp;
    const std::uint64_t at_tp = pp_.size() * at_pp;

    if (const RuleMask job = rule::job(job_, placement_); job != 0) {
        for (int i = 0; i < kRuleCount; ++i)
            if (job & bit(static_cast<Rule>(i))) {
                cut(static_cast<Rule>(i), c.space);
                break;
            }
        return c;
    }

    const workload::Model& m = model_;
    const workload::TrainJob& j = job_;
    const std::int64_t chips = placement_.chips;
    const bool flash = memory_.options().attention == AttentionActivations::flash;
    Layout l;
    for (int tp : tp_) {
        l.tp = tp;
        if (tp < 1) { cut(Rule::size_positive, at_tp); continue; }
        if (!rule::tp_heads(m, tp)) { cut(Rule::tp_heads, at_tp); continue; }
        if (!rule::tp_kv_heads(m, tp)) { cut(Rule::tp_kv_heads, at_tp); continue; }
        if (!rule::tp_ffn(m, tp)) { cut(Rule::tp_ffn, at_tp); continue; }
        if (!rule::tp_domain(placement_, tp)) { cut(Rule::tp_domain, at_tp); continue; }
        for (int pp : pp_) {
            l.pp = pp;
            if (pp < 1) { cut(Rule::size_positive, at_pp); continue; }
            if (!rule::pp_layers(m, pp)) { cut(Rule::pp_layers, at_pp); continue; }
            for (int cp : cp_) {
                l.cp = cp;
                if (cp < 1) { cut(Rule::size_positive, at_cp); continue; }
                const std::int64_t tpc = std::int64_t{tp} * pp * cp;
                const std::int64_t dp = fixed_.dp ? *fixed_.dp : (chips % tpc == 0 ? chips / tpc : 0);
                if (fixed_.dp && dp < 1) { cut(Rule::size_positive, at_cp); continue; }
                if (dp < 1 || tpc * dp != chips) { cut(Rule::chips_product, at_cp); continue; }
                l.dp = static_cast<std::int32_t>(dp);
                if (!rule::cp_seq(j, cp)) { cut(Rule::cp_seq, at_cp); continue; }
                if (!rule::dp_batch(j, l.dp)) { cut(Rule::dp_batch, at_cp); continue; }
                for (int ep : ep_) {
                    l.ep = ep;
                    if (ep < 1) { cut(Rule::size_positive, at_ep); continue; }
                    if (!rule::ep_dense(m, ep)) { cut(Rule::ep_dense, at_ep); continue; }
                    if (!rule::ep_experts(m, ep)) { cut(Rule::ep_experts, at_ep); continue; }
                    if (!rule::ep_ranks(l.dp, cp, ep)) { cut(Rule::ep_ranks, at_ep); continue; }
                    for (int zero : zero_) {
                        l.zero = static_cast<std::int8_t>(zero);
                        if (zero < 0 || zero > 3) { cut(Rule::zero_range, at_zero); continue; }
                        if (!fixed_.zero && zero > 0 && std::int64_t{l.dp} * cp == 1) {
                            c.equivalent += at_zero;  // nothing to shard over one rank
                            continue;
                        }
                        if (memory_.lower_bound(l) > capacity_) { c.memory_bound += at_zero; continue; }
                        for (int vpp : vpp_) {
                            l.vpp = vpp;
                            if (vpp < 1) { cut(Rule::size_positive, at_vpp); continue; }
                            if (!rule::vpp_needs_pp(pp, vpp)) { cut(Rule::vpp_needs_pp, at_vpp); continue; }
                            if (!rule::vpp_layers(m, pp, vpp)) { cut(Rule::vpp_layers, at_vpp); continue; }
                            for (std::uint8_t sp : sp_) {
                                l.sp = sp != 0;
                                if (!rule::sp_needs_tp(l.sp, tp)) { cut(Rule::sp_needs_tp, at_sp); continue; }
                                if (!rule::sp_seq(j, l.sp, tp, cp)) { cut(Rule::sp_seq, at_sp); continue; }
                                for (std::uint8_t rc : recompute_) {
                                    l.recompute = static_cast<Recompute>(rc);
                                    if (!fixed_.recompute && flash && l.recompute == Recompute::selective) {
                                        c.equivalent += at_rec;
                                        continue;
                                    }
                                    for (int mb : mb_) {
                                        l.micro_batch = mb;
                                        if (mb < 1) { cut(Rule::size_positive, 1); continue; }
                                        if (!rule::mb_batch(j, l.dp, mb)) { cut(Rule::mb_batch, 1); continue; }
                                        if (!rule::mb_pipeline(j, l.dp, mb, pp)) { cut(Rule::mb_pipeline, 1); continue; }
                                        if (!rule::mb_interleave(j, l.dp, mb, pp, vpp)) {
                                            cut(Rule::mb_interleave, 1);
                                            continue;
                                        }
                                        const MemoryBreakdown b = memory_.peak(l);
                                        if (b.total() > capacity_) { ++c.memory; continue; }
                                        ++c.valid;
                                        visit(ctx, l, b);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    return c;
}

std::vector<Candidate> SearchSpace::collect(SpaceCounts* counts) const {
    std::vector<Candidate> out;
    const SpaceCounts c = for_each([&out](const Layout& l, const MemoryBreakdown& b) { out.push_back({l, b.total()}); });
    if (counts) *counts = c;
    return out;
}

}  // namespace rackplan::parallel
