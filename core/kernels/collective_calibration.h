#pragma once
// Calibrating the collective model from a user's nccl-tests run: only physical parameters
// move (a tier's achievable link efficiency and its per-step overhead), fitted by least
// squares of log(time) so small and large messages weigh alike.
#include <span>

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

}  // namespace rackplan::kernels
