#include "kernels/attention.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "kernels/chip_traits.h"
#include "kernels/gemm_calibration.h"
#include "kernels/gemm_families.h"

namespace rackplan::kernels {
namespace {

using hw::Architecture;
using hw::Dtype;
using hw::Engine;

// Query rows that share one KV head's tile below this go through the decode path: a tensor
// core tile needs 64 rows (wgmma M) and a TensorE moving tile 64 columns to be worth it.
constexpr double kDecodeRows = 64.0;
// Vector work per attention score: scale, running max, subtract, exp, row sum, convert
// (~8 FP32 operations counting exp through the SFU as ~3).
constexpr double kSoftmaxOpsPerScore = 8.0;
// Share of the softmax time not hidden under the MMAs. FlashAttention-3 pipelines the
// softmax of one tile under the next tile's MMAs, but both issue from the same warps: cuDNN's
// SDPA on an H100 SXM ran 637/641 TFLOP/s (16k, head_dim 128, non-causal/causal) and
// 548 TFLOP/s (8 x 2k causal, GQA) in this repo's device check of 2026-11-26, which is the
// two phases adding up (FlashAttention-2 in torch: 360/346/295).
constexpr double kExposedShare = 1.0;
constexpr double kSyncCycles = 64.0;  // per MMA group, as in gemm_gpu.cpp

double visible_pairs(const AttentionShape& s) {
    const double q = static_cast<double>(s.q_len), kv = static_cast<double>(s.kv_len);
    if (!s.causal) return q * kv;
    const double past = std::max(0.0, kv - q);  // every query sees the cached prefix
    const double fresh = std::min(q, kv);
    return q * past + fresh * (fresh + 1.0) / 2.0;
}

// Kv blocks a causal/non-causal query block must visit, summed over q blocks and the largest.
struct BlockWork {
    double total = 0.0, longest = 0.0;
};
BlockWork block_work(const AttentionShape& s, double br, double bc) {
    BlockWork w;
    const double q = static_cast<double>(s.q_len), kv = static_cast<double>(s.kv_len);
    const double q_blocks = std::ceil(q / br);
    if (!s.causal) {
        w.longest = std::ceil(kv / bc);
        w.total = q_blocks * w.longest;
        return w;
    }
    const double past = std::max(0.0, kv - q);
    for (double i = 0; i < q_blocks; ++i) {
        const double last_key = std::min(kv, past + std::min(q, (i + 1.0) * br));
        const double blocks = std::ceil(last_key / bc);
        w.total += blocks;
        w.longest = std::max(w.longest, blocks);
    }
    return w;
}

struct Timing {
    double body = 0.0;
    bool memory_bound = false;
    double tile_efficiency = 0.0;  // for detail
};

double kv_bytes(const AttentionShape& s, double kv_heads) {
    const double e = hw::bytes_per_element(s.dtype);
    const double b = static_cast<double>(s.batch), d = static_cast<double>(s.head_dim);
    const double q_o = 2.0 * b * static_cast<double>(s.heads) * static_cast<double>(s.q_len) * d * e;
    return 2.0 * b * kv_heads * static_cast<double>(s.kv_len) * d * e + q_o;
}

Timing gpu_prefill(const hw::ChipSpec& chip, const AttentionShape& s, int cores, double f) {
    const double clock = tensor_clock_hz(chip) * f;
    const double fpc = tensor_flops_per_clock(chip, s.dtype);
    const double d = static_cast<double>(s.head_dim);
    const double vec = chip.peak_of(Engine::vector, Dtype::fp32).value();
    const double vec_per_clock = vec > 0.0 ? vec / (std::max(1, chip.cores) * tensor_clock_hz(chip)) : fpc / 16.0;
    const double br = 128.0, bc = d > 128.0 ? 64.0 : 128.0;  // shared memory holds Q, K, V tiles
    const double mma = 2.0 * 2.0 * br * bc * d / fpc;
    const double softmax = br * bc * kSoftmaxOpsPerScore / vec_per_clock;
    const double step = (std::max(mma, softmax) + kExposedShare * std::min(mma, softmax) + 2.0 * kSyncCycles) / clock;
    const BlockWork w = block_work(s, br, bc);
    const double ctas = static_cast<double>(s.batch * s.heads) * std::ceil(static_cast<double>(s.q_len) / br);
    const double per_cta_total = static_cast<double>(s.batch * s.heads) * w.total;
    double compute = 0.0;
    if (s.causal) compute = std::max(per_cta_total / cores, w.longest) * step;  // longest-first scheduling
    else compute = std::ceil(ctas / cores) * w.longest * step;
    // Each wave of CTAs waits for its first Q, K and V tiles before the first MMA.
    compute += std::ceil(ctas / cores) * first_data_latency_s(chip);
    const double kvh = static_cast<double>(s.kv_heads > 0 ? s.kv_heads : s.heads);
    const double t_mem = kv_bytes(s, kvh) / achievable_hbm_bandwidth(chip, cores);
    Timing t;
    t.body = std::max(compute, t_mem);
    t.memory_bound = t_mem > compute;
    t.tile_efficiency = mma / (std::max(mma, softmax) + kExposedShare * std::min(mma, softmax) + 2.0 * kSyncCycles);
    return t;
}

Timing neuron_prefill(const hw::ChipSpec& chip, const AttentionShape& s, int cores, double f) {
    const double clock = tensor_clock_hz(chip) * f;
    const double vclock = vector_clock_hz(chip);
    const double rows = chip.matrix_rows > 0 ? chip.matrix_rows : 128.0;
    const double d = static_cast<double>(s.head_dim);
    const double br = 128.0, bc = 512.0;  // q rows on partitions, keys on the free axis (one PSUM bank)
    // TensorE per block: QKᵀ (contract over d), four 128x128 transposes of P, PV (contract over keys).
    const double qk = std::ceil(d / rows) * bc;
    const double transpose = (bc / rows) * 128.0;
    const double pv = (bc / rows) * std::ceil(d / 512.0) * std::max(std::min(d, 512.0), 64.0);
    const double t_pe = (qk + transpose + pv) / clock;
    // VectorE: row max over the scores and the output rescale/accumulate; ScalarE: exp with
    // the max as bias, summing as it goes.
    const double t_vec = (bc + 2.0 * d) / vclock;
    const double t_act = bc / vclock;
    const double step = std::max({t_pe, t_vec, t_act});
    const BlockWork w = block_work(s, br, bc);
    const double total = static_cast<double>(s.batch * s.heads) * w.total;
    const double compute = std::max(total / cores, w.longest) * step;
    const double kvh = static_cast<double>(s.kv_heads > 0 ? s.kv_heads : s.heads);
    const double t_mem = kv_bytes(s, kvh) / achievable_hbm_bandwidth(chip, cores);
    Timing t;
    t.body = std::max(compute, t_mem);
    t.memory_bound = t_mem > compute;
    t.tile_efficiency = (2.0 * 2.0 * br * bc * d / (2.0 * rows * rows * clock)) / step;
    return t;
}

Timing tpu_prefill(const hw::ChipSpec& chip, const AttentionShape& s, int cores, double f) {
    // Scores and PV on the weight-stationary MXUs: K (then V) tiles are the weights and the
    // query rows stream through, max(q rows, rows) cycles per tile pass; the softmax runs on
    // the VPU (128 lanes x 8 sublanes per cycle). XLA's fused kernel keeps scores in VMEM
    // but does not overlap VPU and MXU work.
    const double rows = chip.matrix_rows > 0 ? chip.matrix_rows : 128.0;
    const double cols = chip.matrix_cols > 0 ? chip.matrix_cols : 128.0;
    const double mxus = static_cast<double>(cores) * std::max(1, chip.units_per_core);
    const double clock = tensor_clock_hz(chip) * f;
    const double rate = detail::matrix_peak(chip, s.dtype) / (std::max(1, chip.cores) * std::max(1, chip.units_per_core) * rows * cols * 2.0 * tensor_clock_hz(chip));
    const double q = std::ceil(static_cast<double>(s.q_len) / 8.0) * 8.0;
    const double kv = static_cast<double>(s.kv_len), d = static_cast<double>(s.head_dim);
    const double visible = visible_pairs(s) / (static_cast<double>(s.q_len) * kv);
    const double passes = std::ceil(d / rows) * std::ceil(kv / cols) + std::ceil(kv / rows) * std::ceil(d / cols);
    const double bh = static_cast<double>(s.batch * s.heads);
    const double mxu_s = std::ceil(bh * passes * visible / mxus) * std::max(q, rows) / (rate > 0.0 ? rate : 1.0) / clock;
    const double vpu_s = bh * visible_pairs(s) * kSoftmaxOpsPerScore / (1024.0 * clock * cores);
    const double kvh = static_cast<double>(s.kv_heads > 0 ? s.kv_heads : s.heads);
    const double t_mem = kv_bytes(s, kvh) / achievable_hbm_bandwidth(chip, cores);
    Timing t;
    t.body = std::max(mxu_s + vpu_s, t_mem);
    t.memory_bound = t_mem > mxu_s + vpu_s;
    t.tile_efficiency = mxu_s / (mxu_s + vpu_s);
    return t;
}

Timing decode(const hw::ChipSpec& chip, const AttentionShape& s, int cores, double f) {
    // Stream K and V once; the split-KV partial results are tiny. Work units are
    // (sequence, KV head, 256-key chunk); too few of them cannot keep HBM busy.
    const double kvh = static_cast<double>(s.kv_heads > 0 ? s.kv_heads : s.heads);
    const double units = static_cast<double>(s.batch) * kvh * std::ceil(static_cast<double>(s.kv_len) / 256.0);
    const int busy = static_cast<int>(std::clamp(units, 1.0, static_cast<double>(cores)));
    const double t_mem = kv_bytes(s, kvh) / achievable_hbm_bandwidth(chip, busy);
    // The matrix units run at rows/64 occupancy (a tile needs 64 query rows per KV head).
    const double rows = static_cast<double>(s.q_len) * static_cast<double>(s.heads) / kvh;
    const double peak = detail::matrix_peak(chip, s.dtype) * cores / std::max(1, chip.cores) * f;
    const double t_compute = attention_flops(s) / (peak * std::min(1.0, rows / kDecodeRows));
    Timing t;
    t.body = std::max(t_mem, t_compute);
    t.memory_bound = t_mem >= t_compute;
    return t;
}

}  // namespace

double attention_flops(const AttentionShape& s) {
    return 4.0 * static_cast<double>(s.batch) * static_cast<double>(s.heads) * static_cast<double>(s.head_dim) * visible_pairs(s);
}

KernelEstimate attention(const hw::ChipSpec& chip, const AttentionShape& s, const AttentionOptions& o) {
    KernelEstimate out;
    auto positive = [&](std::int64_t v, const char* name) {
        if (v <= 0) out.issues.push_back({std::string("attention.") + name, std::string(name) + " must be positive, got " + std::to_string(v)});
    };
    positive(s.batch, "batch");
    positive(s.heads, "heads");
    positive(s.q_len, "q_len");
    positive(s.kv_len, "kv_len");
    positive(s.head_dim, "head_dim");
    if (s.kv_heads < 0 || (s.kv_heads > 0 && s.heads > 0 && s.heads % s.kv_heads != 0))
        out.issues.push_back({"attention.kv_heads", "kv_heads must divide heads (" + std::to_string(s.heads) + "), got " +
                                                        std::to_string(s.kv_heads)});
    if (s.q_len > s.kv_len && s.kv_len > 0)
        out.issues.push_back({"attention.q_len", "q_len (" + std::to_string(s.q_len) + ") exceeds kv_len (" + std::to_string(s.kv_len) + ")"});
    if (o.cores < 0 || o.cores > chip.cores)
        out.issues.push_back({"attention.cores", "cores must be between 1 and " + std::to_string(chip.cores) + " for " + chip.id +
                                                     " (0 = all), got " + std::to_string(o.cores)});
    if (detail::matrix_peak(chip, s.dtype) <= 0.0)
        out.issues.push_back({"attention.dtype", chip.id + " has no dense " + std::string(hw::to_string(s.dtype)) + " matrix rate"});
    if (chip.hbm_bandwidth.value() <= 0.0)
        out.issues.push_back({"chips." + chip.id + ".hbm.bandwidth", "chip has no HBM bandwidth"});
    if (!out.issues.empty()) return out;

    const int cores = o.cores == 0 ? chip.cores : o.cores;
    const GemmCalibration* cal = o.calibration;
    const double share = static_cast<double>(cores) / std::max(1, chip.cores);
    double f = 1.0;
    if (chip.architecture == Architecture::gpu_sm || chip.architecture == Architecture::amd_cdna)
        f = sustained_clock_fraction(chip, s.dtype, share, cal ? cal->clock_fraction : std::nullopt);
    else if (cal && cal->clock_fraction)
        f = std::clamp(*cal->clock_fraction, 0.05, 1.0);

    const double kvh = static_cast<double>(s.kv_heads > 0 ? s.kv_heads : s.heads);
    const bool is_decode = static_cast<double>(s.q_len) * static_cast<double>(s.heads) / kvh < kDecodeRows;
    Timing t;
    if (is_decode) t = decode(chip, s, cores, f);
    else {
        switch (chip.architecture) {
            case Architecture::gpu_sm:
            case Architecture::amd_cdna: t = gpu_prefill(chip, s, cores, f); break;
            case Architecture::neuroncore: t = neuron_prefill(chip, s, cores, f); break;
            case Architecture::tpu_mxu: t = tpu_prefill(chip, s, cores, f); break;
        }
    }
    const double launch = o.include_launch ? ((cal && cal->launch_overhead) ? cal->launch_overhead->value() : launch_overhead_s(chip)) : 0.0;
    const double fixed = first_data_latency_s(chip) + launch;
    KernelResult r;
    r.time = units::Seconds(t.body + fixed);
    r.achieved = units::FlopsPerSecond(attention_flops(s) / r.time.value());
    r.efficiency = r.achieved.value() / (detail::matrix_peak(chip, s.dtype) * share);
    r.bandwidth = units::BytesPerSecond(kv_bytes(s, kvh) / r.time.value());
    r.bound = fixed > t.body ? "latency" : (t.memory_bound ? "memory" : "compute");
    if (o.detail) {
        char buf[160];
        if (is_decode)
            std::snprintf(buf, sizeof buf, "decode: KV cache %.3g GB streamed, clock %.2f of spec", kv_bytes(s, kvh) / 1e9, f);
        else
            std::snprintf(buf, sizeof buf, "prefill: per-tile matrix occupancy %.2f, clock %.2f of spec", t.tile_efficiency, f);
        r.detail = buf;
    }
    out.result = std::move(r);
    return out;
}

}  // namespace rackplan::kernels
