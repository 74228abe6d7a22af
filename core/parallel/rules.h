#pragma once
// Divisibility and placement rules of a training layout. Each rule names the batch CSV column
// it blames. `violations` is allocation-free (a bit mask) for the search; `check_layout`
// spells the same rules out as Reasons.
//
// Choices (see DESIGN.md): tp must divide heads, and divide kv_heads or be a multiple of it
// (K/V heads replicated, vLLM/TRT-LLM style); tp must divide ffn and expert_ffn; tp tiles the
// scale-up domain (divides chips_per_domain) unless allowed across it; pp·vpp divides layers
// (no uneven stages); ep divides experts and dp·cp; cp > 1 needs seq_len divisible by 2·cp
// (load-balanced causal ring attention); sp needs tp > 1 and seq_len/cp divisible by tp;
// m = global_batch/(dp·micro_batch) is whole, m >= pp when pp > 1, m % pp == 0 when vpp > 1.
#include <cstdint>
#include <string_view>

#include "hw/system.h"
#include "parallel/layout.h"
#include "parallel/reason.h"
#include "workload/jobs.h"
#include "workload/model.h"

namespace rackplan::parallel {

// Where a layout runs.
struct Placement {
    int chips = 0;
    int chips_per_node = 1;
    int chips_per_domain = 1;          // scale-up domain (NVLink island, UltraServer, NVL72)
    bool allow_tp_across_domain = false;
};
Placement placement_for(const hw::SystemSpec& system, int chips);

enum class Rule : std::uint8_t {
    size_positive,   // every size >= 1
    job_seq_len,
    job_global_batch,
    job_lora_rank,
    chips_whole_nodes,
    chips_product,   // tp·pp·dp·cp == chips
    tp_heads,
    tp_kv_heads,
    tp_ffn,
    tp_domain,
    pp_layers,
    vpp_needs_pp,
    vpp_layers,
    cp_seq,
    ep_dense,
    ep_experts,
    ep_ranks,
    sp_needs_tp,
    sp_seq,
    zero_range,
    dp_batch,
    mb_batch,
    mb_pipeline,
    mb_interleave,
};
inline constexpr int kRuleCount = static_cast<int>(Rule::mb_interleave) + 1;
using RuleMask = std::uint32_t;
constexpr RuleMask bit(Rule r) { return RuleMask{1} << static_cast<int>(r); }

std::string_view rule_column(Rule r);
std::string_view rule_name(Rule r);

// Single rules, shared by the checks and the search so both agree.
namespace rule {
bool tp_heads(const workload::Model& m, int tp);
bool tp_kv_heads(const workload::Model& m, int tp);
bool tp_ffn(const workload::Model& m, int tp);
bool tp_domain(const Placement& p, int tp);
bool pp_layers(const workload::Model& m, int pp);
bool vpp_needs_pp(int pp, int vpp);
bool vpp_layers(const workload::Model& m, int pp, int vpp);
bool cp_seq(const workload::TrainJob& j, int cp);
bool ep_dense(const workload::Model& m, int ep);
bool ep_experts(const workload::Model& m, int ep);
bool ep_ranks(int dp, int cp, int ep);
bool sp_needs_tp(bool sp, int tp);
bool sp_seq(const workload::TrainJob& j, bool sp, int tp, int cp);
bool dp_batch(const workload::TrainJob& j, int dp);
bool mb_batch(const workload::TrainJob& j, int dp, int micro_batch);
bool mb_pipeline(const workload::TrainJob& j, int dp, int micro_batch, int pp);
bool mb_interleave(const workload::TrainJob& j, int dp, int micro_batch, int pp, int vpp);
RuleMask job(const workload::TrainJob& j, const Placement& p);  // job_* and chips_whole_nodes
}  // namespace rule

RuleMask violations(const workload::Model& m, const workload::TrainJob& j, const Layout& l, const Placement& p);
Reasons check_layout(const workload::Model& m, const workload::TrainJob& j, const Layout& l, const Placement& p);

}  // namespace rackplan::parallel
