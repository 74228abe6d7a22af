#include "kernels/chip_traits.h"

#include <algorithm>
#include <cmath>

namespace rackplan::kernels {
namespace {

using hw::Architecture;
using hw::Dtype;
using hw::Engine;

double bf16_peak(const hw::ChipSpec& s) { return s.peak_of(Engine::tensor, Dtype::bf16).value(); }

// Matrix-unit geometry with the documented defaults where a catalog leaves it out.
int rows_of(const hw::ChipSpec& s) { return s.matrix_rows > 0 ? s.matrix_rows : 128; }
int cols_of(const hw::ChipSpec& s) { return s.matrix_cols > 0 ? s.matrix_cols : 128; }

// Power model: P(f) = static + P_full * f^3 at the TDP, where P_full is the dynamic power of
// dense matrix work at the spec clock = peak FLOP/s x energy per FLOP. Dynamic power goes as
// f·V² and V tracks f in the DVFS range, hence the cube. Static (leakage at load temperature,
// HBM, regulators) is taken as a fixed share of the TDP.
constexpr double kDvfsExponent = 3.0;
constexpr double kStaticShareOfTdp = 0.15;

// Energy per dense BF16 FLOP at the spec clock, whole chip (tensor cores, register files,
// shared memory and L2 traffic of a well-tiled GEMM), one figure per generation. Each is set
// from the clock the generation is reported to hold in long dense BF16 GEMMs at its TDP:
// - Ampere (A100 400 W): holds ~1.35 of 1.41 GHz (f ~ 0.95) -> 1.27 pJ.
// - Hopper (H100/H200 700 W): ~1.6 of 1.83 GHz (f ~ 0.88) over benchmark-length runs
//   (100 ms-scale; MAMF and XLA's profile table reach 80 % of peak) -> 0.88 pJ. Held for
//   seconds the clock sinks further: this repo's device check (H100 SXM, 2026-11-26) read a
//   median 1.40 GHz at 697 W after 2 s of back-to-back 8192³ BF16 (688 TFLOP/s; 1.28 GHz and
//   1241 TFLOP/s in FP8), against 803 TFLOP/s for 4096³ in 3 ms bursts. Calibration fits it.
// - Blackwell (B200 1000 W, GB200 1200 W): f ~ 0.88 on B200 -> 0.555 pJ.
// - CDNA3 (MI300X 750 W): clocks fall to ~1.3 of 2.1 GHz under dense matrix load
//   (f ~ 0.62) -> 2.0 pJ; CDNA4 (MI355X 1400 W): f ~ 0.67 -> 1.57 pJ.
// The MAMF table of shared/reference/hardware.md §7 (73-87 % on NVIDIA, 51-68 % on AMD) is
// this clock fraction times the tiling losses that gemm_gpu.cpp models.
double energy_per_bf16_flop(Generation g) {
    switch (g) {
        case Generation::ampere: return 1.27e-12;
        case Generation::hopper: return 0.88e-12;
        case Generation::blackwell: return 0.555e-12;
        case Generation::cdna3: return 2.0e-12;
        case Generation::cdna4: return 1.57e-12;
        default: return 0.0;  // NeuronCore and TPU: no published TDP behaviour; not modelled
    }
}

// Achievable share of HBM peak for streaming traffic (refresh, bank conflicts, read/write
// turnaround): H100 copies plateau at 3.02 of 3.35 TB/s (data/calibration/h100-sxm-memory.csv).
constexpr double kHbmEfficiency = 0.9;
// NeuronCore DMA: up to ~90 % of the engines' copy rate for >= 4 KiB transfers spanning the
// 128 partitions (NKI-A2).
constexpr double kDmaEfficiency = 0.9;
// A single SM/CU keeps enough requests in flight for ~4x its even share of HBM bandwidth
// (Little's law with ~600 ns latency), so a kernel on a quarter of the SMs can saturate HBM.
constexpr double kPerCoreBandwidthHeadroom = 4.0;

}  // namespace

int collective_ranks_per_chip(const hw::ChipSpec& s) {
    if (s.architecture != Architecture::neuroncore) return 1;
    const int cores = std::max(1, s.cores);
    const Generation g = generation_of(s);
    return g == Generation::neuron_v2 ? cores : std::max(1, cores / 2);
}

units::Seconds collective_sync_s(const hw::ChipSpec& s) {
    return units::microseconds(s.architecture == Architecture::neuroncore ? 65.0 : 0.0);
}

double launch_overhead_s(const hw::ChipSpec& s) {
    switch (s.architecture) {
        // Event-timed tiny cuBLAS calls show ~4 µs on H100 (XLA's sm_90 profile, C61e); ROCm
        // kernel launches cost more; inside a compiled Neuron graph or XLA TPU program an op
        // boundary is engine semaphores and instruction fetch (estimates).
        case Architecture::gpu_sm: return 4.0e-6;
        case Architecture::amd_cdna: return 6.0e-6;
        case Architecture::neuroncore: return 1.0e-6;
        case Architecture::tpu_mxu: return 1.5e-6;
    }
    return 4.0e-6;
}

double achievable_hbm_bandwidth(const hw::ChipSpec& s, int cores) {
    const int total = std::max(1, s.cores);
    const double share = static_cast<double>(std::clamp(cores, 1, total)) / total;
    const double hbm = s.hbm_bandwidth.value();
    switch (s.architecture) {
        case Architecture::neuroncore: {
            double bw = hbm;
            if (s.dma_bandwidth.value() > 0.0) bw = std::min(bw, s.dma_bandwidth.value() * share);
            else bw *= share;
            return bw * kDmaEfficiency;
        }
        case Architecture::tpu_mxu: return hbm * share * kHbmEfficiency;
        case Architecture::gpu_sm:
        case Architecture::amd_cdna: return hbm * std::min(1.0, kPerCoreBandwidthHeadroom * share) * kHbmEfficiency;
    }
    return hbm * kHbmEfficiency;
}

double first_data_latency_s(const hw::ChipSpec& s) {
    // ~0.8 µs HBM round trip incl. queueing on GPUs; Neuron DMAs add descriptor processing
    // (DGE ~600 ns per DMA instruction on Trn2, software descriptors on Trn1).
    return s.architecture == Architecture::neuroncore ? 2.0e-6 : 0.8e-6;
}

double operand_bits(Dtype d) {
    switch (d) {
        case Dtype::fp32: case Dtype::tf32: return 32.0;
        case Dtype::bf16: case Dtype::fp16: return 16.0;
        case Dtype::fp8: case Dtype::mxfp8: case Dtype::int8: return 8.0;
        case Dtype::fp4: case Dtype::mxfp4: return 4.0;
    }
    return 16.0;
}

double tensor_clock_hz(const hw::ChipSpec& s) {
    if (s.tensor_clock.value() > 0.0) return s.tensor_clock.value();
    const double peak = bf16_peak(s);
    const int cores = std::max(1, s.cores);
    switch (s.architecture) {
        case Architecture::gpu_sm:
        case Architecture::amd_cdna:
            if (s.fma_per_clock > 0.0)
                return peak / (cores * std::max(1, s.units_per_core) * s.fma_per_clock * 2.0);
            return 1.5e9;  // no clock and no FMA width: a typical boost clock
        case Architecture::neuroncore:
            return peak / (cores * rows_of(s) * cols_of(s) * 2.0);
        case Architecture::tpu_mxu:
            return peak / (cores * std::max(1, s.units_per_core) * rows_of(s) * cols_of(s) * 2.0);
    }
    return 1.5e9;
}

double vector_clock_hz(const hw::ChipSpec& s) {
    return s.vector_clock.value() > 0.0 ? s.vector_clock.value() : tensor_clock_hz(s);
}

double tensor_flops_per_clock(const hw::ChipSpec& s, Dtype d) {
    return s.peak_of(Engine::tensor, d).value() / (std::max(1, s.cores) * tensor_clock_hz(s));
}

Generation generation_of(const hw::ChipSpec& s) {
    switch (s.architecture) {
        case Architecture::neuroncore: {
            const double bf16 = bf16_peak(s);
            const double low = std::max(s.peak_of(Engine::tensor, Dtype::fp8).value(),
                                        s.peak_of(Engine::tensor, Dtype::mxfp8).value());
            const double ratio = bf16 > 0.0 ? low / bf16 : 1.0;
            if (ratio >= 3.0) return Generation::neuron_v4;
            if (ratio >= 1.5) return Generation::neuron_v3;
            return Generation::neuron_v2;
        }
        case Architecture::tpu_mxu: return Generation::tpu;
        case Architecture::gpu_sm:
        case Architecture::amd_cdna: {
            // Dense BF16 FLOP per core-clock doubles each generation; the clock comes from the
            // catalog, so a boost or base clock there still lands in the right band.
            double per_clock = tensor_flops_per_clock(s, Dtype::bf16);
            if (s.tensor_clock.value() <= 0.0 && s.fma_per_clock <= 0.0)
                per_clock = bf16_peak(s) / std::max(1, s.cores) / 1.8e9;
            const bool amd = s.architecture == Architecture::amd_cdna;
            if (per_clock < 3072.0) return amd ? Generation::cdna3 : Generation::ampere;
            if (per_clock < 6144.0 || amd) return amd ? Generation::cdna4 : Generation::hopper;
            return Generation::blackwell;
        }
    }
    return Generation::hopper;
}

double sustained_clock_fraction(const hw::ChipSpec& s, Dtype d, double active_share,
                                std::optional<double> calibrated_bf16) {
    const Generation g = generation_of(s);
    const double tdp = s.tdp.value();
    if (calibrated_bf16 && (s.architecture == Architecture::neuroncore || s.architecture == Architecture::tpu_mxu))
        return std::clamp(*calibrated_bf16, 0.05, 1.0);
    if (tdp <= 0.0) return calibrated_bf16 ? std::clamp(*calibrated_bf16, 0.05, 1.0) : 1.0;
    const double budget = tdp * (1.0 - kStaticShareOfTdp);
    const double bf16 = bf16_peak(s) > 0.0 ? bf16_peak(s) : s.peak_of(Engine::tensor, d).value();
    double energy = energy_per_bf16_flop(g);
    if (calibrated_bf16) {
        const double f = std::clamp(*calibrated_bf16, 0.05, 1.0);
        energy = budget / (bf16 * std::pow(f, kDvfsExponent));
    }
    if (energy <= 0.0) return 1.0;
    // Narrow operands cost less per FLOP (multiplier area and operand traffic shrink), about
    // as the square root of the width: FP8 at 0.71x BF16 reproduces H100's FP8/BF16 ceilings
    // (71 % vs 80 %, hardware.md §7).
    const double e_d = energy * std::sqrt(operand_bits(d) / 16.0);
    const double full = s.peak_of(Engine::tensor, d).value() * e_d * std::clamp(active_share, 0.0, 1.0);
    if (full <= budget) return 1.0;
    return std::pow(budget / full, 1.0 / kDvfsExponent);
}

}  // namespace rackplan::kernels
