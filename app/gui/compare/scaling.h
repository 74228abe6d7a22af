#pragma once
// The scaling curve of one candidate: the same workload searched at several chip counts
// (whole nodes, powers of two around the candidate's count), throughput and MFU of the best
// layout at each. Heavy (one search per count): it runs on a worker thread.
#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "compare/comparison_input.h"
#include "engine/evaluate.h"

namespace rackplan::gui {

struct ScalingPoint {
    int chips = 0;
    engine::Status status = engine::Status::ok;
    std::string message;        // why there is no layout at this count
    double tokens_per_s = 0.0;
    double mfu = 0.0;
    units::Seconds step{};
    parallel::Layout layout;
};

struct ScalingResult {
    std::string system;
    int base_chips = 0;
    std::vector<ScalingPoint> points;  // ascending chip count
    bool cancelled = false;
};

// chips·2^k for k = -3 … 3 that are whole nodes of the system (at least one node).
std::vector<int> scaling_counts(int chips, int chips_per_node);

ScalingResult run_scaling(const engine::EvaluationContext& ctx, const ComparisonInput& input, size_t candidate,
                          int threads, const std::atomic<bool>* cancel, const std::function<void(double)>& progress);

}  // namespace rackplan::gui
