#include "cost/uncertainty.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

namespace rackplan::cost {

double triangular(double a, double c, double b, double u) {
    if (!(b > a)) return c;
    c = std::clamp(c, a, b);
    const double fc = (c - a) / (b - a);
    if (u < fc) return a + std::sqrt(u * (b - a) * (c - a));
    return b - std::sqrt((1.0 - u) * (b - a) * (b - c));
}

Quantiles quantiles(std::vector<double>& v) {
    if (v.empty()) return {};
    std::sort(v.begin(), v.end());
    auto at = [&](double p) {
        const double h = p * static_cast<double>(v.size() - 1);
        const auto lo = static_cast<size_t>(std::floor(h));
        const size_t hi = std::min(lo + 1, v.size() - 1);
        return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
    };
    return {at(0.1), at(0.5), at(0.9)};
}

namespace {

// Group index of each parameter (groups in first-seen order).
std::vector<int> group_ids(const std::vector<Parameter>& params, int& count) {
    std::map<std::string, int, std::less<>> ids;
    std::vector<int> out;
    out.reserve(params.size());
    for (const auto& p : params) {
        auto [it, added] = ids.try_emplace(p.group, static_cast<int>(ids.size()));
        out.push_back(it->second);
    }
    count = static_cast<int>(ids.size());
    return out;
}

}  // namespace

std::vector<Quantiles> sample_quantiles(const std::vector<Parameter>& params, int metric_count, const MetricsFn& metrics,
                                        std::uint64_t seed, int samples) {
    const auto m = static_cast<size_t>(metric_count);
    std::vector<double> values;
    values.reserve(params.size());
    for (const auto& p : params) values.push_back(p.value);
    std::vector<double> out(m, 0.0);
    const bool any = std::any_of(params.begin(), params.end(), [](const Parameter& p) { return p.uncertain(); });
    if (!any || samples <= 0) {
        metrics(values, out);
        std::vector<Quantiles> q(m);
        for (size_t i = 0; i < m; ++i) q[i] = {out[i], out[i], out[i]};
        return q;
    }

    int groups = 0;
    const std::vector<int> gid = group_ids(params, groups);
    std::vector<double> u(static_cast<size_t>(groups));
    std::vector<std::vector<double>> drawn(m, std::vector<double>(static_cast<size_t>(samples)));
    // Raw mt19937_64 output is fixed by the standard; the distributions of <random> are not,
    // so the uniform is made here from the top 53 bits.
    std::mt19937_64 rng(seed);
    for (int s = 0; s < samples; ++s) {
        for (double& x : u) x = (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53;
        for (size_t i = 0; i < params.size(); ++i) {
            const Parameter& p = params[i];
            if (p.uncertain()) values[i] = triangular(p.low, p.value, p.high, u[static_cast<size_t>(gid[i])]);
        }
        metrics(values, out);
        for (size_t k = 0; k < m; ++k) drawn[k][static_cast<size_t>(s)] = out[k];
    }
    std::vector<Quantiles> q(m);
    for (size_t k = 0; k < m; ++k) q[k] = quantiles(drawn[k]);
    return q;
}

std::vector<TornadoBar> tornado(const std::vector<Parameter>& params, const std::function<double(std::span<const double>)>& result,
                                double step) {
    int groups = 0;
    const std::vector<int> gid = group_ids(params, groups);
    std::vector<double> base;
    base.reserve(params.size());
    for (const auto& p : params) base.push_back(p.value);
    const double point = result(base);

    std::vector<TornadoBar> bars;
    for (int g = 0; g < groups; ++g) {
        TornadoBar bar;
        bar.factor_low = 1.0 - step;
        bar.factor_high = 1.0 + step;
        std::vector<double> lo = base, hi = base;
        for (size_t i = 0; i < params.size(); ++i) {
            if (gid[i] != g) continue;
            const Parameter& p = params[i];
            bar.group = p.group;
            lo[i] = std::clamp(p.value * (1.0 - step), p.floor, p.ceiling);
            hi[i] = std::clamp(p.value * (1.0 + step), p.floor, p.ceiling);
            // The factors really applied, for a bar whose move was clamped (utilization 0.9 → 1).
            if (p.value != 0.0) {
                bar.factor_low = lo[i] / p.value;
                bar.factor_high = hi[i] / p.value;
            }
        }
        bar.at_low = result(lo);
        bar.at_high = result(hi);
        // Relative threshold: rounding noise is not sensitivity.
        if (bar.swing() > 1e-12 * std::max(std::abs(point), 1e-300)) bars.push_back(bar);
    }
    std::stable_sort(bars.begin(), bars.end(), [](const TornadoBar& a, const TornadoBar& b) { return a.swing() > b.swing(); });
    return bars;
}

}  // namespace rackplan::cost
