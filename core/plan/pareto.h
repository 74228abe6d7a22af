#pragma once
// Pareto front of points that minimize two quantities (time and cost, latency and cost).
#include <cstddef>
#include <vector>

namespace rackplan::plan {

struct ParetoInput {
    double x = 0.0;  // e.g. time
    double y = 0.0;  // e.g. cost
};

// Indices of the non-dominated points, by x ascending (so y descends along the front). A
// point is dominated when another is at most as large on both axes and smaller on one; of
// identical points only the first is kept. Non-finite points are never on the front.
std::vector<std::size_t> pareto_front(const std::vector<ParetoInput>& points);

}  // namespace rackplan::plan
