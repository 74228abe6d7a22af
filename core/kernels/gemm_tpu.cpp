// TPU GEMM: XLA on weight-stationary MXUs (rows x cols = 128x128 or 256x256).
//
// A weight tile (rows of K x cols of N) is loaded into an MXU (double-buffered, `rows`
// cycles) and the M activation rows stream through it one per cycle, so a tile pass costs
// max(M, rows) cycles; K and N are padded to the MXU and M to the 8-row sublane tile.
// Passes are spread over every MXU of the TensorCores used (quantization), the array fill
// (rows + cols cycles) is paid once, and operands move to VMEM from HBM once, overlapped.
// No TPU clock throttling or GEMM efficiency is published (shared/reference has none), so
// large aligned GEMMs come out within ~1 % of MXU peak: read TPU figures as upper bounds.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "kernels/chip_traits.h"
#include "kernels/gemm_calibration.h"
#include "kernels/gemm_families.h"

namespace rackplan::kernels::detail {
namespace {

constexpr double kSublane = 8.0;

}  // namespace

KernelResult gemm_tpu(const hw::ChipSpec& chip, const GemmShape& s, const GemmOptions& opt, int cores) {
    const GemmCalibration* cal = opt.calibration;
    const double rows = chip.matrix_rows > 0 ? chip.matrix_rows : 128;
    const double cols = chip.matrix_cols > 0 ? chip.matrix_cols : 128;
    const int units = std::max(1, chip.units_per_core);
    const double clock = tensor_clock_hz(chip) * ((cal && cal->clock_fraction) ? std::clamp(*cal->clock_fraction, 0.05, 1.0) : 1.0);
    // A pass's MAC count at this dtype relative to one MAC per PE per cycle (FP8 at 2x on TPU7x).
    const double per_pass_rate = matrix_peak(chip, s.dtype) / (std::max(1, chip.cores) * units * rows * cols * 2.0 * tensor_clock_hz(chip));
    const double rate = per_pass_rate > 0.0 ? per_pass_rate : 1.0;

    const double M = std::ceil(static_cast<double>(s.m) / kSublane) * kSublane;
    const double passes = std::ceil(static_cast<double>(s.k) / rows) * std::ceil(static_cast<double>(s.n) / cols) *
                          static_cast<double>(s.batch);
    const double mxus = static_cast<double>(cores) * units;
    const double per_mxu = std::ceil(passes / mxus);
    const double compute = (per_mxu * std::max(M, rows) / rate + rows + cols) / clock;

    const double in_b = hw::bytes_per_element(s.dtype);
    const double out_b = (s.dtype == hw::Dtype::fp32) ? 4.0 : 2.0;
    const double bytes = static_cast<double>(s.batch) *
                         (static_cast<double>(s.m) * s.k * in_b + static_cast<double>(s.k) * s.n * in_b + static_cast<double>(s.m) * s.n * out_b);
    const double memory = bytes / achievable_hbm_bandwidth(chip, cores);
    const double launch = opt.include_launch ? ((cal && cal->launch_overhead) ? cal->launch_overhead->value() : launch_overhead_s(chip)) : 0.0;

    KernelResult r;
    r.time = units::Seconds(std::max(compute, memory) + launch);
    r.bandwidth = units::BytesPerSecond(bytes / r.time.value());
    if (launch > 0.5 * r.time.value()) r.bound = "latency";
    else r.bound = compute >= memory ? "compute" : "memory";
    if (opt.detail) {
        char buf[160];
        std::snprintf(buf, sizeof buf, "%d TensorCore%s x %d MXU %gx%g, %.0f tile passes, %.0f per MXU, M padded to %.0f",
                      cores, cores == 1 ? "" : "s", units, rows, cols, passes, per_mxu, M);
        r.detail = buf;
    }
    return r;
}

}  // namespace rackplan::kernels::detail
