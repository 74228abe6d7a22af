#pragma once
// A user's measured points that calibrate the kernel emulators, in calibration_points
// (migration 3). The points are kept as measured; the emulators only ever see the physical
// parameters fitted from them (kernels::fit_gemm_calibration, kernels::fit_collective_runs).
// Every import is one transaction: all its points or none.
//
// Row layout: a GEMM point is (chip_id, 'gemm', dtype, m, n, k, measured_value = TFLOP/s,
// metric 'tflops'; a batched GEMM's metric is 'tflops batch=N'). A collective point is
// (chip_id, 'collective', system_id, ranks, bytes, algorithm = the forced one or NULL,
// measured_value = seconds, metric '<collective>.time_s', e.g. 'allreduce.time_s'); its ranks
// filled whole nodes, as nccl-tests runs with one process per device do.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kernels/collective_calibration.h"
#include "kernels/gemm_calibration.h"
#include "store/database.h"

namespace rackplan::store {

enum class CalibrationKind { gemm, collective };
std::string_view to_string(CalibrationKind k);
std::optional<CalibrationKind> calibration_kind_from(std::string_view s);

// Stores a GEMM sweep measured on `chip_id`; returns the number of points written.
int import_gemm_points(Database& db, std::string_view chip_id, std::span<const kernels::GemmPoint> points,
                       std::string_view source_file);

// Stores one nccl-tests run (every point, out-of-place and in-place) measured on `system_id`
// with `chip_id` chips; returns the number of points written.
int import_collective_run(Database& db, std::string_view chip_id, std::string_view system_id,
                          const kernels::CollectiveRun& run, std::string_view source_file);

// The chip's GEMM points in import order.
std::vector<kernels::GemmPoint> load_gemm_points(Database& db, std::string_view chip_id);

// The chip's collective points on `system_id`, one run per (collective, ranks, algorithm) in
// order of first import. Rows this build cannot read back (an unknown collective in the
// metric) are skipped.
std::vector<kernels::CollectiveRun> load_collective_runs(Database& db, std::string_view chip_id,
                                                         std::string_view system_id);

struct CalibrationGroup {
    std::string chip_id;
    CalibrationKind kind = CalibrationKind::gemm;
    std::string system_id;  // collective points: the system they were measured on
    int points = 0;
    std::string last_import;  // ISO 8601 UTC
};

// Point counts per chip, kind and system, ordered by chip, kind, system; one chip or all.
std::vector<CalibrationGroup> calibration_groups(Database& db, std::optional<std::string_view> chip_id = {});

// Deletes the chip's points (of one kind, or all); returns how many were deleted.
int clear_calibration(Database& db, std::string_view chip_id, std::optional<CalibrationKind> kind = {});

}  // namespace rackplan::store
