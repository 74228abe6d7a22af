#pragma once
// Calibrating the collective model from a user's nccl-tests run: only physical parameters
// move (a tier's achievable link efficiency and its per-step overhead), fitted by least
// squares of log(time) so small and large messages weigh alike.
#include <array>
#include <optional>
#include <span>
#include <vector>

#include "hw/issue.h"
#include "kernels/collective.h"
#include "kernels/nccl_tests_parser.h"

namespace rackplan::kernels {

struct CollectiveFit {
    topology::Tier tier = topology::Tier::scale_up;  // the tier whose parameters were fitted
    bool in_switch = false;                          // fitted the in-switch (NVLS) pair
    LinkParams params;                               // the tier's parameters with the fit applied
    double rms_log_error = 0.0;                      // of the fitted model over the points
    double rms_log_error_default = 0.0;              // of the technology defaults
    int points = 0;
    Issues issues;
    [[nodiscard]] bool ok() const { return issues.empty() && points > 0; }
};

// `shape` gives the collective, the group the run used and, ideally, the forced algorithm
// (NCCL_ALGO=Ring runs calibrate the ring); its bytes are ignored. Points with a size the
// model cannot estimate are reported as issues and left out.
CollectiveFit fit_collective_calibration(const CollectiveModel& model, const CollectiveRequest& shape,
                                         std::span<const NcclTestsPoint> points);

// One measured run (an nccl-tests sweep): the collective, the group it ran on and the
// algorithm it was forced to (empty: the library's choice), with its points.
struct CollectiveRun {
    CollectiveRequest shape;  // bytes ignored
    std::vector<NcclTestsPoint> points;
};

struct CollectiveCalibration {
    // The tiers the fits moved, ready for CollectiveOptions::params.
    std::array<std::optional<LinkParams>, topology::kTierCount> params;
    std::vector<CollectiveFit> fits;  // one per run, in order; a failed one keeps its issues
    [[nodiscard]] bool applied() const;
};

// Fits every run on a model of just enough whole systems for its group and merges the fits
// per tier onto the technology defaults: the (efficiency, step overhead) pair from the run
// with the most usable points on that tier, and the in-switch pair likewise. A run that
// cannot be fitted changes nothing.
CollectiveCalibration fit_collective_runs(const hw::SystemSpec& system, const hw::ChipSpec& chip,
                                          std::span<const CollectiveRun> runs,
                                          const topology::ScaleOutFabric& fabric = {});

}  // namespace rackplan::kernels
