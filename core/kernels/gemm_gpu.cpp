// GPU GEMM (gpu-sm and amd-cdna): how cuBLAS / hipBLASLt run a shape on SMs or CUs.
//
// The output is cut into CTA tiles; tiles run in waves of one tile per SM (tile and wave
// quantization); each tile walks K in k-steps of 128 bytes per operand row (the TMA /
// cp.async box of CUTLASS-style kernels). A k-step costs its tensor-core cycles at the
// sustained clock (chip_traits: power cap) plus a fixed synchronisation cost. Operand reads
// stream from HBM under the MMAs; panels are re-read once per raster block of a wave unless
// A and B stay in L2. The C store of each tile overlaps the next tile's main loop only in
// part. Like the libraries' heuristics, the fastest of the candidate tiles and split-K
// factors wins.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "kernels/chip_traits.h"
#include "kernels/gemm_calibration.h"
#include "kernels/gemm_families.h"

namespace rackplan::kernels::detail {
namespace {

using hw::Architecture;
using hw::Dtype;
using hw::Engine;

struct Tile {
    int m, n;
};
// CUTLASS / cuBLAS Hopper and Ampere CTA tiles (wgmma needs m >= 64).
constexpr Tile kSmTiles[] = {{128, 256}, {256, 128}, {128, 128}, {128, 64}, {64, 128}, {64, 64}, {64, 256}};
// hipBLASLt macro tiles on CDNA also go to 256x256; one stage sits in LDS while the next is
// prefetched into registers.
constexpr Tile kCdnaTiles[] = {{256, 256}, {128, 256}, {256, 128}, {128, 128}, {128, 64}, {64, 128}, {64, 64}, {64, 256}};
constexpr int kSplits[] = {1, 2, 3, 4, 6, 8, 12, 16};

constexpr double kKStepBytes = 128.0;   // operand bytes along K per pipeline stage
// Per k-step cycles the MMAs cannot hide: waiting on the stage's barrier, fencing and
// committing the MMA group, releasing the buffer. ~64 SM cycles for Ampere's mma.sync and
// Hopper's warpgroup wgmma (CUTLASS 128x256x64 kernels reach ~94 % of the clock-bound rate);
// Blackwell's tcgen05 MMAs are issued by one thread into tensor memory, about half that.
// CDNA's MFMA loops synchronise through LDS barriers like Ampere.
double sync_cycles(Generation g) { return g == Generation::blackwell ? 32.0 : 64.0; }
// Share of a tile's C store that is not hidden under the next tile's main loop: ping-pong
// kernels hide it, cooperative ones do not; cuBLAS uses both.
constexpr double kExposedStoreShare = 0.5;

struct Plan {
    double time = std::numeric_limits<double>::infinity();  // without launch
    double compute = 0.0, read = 0.0, write = 0.0, bytes = 0.0;
    Tile tile{0, 0};
    int split = 1;
    long long waves = 0;
    double wave_eff = 0.0;
};

long long ceil_div(long long a, long long b) { return (a + b - 1) / b; }

}  // namespace

double matrix_peak(const hw::ChipSpec& chip, Dtype d) {
    const double tensor = chip.peak_of(Engine::tensor, d).value();
    if (tensor > 0.0) return tensor;
    if (d == Dtype::fp32 && chip.architecture != Architecture::neuroncore && chip.architecture != Architecture::tpu_mxu)
        return chip.peak_of(Engine::vector, Dtype::fp32).value();  // SIMT SGEMM
    return 0.0;
}

KernelResult gemm_gpu(const hw::ChipSpec& chip, const GemmShape& s, const GemmOptions& opt, int cores) {
    const GemmCalibration* cal = opt.calibration;
    const bool cdna = chip.architecture == Architecture::amd_cdna;
    const double clock = tensor_clock_hz(chip);
    const double share = static_cast<double>(cores) / std::max(1, chip.cores);
    const double f = sustained_clock_fraction(chip, s.dtype, share, cal ? cal->clock_fraction : std::nullopt);
    const double flops_per_clock = matrix_peak(chip, s.dtype) / (std::max(1, chip.cores) * clock);
    const double kstep_elems = std::max(8.0, kKStepBytes * 8.0 / operand_bits(s.dtype));
    const double in_b = hw::bytes_per_element(s.dtype);
    const double out_b = (s.dtype == Dtype::fp32 || s.dtype == Dtype::tf32) ? 4.0 : 2.0;
    const double bw = achievable_hbm_bandwidth(chip, cores);
    const double smem = chip.smem_per_core.value();
    const double l2 = chip.l2.value();
    const double sync = sync_cycles(generation_of(chip));

    const double M = static_cast<double>(s.m), N = static_cast<double>(s.n), K = static_cast<double>(s.k);
    const double B = static_cast<double>(s.batch);
    const double a_bytes = M * K * in_b, b_bytes = K * N * in_b, c_bytes = M * N * out_b;
    const long long ksteps_total = ceil_div(s.k, static_cast<long long>(kstep_elems));

    Plan best;
    const Tile* tiles = cdna ? kCdnaTiles : kSmTiles;
    const int tile_count = cdna ? static_cast<int>(std::size(kCdnaTiles)) : static_cast<int>(std::size(kSmTiles));
    for (int ti = 0; ti < tile_count; ++ti) {
        const Tile t = tiles[ti];
        // The pipeline stages of A and B must fit in shared memory (two on NVIDIA: TMA or
        // cp.async write smem directly) or LDS (one on CDNA); 64x64 always runs.
        const double stages = cdna ? 1.0 : 2.0;
        if (smem > 0.0 && stages * (t.m + t.n) * kstep_elems * in_b > smem && !(t.m == 64 && t.n == 64)) continue;
        // Both lists hold (m/2, n) for every tile taller than 64: when M fits in half the
        // tile, that one has the same tiles and traffic at fewer cycles.
        if (t.m > 64 && 2 * s.m <= t.m) continue;
        const long long tm = ceil_div(s.m, t.m), tn = ceil_div(s.n, t.n);
        const long long out_tiles = tm * tn * s.batch;
        const double kstep_s = (2.0 * t.m * t.n * kstep_elems / flops_per_clock + sync) / (f * clock);
        // split > 0: classic split-K over every tile. split < 0: full waves data-parallel and
        // the last, partial wave split -split ways along K over the idle SMs (what stream-K
        // kernels achieve), with FP32 partials to reduce.
        const long long rem = out_tiles % cores;
        const long long rem_split = rem > 0 && out_tiles > cores ? std::max<long long>(1, cores / rem) : 1;
        for (int split : kSplits) {
            if (split == 2 && rem_split > 1 && ksteps_total >= 2 * rem_split) split = -static_cast<int>(rem_split);
            else if (split > 1 && (ksteps_total < 2LL * split || out_tiles * (split - 1) >= cores)) break;
            long long ctas = out_tiles * std::max(split, 1);
            long long waves = ceil_div(ctas, cores);
            double compute = static_cast<double>(waves * ceil_div(ksteps_total, std::max(split, 1))) * kstep_s;
            double partials = split > 1 ? 2.0 * split * M * N * 4.0 * B : 0.0;
            if (split < 0) {
                const long long full = out_tiles / cores;
                compute = static_cast<double>(full * ksteps_total + ceil_div(ksteps_total, rem_split)) * kstep_s;
                partials = 2.0 * static_cast<double>(rem * rem_split) * t.m * t.n * 4.0;
                ctas = out_tiles;
                waves = full + 1;
            }
            // L2 reuse: a wave covers a near-square raster block of tiles; A is re-read once per
            // block column and B once per block row, unless both stay resident in L2.
            const double active = static_cast<double>(std::min<long long>(ctas, cores));
            double wm = std::clamp(std::round(std::sqrt(active * t.n / t.m)), 1.0, static_cast<double>(tm));
            double wn = std::clamp(std::ceil(active / wm), 1.0, static_cast<double>(tn));
            double reads = a_bytes + b_bytes;
            if (a_bytes + b_bytes > 0.5 * l2)
                reads = a_bytes * std::ceil(tn / wn) + b_bytes * std::ceil(tm / wm);
            reads *= B;
            const double writes = c_bytes * B + partials;  // FP32 partials out and back
            const double t_read = reads / bw, t_write = writes / bw;
            const double main = std::max(compute, t_read);
            double body = std::max(main, t_write) + kExposedStoreShare * std::min(main, t_write);
            body = std::max(body, (reads + writes) / bw);
            if (body < best.time) {
                best.time = body;
                best.compute = compute;
                best.read = t_read;
                best.write = t_write;
                best.bytes = reads + writes;
                best.tile = t;
                best.split = split;
                best.waves = waves;
                // Useful tile k-steps over SM k-step slots the kernel occupies.
                best.wave_eff = static_cast<double>(out_tiles * ksteps_total) * kstep_s / (compute * cores);
            }
        }
    }

    double launch = 0.0;
    if (opt.include_launch)
        launch = (cal && cal->launch_overhead) ? cal->launch_overhead->value() : launch_overhead_s(chip);
    KernelResult r;
    const double fixed = first_data_latency_s(chip) + launch;
    r.time = units::Seconds(best.time + fixed);
    r.bandwidth = units::BytesPerSecond(best.bytes / r.time.value());
    if (fixed > 0.5 * r.time.value()) r.bound = "latency";
    else r.bound = best.compute >= std::max(best.read, best.write) ? "compute" : "memory";
    if (opt.detail) {
        char buf[160];
        char split[40];
        if (best.split < 0) std::snprintf(split, sizeof split, "last wave split-K %d", -best.split);
        else std::snprintf(split, sizeof split, "split-K %d", best.split);
        std::snprintf(buf, sizeof buf, "tile %dx%d, %s, %lld wave%s, wave eff %.2f, clock %.2f of %.2f GHz",
                      best.tile.m, best.tile.n, split, best.waves, best.waves == 1 ? "" : "s", best.wave_eff,
                      f * clock / 1e9, clock / 1e9);
        r.detail = buf;
    }
    return r;
}

}  // namespace rackplan::kernels::detail
