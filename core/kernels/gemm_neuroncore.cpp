// NeuronCore GEMM: an NKI-style kernel on the TensorE systolic array (NKI architecture
// guides, shared/reference/hardware.md §8).
//
// Each matmul instruction multiplies a stationary tile (K rows x <=128 output partitions)
// by a moving tile (K rows x <=512 free elements, one PSUM bank of FP32) and issues every
// max(N, 64) TensorE cycles plus a fixed issue overhead. K is consumed 128 rows at a time (256 in FP8 double-row mode,
// 512 in MX quad mode; FP32 takes 4 passes), so partial K, M and N tiles waste array time.
// Accumulation over K stays in one PSUM bank; Vector and Scalar engines evacuate finished
// banks while TensorE fills others (8 banks per partition). Operands stream from HBM by DMA
// into SBUF, overlapped with compute, with one panel of A or B kept resident in SBUF.
// Trn2/Trn3 TensorE starts a burst at half rate and ramps to full over ~3 µs (dI/dt limit).
// Work is split across the NeuronCores used along batch, M or N, whichever is fastest.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "kernels/chip_traits.h"
#include "kernels/gemm_calibration.h"
#include "kernels/gemm_families.h"

namespace rackplan::kernels::detail {
namespace {

using hw::Dtype;
using hw::Engine;

constexpr double kMinIssueCycles = 64.0;   // minimum MultiplyMoving initiation interval
// Cycles between back-to-back MultiplyMoving instructions of one accumulation group beyond
// the moving tile's own length. Each matmul accumulates into the PSUM bank the previous one
// wrote, and NKI-A1 gives ~100 engine cycles of fixed overhead for an instruction that depends
// on the previous one's output. Set from the NKI tutorial's fully optimised kernel (C60 in
// shared/validation/public-microbench.csv: [4096,8192]@[8192,8192] BF16 on one NeuronCore-v2,
// 6.97 ms = 85.9 % of the array's 2.8 GHz peak): 512 / (512 + x) = 0.859 gives x = 84
// (estimate, range 64-100 cycles).
constexpr double kIssueOverheadCycles = 84.0;
constexpr double kPsumBanks = 8.0;
constexpr double kRampWindow = 3.0e-6;     // dI/dt ramp length (Trn2/Trn3)
constexpr double kRampStart = 0.5;         // utilisation at the start of a burst
constexpr double kEvacEngines = 2.0;       // Vector and Scalar engines share PSUM evacuation
struct Array {
    double rows, cols;      // K partitions, stationary free size
    double k_per_pass;      // contraction rows per instruction (double-row, quad modes)
    double cycle_factor;    // instruction cost multiplier (FP32: 4 passes)
    double moving_max;      // moving free size that fills one PSUM bank
    double clock;           // Hz, TensorE
};

// TensorE cycles for one core computing batch x (m x n) with the stationary tile on m.
double pe_cycles(const Array& a, double m, double n, double k, double batch) {
    const double m_tiles = std::ceil(m / a.cols);
    const double full = std::floor(n / a.moving_max);
    const double rem = n - full * a.moving_max;
    const double per_k = full * (std::max(a.moving_max, kMinIssueCycles) + kIssueOverheadCycles) +
                         (rem > 0.0 ? std::max(rem, kMinIssueCycles) + kIssueOverheadCycles : 0.0);
    return batch * m_tiles * std::ceil(k / a.k_per_pass) * per_k * a.cycle_factor;
}

// Time of a burst whose full-rate duration is `t` when the array starts at half rate and
// ramps linearly to full over the window.
double ramped(double t) {
    const double ramp_work = 0.5 * (1.0 + kRampStart) * kRampWindow;
    if (t >= ramp_work) return t + (kRampWindow - ramp_work);
    // kRampStart·x + (1 - kRampStart)·x²/(2·window) = t
    const double a = (1.0 - kRampStart) / (2.0 * kRampWindow), b = kRampStart;
    return (-b + std::sqrt(b * b + 4.0 * a * t)) / (2.0 * a);
}

struct CoreTime {
    double total = std::numeric_limits<double>::infinity();
    double pe = 0.0, evac = 0.0, dma = 0.0, bytes = 0.0;
    bool weights_stationary = false;
};

}  // namespace

KernelResult gemm_neuroncore(const hw::ChipSpec& chip, const GemmShape& s, const GemmOptions& opt, int cores) {
    const GemmCalibration* cal = opt.calibration;
    const Generation gen = generation_of(chip);
    const double bf16 = chip.peak_of(Engine::tensor, Dtype::bf16).value();
    const double ratio = bf16 > 0.0 ? chip.peak_of(Engine::tensor, s.dtype).value() / bf16 : 1.0;

    Array a{};
    a.rows = chip.matrix_rows > 0 ? chip.matrix_rows : 128;
    a.cols = chip.matrix_cols > 0 ? chip.matrix_cols : 128;
    a.k_per_pass = a.rows * (ratio >= 1.5 ? std::round(ratio) : 1.0);
    a.cycle_factor = ratio < 0.9 && ratio > 0.0 ? 1.0 / ratio : 1.0;
    const double psum_bank_bytes = chip.psum_per_core.value() > 0.0 ? chip.psum_per_core.value() / a.rows / kPsumBanks : 2048.0;
    a.moving_max = std::max(kMinIssueCycles, psum_bank_bytes / 4.0);
    a.clock = tensor_clock_hz(chip) * ((cal && cal->clock_fraction) ? std::clamp(*cal->clock_fraction, 0.05, 1.0) : 1.0);

    const double vclock = vector_clock_hz(chip);
    const double in_b = hw::bytes_per_element(s.dtype);
    const double out_b = (s.dtype == Dtype::fp32 || s.dtype == Dtype::tf32) ? 4.0 : 2.0;
    // Per core: its share when every core streams, never more than its own DMA engines.
    const double bw = std::min(achievable_hbm_bandwidth(chip, cores) / cores, achievable_hbm_bandwidth(chip, 1));
    const double sbuf = chip.sbuf_per_core.value() > 0.0 ? chip.sbuf_per_core.value() : 24.0 * 1048576.0;
    const bool ramp = gen == Generation::neuron_v3 || gen == Generation::neuron_v4;
    const double K = static_cast<double>(s.k);

    auto core_time = [&](double m, double n, double batch) {
        CoreTime c;
        const double act = pe_cycles(a, m, n, K, batch);   // activations (m) stationary
        const double wst = pe_cycles(a, n, m, K, batch);   // weights (n) stationary, tokens move
        c.weights_stationary = wst < act;
        c.pe = std::min(act, wst) / a.clock;
        if (ramp) c.pe = ramped(c.pe);
        c.evac = batch * m * n / (a.rows * vclock * kEvacEngines);
        const double ab = m * K * in_b * batch, bb = K * n * in_b * batch, cb = m * n * out_b * batch;
        double traffic = ab + bb + cb;
        if (ab + bb + cb > sbuf) {
            // Half of SBUF holds a resident panel of A rows (or B columns); the other operand
            // streams past it once per panel.
            const double panel = std::max(a.cols, std::floor(0.5 * sbuf / (K * in_b)));  // rows or columns
            traffic = std::min(ab + bb * std::ceil(m / panel), bb + ab * std::ceil(n / panel)) + cb;
        }
        c.bytes = traffic;
        c.dma = traffic / bw;
        const double first = (a.k_per_pass * (a.cols + a.moving_max) * in_b) / bw + first_data_latency_s(chip);
        c.total = std::max({c.pe, c.evac, c.dma}) + first;
        return c;
    };

    // Split across cores along batch, M or N (in whole tiles); the slowest core sets the time.
    const double M = static_cast<double>(s.m), N = static_cast<double>(s.n), Bt = static_cast<double>(s.batch);
    CoreTime best;
    double split_bytes_scale = 1.0;
    const char* split_dim = "none";
    auto consider = [&](double m, double n, double b, const char* dim) {
        CoreTime c = core_time(m, n, b);
        if (c.total < best.total) {
            best = c;
            split_bytes_scale = cores;
            split_dim = dim;
        }
    };
    if (cores == 1) {
        consider(M, N, Bt, "none");
    } else {
        if (s.batch >= cores) consider(M, N, std::ceil(Bt / cores), "batch");
        consider(std::ceil(std::ceil(M / a.cols) / cores) * a.cols, N, Bt, "m");
        consider(M, std::ceil(std::ceil(N / a.cols) / cores) * a.cols, Bt, "n");
    }

    const double launch = opt.include_launch ? ((cal && cal->launch_overhead) ? cal->launch_overhead->value() : launch_overhead_s(chip)) : 0.0;
    KernelResult r;
    r.time = units::Seconds(best.total + launch);
    r.bandwidth = units::BytesPerSecond(best.bytes * split_bytes_scale / r.time.value());
    if (best.total - std::max({best.pe, best.evac, best.dma}) + launch > 0.5 * r.time.value()) r.bound = "latency";
    else r.bound = best.dma > std::max(best.pe, best.evac) ? "memory" : "compute";
    if (opt.detail) {
        char buf[200];
        std::snprintf(buf, sizeof buf,
                      "%d core%s (split %s), %s stationary, K %g per pass, TensorE %.3g s, PSUM evac %.3g s, DMA %.3g s%s",
                      cores, cores == 1 ? "" : "s", split_dim, best.weights_stationary ? "weights" : "activations",
                      a.k_per_pass, best.pe, best.evac, best.dma, ramp ? ", dI/dt ramp" : "");
        r.detail = buf;
    }
    return r;
}

}  // namespace rackplan::kernels::detail
