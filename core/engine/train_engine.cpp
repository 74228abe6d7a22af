#include "engine/train_engine.h"

#include <algorithm>
#include <cmath>

#include "graph/gradient_sync.h"
#include "graph/step_graph.h"
#include "graph/unit_graph.h"
#include "kernels/attention.h"
#include "kernels/chip_traits.h"
#include "kernels/gemm.h"
#include "kernels/memory.h"
#include "kernels/vector_ops.h"
#include "parallel/stages.h"
#include "workload/flops.h"
#include "workload/params.h"

namespace rackplan::engine {
namespace {

using units::Bytes;
using units::Seconds;
using workload::Op;
using workload::OpKind;

std::uint64_t memo_key(const parallel::Layout& l, bool moe) {
    // tp, cp, ep < 2^16; micro_batch < 2^16; sp, recompute, moe in the low bits.
    return (std::uint64_t(l.tp) << 48) | (std::uint64_t(l.cp) << 36) | (std::uint64_t(l.ep) << 24) |
           (std::uint64_t(l.micro_batch) << 8) | (std::uint64_t(l.sp) << 4) |
           (std::uint64_t(static_cast<int>(l.recompute)) << 1) | std::uint64_t(moe);
}

// A chip the engine can always time: an op it cannot time would be a programming error, so a
// failed estimate falls back to nothing rather than a peak figure (and is reported by tests).
Seconds time_of(const kernels::KernelEstimate& e) { return e.result ? e.result->time : Seconds(0.0); }

kernels::VectorKind vector_kind(OpKind k) {
    switch (k) {
        case OpKind::norm: return kernels::VectorKind::norm;
        default: return kernels::VectorKind::elementwise;
    }
}

struct OpCost {
    Seconds fwd{}, bwd{};
    std::string bound;
};

// Bandwidth-bound time of moving `bytes` through a vector kernel at the framework's efficiency.
Seconds stream_time(const hw::ChipSpec& chip, double elements, int inputs, const CostContext& cx) {
    kernels::VectorOpShape v;
    v.elements = std::max<std::int64_t>(static_cast<std::int64_t>(elements), 1);
    v.inputs = inputs;
    return time_of(kernels::vector_op(chip, v)) / cx.elementwise_efficiency;
}

OpCost cost_op(const hw::ChipSpec& chip, const Op& op, const CostContext& cx, bool detail) {
    const kernels::GemmCalibration* calibration = cx.calibration;
    OpCost c;
    switch (op.kind) {
        case OpKind::gemm:
        case OpKind::router: {
            kernels::GemmOptions o;
            o.calibration = calibration;
            auto shape = [&](const workload::GemmShape& g) {
                return kernels::GemmShape{g.m, g.n, g.k, g.batch, op.dtype};
            };
            auto f = kernels::gemm(chip, shape(op.gemm), o);
            c.fwd = time_of(f);
            if (detail && f.result) c.bound = f.result->bound;
            c.bwd = time_of(kernels::gemm(chip, shape(workload::dgrad_shape(op.gemm)), o));
            if (op.trainable) c.bwd += time_of(kernels::gemm(chip, shape(workload::wgrad_shape(op.gemm)), o));
            if (cx.fp8_casts && hw::bytes_per_element(op.dtype) < 2.0) {
                // Input cast + transposed copy (forward), output-gradient cast + transpose (backward).
                const double in = static_cast<double>(op.gemm.batch * op.gemm.m * op.gemm.k);
                const double out = static_cast<double>(op.gemm.batch * op.gemm.m * op.gemm.n);
                c.fwd += stream_time(chip, in, 1, cx);
                c.bwd += stream_time(chip, out, 1, cx);
            }
            break;
        }
        case OpKind::attention: {
            if (cx.materialized_attention) {
                // Scores for every query against every key (the mask does not save work), two
                // batched GEMMs and two bandwidth-bound passes over the scores (scale-mask-softmax,
                // dropout with its 1-byte mask); backward doubles GEMMs and passes.
                const auto& at = op.attention;
                const std::int64_t bh = at.sequences * at.heads;
                const double scores = static_cast<double>(bh) * at.q_len * at.kv_len;
                kernels::GemmOptions o;
                o.calibration = calibration;
                const hw::Dtype dt = op.dtype == hw::Dtype::fp32 ? hw::Dtype::fp32 : hw::Dtype::bf16;
                Seconds qk = time_of(kernels::gemm(chip, {at.q_len, at.kv_len, at.head_dim, bh, dt}, o));
                Seconds pv = time_of(kernels::gemm(chip, {at.q_len, at.head_dim, at.kv_len, bh, dt}, o));
                Seconds passes = stream_time(chip, scores, 1, cx) * (cx.elementwise_efficiency / cx.softmax_efficiency) +
                                 stream_time(chip, scores * 1.25, 1, cx);
                c.fwd = qk + pv + passes;
                c.bwd = (qk + pv) * 2.0 + passes * 2.0;
                c.bound = "memory";
                break;
            }
            kernels::AttentionShape a;
            a.batch = op.attention.sequences;
            a.heads = op.attention.heads;
            a.kv_heads = op.attention.kv_heads;
            a.q_len = op.attention.q_len;
            a.kv_len = op.attention.kv_len;
            a.head_dim = op.attention.head_dim;
            a.causal = op.attention.causal;
            a.dtype = op.dtype == hw::Dtype::fp32 ? hw::Dtype::fp32 : hw::Dtype::bf16;  // flash attention runs in 16 bit
            kernels::AttentionOptions o;
            o.calibration = calibration;
            auto f = kernels::attention(chip, a, o);
            c.fwd = time_of(f);
            if (detail && f.result) c.bound = f.result->bound;
            // Flash backward: dQ, dK, dV plus the recomputed QKᵀ, at the forward's achieved rate.
            double ratio = op.fwd_flops.value() > 0
                               ? (op.bwd_flops + op.bwd_kernel_recompute).value() / op.fwd_flops.value()
                               : 2.5;
            c.bwd = c.fwd * (ratio / cx.attention_backward_rate);
            break;
        }
        default: {
            kernels::VectorOpShape v;
            v.kind = vector_kind(op.kind);
            v.elements = std::max<std::int64_t>(op.elements, 1);
            double out_bytes = static_cast<double>(v.elements) * 2.0;
            v.inputs = std::max(1, static_cast<int>(std::lround(op.fwd_read.value() / out_bytes)));
            auto f = kernels::vector_op(chip, v);
            c.fwd = time_of(f) / (op.kind == OpKind::norm ? cx.norm_efficiency : cx.elementwise_efficiency);
            if (detail && f.result) c.bound = f.result->bound;
            double fwd_bytes = (op.fwd_read + op.fwd_written).value();
            double bwd_bytes = (op.bwd_read + op.bwd_written).value();
            c.bwd = fwd_bytes > 0 ? c.fwd * (bwd_bytes / fwd_bytes) : c.fwd * 2.0;
            break;
        }
    }
    return c;
}

}  // namespace

TrainEngine::TrainEngine(const hw::ChipSpec& chip, const hw::SystemSpec& system, const workload::Model& model,
                         const workload::TrainJob& job, int chips, const kernels::CollectiveModel& network,
                         EngineOptions options)
    : chip_(chip),
      system_(system),
      model_(model),
      job_(job),
      chips_(chips),
      network_(network),
      opt_(std::move(options)),
      placement_(parallel::placement_for(system, chips)),
      memory_(model, job, opt_.memory),
      capacity_(parallel::hbm_capacity(chip, system)) {
    workload::TrainFlops f = workload::train_flops_per_token(model, job);
    model_flops_per_token_ = f.model().value();
    attn_fwd_flops_per_token_ = f.attention_fwd.value();
    block_fwd_flops_per_token_ = f.block_fwd.value();
    peak_ = chip.peak_of(hw::Engine::tensor, job.dtype);
    // A measured sweep is short bursts: its fitted clock is the burst clock, so a power-limited
    // chip still settles lower over a long step (the same derate as the emulator's own clock).
    const double burst = kernels::sustained_clock_fraction(chip, hw::Dtype::bf16, 1.0);
    if (opt_.calibration) sustained_ = *opt_.calibration;
    sustained_.chip_id = chip.id;
    if (burst < 1.0) sustained_.clock_fraction = sustained_.clock_fraction.value_or(burst) * opt_.sustained_clock_derate;
}

CostContext TrainEngine::cost_context() const {
    CostContext cx;
    cx.calibration = &sustained_;
    cx.elementwise_efficiency = std::clamp(opt_.elementwise_efficiency, 0.05, 1.0);
    cx.norm_efficiency = std::clamp(opt_.norm_efficiency, 0.05, 1.0);
    cx.softmax_efficiency = std::clamp(opt_.softmax_efficiency, 0.05, 1.0);
    cx.attention_backward_rate = std::clamp(opt_.attention_backward_rate, 0.05, 1.0);
    cx.fp8_casts = opt_.fp8_cast_kernels;
    return cx;
}

Seconds TrainEngine::collective_time(kernels::Collective op, int ranks, int stride, Bytes bytes) const {
    // A TP group (stride 1) holds whole chips, so on Neuron it also spans every NeuronCore of
    // them: one rank per core, and one chip is a group of its cores (as in serving).
    const int per_chip = stride == 1 ? kernels::collective_ranks_per_chip(chip_) : 1;
    if (ranks < 1 || ranks * per_chip <= 1 || bytes.value() <= 0) return Seconds(0.0);
    kernels::CollectiveRequest r;
    r.op = op;
    r.group.ranks = ranks;
    r.group.ranks_per_chip = per_chip;
    // Ranks of the group sit `stride` chips apart in rank order (Megatron: tp, cp, dp, pp).
    r.group.ranks_per_node = std::clamp(placement_.chips_per_node / std::max(stride, 1), 1, ranks);
    r.group.ranks_per_domain = std::clamp(placement_.chips_per_domain / std::max(stride, 1), 1, ranks);
    r.bytes = bytes;
    auto e = network_.estimate(r);
    if (!e.result) return Seconds(0.0);
    return e.result->time + opt_.collective_sync.value_or(kernels::collective_sync_s(chip_));
}

namespace {

// A unit's critical path, kind by kind, into the fields the composition sums.
struct UnitPath {
    Seconds compute{}, tp{}, cp{}, ep{};
};
UnitPath path_of(const graph::Unit& u) {
    graph::CriticalPath cp = graph::unit_graph(u).critical_path();
    return {cp.of(graph::Kind::compute), cp.of(graph::Kind::tp), cp.of(graph::Kind::cp), cp.of(graph::Kind::ep)};
}

// A blocking collective; full recompute re-runs the forward with its collectives.
graph::UnitItem collective(std::string_view name, graph::Kind kind, Seconds forward, Seconds backward, bool full) {
    return {name, kind, forward, backward, full, false};
}

}  // namespace

TrainEngine::BlockTimes TrainEngine::time_block(const parallel::Layout& l, bool moe) const {
    BlockTimes t;
    workload::OpConfig cfg = workload::op_config(job_, l.micro_batch, l.split());
    std::vector<Op> ops;
    workload::append_block_ops(model_, cfg, moe ? workload::BlockKind::moe : workload::BlockKind::dense, ops);
    const bool full = l.recompute == parallel::Recompute::full;
    const bool selective = l.recompute == parallel::Recompute::selective;
    CostContext cx = cost_context();
    cx.materialized_attention = selective && opt_.selective_means_materialized;

    // Collectives (times per occurrence; the TP overlap option hides a fixed fraction of each).
    // Tensor parallelism, per attention and per FFN half: Megatron's f before the column-parallel
    // GEMM (identity forward, all-reduce of the input gradient backward) and g after the
    // row-parallel one (all-reduce forward, identity backward); with SP f is an all-gather
    // forward / reduce-scatter backward and g the reverse, of the same activation.
    const double tokens = static_cast<double>(l.micro_batch) * job_.seq_len / l.cp;
    const Bytes act(tokens * model_.hidden * 2.0);
    Seconds tp_f_fwd{}, tp_f_bwd{}, tp_g_fwd{}, tp_g_bwd{};
    if (l.tp > 1) {
        const double exposed = 1.0 - opt_.tp_overlap;
        if (l.sp) {
            const Seconds ag = collective_time(kernels::Collective::all_gather, l.tp, 1, act) * exposed;
            const Seconds rs = collective_time(kernels::Collective::reduce_scatter, l.tp, 1, act) * exposed;
            tp_f_fwd = ag, tp_f_bwd = rs, tp_g_fwd = rs, tp_g_bwd = ag;
        } else {
            const Seconds ar = collective_time(kernels::Collective::all_reduce, l.tp, 1, act) * exposed;
            tp_f_bwd = ar, tp_g_fwd = ar;
        }
    }
    // Expert parallelism: dispatch after the local permutation, combine before the un-permute,
    // each an all-to-all forward and backward.
    Seconds a2a{};
    if (moe && l.ep > 1) {
        const double local = l.sp ? tokens / l.tp : tokens;
        Bytes bytes(local * model_.experts_per_token * model_.hidden * 2.0);
        a2a = collective_time(kernels::Collective::all_to_all, l.ep, l.tp, bytes);
    }

    graph::Unit& u = t.unit;
    Seconds attn_fwd{}, attn_bwd{};
    for (const Op& op : ops) {
        OpCost c = cost_op(chip_, op, cx, opt_.detail);
        t.fwd += c.fwd;
        t.bwd += c.bwd;
        const bool attention = op.kind == OpKind::attention;
        const bool recomputed = full || (selective && attention);
        if (recomputed) t.recompute += c.fwd;
        if (attention) attn_fwd = c.fwd, attn_bwd = c.bwd;
        if (opt_.detail)
            t.ops.push_back({op.name, op.kind, c.fwd, c.bwd, op.fwd_flops, op.fwd_read + op.fwd_written, c.bound});
        if (l.tp > 1 && (op.name == "attn_residual" || op.name == "ffn_residual"))
            u.items.push_back(collective("tp_g", graph::Kind::tp, tp_g_fwd, tp_g_bwd, full));
        if (a2a.value() > 0 && op.name == "moe_unpermute")
            u.items.push_back(collective("ep_combine", graph::Kind::ep, a2a, a2a, full));
        graph::UnitItem item;
        item.name = op.name;
        item.forward = c.fwd;
        item.backward = c.bwd;
        item.recomputed = recomputed;
        item.attention = attention;
        u.items.push_back(item);
        if (l.tp > 1 && (op.name == "attn_norm" || op.name == "ffn_norm"))
            u.items.push_back(collective("tp_f", graph::Kind::tp, tp_f_fwd, tp_f_bwd, full));
        if (a2a.value() > 0 && op.name == "moe_permute")
            u.items.push_back(collective("ep_dispatch", graph::Kind::ep, a2a, a2a, full));
    }
    // Context parallelism: ring attention passes K and V around the ring (cp-1 steps each way
    // in forward, twice that in backward) beside the attention kernels it feeds. The block's
    // exchange is hidden under the block's attention as a whole (the closed form's model): it
    // is split between forward and backward in proportion to their attention time, which makes
    // the DAG's exposed time max(0, exchange − attention). A split by bytes (1:2) is the
    // alternative discussed in core/graph/DESIGN.md.
    if (l.cp > 1) {
        const double kv_bytes = tokens * workload::kv_heads_per_chip(model_, l.tp) * model_.head_dim * 2.0 * 2.0;
        const Seconds ring = collective_time(kernels::Collective::all_gather, l.cp, l.tp, Bytes(kv_bytes * l.cp)) * 3.0;
        const Seconds attn = attn_fwd + attn_bwd;
        const double fwd_share = attn.value() > 0 ? attn_fwd.value() / attn.value() : 1.0 / 3.0;
        u.cp_forward = ring * fwd_share;
        u.cp_backward = ring - u.cp_forward;
    }
    const UnitPath block = path_of(u);
    t.compute = block.compute;
    t.tp_comm = block.tp;
    t.cp_comm = block.cp;
    t.ep_comm = block.ep;

    t.recompute_flops_per_token = 0.0;
    if (full) t.recompute_flops_per_token = block_fwd_flops_per_token_ + attn_fwd_flops_per_token_;
    else if (selective) t.recompute_flops_per_token = attn_fwd_flops_per_token_;

    // LM head (final norm, projection, loss) and embedding, costed once per memo entry. The
    // vocabulary-parallel head needs its own all-reduce of the input gradient and the
    // embedding one of its output (one activation each), like a row-parallel layer.
    if (!moe) {
        const Seconds ar = l.tp > 1 ? collective_time(kernels::Collective::all_reduce, l.tp, 1, act) *
                                          (1.0 - opt_.tp_overlap)
                                    : Seconds(0.0);
        auto unit_of = [&](const std::vector<Op>& unit_ops) {
            graph::Unit x;
            for (const Op& op : unit_ops) {
                OpCost c = cost_op(chip_, op, cost_context(), false);
                x.items.push_back({op.name, graph::Kind::compute, c.fwd, c.bwd, false, false});
            }
            return x;
        };
        std::vector<Op> head;
        workload::append_head_ops(model_, cfg, head);
        t.head = unit_of(head);
        // Backward: the input gradient of the column-parallel LM head, before the final norm's.
        t.head.items.insert(t.head.items.begin() + (t.head.items.empty() ? 0 : 1),
                            {"tp_vocab_all_reduce", graph::Kind::tp, Seconds(0.0), ar, false, false});
        std::vector<Op> embed;
        workload::append_embedding_ops(model_, cfg, embed);
        t.embed = unit_of(embed);
        t.embed.items.push_back({"tp_vocab_all_reduce", graph::Kind::tp, ar, Seconds(0.0), false, false});
        const UnitPath h = path_of(t.head), e = path_of(t.embed);
        t.head_compute = h.compute;
        t.head_tp = h.tp;
        t.embed_compute = e.compute;
        t.embed_tp = e.tp;
    }
    return t;
}

std::shared_ptr<const TrainEngine::BlockTimes> TrainEngine::block_times(const parallel::Layout& l, bool moe) const {
    const std::uint64_t key = memo_key(l, moe);
    {
        std::shared_lock lock(memo_mutex_);
        if (auto it = memo_.find(key); it != memo_.end()) return it->second;
    }
    auto fresh = std::make_shared<const BlockTimes>(time_block(l, moe));
    std::unique_lock lock(memo_mutex_);
    return memo_.emplace(key, std::move(fresh)).first->second;
}

TrainOutcome TrainEngine::evaluate(const parallel::Layout& layout) const {
    parallel::Reasons reasons = parallel::check_layout(model_, job_, layout, placement_);
    if (!reasons.empty()) {
        TrainOutcome o;
        for (const auto& r : reasons)
            o.infeasible += (o.infeasible.empty() ? "" : "; ") + (r.column.empty() ? "" : "column " + r.column + ": ") +
                            r.message;
        return o;
    }
    return evaluate_valid(layout);
}

Seconds TrainEngine::pipeline_send(const parallel::Layout& l) const {
    if (l.pp <= 1) return Seconds(0.0);
    const double tokens = static_cast<double>(l.micro_batch) * job_.seq_len / l.cp;
    Bytes bytes(tokens * model_.hidden * 2.0 / (l.sp ? l.tp : 1));
    return collective_time(kernels::Collective::send_recv, 2, l.tp * l.cp * l.dp, bytes);
}

// A micro-batch on a rank is a chain of units (embedding, blocks, head) and the send/recv at
// each chunk boundary; its critical path is the sum of theirs (core/graph/unit_graph.h).
TrainEngine::RankTime TrainEngine::rank_time(const parallel::Layout& l, int r, const BlockTimes& dense,
                                             const BlockTimes* moe, Seconds p2p) const {
    parallel::StageBlocks sb = parallel::stage_blocks(model_.layers, model_.dense_blocks(), l, r);
    RankTime t;
    t.compute = dense.compute * sb.dense;
    CommTimes& c = t.comm;
    c.tp = dense.tp_comm * sb.dense;
    c.cp = dense.cp_comm * sb.dense;
    c.ep = dense.ep_comm * sb.dense;
    if (moe) {
        t.compute += moe->compute * sb.moe;
        c.tp += moe->tp_comm * sb.moe;
        c.cp += moe->cp_comm * sb.moe;
        c.ep += moe->ep_comm * sb.moe;
    }
    if (r == 0) {
        t.compute += dense.embed_compute;
        c.tp += dense.embed_tp;
    }
    if (r == l.pp - 1) {
        t.compute += dense.head_compute;
        c.tp += dense.head_tp;
    }
    // Each chunk boundary sends activations forward and gradients backward (blocking).
    c.pp = p2p * (2.0 * l.vpp);
    return t;
}

graph::StepGraph TrainEngine::micro_batch_graph(const parallel::Layout& l) const {
    auto dense = block_times(l, false);
    auto moe = model_.is_moe() ? block_times(l, true) : nullptr;
    const Seconds p2p = pipeline_send(l);
    int slowest = 0;
    Seconds worst{};
    for (int r = 0; r < l.pp; ++r) {
        const RankTime rt = rank_time(l, r, *dense, moe.get(), p2p);
        if (rt.compute + rt.comm.total() > worst) {
            worst = rt.compute + rt.comm.total();
            slowest = r;
        }
    }
    graph::StepGraph g;
    std::optional<graph::NodeId> last;
    auto blocks = [&](const graph::Unit& u, double count) {
        for (double left = count; left > 1e-12; left -= 1.0) last = graph::append_unit(g, u, last, std::min(left, 1.0));
    };
    const parallel::StageBlocks sb = parallel::stage_blocks(model_.layers, model_.dense_blocks(), l, slowest);
    if (slowest == 0) last = graph::append_unit(g, dense->embed, last);
    blocks(dense->unit, sb.dense);
    if (moe) blocks(moe->unit, sb.moe);
    if (slowest == l.pp - 1) last = graph::append_unit(g, dense->head, last);
    if (p2p.value() > 0)
        for (int i = 0; i < 2 * l.vpp; ++i) {
            const graph::NodeId n = g.add("pp_send_recv", graph::Kind::pp, p2p);
            if (last) g.depend(n, *last);
            last = n;
        }
    return g;
}

TrainOutcome TrainEngine::evaluate_valid(const parallel::Layout& l) const {
    TrainOutcome out;
    parallel::MemoryCheck mem = parallel::check_memory(memory_, l, capacity_);
    if (!mem.fits) {
        out.infeasible = parallel::memory_reason(mem).value_or(parallel::Reason{}).message;
        return out;
    }
    const int m = l.micro_batches(job_.global_batch);
    auto dense = block_times(l, false);
    auto moe = model_.is_moe() ? block_times(l, true) : nullptr;

    // Per micro-batch time of each pipeline rank (all its chunks), and the exposed comm in it.
    Seconds rank_max{}, rank_sum{};
    RankTime slowest;
    const Seconds p2p = pipeline_send(l);
    for (int r = 0; r < l.pp; ++r) {
        const RankTime rt = rank_time(l, r, *dense, moe.get(), p2p);
        const Seconds total = rt.compute + rt.comm.total();
        rank_sum += total;
        if (total > rank_max) {
            rank_max = total;
            slowest = rt;
        }
    }
    const Seconds rank_mean = rank_sum / l.pp;
    const Seconds pipeline = rank_max * m + rank_mean * (static_cast<double>(l.pp - 1) / l.vpp);

    // Data parallelism over dp·cp ranks (experts over dp·cp/ep). Gradient bytes per chip are
    // what the biggest pipeline rank holds.
    parallel::MemoryBreakdown peak = mem.need;
    const int dp_ranks = l.dp * l.cp;
    graph::GradientSync sync;
    sync.zero = l.zero;
    sync.overlap = opt_.overlap_dp;
    if (dp_ranks > 1) {
        // Parameters this chip owns (unsharded count), from the stored weight bytes.
        const double weight_bytes_per_param = parallel::bytes_per_param(job_.dtype, opt_.memory.optimizer).weight;
        const double shard = l.zero >= 3 ? dp_ranks : 1.0;
        const double params = peak.weights.value() / weight_bytes_per_param * shard;
        const Bytes grads(params * opt_.grad_reduce_bytes);
        const Bytes weights(params * weight_bytes_per_param);
        const int stride = l.tp;  // dp·cp ranks sit tp chips apart
        // Windows: the first rank's dense blocks (it finishes the step's last backward).
        const double first_dense = parallel::stage_blocks(model_.layers, model_.dense_blocks(), l, 0).dense;
        sync.backward_window = (dense->bwd + dense->recompute) * first_dense;
        sync.forward_window = dense->fwd * first_dense;
        if (l.zero >= 1) {
            // ZeRO-1/2: gradients reduce-scattered, updated weight shards all-gathered once per
            // step; ZeRO-3 (FSDP) gathers weights and reduce-scatters gradients per micro-batch.
            sync.reduce_scatter = collective_time(kernels::Collective::reduce_scatter, dp_ranks, stride, grads);
            sync.all_gather = collective_time(kernels::Collective::all_gather, dp_ranks, stride, weights);
        } else {
            sync.all_reduce = collective_time(kernels::Collective::all_reduce, dp_ranks, stride, grads);
        }
    }

    // Optimizer: Adam reads and writes master weights, both moments and the gradient, and
    // writes the 16-bit weights: about 16 bytes read + 14 written per local parameter.
    const double local_params =
        (peak.optimizer.value() > 0 ? peak.optimizer.value() /
                                          parallel::bytes_per_param(job_.dtype, opt_.memory.optimizer).optimizer
                                    : 0.0);
    sync.optimizer = local_params > 0 ? time_of(kernels::memory_copy(chip_, Bytes(local_params * 15.0)))
                                      : Seconds(0.0);
    const graph::SyncCost tail = graph::gradient_sync_cost(sync);
    const Seconds dp_exposed = l.zero >= 3 ? tail.dp * m : tail.dp;
    const Seconds optimizer = tail.optimizer;

    TrainPerformance p;
    p.layout = l;
    p.micro_batches = m;
    p.memory = peak;
    p.hbm_capacity = capacity_;
    StepBreakdown& b = p.breakdown;
    b.compute = slowest.compute * m;
    b.exposed = slowest.comm;
    b.exposed.tp *= m;
    b.exposed.cp *= m;
    b.exposed.ep *= m;
    b.exposed.pp *= m;
    b.exposed.dp = dp_exposed;
    b.bubble = pipeline - rank_max * m;
    b.optimizer = optimizer;
    b.step = pipeline + dp_exposed + optimizer;

    const double step_tokens = job_.tokens_per_step();
    p.tokens_per_s = step_tokens / b.step.value();
    p.model_tflops_per_chip = model_flops_per_token_ * p.tokens_per_s / chips_ / 1e12;
    const double hw_flops = model_flops_per_token_ + dense->recompute_flops_per_token;
    if (peak_.value() > 0) {
        p.mfu = p.model_tflops_per_chip * 1e12 / peak_.value();
        p.hfu = hw_flops * p.tokens_per_s / chips_ / peak_.value();
    }
    if (job_.train_tokens)
        p.time_to_train_days = *job_.train_tokens / p.tokens_per_s / std::max(opt_.utilization, 1e-9) / 86400.0;
    if (opt_.detail) p.block_ops = dense->ops;
    out.performance = std::move(p);
    return out;
}

}  // namespace rackplan::engine
