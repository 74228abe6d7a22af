#include "parallel/memory.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "parallel/stages.h"

namespace rackplan::parallel {

using units::Bytes;

BytesPerParam bytes_per_param(hw::Dtype dtype, OptimizerRecipe recipe) {
    if (dtype == hw::Dtype::fp32 || dtype == hw::Dtype::tf32) return {4.0, 4.0, 8.0};  // m, v; no copy
    if (recipe == OptimizerRecipe::bf16_stochastic_rounding) return {2.0, 2.0, 8.0};
    return {2.0, 2.0, 12.0};
}

MemoryModel::MemoryModel(const workload::Model& m, const workload::TrainJob& job, MemoryOptions options)
    : opt_(options), bpp_(bytes_per_param(job.dtype, options.optimizer)) {
    h_ = m.hidden;
    s_ = job.seq_len;
    vocab_ = m.vocab;
    heads_ = m.heads;
    kv_heads_ = m.kv_heads;
    head_dim_ = m.head_dim;
    q_width_ = static_cast<double>(m.q_width());
    ffn_ = m.ffn;
    expert_ffn_ = m.expert_ffn;
    experts_ = m.experts;
    top_k_ = m.experts_per_token;
    shared_ffn_ = static_cast<double>(m.shared_experts) * m.expert_ffn;
    ffn_matrices_ = m.ffn_matrices();
    up_matrices_ = m.ffn_matrices() - 1;
    layers_ = m.layers;
    dense_layers_ = m.dense_blocks();
    global_batch_ = job.global_batch;
    act_ = (job.dtype == hw::Dtype::fp32 || job.dtype == hw::Dtype::tf32) ? 4.0 : 2.0;
    moe_ = m.is_moe();
    tied_ = m.tied_embeddings;
    lora_ = job.fine_tune == workload::FineTune::lora;
    rank_ = job.lora_rank;
}

namespace {
double kv_per_chip(double kv_heads, int tp) { return kv_heads >= tp ? std::ceil(kv_heads / tp) : 1.0; }
}  // namespace

MemoryModel::Params MemoryModel::block_params(bool moe, int tp, int ep) const {
    const double kvc = kv_per_chip(kv_heads_, tp);
    const double attn = 2.0 * h_ * q_width_ / tp + 2.0 * h_ * kvc * head_dim_;
    const double norms = 2.0 * h_;
    // LoRA on a column-parallel projection: A replicated (h·r each), B split; on a
    // row-parallel one: A split, B replicated (r·h).
    const double r = rank_;
    auto ffn_adapters = [&](double f) { return up_matrices_ * r * h_ + r * up_matrices_ * f / tp + r * f / tp + r * h_; };
    const double attn_adapters = 3.0 * r * h_ + r * (q_width_ / tp + 2.0 * kvc * head_dim_) + r * q_width_ / tp + r * h_;
    Params p;
    if (!moe) {
        p.dense = attn + norms + ffn_matrices_ * h_ * ffn_ / tp;
        if (lora_) p.adapter_dense = attn_adapters + ffn_adapters(ffn_);
        return p;
    }
    const double local = experts_ / ep;
    p.dense = attn + norms + h_ * experts_ + ffn_matrices_ * h_ * shared_ffn_ / tp;
    p.expert = local * ffn_matrices_ * h_ * expert_ffn_ / tp;
    if (lora_) {
        p.adapter_dense = attn_adapters + (shared_ffn_ > 0.0 ? ffn_adapters(shared_ffn_) : 0.0);
        p.adapter_expert = local * ffn_adapters(expert_ffn_);
    }
    return p;
}

MemoryModel::StateBytes MemoryModel::states(const Params& p, const Layout& l) const {
    const double g_dense = static_cast<double>(l.dp) * l.cp;
    const double g_expert = std::max(1.0, g_dense / l.ep);
    auto sharded = [&](double dense, double expert, bool shard) {
        return shard ? dense / g_dense + expert / g_expert : dense + expert;
    };
    StateBytes s;
    const double base = sharded(p.dense, p.expert, l.zero >= 3);
    const double adapters = sharded(p.adapter_dense, p.adapter_expert, l.zero >= 3);
    if (lora_) {
        s.weights = Bytes((base + adapters) * bpp_.weight);
        s.gradients = Bytes(sharded(p.adapter_dense, p.adapter_expert, l.zero >= 2) * bpp_.gradient);
        s.optimizer = Bytes(sharded(p.adapter_dense, p.adapter_expert, l.zero >= 1) * bpp_.optimizer);
    } else {
        s.weights = Bytes(base * bpp_.weight);
        s.gradients = Bytes(sharded(p.dense, p.expert, l.zero >= 2) * bpp_.gradient);
        s.optimizer = Bytes(sharded(p.dense, p.expert, l.zero >= 1) * bpp_.optimizer);
    }
    return s;
}

// Korthikanti et al. per block, bytes for one micro-batch with nothing recomputed;
// drop_scores removes the materialised s×s tensors (selective recompute).
Bytes MemoryModel::block_stored(bool moe, const Layout& l, bool drop_scores) const {
    const double tp = l.tp;
    const double T = static_cast<double>(l.micro_batch) * s_ / l.cp;  // tokens through GEMMs
    const double tsp = l.sp ? T / tp : T;                              // tokens of norms, adds
    const double kvc = kv_per_chip(kv_heads_, l.tp);
    const double mask = opt_.dropout ? 1.0 : 0.0;
    // Attention: norm input and QKV input (SP-sharded); Q, K, V and the O-projection input.
    double sp_part = 2.0 * act_ * h_ + mask * h_;
    double tp_part = act_ * (2.0 * q_width_ / tp + 2.0 * kvc * head_dim_);
    if (opt_.attention == AttentionActivations::flash) {
        tp_part += 4.0 * heads_ / tp;  // fp32 log-sum-exp per head and token
    } else if (!drop_scores) {
        // Softmax output, and with dropout its mask and output: 5·a·s per token at 2 bytes.
        tp_part += (act_ + mask * (1.0 + act_)) * heads_ / tp * s_;
    }
    // FFN: norm input and up-projection input (SP-sharded), then the inner tensors.
    sp_part += 2.0 * act_ * h_ + mask * h_;
    double routed = 0.0;
    if (!moe) {
        tp_part += act_ * (up_matrices_ + 1.0) * ffn_ / tp;
    } else {
        sp_part += 4.0 * experts_;  // fp32 router probabilities
        tp_part += act_ * (up_matrices_ + 1.0) * shared_ffn_ / tp;
        // Each routed copy: permuted input, up output, down input, expert output for the combine.
        routed = T * top_k_ * opt_.capacity_factor * act_ * (2.0 * h_ + (up_matrices_ + 1.0) * expert_ffn_ / tp);
    }
    return Bytes(tsp * sp_part + T * tp_part + routed);
}

Bytes MemoryModel::block_activations(bool moe, const Layout& l) const {
    switch (l.recompute) {
        case Recompute::none: return block_stored(moe, l, false);
        case Recompute::selective: return block_stored(moe, l, true);
        case Recompute::full: {
            const double T = static_cast<double>(l.micro_batch) * s_ / l.cp;
            return Bytes(act_ * h_ * (l.sp ? T / l.tp : T));
        }
    }
    return {};
}

Bytes MemoryModel::largest_tensor(const Layout& l) const {
    const double tp = l.tp;
    const double T = static_cast<double>(l.micro_batch) * s_ / l.cp;
    const double kvc = kv_per_chip(kv_heads_, l.tp);
    double elems = std::max(T * h_, T * (q_width_ / tp + 2.0 * kvc * head_dim_));
    if (dense_layers_ > 0) elems = std::max(elems, T * up_matrices_ * ffn_ / tp);
    if (moe_) {
        const double routed = T * top_k_ * opt_.capacity_factor;
        elems = std::max({elems, routed * up_matrices_ * expert_ffn_ / tp, routed * h_, T * up_matrices_ * shared_ffn_ / tp});
    }
    if (opt_.attention == AttentionActivations::materialized) elems = std::max(elems, T * heads_ / tp * s_);
    return Bytes(elems * act_);
}

double MemoryModel::in_flight(const Layout& l, int rank, int micro_batches) {
    const double m = std::max(micro_batches, 1);
    if (l.pp == 1) return 1.0;
    if (l.vpp == 1) return std::min(static_cast<double>(l.pp - rank), m);
    const double chunks = 2.0 * (l.pp - rank - 1) + static_cast<double>(l.vpp - 1) * l.pp + 1.0;
    return std::min(chunks, m * l.vpp) / l.vpp;
}

MemoryBreakdown MemoryModel::at_rank(const Layout& l, int rank) const {
    const StageBlocks on_rank = stage_blocks(layers_, dense_layers_, l, rank);
    const double dense = on_rank.dense, moe = on_rank.moe;
    const bool first = rank == 0, last = rank == l.pp - 1;

    const Params pd = block_params(false, l.tp, l.ep);
    const Params pm = moe_ ? block_params(true, l.tp, l.ep) : Params{};
    Params p;
    p.dense = dense * pd.dense + moe * pm.dense;
    p.expert = moe * pm.expert;
    p.adapter_dense = dense * pd.adapter_dense + moe * pm.adapter_dense;
    p.adapter_expert = moe * pm.adapter_expert;
    const double vocab_rows = std::ceil(vocab_ / l.tp);
    if (first) p.dense += vocab_rows * h_;
    if (last) p.dense += h_ + ((!tied_ || l.pp > 1) ? vocab_rows * h_ : 0.0);  // final norm, LM head
    const StateBytes s = states(p, l);

    MemoryBreakdown b;
    b.pipeline_rank = rank;
    b.weights = s.weights;
    b.gradients = s.gradients;
    b.optimizer = s.optimizer;

    const double T = static_cast<double>(l.micro_batch) * s_ / l.cp;
    const double tsp = l.sp ? T / l.tp : T;
    const Bytes per_mb = dense * block_activations(false, l) + moe * block_activations(true, l);
    b.activations = per_mb * in_flight(l, rank, l.micro_batches(global_batch_));
    if (l.recompute == Recompute::full) {
        // One block's full set is rematerialised during its backward.
        Bytes working;
        if (dense > 0.0) working = block_stored(false, l, false);
        if (moe > 0.0) working = units::max(working, block_stored(true, l, false));
        b.activations += working;
    }
    if (last) b.activations += Bytes(2.0 * act_ * h_ * tsp);  // final-norm and LM-head inputs

    b.temporaries = 2.0 * largest_tensor(l);
    if (last) b.temporaries += Bytes(4.0 * T * vocab_rows);  // fp32 logits of one micro-batch
    if (l.zero >= 2) {
        const Params& big = moe > 0.0 ? pm : pd;
        const double unsharded = (lora_ ? 0.0 : big.dense + big.expert) + big.adapter_dense + big.adapter_expert;
        const double weights = big.dense + big.expert + big.adapter_dense + big.adapter_expert;
        b.temporaries += Bytes(unsharded * bpp_.gradient);                 // reduce-scatter of one block
        if (l.zero >= 3) b.temporaries += Bytes(2.0 * weights * bpp_.weight);  // gathered + prefetched
    }
    const Bytes subtotal = b.states() + b.activations + b.temporaries;
    b.reserve = opt_.reserve_fixed + subtotal * opt_.reserve_fraction;
    return b;
}

MemoryBreakdown MemoryModel::peak(const Layout& l) const {
    MemoryBreakdown best = at_rank(l, 0);
    auto consider = [&](int r) {
        MemoryBreakdown b = at_rank(l, r);
        if (b.total() > best.total()) best = b;
    };
    // Middle ranks hold fewer micro-batches than rank 0 and neither embedding nor head, so
    // ranks 0 and pp−1 bound them, unless leading dense blocks make the layer mix differ.
    const bool mixed = moe_ && dense_layers_ > 0 && dense_layers_ < layers_;
    if (mixed && l.pp > 2)
        for (int r = 1; r < l.pp; ++r) consider(r);
    else if (l.pp > 1)
        consider(l.pp - 1);
    return best;
}

Bytes MemoryModel::lower_bound(const Layout& l) const {
    const Params pd = block_params(false, l.tp, l.ep);
    const Params pm = moe_ ? block_params(true, l.tp, l.ep) : Params{};
    const double dense = dense_layers_, moe = layers_ - dense_layers_;
    Params p;
    p.dense = dense * pd.dense + moe * pm.dense;
    p.expert = moe * pm.expert;
    p.adapter_dense = dense * pd.adapter_dense + moe * pm.adapter_dense;
    p.adapter_expert = moe * pm.adapter_expert;
    const double vocab_rows = std::ceil(vocab_ / l.tp);
    p.dense += vocab_rows * h_ + h_ + ((!tied_ || l.pp > 1) ? vocab_rows * h_ : 0.0);
    // The mean over ranks of the model states; the peak rank holds at least that.
    p.dense /= l.pp;
    p.expert /= l.pp;
    p.adapter_dense /= l.pp;
    p.adapter_expert /= l.pp;
    const StateBytes s = states(p, l);
    const Bytes st = s.weights + s.gradients + s.optimizer;
    return opt_.reserve_fixed + st * (1.0 + opt_.reserve_fraction);
}

MemoryCheck check_memory(const MemoryModel& model, const Layout& l, Bytes capacity) {
    MemoryCheck c;
    c.need = model.peak(l);
    c.capacity = capacity;
    c.fits = c.need.total() <= capacity;
    return c;
}

std::optional<Reason> memory_reason(const MemoryCheck& c) {
    if (c.fits) return std::nullopt;
    const MemoryBreakdown& b = c.need;
    char text[320];
    std::snprintf(text, sizeof text,
                  "needs %.1f GiB per chip (pipeline rank %d): weights %.1f, gradients %.1f, optimizer %.1f, "
                  "activations %.1f, temporaries %.1f, reserve %.1f GiB > %.1f GiB HBM",
                  units::to_gib(b.total()), b.pipeline_rank, units::to_gib(b.weights), units::to_gib(b.gradients),
                  units::to_gib(b.optimizer), units::to_gib(b.activations), units::to_gib(b.temporaries),
                  units::to_gib(b.reserve), units::to_gib(c.capacity));
    return Reason{"", text};
}

Bytes hbm_capacity(const hw::ChipSpec& chip, const hw::SystemSpec& system) {
    return system.hbm_capacity_override.value() > 0.0 ? system.hbm_capacity_override : chip.hbm_capacity;
}

}  // namespace rackplan::parallel
