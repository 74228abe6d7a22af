#include "kernels/collective_calibration.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace rackplan::kernels {

namespace {

// Search box in log space: efficiency 3 %..100 % of the link, overhead 10 ns..1 ms per step.
constexpr double kLogEffLo = -3.5;
constexpr double kLogEffHi = 0.0;
constexpr double kLogStepLo = -18.42;  // ln 1e-8 s
constexpr double kLogStepHi = -6.91;   // ln 1e-3 s

}  // namespace

CollectiveFit fit_collective_calibration(const CollectiveModel& model, const CollectiveRequest& shape,
                                         std::span<const NcclTestsPoint> points) {
    CollectiveFit fit;
    const auto tier = model.group_tier(shape.group);
    if (!tier) {
        CollectiveRequest probe = shape;
        probe.bytes = units::Bytes(1.0);
        fit.issues = model.estimate(probe).issues;
        if (fit.issues.empty()) fit.issues.push_back({"group", "the group does not fit the model's cluster"});
        return fit;
    }
    fit.tier = *tier;
    const auto ti = static_cast<std::size_t>(*tier);

    // Points the model can estimate at all (with the defaults).
    std::vector<NcclTestsPoint> used;
    for (const NcclTestsPoint& p : points) {
        CollectiveRequest q = shape;
        q.bytes = p.bytes;
        const CollectiveEstimate e = model.estimate(q);
        if (!e.result) {
            for (const Issue& i : e.issues)
                fit.issues.push_back({"line " + std::to_string(p.line) + ": " + i.path, i.message});
            continue;
        }
        if (!(p.time.value() > 0.0)) {
            fit.issues.push_back({"line " + std::to_string(p.line), "a measured time must be > 0"});
            continue;
        }
        used.push_back(p);
        fit.in_switch = fit.in_switch || e.result->algorithm == "nvls";
    }
    if (used.size() < 2) {
        fit.issues.push_back({"points", "need at least 2 usable measured points to fit 2 parameters, got " +
                                            std::to_string(used.size())});
        return fit;
    }
    if (!fit.issues.empty()) return fit;

    const TierParams base = model.params();
    auto with = [&](double log_eff, double log_step) {
        TierParams p = base;
        LinkParams& lp = p[ti];
        if (fit.in_switch) {
            lp.in_switch_efficiency = std::exp(log_eff);
            lp.in_switch_overhead = units::Seconds(std::exp(log_step));
        } else {
            lp.efficiency = std::exp(log_eff);
            lp.step_overhead = units::Seconds(std::exp(log_step));
        }
        return p;
    };
    auto cost_at = [&](const TierParams& p) {
        double sum = 0.0;
        for (const NcclTestsPoint& pt : used) {
            CollectiveRequest q = shape;
            q.bytes = pt.bytes;
            const CollectiveEstimate e = model.estimate(q, p);
            if (!e.result) return std::numeric_limits<double>::infinity();
            const double r = std::log(e.result->time.value() / pt.time.value());
            sum += r * r;
        }
        return sum;
    };
    auto cost = [&](double a, double b) {
        a = std::clamp(a, kLogEffLo, kLogEffHi);
        b = std::clamp(b, kLogStepLo, kLogStepHi);
        return cost_at(with(a, b));
    };

    // Coarse grid, then Nelder-Mead from the best cell.
    std::array<double, 2> best{kLogEffHi, kLogStepLo};
    double best_cost = std::numeric_limits<double>::infinity();
    constexpr int kGrid = 24;
    for (int i = 0; i <= kGrid; ++i)
        for (int j = 0; j <= kGrid; ++j) {
            const double a = kLogEffLo + (kLogEffHi - kLogEffLo) * i / kGrid;
            const double b = kLogStepLo + (kLogStepHi - kLogStepLo) * j / kGrid;
            const double c = cost(a, b);
            if (c < best_cost) {
                best_cost = c;
                best = {a, b};
            }
        }
    std::array<std::array<double, 2>, 3> simplex{best, best, best};
    simplex[1][0] += (kLogEffHi - kLogEffLo) / kGrid;
    simplex[2][1] += (kLogStepHi - kLogStepLo) / kGrid;
    std::array<double, 3> f{};
    for (int k = 0; k < 3; ++k)
        f[static_cast<std::size_t>(k)] =
            cost(simplex[static_cast<std::size_t>(k)][0], simplex[static_cast<std::size_t>(k)][1]);
    for (int iter = 0; iter < 300; ++iter) {
        std::array<int, 3> order{0, 1, 2};
        std::sort(order.begin(), order.end(),
                  [&](int x, int y) { return f[static_cast<std::size_t>(x)] < f[static_cast<std::size_t>(y)]; });
        const auto lo = static_cast<std::size_t>(order[0]);
        const auto mid = static_cast<std::size_t>(order[1]);
        const auto hi = static_cast<std::size_t>(order[2]);
        if (std::abs(f[hi] - f[lo]) < 1e-14) break;
        const std::array<double, 2> centre{(simplex[lo][0] + simplex[mid][0]) / 2.0,
                                           (simplex[lo][1] + simplex[mid][1]) / 2.0};
        auto towards = [&](double t) {
            return std::array<double, 2>{centre[0] + t * (simplex[hi][0] - centre[0]),
                                         centre[1] + t * (simplex[hi][1] - centre[1])};
        };
        const auto reflected = towards(-1.0);
        const double fr = cost(reflected[0], reflected[1]);
        if (fr < f[lo]) {
            const auto expanded = towards(-2.0);
            const double fe = cost(expanded[0], expanded[1]);
            if (fe < fr) {
                simplex[hi] = expanded;
                f[hi] = fe;
            } else {
                simplex[hi] = reflected;
                f[hi] = fr;
            }
        } else if (fr < f[mid]) {
            simplex[hi] = reflected;
            f[hi] = fr;
        } else {
            const auto contracted = towards(0.5);
            const double fc = cost(contracted[0], contracted[1]);
            if (fc < f[hi]) {
                simplex[hi] = contracted;
                f[hi] = fc;
            } else {
                for (std::size_t k : {mid, hi}) {
                    simplex[k] = {(simplex[k][0] + simplex[lo][0]) / 2.0, (simplex[k][1] + simplex[lo][1]) / 2.0};
                    f[k] = cost(simplex[k][0], simplex[k][1]);
                }
            }
        }
    }
    std::size_t arg = 0;
    for (std::size_t k = 1; k < 3; ++k)
        if (f[k] < f[arg]) arg = k;
    const double a = std::clamp(simplex[arg][0], kLogEffLo, kLogEffHi);
    const double b = std::clamp(simplex[arg][1], kLogStepLo, kLogStepHi);
    fit.params = with(a, b)[ti];
    fit.points = static_cast<int>(used.size());
    fit.rms_log_error = std::sqrt(f[arg] / static_cast<double>(used.size()));
    fit.rms_log_error_default = std::sqrt(cost_at(base) / static_cast<double>(used.size()));
    return fit;
}

bool CollectiveCalibration::applied() const {
    return std::any_of(params.begin(), params.end(), [](const auto& p) { return p.has_value(); });
}

CollectiveCalibration fit_collective_runs(const hw::SystemSpec& system, const hw::ChipSpec& chip,
                                          std::span<const CollectiveRun> runs, const topology::ScaleOutFabric& fabric) {
    CollectiveCalibration out;
    const TierParams defaults = default_tier_params(system, chip);
    // Per tier: index of the fit chosen for the link pair and for the in-switch pair.
    std::array<int, topology::kTierCount> link_fit{-1, -1, -1};
    std::array<int, topology::kTierCount> switch_fit{-1, -1, -1};
    for (const CollectiveRun& run : runs) {
        const Group& g = run.shape.group;
        // Whole nodes for the placement the run used (one rank per node needs `ranks` nodes).
        const int per_node = g.ranks_per_node > 0 ? g.ranks_per_node : std::max(1, system.chips_per_node);
        const long long nodes = (static_cast<long long>(std::max(g.ranks, 1)) + per_node - 1) / per_node;
        const long long chips = std::max<long long>(g.ranks, nodes * std::max(1, system.chips_per_node));
        CollectiveFit fit;
        if (chips > std::numeric_limits<int>::max() / 2) {
            fit.issues.push_back({"group.ranks", std::to_string(g.ranks) + " ranks is more than a network can be built for"});
        } else {
            CollectiveOptions options;
            options.fabric = fabric;
            const CollectiveModel model(system, chip, static_cast<int>(chips), options);
            if (!model.construction_issues().empty())
                fit.issues = model.construction_issues();
            else
                fit = fit_collective_calibration(model, run.shape, run.points);
        }
        out.fits.push_back(std::move(fit));
        const CollectiveFit& f = out.fits.back();
        if (!f.ok()) continue;
        auto& slot = f.in_switch ? switch_fit : link_fit;
        int& chosen = slot[static_cast<std::size_t>(f.tier)];
        if (chosen < 0 || f.points >= out.fits[static_cast<std::size_t>(chosen)].points)
            chosen = static_cast<int>(out.fits.size()) - 1;
    }
    for (int t = 0; t < topology::kTierCount; ++t) {
        const auto ti = static_cast<std::size_t>(t);
        if (link_fit[ti] < 0 && switch_fit[ti] < 0) continue;
        LinkParams p = defaults[ti];
        if (link_fit[ti] >= 0) {
            const LinkParams& f = out.fits[static_cast<std::size_t>(link_fit[ti])].params;
            p.efficiency = f.efficiency;
            p.step_overhead = f.step_overhead;
        }
        if (switch_fit[ti] >= 0) {
            const LinkParams& f = out.fits[static_cast<std::size_t>(switch_fit[ti])].params;
            p.in_switch_efficiency = f.in_switch_efficiency;
            p.in_switch_overhead = f.in_switch_overhead;
        }
        out.params[ti] = p;
    }
    return out;
}

}  // namespace rackplan::kernels
