#include "parallel/rules.h"

#include <string>

namespace rackplan::parallel {

using workload::Model;
using workload::TrainJob;

Placement placement_for(const hw::SystemSpec& system, int chips) {
    Placement p;
    p.chips = chips;
    p.chips_per_node = system.chips_per_node;
    p.chips_per_domain = system.chips_per_domain();
    return p;
}

std::string_view rule_column(Rule r) {
    switch (r) {
        case Rule::size_positive: return "";  // the offending columns are named per reason
        case Rule::job_seq_len: return "seq_len";
        case Rule::job_global_batch: return "global_batch";
        case Rule::job_lora_rank: return "lora_rank";
        case Rule::chips_whole_nodes: return "chips";
        case Rule::chips_product: return "chips";
        case Rule::tp_heads:
        case Rule::tp_kv_heads:
        case Rule::tp_ffn:
        case Rule::tp_domain: return "tp";
        case Rule::pp_layers: return "pp";
        case Rule::vpp_needs_pp:
        case Rule::vpp_layers: return "vpp";
        case Rule::cp_seq: return "cp";
        case Rule::ep_dense:
        case Rule::ep_experts:
        case Rule::ep_ranks: return "ep";
        case Rule::sp_needs_tp:
        case Rule::sp_seq: return "sp";
        case Rule::zero_range: return "zero";
        case Rule::dp_batch: return "dp";
        case Rule::mb_batch:
        case Rule::mb_pipeline:
        case Rule::mb_interleave: return "micro_batch";
    }
    return "";
}

std::string_view rule_name(Rule r) {
    switch (r) {
        case Rule::size_positive: return "size_positive";
        case Rule::job_seq_len: return "job_seq_len";
        case Rule::job_global_batch: return "job_global_batch";
        case Rule::job_lora_rank: return "job_lora_rank";
        case Rule::chips_whole_nodes: return "chips_whole_nodes";
        case Rule::chips_product: return "chips_product";
        case Rule::tp_heads: return "tp_heads";
        case Rule::tp_kv_heads: return "tp_kv_heads";
        case Rule::tp_ffn: return "tp_ffn";
        case Rule::tp_domain: return "tp_domain";
        case Rule::pp_layers: return "pp_layers";
        case Rule::vpp_needs_pp: return "vpp_needs_pp";
        case Rule::vpp_layers: return "vpp_layers";
        case Rule::cp_seq: return "cp_seq";
        case Rule::ep_dense: return "ep_dense";
        case Rule::ep_experts: return "ep_experts";
        case Rule::ep_ranks: return "ep_ranks";
        case Rule::sp_needs_tp: return "sp_needs_tp";
        case Rule::sp_seq: return "sp_seq";
        case Rule::zero_range: return "zero_range";
        case Rule::dp_batch: return "dp_batch";
        case Rule::mb_batch: return "mb_batch";
        case Rule::mb_pipeline: return "mb_pipeline";
        case Rule::mb_interleave: return "mb_interleave";
    }
    return "";
}

namespace rule {

namespace {
// Micro-batches per step; 0 when not whole.
std::int64_t micro_batches(const TrainJob& j, int dp, int micro_batch) {
    const std::int64_t per = std::int64_t{dp} * micro_batch;
    return (per > 0 && j.global_batch % per == 0) ? j.global_batch / per : 0;
}
}  // namespace

bool tp_heads(const Model& m, int tp) { return m.heads % tp == 0; }
bool tp_kv_heads(const Model& m, int tp) { return m.kv_heads > 0 && (m.kv_heads % tp == 0 || tp % m.kv_heads == 0); }
bool tp_ffn(const Model& m, int tp) {
    const bool dense_ok = m.dense_blocks() == 0 || m.ffn % tp == 0;
    const bool expert_ok = !m.is_moe() || m.expert_ffn % tp == 0;
    return dense_ok && expert_ok;
}
bool tp_domain(const Placement& p, int tp) {
    return p.allow_tp_across_domain || (tp <= p.chips_per_domain && p.chips_per_domain % tp == 0);
}
bool pp_layers(const Model& m, int pp) { return m.layers % pp == 0; }
bool vpp_needs_pp(int pp, int vpp) { return vpp == 1 || pp > 1; }
bool vpp_layers(const Model& m, int pp, int vpp) { return vpp == 1 || m.layers % (std::int64_t{pp} * vpp) == 0; }
bool cp_seq(const TrainJob& j, int cp) { return cp == 1 || j.seq_len % (2 * cp) == 0; }
bool ep_dense(const Model& m, int ep) { return ep == 1 || m.is_moe(); }
bool ep_experts(const Model& m, int ep) { return !m.is_moe() || m.experts % ep == 0; }
bool ep_ranks(int dp, int cp, int ep) { return (std::int64_t{dp} * cp) % ep == 0; }
bool sp_needs_tp(bool sp, int tp) { return !sp || tp > 1; }
bool sp_seq(const TrainJob& j, bool sp, int tp, int cp) {
    return !sp || (j.seq_len % cp == 0 && (j.seq_len / cp) % tp == 0);
}
bool dp_batch(const TrainJob& j, int dp) { return j.global_batch % dp == 0; }
bool mb_batch(const TrainJob& j, int dp, int micro_batch) { return micro_batches(j, dp, micro_batch) > 0; }
bool mb_pipeline(const TrainJob& j, int dp, int micro_batch, int pp) {
    return pp == 1 || micro_batches(j, dp, micro_batch) >= pp;
}
bool mb_interleave(const TrainJob& j, int dp, int micro_batch, int pp, int vpp) {
    return vpp == 1 || micro_batches(j, dp, micro_batch) % pp == 0;
}

RuleMask job(const TrainJob& j, const Placement& p) {
    RuleMask v = 0;
    if (j.seq_len < 1) v |= bit(Rule::job_seq_len);
    if (j.global_batch < 1) v |= bit(Rule::job_global_batch);
    if (j.fine_tune == workload::FineTune::lora && j.lora_rank < 1) v |= bit(Rule::job_lora_rank);
    const bool whole = p.chips >= 1 && p.chips_per_node >= 1 &&
                       (p.chips % p.chips_per_node == 0 || p.chips < p.chips_per_node);
    if (!whole) v |= bit(Rule::chips_whole_nodes);
    return v;
}

}  // namespace rule

RuleMask violations(const Model& m, const TrainJob& j, const Layout& l, const Placement& p) {
    RuleMask v = rule::job(j, p);
    if (l.tp < 1 || l.pp < 1 || l.dp < 1 || l.cp < 1 || l.ep < 1 || l.vpp < 1 || l.micro_batch < 1)
        return v | bit(Rule::size_positive);
    if (l.chips() != p.chips) v |= bit(Rule::chips_product);
    if (!rule::tp_heads(m, l.tp)) v |= bit(Rule::tp_heads);
    if (!rule::tp_kv_heads(m, l.tp)) v |= bit(Rule::tp_kv_heads);
    if (!rule::tp_ffn(m, l.tp)) v |= bit(Rule::tp_ffn);
    if (!rule::tp_domain(p, l.tp)) v |= bit(Rule::tp_domain);
    if (!rule::pp_layers(m, l.pp)) v |= bit(Rule::pp_layers);
    if (!rule::vpp_needs_pp(l.pp, l.vpp)) v |= bit(Rule::vpp_needs_pp);
    if (!rule::vpp_layers(m, l.pp, l.vpp)) v |= bit(Rule::vpp_layers);
    if (!rule::ep_dense(m, l.ep)) v |= bit(Rule::ep_dense);
    if (!rule::ep_experts(m, l.ep)) v |= bit(Rule::ep_experts);
    if (!rule::ep_ranks(l.dp, l.cp, l.ep)) v |= bit(Rule::ep_ranks);
    if (!rule::sp_needs_tp(l.sp, l.tp)) v |= bit(Rule::sp_needs_tp);
    if (l.zero < 0 || l.zero > 3) v |= bit(Rule::zero_range);
    if (j.seq_len >= 1) {
        if (!rule::cp_seq(j, l.cp)) v |= bit(Rule::cp_seq);
        if (!rule::sp_seq(j, l.sp, l.tp, l.cp)) v |= bit(Rule::sp_seq);
    }
    if (j.global_batch >= 1) {
        if (!rule::dp_batch(j, l.dp)) v |= bit(Rule::dp_batch);
        else if (!rule::mb_batch(j, l.dp, l.micro_batch)) v |= bit(Rule::mb_batch);
        else {
            if (!rule::mb_pipeline(j, l.dp, l.micro_batch, l.pp)) v |= bit(Rule::mb_pipeline);
            if (!rule::mb_interleave(j, l.dp, l.micro_batch, l.pp, l.vpp)) v |= bit(Rule::mb_interleave);
        }
    }
    return v;
}

namespace {

std::string n(std::int64_t x) { return std::to_string(x); }

std::string message(Rule r, const Model& m, const TrainJob& j, const Layout& l, const Placement& p) {
    const std::int64_t per = std::int64_t{l.dp} * l.micro_batch;
    const std::int64_t mbs = per > 0 ? j.global_batch / per : 0;
    switch (r) {
        case Rule::size_positive: return "every parallel size must be a positive integer";
        case Rule::job_seq_len: return "seq_len must be a positive integer, got " + n(j.seq_len);
        case Rule::job_global_batch: return "global_batch must be a positive integer, got " + n(j.global_batch);
        case Rule::job_lora_rank: return "lora_rank must be a positive integer, got " + n(j.lora_rank);
        case Rule::chips_whole_nodes:
            return "chips " + n(p.chips) + " is neither whole nodes of " + n(p.chips_per_node) +
                   " chips nor a single partial node";
        case Rule::chips_product:
            return "tp·pp·dp·cp = " + n(l.tp) + "·" + n(l.pp) + "·" + n(l.dp) + "·" + n(l.cp) + " = " +
                   n(l.chips()) + " differs from chips " + n(p.chips);
        case Rule::tp_heads: return "tp " + n(l.tp) + " does not divide heads " + n(m.heads);
        case Rule::tp_kv_heads:
            return "tp " + n(l.tp) + " neither divides kv_heads " + n(m.kv_heads) +
                   " nor is a multiple of it (K/V heads would not replicate evenly)";
        case Rule::tp_ffn:
            if (m.dense_blocks() > 0 && m.ffn % l.tp != 0)
                return "tp " + n(l.tp) + " does not divide ffn " + n(m.ffn);
            return "tp " + n(l.tp) + " does not divide expert_ffn " + n(m.expert_ffn);
        case Rule::tp_domain:
            if (l.tp > p.chips_per_domain)
                return "tp " + n(l.tp) + " exceeds the scale-up domain of " + n(p.chips_per_domain) + " chips";
            return "tp " + n(l.tp) + " does not divide the scale-up domain of " + n(p.chips_per_domain) +
                   " chips, so a TP group would span two domains";
        case Rule::pp_layers: return "pp " + n(l.pp) + " does not divide layers " + n(m.layers);
        case Rule::vpp_needs_pp: return "vpp " + n(l.vpp) + " (interleaving) needs pp > 1";
        case Rule::vpp_layers:
            return "layers " + n(m.layers) + " are not divisible by pp·vpp = " + n(l.pp) + "·" + n(l.vpp) + " = " +
                   n(std::int64_t{l.pp} * l.vpp);
        case Rule::cp_seq:
            return "cp " + n(l.cp) + " needs seq_len " + n(j.seq_len) + " divisible by 2·cp = " + n(2 * l.cp) +
                   " (load-balanced causal ring attention)";
        case Rule::ep_dense: return "ep " + n(l.ep) + " needs an MoE model (experts = 0)";
        case Rule::ep_experts: return "ep " + n(l.ep) + " does not divide experts " + n(m.experts);
        case Rule::ep_ranks:
            return "ep " + n(l.ep) + " does not divide dp·cp = " + n(std::int64_t{l.dp} * l.cp) +
                   " (EP sub-divides the data-parallel ranks)";
        case Rule::sp_needs_tp: return "sp (sequence parallelism) needs tp > 1";
        case Rule::sp_seq:
            return "sp needs seq_len/cp = " + n(j.seq_len) + "/" + n(l.cp) + " divisible by tp " + n(l.tp);
        case Rule::zero_range: return "zero must be 0, 1, 2 or 3, got " + n(l.zero);
        case Rule::dp_batch: return "dp " + n(l.dp) + " does not divide global_batch " + n(j.global_batch);
        case Rule::mb_batch:
            return "global_batch " + n(j.global_batch) + " is not divisible by dp·micro_batch = " + n(l.dp) + "·" +
                   n(l.micro_batch) + " = " + n(per);
        case Rule::mb_pipeline:
            return "m = global_batch/(dp·micro_batch) = " + n(mbs) + " micro-batches per step is below pp " +
                   n(l.pp) + " (1F1B needs m >= pp)";
        case Rule::mb_interleave:
            return "interleaving (vpp " + n(l.vpp) + ") needs m = " + n(mbs) + " micro-batches to be a multiple of pp " +
                   n(l.pp);
    }
    return "";
}

void size_reasons(const Layout& l, Reasons& out) {
    auto one = [&](const char* column, std::int64_t v) {
        if (v < 1) out.push_back({column, std::string(column) + " must be a positive integer, got " + n(v)});
    };
    one("tp", l.tp);
    one("pp", l.pp);
    one("dp", l.dp);
    one("cp", l.cp);
    one("ep", l.ep);
    one("vpp", l.vpp);
    one("micro_batch", l.micro_batch);
}

}  // namespace

Reasons check_layout(const Model& m, const TrainJob& j, const Layout& l, const Placement& p) {
    Reasons out;
    const RuleMask v = violations(m, j, l, p);
    for (int i = 0; i < kRuleCount; ++i) {
        const Rule r = static_cast<Rule>(i);
        if (!(v & bit(r))) continue;
        if (r == Rule::size_positive) size_reasons(l, out);
        else out.push_back({std::string(rule_column(r)), message(r, m, j, l, p)});
    }
    return out;
}

}  // namespace rackplan::parallel
