#pragma once
// Ranges and sensitivities of cost results. Sampling draws every uncertain parameter from a
// triangular distribution (low, mode = value, high) with a caller-given seed: the same seed
// gives the same draws on every platform, and nothing is shared between calls. The tornado
// moves one parameter group at a time by ±step.
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "cost/parameters.h"

namespace rackplan::cost {

struct Quantiles {
    double p10 = 0.0, p50 = 0.0, p90 = 0.0;
};

// Inverse CDF of the triangular distribution on [low, high] with the given mode, at u in [0, 1].
double triangular(double low, double mode, double high, double u);

// Linear interpolation between order statistics (sorts `values` in place).
Quantiles quantiles(std::vector<double>& values);

// Evaluates `metrics(values, out)` on `samples` draws and returns P10/P50/P90 per metric
// (`metric_count` of them). Parameters of one group share a draw. With no uncertain parameter
// or no samples, every quantile is the point value (computed once).
using MetricsFn = std::function<void(std::span<const double> values, std::span<double> out)>;
std::vector<Quantiles> sample_quantiles(const std::vector<Parameter>& params, int metric_count, const MetricsFn& metrics,
                                        std::uint64_t seed, int samples);

// One bar of a tornado: the main result with a parameter group at (1 - step) and (1 + step)
// times its value (clamped to the parameter's valid values).
struct TornadoBar {
    std::string group;
    double factor_low = 0.0, factor_high = 0.0;  // applied factors after clamping
    double at_low = 0.0, at_high = 0.0;          // main result at those factors
    [[nodiscard]] double swing() const { return at_high > at_low ? at_high - at_low : at_low - at_high; }
};

// Bars sorted by swing, largest first; groups that do not move the result are left out.
std::vector<TornadoBar> tornado(const std::vector<Parameter>& params, const std::function<double(std::span<const double>)>& result,
                                double step);

}  // namespace rackplan::cost
