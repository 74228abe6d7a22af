#include "engine/infer_engine.h"

#include <algorithm>
#include <cmath>
#include <mutex>

#include "kernels/attention.h"
#include "kernels/chip_traits.h"
#include "kernels/gemm.h"
#include "kernels/vector_ops.h"
#include "parallel/memory.h"
#include "workload/kv_cache.h"
#include "workload/ops.h"

namespace rackplan::engine {
namespace {

using units::Bytes;
using units::Seconds;

Seconds time_of(const kernels::KernelEstimate& e) { return e.result ? e.result->time : Seconds(0.0); }

std::int64_t whole(double x) { return std::max<std::int64_t>(1, std::llround(x)); }

std::string gib(Bytes b) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", units::to_gib(b));
    return buf;
}

std::string supported_list(const hw::ChipSpec& chip) {
    std::string have;
    for (hw::Dtype d : hw::kAllDtypes)
        if (chip.supports(d)) have += (have.empty() ? "" : ", ") + std::string(hw::to_string(d));
    return have.empty() ? "none" : have;
}

bool sixteen_bit(hw::Dtype d) { return d == hw::Dtype::bf16 || d == hw::Dtype::fp16; }

// Memo tags (first element of a key).
enum Tag : std::int64_t { kLinear = 1, kDecodeAttn, kPromptAttn, kHead, kGemm, kCollective };

}  // namespace

std::string_view to_string(Batching b) { return b == Batching::mixed ? "mixed" : "separate"; }

Batching default_batching(hw::Architecture a) {
    switch (a) {
        case hw::Architecture::gpu_sm:
        case hw::Architecture::amd_cdna: return Batching::mixed;
        case hw::Architecture::neuroncore:
        case hw::Architecture::tpu_mxu: return Batching::separate;
    }
    return Batching::mixed;
}

InferEngine::InferEngine(const hw::ChipSpec& chip, const hw::SystemSpec& system, const workload::Model& model,
                         const workload::InferJob& job, int chips, const kernels::CollectiveModel& network,
                         InferOptions options)
    : chip_(chip),
      weight_chip_(chip),
      kv_chip_(chip),
      system_(system),
      model_(model),
      job_(job),
      chips_(chips),
      network_(network),
      opt_(std::move(options)),
      placement_(parallel::placement_for(system, chips)),
      pads_tp_(chip.architecture == hw::Architecture::neuroncore),
      buckets_(opt_.length_buckets.value_or(chip.architecture == hw::Architecture::neuroncore)),
      batching_(opt_.batching.value_or(default_batching(chip.architecture))),
      capacity_(parallel::hbm_capacity(chip, system)) {
    using parallel::Reason;
    auto issue = [&](const char* column, std::string msg) { job_issues_.push_back(Reason{column, std::move(msg)}); };
    opt_.max_num_tokens = std::max(opt_.max_num_tokens, 1);
    opt_.max_batch = std::max(opt_.max_batch, 1);
    opt_.kv_block_tokens = std::max(opt_.kv_block_tokens, 1);
    opt_.kv_memory_fraction = std::clamp(opt_.kv_memory_fraction, 0.0, 1.0);
    opt_.elementwise_efficiency = std::clamp(opt_.elementwise_efficiency, 0.05, 1.0);
    opt_.norm_efficiency = std::clamp(opt_.norm_efficiency, 0.05, 1.0);
    opt_.softmax_efficiency = std::clamp(opt_.softmax_efficiency, 0.05, 1.0);

    if (model_.layers < 1 || model_.hidden < 1 || model_.heads < 1 || model_.kv_heads < 1 || model_.head_dim < 1)
        issue("layers", "the model needs layers, hidden, heads, kv_heads and head_dim of at least 1");
    else if (model_.heads % model_.kv_heads != 0)
        issue("kv_heads", "heads (" + std::to_string(model_.heads) + ") must be a multiple of kv_heads (" +
                              std::to_string(model_.kv_heads) + ")");
    if (job_.input_len < 1) issue("input_len", "must be at least 1, got " + std::to_string(job_.input_len));
    if (job_.output_len < 1) issue("output_len", "must be at least 1, got " + std::to_string(job_.output_len));
    if (job_.batch && *job_.batch < 1) issue("batch", "must be at least 1, got " + std::to_string(*job_.batch));
    if (model_.max_context > 0 && std::int64_t{job_.input_len} + job_.output_len > model_.max_context)
        issue("input_len", "input_len + output_len (" + std::to_string(std::int64_t{job_.input_len} + job_.output_len) +
                               ") exceeds the model's context of " + std::to_string(model_.max_context) + " tokens");
    if (job_.ttft_slo && !(job_.ttft_slo->value() > 0.0)) issue("ttft_slo_ms", "must be positive");
    if (job_.tpot_slo && !(job_.tpot_slo->value() > 0.0)) issue("tpot_slo_ms", "must be positive");
    if (chips_ < 1) issue("chips", "must be at least 1");
    else if (chips_ > placement_.chips_per_node && chips_ % placement_.chips_per_node != 0)
        issue("chips", std::to_string(chips_) + " chips are not whole nodes of " + std::to_string(placement_.chips_per_node) +
                           " (" + system_.id + ")");

    // Activations, the LM head and prefill attention run in 16 bit.
    if (chip_.supports(hw::Dtype::bf16)) act_dtype_ = hw::Dtype::bf16;
    else if (chip_.supports(hw::Dtype::fp16)) act_dtype_ = hw::Dtype::fp16;
    else issue("weight_dtype", chip_.id + " has no 16-bit tensor engine (it has " + supported_list(chip_) + ")");

    // Weights: native when the tensor engine multiplies the format (W8A8 FP8 or INT8, FP4 on
    // Blackwell); else weight-only where the stack has it, the GEMM then running at the 16-bit
    // rate with the small weights' memory and bandwidth. Neuron's SDK quantizes weights to
    // 8 bit only (INT8, FP8 weight-only); it has no 4-bit path.
    const hw::Dtype wd = job_.weight_dtype;
    const double wbits = kernels::operand_bits(wd);
    gemm_dtype_ = wd;
    if (sixteen_bit(wd)) {
        if (!chip_.supports(wd))
            issue("weight_dtype", chip_.id + " has no " + std::string(hw::to_string(wd)) + " tensor engine (it has " +
                                      supported_list(chip_) + ")");
    } else if (!chip_.supports(wd)) {
        const bool neuron = chip_.architecture == hw::Architecture::neuroncore;
        if (wbits == 8.0 || (wbits == 4.0 && !neuron)) {
            weight_path_ = PrecisionPath::weight_only;
            weight_chip_.peak[static_cast<int>(hw::Engine::tensor)][static_cast<int>(wd)] =
                chip_.peak_of(hw::Engine::tensor, act_dtype_);
        } else {
            issue("weight_dtype", chip_.id + " cannot run " + std::string(hw::to_string(wd)) +
                                      " weights: no tensor engine for it and no weight-only path on " +
                                      std::string(hw::to_string(chip_.architecture)) + " (it has " +
                                      supported_list(chip_) + ")");
        }
    }
    // KV cache: 8-bit caches are dequantized inside the attention kernel where the tensor
    // engine lacks the format (vLLM/TensorRT-LLM FP8 KV on any GPU, Neuron FP8 KV); 4-bit
    // caches need a native format.
    kv_dtype_ = job_.kv_dtype;
    const double kbits = kernels::operand_bits(kv_dtype_);
    if (sixteen_bit(kv_dtype_)) {
        if (!chip_.supports(kv_dtype_))
            issue("kv_dtype", chip_.id + " has no " + std::string(hw::to_string(kv_dtype_)) + " tensor engine (it has " +
                                  supported_list(chip_) + ")");
    } else if (!chip_.supports(kv_dtype_)) {
        if (kbits == 8.0) {
            kv_path_ = PrecisionPath::weight_only;
            kv_chip_.peak[static_cast<int>(hw::Engine::tensor)][static_cast<int>(kv_dtype_)] =
                chip_.peak_of(hw::Engine::tensor, act_dtype_);
        } else {
            issue("kv_dtype", chip_.id + " has no " + std::string(hw::to_string(kv_dtype_)) +
                                  " format for a KV cache (4-bit caches need native support; it has " +
                                  supported_list(chip_) + ")");
        }
    }

    // As in training: a measured sweep's clock is the burst clock, derated on power-limited
    // chips. Its host time per call (eager Python dispatch) is dropped: serving stacks replay
    // captured graphs (CUDA graphs, Neuron compiled graphs), so no per-kernel dispatch remains.
    const double burst = kernels::sustained_clock_fraction(chip_, hw::Dtype::bf16, 1.0);
    if (opt_.calibration) sustained_ = *opt_.calibration;
    sustained_.chip_id = chip_.id;
    sustained_.host_overhead.reset();
    if (burst < 1.0) sustained_.clock_fraction = sustained_.clock_fraction.value_or(burst) * opt_.sustained_clock_derate;
    opt_.calibration = &sustained_;
}

template <class F>
Seconds InferEngine::cached(const Key& key, F&& compute) const {
    {
        std::shared_lock lock(memo_mutex_);
        if (auto it = memo_.find(key); it != memo_.end()) return Seconds(it->second);
    }
    const Seconds t = compute();
    std::unique_lock lock(memo_mutex_);
    memo_.emplace(key, t.value());
    return t;
}

std::int64_t InferEngine::kv_heads_per_chip(int tp) const { return workload::kv_heads_per_chip(model_, tp); }

std::int64_t InferEngine::heads_per_chip(int tp) const {
    const std::int64_t kvc = kv_heads_per_chip(tp);
    const std::int64_t q = (model_.heads + tp - 1) / tp;
    return (q + kvc - 1) / kvc * kvc;  // whole query groups per K/V head
}

std::int64_t InferEngine::ffn_per_chip(std::int64_t width, int ways) const {
    return (width + ways - 1) / std::max(ways, 1);
}

std::int64_t InferEngine::bucket_of(std::int64_t len) const {
    const std::int64_t longest = std::int64_t{std::max(job_.input_len, 1)} + std::max(job_.output_len, 0);
    if (!buckets_ || len >= longest) return len;
    std::int64_t b = 128;  // NxD Inference's smallest default bucket
    while (b < len) b *= 2;
    return std::min(b, longest);
}

double InferEngine::decode_context() const {
    const double isl = job_.input_len, osl = job_.output_len;
    if (!buckets_ || osl <= 1.0) return isl + osl / 2.0;  // mean keys per generated token
    // Positions isl .. isl + osl - 2 produce the tokens after the first; sum each bucket's
    // length over the positions it serves.
    const std::int64_t first = job_.input_len, last = std::int64_t{job_.input_len} + job_.output_len - 2;
    double sum = 0.0;
    for (std::int64_t p = first; p <= last;) {
        const std::int64_t b = bucket_of(p + 1);
        const std::int64_t end = std::min(last, std::max(b - 1, p));
        sum += static_cast<double>(b) * static_cast<double>(end - p + 1);
        p = end + 1;
    }
    return sum / static_cast<double>(last - first + 1);
}

parallel::Reasons InferEngine::check(const InferLayout& l) const {
    parallel::Reasons rs;
    auto add = [&](const char* col, std::string msg) { rs.push_back({col, std::move(msg)}); };
    auto s = [](std::int64_t v) { return std::to_string(v); };
    if (l.tp < 1 || l.pp < 1 || l.ep < 1 || l.replicas < 1) {
        if (l.tp < 1) add("tp", "must be at least 1, got " + s(l.tp));
        if (l.pp < 1) add("pp", "must be at least 1, got " + s(l.pp));
        if (l.ep < 1) add("ep", "must be at least 1, got " + s(l.ep));
        if (l.replicas < 1) add("replicas", "must be at least 1, got " + s(l.replicas));
        return rs;
    }
    if (!pads_tp_) {
        if (!parallel::rule::tp_heads(model_, l.tp))
            add("tp", "tp (" + s(l.tp) + ") must divide heads (" + s(model_.heads) + ")");
        else if (!parallel::rule::tp_kv_heads(model_, l.tp))
            add("tp", "tp (" + s(l.tp) + ") must divide kv_heads (" + s(model_.kv_heads) + ") or be a multiple of it");
        if (model_.dense_blocks() > 0 && model_.ffn % l.tp != 0)
            add("tp", "tp (" + s(l.tp) + ") must divide ffn (" + s(model_.ffn) + ")");
    }
    if (l.tp > model_.heads) add("tp", "tp (" + s(l.tp) + ") exceeds heads (" + s(model_.heads) + ")");
    if (!parallel::rule::tp_domain(placement_, l.tp))
        add("tp", "tp (" + s(l.tp) + ") must tile the scale-up domain of " + s(placement_.chips_per_domain) + " chips (" +
                      system_.id + ")");
    if (!parallel::rule::pp_layers(model_, l.pp)) add("pp", "pp (" + s(l.pp) + ") must divide layers (" + s(model_.layers) + ")");
    if (!model_.is_moe()) {
        if (l.ep != 1) add("ep", "ep > 1 needs an MoE model (experts > 0)");
    } else {
        if (model_.experts % l.ep != 0) add("ep", "ep (" + s(l.ep) + ") must divide experts (" + s(model_.experts) + ")");
        if (l.tp % l.ep != 0) add("ep", "ep (" + s(l.ep) + ") must divide tp (" + s(l.tp) + "): experts split inside the TP group");
        else if (!pads_tp_ && model_.expert_ffn % (l.tp / l.ep) != 0)
            add("tp", "tp/ep (" + s(l.tp / l.ep) + ") must divide expert_ffn (" + s(model_.expert_ffn) + ")");
    }
    const std::int64_t used = std::int64_t{l.replicas} * l.tp * l.pp;
    if (used > chips_)
        add("replicas", "replicas (" + s(l.replicas) + ") x tp (" + s(l.tp) + ") x pp (" + s(l.pp) + ") = " + s(used) +
                            " exceeds chips (" + s(chips_) + ")");
    return rs;
}

InferMemory InferEngine::memory(const InferLayout& l, int batch) const {
    InferMemory m;
    m.capacity = capacity_;
    const double h = model_.hidden, hd = model_.head_dim;
    const double hq = static_cast<double>(heads_per_chip(l.tp));
    const double kvc = static_cast<double>(kv_heads_per_chip(l.tp));
    const double wb = hw::bytes_per_element(job_.weight_dtype);
    const double ab = hw::bytes_per_element(act_dtype_);
    const double up = model_.ffn_act == workload::FfnActivation::swiglu ? 2.0 : 1.0;
    const double mats = model_.ffn_matrices();
    const double etp = static_cast<double>(l.tp) / std::max(1, l.ep);
    // GEMM weights per chip of one block (quantized), and the 16-bit rest (norms, router).
    const double attn = 2.0 * h * hq * hd + 2.0 * h * kvc * hd;
    const double dense_q = attn + mats * h * static_cast<double>(ffn_per_chip(model_.ffn, l.tp));
    double moe_q = attn + mats * h * static_cast<double>(ffn_per_chip(std::int64_t{model_.shared_experts} * model_.expert_ffn, l.tp));
    if (model_.is_moe())
        moe_q += static_cast<double>(model_.experts) / l.ep * mats * h *
                 static_cast<double>(ffn_per_chip(model_.expert_ffn, l.tp / l.ep));
    const double dense_b = dense_q * wb + 2.0 * h * ab;
    const double moe_b = moe_q * wb + (2.0 * h + h * model_.experts) * ab;
    // The embedding table and LM head stay 16-bit (quantized checkpoints keep them so), split
    // over the vocabulary.
    const double table = std::ceil(static_cast<double>(model_.vocab) / l.tp) * h * ab;
    const int per_stage = model_.layers / std::max(1, l.pp);
    double worst = 0.0;
    for (int r = 0; r < l.pp; ++r) {
        const int dense = std::clamp(model_.dense_blocks() - r * per_stage, 0, per_stage);
        double bytes = dense * dense_b + (per_stage - dense) * moe_b;
        if (r == 0) bytes += table;
        if (r == l.pp - 1 && !(model_.tied_embeddings && l.pp == 1)) bytes += table + h * ab;
        worst = std::max(worst, bytes);
    }
    m.weights = Bytes(worst);
    // Activation buffers sized for one iteration of max_num_tokens (TensorRT-LLM and vLLM
    // preallocate them): the residual stream, a norm output and the attention/QKV output,
    // the widest FFN intermediate (up and its activation), plus fp32 logits of the tokens
    // sampled at once.
    const double T = opt_.max_num_tokens;
    double f_local = model_.dense_blocks() > 0 ? static_cast<double>(ffn_per_chip(model_.ffn, l.tp)) : 0.0;
    if (model_.is_moe())
        f_local = std::max(f_local, (static_cast<double>(model_.experts_per_token) / etp +
                                     static_cast<double>(model_.shared_experts) / l.tp) *
                                        model_.expert_ffn);
    const double qkv = (hq + 2.0 * kvc) * hd;
    const double per_token = ab * (2.0 * h + std::max(h, qkv) + (up + 1.0) * f_local);
    const double sampled = std::min<double>(T, opt_.max_batch);
    m.activations = Bytes(T * per_token + sampled * std::ceil(static_cast<double>(model_.vocab) / l.tp) * 4.0);
    m.reserve = opt_.reserve_fixed;
    const double free = (capacity_ - m.weights - m.activations - m.reserve).value();
    m.kv_pool = Bytes(std::max(0.0, free) * opt_.kv_memory_fraction);
    m.kv_per_token = Bytes(2.0 * per_stage * kvc * hd * hw::bytes_per_element(kv_dtype_));
    const std::int64_t block = opt_.kv_block_tokens;
    const std::int64_t len = std::int64_t{std::max(job_.input_len, 0)} + std::max(job_.output_len, 0);
    m.tokens_per_sequence = std::max<std::int64_t>(1, (len + block - 1) / block) * block;
    const double per_seq = m.kv_per_token.value() * static_cast<double>(m.tokens_per_sequence);
    m.max_batch = per_seq > 0.0 ? static_cast<int>(std::min(1e9, std::floor(m.kv_pool.value() / per_seq))) : 0;
    m.kv_used = Bytes(per_seq * std::max(batch, 0));
    return m;
}

std::optional<std::string> InferEngine::memory_reason(const InferLayout& l) const {
    InferMemory m = memory(l, 0);
    const std::string where = " (tp " + std::to_string(l.tp) + ", pp " + std::to_string(l.pp) + ")";
    if ((m.weights + m.activations + m.reserve) >= m.capacity)
        return "weights " + gib(m.weights) + " GiB + activation buffers " + gib(m.activations) + " GiB + runtime reserve " +
               gib(m.reserve) + " GiB per chip exceed the " + gib(m.capacity) + " GiB of HBM" + where;
    if (m.max_batch < 1)
        return "one sequence of " + std::to_string(m.tokens_per_sequence) + " tokens needs " +
               gib(m.kv_per_token * static_cast<double>(m.tokens_per_sequence)) + " GiB of KV cache per chip; " +
               gib(m.kv_pool) + " GiB is left for it" + where;
    return std::nullopt;
}

Seconds InferEngine::gemm(std::int64_t m, std::int64_t n, std::int64_t k, std::int64_t batch, bool quantized) const {
    return cached(Key{kGemm, m, n, k, batch, quantized ? 1 : 0}, [&] {
        kernels::GemmOptions o;
        o.calibration = opt_.calibration;
        if (!quantized) return time_of(kernels::gemm(chip_, {m, n, k, batch, act_dtype_}, o));
        Seconds t = time_of(kernels::gemm(weight_chip_, {m, n, k, batch, gemm_dtype_}, o));
        if (weight_path_ == PrecisionPath::weight_only) {
            // Dequantization (scale and convert, ~2 operations per weight) runs on the vector
            // ALUs (CUDA cores / VectorE and ScalarE) while the weights stream in.
            const double alu = chip_.peak_of(hw::Engine::vector, hw::Dtype::fp32).value() +
                               chip_.peak_of(hw::Engine::scalar, hw::Dtype::fp32).value();
            if (alu > 0.0) t = max(t, Seconds(2.0 * static_cast<double>(n) * k * batch / alu));
        }
        return t;
    });
}

Seconds InferEngine::vector(int kind, double elements, int inputs) const {
    kernels::VectorOpShape v;
    v.kind = static_cast<kernels::VectorKind>(kind);
    v.elements = whole(elements);
    v.inputs = std::max(1, inputs);
    v.dtype = act_dtype_;
    const Seconds t = time_of(kernels::vector_op(chip_, v));
    // The framework's efficiency applies to the streaming part, not the fixed start-up.
    const Seconds fixed(kernels::first_data_latency_s(chip_) + kernels::launch_overhead_s(chip_));
    const double eff = v.kind == kernels::VectorKind::norm      ? opt_.norm_efficiency
                       : v.kind == kernels::VectorKind::softmax ? opt_.softmax_efficiency
                                                                : opt_.elementwise_efficiency;
    return fixed + max(Seconds(0.0), t - fixed) / eff;
}

Seconds InferEngine::collective(kernels::Collective op, int ranks, int stride, Bytes bytes) const {
    // A TP group (stride 1) holds whole chips, so on Neuron it also spans every NeuronCore of
    // them: one rank per core, and one chip is a group of its cores.
    const int per_chip = stride == 1 ? kernels::collective_ranks_per_chip(chip_) : 1;
    if (ranks < 1 || ranks * per_chip <= 1 || bytes.value() <= 0.0) return Seconds(0.0);
    return cached(Key{kCollective, static_cast<std::int64_t>(op), ranks, stride, std::llround(bytes.value()), 0}, [&] {
        kernels::CollectiveRequest r;
        r.op = op;
        r.group.ranks = ranks;
        r.group.ranks_per_chip = per_chip;
        r.group.ranks_per_node = std::clamp(placement_.chips_per_node / std::max(stride, 1), 1, ranks);
        r.group.ranks_per_domain = std::clamp(placement_.chips_per_domain / std::max(stride, 1), 1, ranks);
        r.bytes = bytes;
        auto e = network_.estimate(r);
        if (!e.result) return Seconds(0.0);
        return e.result->time + opt_.collective_sync.value_or(kernels::collective_sync_s(chip_));
    });
}

InferEngine::LayerCost InferEngine::layer_linear(const InferLayout& l, std::int64_t T, bool moe) const {
    LayerCost c;
    const Key base{kLinear, l.tp, l.ep, moe ? 1 : 0, T, 0};
    auto part = [&](int which, auto&& f) {
        Key k = base;
        k[5] = which;
        return cached(k, f);
    };
    const std::int64_t h = model_.hidden, hd = model_.head_dim;
    const std::int64_t hq = heads_per_chip(l.tp);
    const std::int64_t kvc = kv_heads_per_chip(l.tp);
    const int up = model_.ffn_act == workload::FfnActivation::swiglu ? 2 : 1;
    const double t = static_cast<double>(T);
    const std::int64_t f = ffn_per_chip(model_.ffn, l.tp);
    c.gemm = part(0, [&] {
        Seconds g = gemm(T, (hq + 2 * kvc) * hd, h, 1, true) + gemm(T, h, hq * hd, 1, true);
        if (!moe) {
            return g + gemm(T, up * f, h, 1, true) + gemm(T, h, f, 1, true);
        }
        // Router, then the local experts a pass touches: with T tokens each picking k of E,
        // an expert is hit with probability 1 − (1 − k/E)^T; untouched experts are not read.
        const double E = model_.experts, k = model_.experts_per_token;
        const double local = E / l.ep;
        const double touched = std::max(1.0, local * (1.0 - std::pow(1.0 - k / E, t)));
        const double rows = t * k * (local / E) / touched;
        const std::int64_t ef = ffn_per_chip(model_.expert_ffn, l.tp / l.ep);
        const std::int64_t groups = static_cast<std::int64_t>(std::ceil(touched - 1e-9));
        g += gemm(T, model_.experts, h, 1, false);
        g += gemm(whole(rows), up * ef, h, groups, true) + gemm(whole(rows), h, ef, groups, true);
        if (model_.shared_experts > 0) {
            const std::int64_t sf = ffn_per_chip(std::int64_t{model_.shared_experts} * model_.expert_ffn, l.tp);
            g += gemm(T, up * sf, h, 1, true) + gemm(T, h, sf, 1, true);
        }
        return g;
    });
    c.vector = part(1, [&] {
        using K = kernels::VectorKind;
        // Residual adds are fused into the following RMSNorm (vLLM fused_add_rms_norm,
        // TensorRT-LLM's fused residual norm): two passes of two inputs per block.
        Seconds v = vector(static_cast<int>(K::norm), t * h, 2) * 2.0;
        if (!moe) return v + vector(static_cast<int>(K::elementwise), t * static_cast<double>(f), up);
        const double k = model_.experts_per_token;
        const double ef = static_cast<double>(model_.expert_ffn) / (static_cast<double>(l.tp) / l.ep);
        v += vector(static_cast<int>(K::elementwise), t * k / l.ep * ef, up);
        // Gather tokens to their experts and the weighted combine.
        v += vector(static_cast<int>(K::elementwise), t * k / l.ep * h, 1) + vector(static_cast<int>(K::elementwise), t * h, 2);
        if (model_.shared_experts > 0)
            v += vector(static_cast<int>(K::elementwise), t * model_.shared_experts * model_.expert_ffn / l.tp, up);
        return v;
    });
    // Tensor parallelism: the attention output and the FFN (or expert) output are all-reduced
    // in 16 bit; experts inside the TP group add their partial sums in the same all-reduce.
    c.comm = collective(kernels::Collective::all_reduce, l.tp, 1, Bytes(t * h * hw::bytes_per_element(act_dtype_))) * 2.0;
    return c;
}

InferEngine::LayerCost InferEngine::head_cost(const InferLayout& l, std::int64_t outputs) const {
    LayerCost c;
    const std::int64_t vocab = (model_.vocab + l.tp - 1) / l.tp;
    const double o = static_cast<double>(outputs);
    c.gemm = gemm(outputs, vocab, model_.hidden, 1, false);
    c.vector = cached(Key{kHead, l.tp, outputs, 0, 0, 0}, [&] {
        return vector(static_cast<int>(kernels::VectorKind::norm), o * model_.hidden, 1) +
               vector(static_cast<int>(kernels::VectorKind::softmax), o * static_cast<double>(vocab), 1);
    });
    // Vocabulary-parallel logits are gathered before sampling.
    c.comm = collective(kernels::Collective::all_gather, l.tp, 1,
                        Bytes(o * static_cast<double>(vocab) * hw::bytes_per_element(act_dtype_)));
    return c;
}

Seconds InferEngine::embed_cost(std::int64_t tokens) const {
    return vector(static_cast<int>(kernels::VectorKind::elementwise), static_cast<double>(tokens) * model_.hidden, 1);
}

Seconds InferEngine::decode_attention(const InferLayout& l, std::int64_t seqs, std::int64_t context) const {
    return cached(Key{kDecodeAttn, l.tp, seqs, context, 0, 0}, [&] {
        kernels::AttentionShape a;
        a.batch = seqs;
        a.heads = heads_per_chip(l.tp);
        a.kv_heads = kv_heads_per_chip(l.tp);
        a.q_len = 1;
        a.kv_len = std::max<std::int64_t>(context, 1);
        a.head_dim = model_.head_dim;
        a.dtype = kv_dtype_;
        kernels::AttentionOptions o;
        o.calibration = opt_.calibration;
        return time_of(kernels::attention(kv_chip_, a, o));
    });
}

Seconds InferEngine::prompt_attention(const InferLayout& l, std::int64_t prompts, std::int64_t chunk) const {
    const std::int64_t isl = bucket_of(job_.input_len);
    chunk = std::clamp<std::int64_t>(chunk, 1, isl);
    return cached(Key{kPromptAttn, l.tp, prompts, chunk, isl, 0}, [&] {
        kernels::AttentionShape a;
        a.batch = prompts;
        a.heads = heads_per_chip(l.tp);
        a.kv_heads = kv_heads_per_chip(l.tp);
        a.head_dim = model_.head_dim;
        a.dtype = act_dtype_;  // flash attention over the prompt runs in 16 bit
        kernels::AttentionOptions o;
        o.calibration = opt_.calibration;
        // Chunk i sees every key before it (causal). Long prompts in many chunks are timed at
        // up to 64 representative chunks, each standing for its neighbours.
        const std::int64_t chunks = (isl + chunk - 1) / chunk;
        const std::int64_t groups = std::min<std::int64_t>(chunks, 64);
        Seconds total{};
        for (std::int64_t g = 0; g < groups; ++g) {
            const std::int64_t lo = g * chunks / groups, hi = (g + 1) * chunks / groups;
            const std::int64_t mid = (lo + hi - 1) / 2;
            const std::int64_t end = std::min(isl, (mid + 1) * chunk);
            a.q_len = end - mid * chunk;
            a.kv_len = end;
            total += time_of(kernels::attention(chip_, a, o)) * static_cast<double>(hi - lo);
        }
        return total;
    });
}

Seconds InferEngine::pass_time(const InferLayout& l, const Pass& p, PassBreakdown* b) const {
    // Pipeline: the pass splits into up to pp micro-batches so every stage has work.
    const double seqs = p.decodes + (p.prefill_tokens > 0.0 ? 1.0 : 0.0);
    const int m = l.pp > 1 ? static_cast<int>(std::clamp<double>(std::floor(seqs), 1.0, l.pp)) : 1;
    const double decodes = p.decodes / m;
    const std::int64_t tokens = whole((p.decodes + p.prefill_tokens) / m);
    const std::int64_t outputs = whole(p.outputs / m);
    const Seconds prefill_attn = p.prefill_attention / m;
    const Seconds dec_attn = decodes >= 0.5 ? decode_attention(l, whole(decodes), whole(p.decode_context)) : Seconds(0.0);
    const LayerCost dense = model_.dense_blocks() > 0 ? layer_linear(l, tokens, false) : LayerCost{};
    const LayerCost moe = model_.moe_blocks() > 0 ? layer_linear(l, tokens, true) : LayerCost{};
    const LayerCost head = head_cost(l, outputs);
    const Seconds embed = embed_cost(tokens);

    const int per_stage = model_.layers / l.pp;
    Seconds stage_max{}, path{};
    PassBreakdown sum;
    for (int r = 0; r < l.pp; ++r) {
        const int nd = std::clamp(model_.dense_blocks() - r * per_stage, 0, per_stage);
        const int ne = per_stage - nd;
        PassBreakdown s;
        s.gemm = dense.gemm * nd + moe.gemm * ne;
        s.vector = dense.vector * nd + moe.vector * ne;
        s.tp_comm = dense.comm * nd + moe.comm * ne;
        s.attention = (dec_attn + prefill_attn) * per_stage;
        if (r == 0) s.vector += embed;
        if (r == l.pp - 1) {
            s.gemm += head.gemm;
            s.vector += head.vector;
            s.tp_comm += head.comm;
        }
        const Seconds stage = s.gemm + s.vector + s.tp_comm + s.attention;
        stage_max = max(stage_max, stage);
        path += stage;
        sum.gemm += s.gemm;
        sum.vector += s.vector;
        sum.tp_comm += s.tp_comm;
        sum.attention += s.attention;
    }
    Seconds p2p{};
    if (l.pp > 1)
        p2p = collective(kernels::Collective::send_recv, 2, l.tp,
                         Bytes(static_cast<double>(tokens) * model_.hidden * hw::bytes_per_element(act_dtype_)));
    sum.pp_comm = p2p * (l.pp - 1);
    path += sum.pp_comm;
    // A token crosses every stage in turn; with m micro-batches in flight the slowest stage
    // sets the rate.
    const Seconds total = max(path, (stage_max + p2p) * m);
    if (b) {
        const double k = path.value() > 0.0 ? total.value() / path.value() : 1.0;
        b->gemm = sum.gemm * k;
        b->attention = sum.attention * k;
        b->vector = sum.vector * k;
        b->tp_comm = sum.tp_comm * k;
        b->pp_comm = sum.pp_comm * k;
        b->total = total;
    }
    return total;
}

PassBreakdown scaled(const PassBreakdown& b, double k) {
    return {b.gemm * k, b.attention * k, b.vector * k, b.tp_comm * k, b.pp_comm * k, b.total * k};
}

Seconds InferEngine::prefill_time(const InferLayout& l, int prompts, PassBreakdown* b) const {
    // All prompts of the batch in one context-encoding pass, chunked to max_num_tokens, each
    // padded to its length bucket.
    const std::int64_t isl = bucket_of(job_.input_len);
    const std::int64_t n = std::max(prompts, 1);
    const std::int64_t chunk = std::clamp<std::int64_t>(opt_.max_num_tokens / n, 1, isl);
    const std::int64_t chunks = (isl + chunk - 1) / chunk;
    Pass p;
    p.prefill_tokens = static_cast<double>(n * isl) / chunks;
    p.prefill_attention = prompt_attention(l, n, chunk) / static_cast<double>(chunks);
    p.outputs = static_cast<double>(n) / chunks;
    const Seconds t = pass_time(l, p, b) * static_cast<double>(chunks);
    if (b) *b = scaled(*b, static_cast<double>(chunks));
    return t;
}

Seconds InferEngine::decode_step(const InferLayout& l, int batch, double context) const {
    Pass p;
    p.decodes = std::max(batch, 1);
    p.decode_context = context;
    p.outputs = p.decodes;
    return pass_time(l, p);
}

ServingPoint InferEngine::serve(const InferLayout& l, int batch) const {
    ServingPoint sp;
    const int b = std::max(batch, 1);
    sp.batch = b;
    const double isl = job_.input_len, osl = job_.output_len;
    const double context = decode_context();
    if (batching_ == Batching::separate || job_.output_len <= 1) {
        // The batch's prompts prefill together, then decode together.
        sp.prefill = prefill_time(l, b, &sp.first_token);
        sp.ttft = sp.prefill;
        Pass d;
        d.decodes = b;
        d.decode_context = context;
        d.outputs = b;
        const Seconds step = job_.output_len > 1 ? pass_time(l, d, &sp.decode) : Seconds(0.0);
        sp.iteration = step;
        sp.tpot = step;
        sp.decoding = job_.output_len > 1 ? b : 0.0;
        const Seconds cycle = sp.prefill + step * (osl - 1.0);
        sp.tokens_per_s = cycle.value() > 0.0 ? b * osl / cycle.value() : 0.0;
        return sp;
    }
    // Continuous batching with chunked prefill. A request lives one prefill iteration (more
    // when its prompt is chunked) and osl − 1 decode iterations; with b in flight, d of them
    // generate in an average iteration and λ = d/(osl − 1) prompts start, so p = λ·isl prompt
    // tokens join the d decode rows, within the max_num_tokens budget (which caps d).
    const double N = opt_.max_num_tokens;
    const double r = osl - 1.0;
    const double d = std::min(b * r / osl, N * r / (r + isl));
    const double lambda = d / r;
    const std::int64_t chunk = std::clamp<std::int64_t>(std::llround(N - d), 1, job_.input_len);
    const double chunks = std::ceil(isl / static_cast<double>(chunk));
    const Seconds prompt_attn = prompt_attention(l, 1, chunk);
    Pass plain;
    plain.decodes = d;
    plain.decode_context = context;
    plain.outputs = d;
    const Seconds t_plain = pass_time(l, plain);
    // Iterations that carry prompt tokens (a share f of them when prompts are sparse).
    auto mixed = [&](double rate, double decodes) {
        const double f = std::min(1.0, rate * chunks);
        if (f <= 0.0) return Seconds(0.0);
        Pass q;
        q.decodes = decodes;
        q.decode_context = context;
        q.prefill_tokens = rate * isl / f;
        q.prefill_attention = prompt_attn * (rate / f);
        q.outputs = decodes + rate / f;
        return pass_time(l, q) * f;
    };
    const double f_all = std::min(1.0, lambda * chunks);
    sp.iteration = mixed(lambda, d) + t_plain * (1.0 - f_all);
    sp.decoding = d;
    sp.prefill_tokens = lambda * isl;
    sp.tokens_per_s = sp.iteration.value() > 0.0 ? (d + lambda) / sp.iteration.value() : 0.0;
    // A generating sequence shares its iterations with the other b − 1 requests' prompts.
    const double others = lambda * (b - 1.0) / b;
    const double f_o = std::min(1.0, others * chunks);
    Pass dec = plain;
    sp.tpot = mixed(others, d) + pass_time(l, dec, &sp.decode) * (1.0 - f_o);
    // A new prompt runs chunk by chunk beside the others' decode rows.
    Pass first;
    first.decodes = d * (b - 1.0) / b;
    first.decode_context = context;
    first.prefill_tokens = isl / chunks;
    first.prefill_attention = prompt_attn / chunks;
    first.outputs = first.decodes + 1.0 / chunks;
    sp.ttft = pass_time(l, first, &sp.first_token) * chunks;
    sp.first_token = scaled(sp.first_token, chunks);
    Pass alone;
    alone.prefill_tokens = isl / chunks;
    alone.prefill_attention = prompt_attn / chunks;
    alone.outputs = 1.0 / chunks;
    sp.prefill = pass_time(l, alone) * chunks;
    return sp;
}

InferEngine::SloSearch InferEngine::largest_batch(const InferLayout& l, int limit, std::optional<Seconds> ttft,
                                                  std::optional<Seconds> tpot) const {
    SloSearch s;
    auto meets = [&](const ServingPoint& p) {
        return (!ttft || p.ttft <= *ttft) && (!tpot || p.tpot <= *tpot);
    };
    s.at_one = serve(l, 1);
    s.evaluated = 1;
    if (!meets(s.at_one) || limit < 1) return s;
    int lo = 1, hi = limit;
    ServingPoint best = s.at_one;
    if (hi > 1) {
        ServingPoint top = serve(l, hi);
        ++s.evaluated;
        if (meets(top)) {
            s.best = top;
            return s;
        }
        // Invariant: lo meets, hi does not.
        while (hi - lo > 1) {
            const int mid = lo + (hi - lo) / 2;
            ServingPoint p = serve(l, mid);
            ++s.evaluated;
            if (meets(p)) {
                lo = mid;
                best = p;
            } else {
                hi = mid;
            }
        }
    }
    s.best = best;
    return s;
}

int InferEngine::max_throughput_batch(const InferLayout& l) const {
    return std::min(memory(l, 0).max_batch, opt_.max_batch);
}

}  // namespace rackplan::engine
