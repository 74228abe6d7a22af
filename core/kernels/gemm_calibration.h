#pragma once
// Calibration of the GEMM emulator from a user's measured sweep. Only physical parameters of
// the chip model are fitted (least squares of log time), never the measured points
// themselves: the sustained tensor clock under the power cap, the per-kernel launch
// overhead, and the host issue time of an eager framework (which floors every call).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hw/chip.h"
#include "hw/issue.h"
#include "kernels/gemm.h"
#include "units/quantity.h"

namespace rackplan::kernels {

struct GemmCalibration {
    std::string chip_id;                            // chip the points were measured on
    // Sustained tensor clock / spec clock in dense BF16 on all cores. GPUs carry it to other
    // dtypes and core counts through the power model; NeuronCore and TPU scale the clock.
    std::optional<double> clock_fraction;
    std::optional<units::Seconds> launch_overhead;  // device-side, added to every kernel
    // Host time per call (Python + framework dispatch). Calls queue asynchronously, so a
    // call takes max(kernel, host). Zero for the engine's own estimates unless set here.
    std::optional<units::Seconds> host_overhead;
};

// One measured GEMM: batch x (m x k)·(k x n) at `measured` FLOP/s (2·batch·m·n·k / time).
struct GemmPoint {
    std::int64_t m = 0, n = 0, k = 0, batch = 1;
    hw::Dtype dtype = hw::Dtype::bf16;
    units::FlopsPerSecond measured{};
};

struct GemmPointsParse {
    std::vector<GemmPoint> points;
    Issues issues;  // "row 7, column dtype" ...
};

// Reads the sweep format `m,n,k,dtype,tflops` (an optional `batch` column anywhere; header
// names select columns). Rows with problems are reported and skipped.
GemmPointsParse parse_gemm_points(std::string_view csv_text);

struct GemmFitError {
    int points = 0;
    double rms_log = 0.0;         // sqrt(mean(log(pred/meas)^2))
    double median_abs_rel = 0.0;  // median |pred/meas - 1|
    double max_abs_rel = 0.0;
};

// Error of the (optionally calibrated) model on `points`; points the model rejects are skipped.
GemmFitError gemm_fit_error(const hw::ChipSpec& chip, const std::vector<GemmPoint>& points,
                            const GemmCalibration* calibration = nullptr);

// Least squares in log space over clock_fraction in [0.3, 1], launch_overhead in [0, 50 µs]
// and host_overhead in [0, 100 µs] (Nelder-Mead from a few starts, deterministic).
GemmCalibration fit_gemm_calibration(const hw::ChipSpec& chip, const std::vector<GemmPoint>& points);

}  // namespace rackplan::kernels
