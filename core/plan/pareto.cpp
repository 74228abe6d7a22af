#include "plan/pareto.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace rackplan::plan {

std::vector<std::size_t> pareto_front(const std::vector<ParetoInput>& points) {
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < points.size(); ++i)
        if (std::isfinite(points[i].x) && std::isfinite(points[i].y)) order.push_back(i);
    // x ascending, then y ascending, then input order: the first point of a tie leads.
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (points[a].x != points[b].x) return points[a].x < points[b].x;
        return points[a].y < points[b].y;
    });
    // Sweep: a point is on the front when it is cheaper than everything at most as long.
    std::vector<std::size_t> front;
    double best_y = std::numeric_limits<double>::infinity();
    for (std::size_t i : order)
        if (points[i].y < best_y) {
            front.push_back(i);
            best_y = points[i].y;
        }
    return front;
}

}  // namespace rackplan::plan
