#include "io/report/chart_scale.h"

#include <algorithm>
#include <cmath>

#include "io/report/report_document.h"

namespace rackplan::io::report {

Axis nice_axis(double lo, double hi, int target) {
    Axis a;
    if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0.0, hi = 1.0;
    if (hi < lo) std::swap(lo, hi);
    if (hi == lo) {
        const double pad = lo == 0.0 ? 1.0 : std::fabs(lo) * 0.1;
        lo -= lo == 0.0 ? 0.0 : pad;
        hi += pad;
    }
    const double raw = (hi - lo) / std::max(1, target);
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    double step = mag;
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * mag >= raw) {
            step = m * mag;
            break;
        }
    a.step = step;
    a.min = std::floor(lo / step + 1e-9) * step;
    a.max = std::ceil(hi / step - 1e-9) * step;
    if (a.max <= a.min) a.max = a.min + step;
    for (double t = a.min; t <= a.max + step * 0.5; t += step) a.ticks.push_back(std::fabs(t) < step * 1e-9 ? 0.0 : t);
    return a;
}

std::string format_tick(double v, double step) {
    const int decimals = step >= 1.0 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
    return format_number(v, decimals);
}

}  // namespace rackplan::io::report
