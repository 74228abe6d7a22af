#pragma once
// Axis ranges with round ticks (1, 2 or 5 times a power of ten), shared by the SVG charts here
// and the PDF charts in app/report so both show the same scales.
#include <string>
#include <vector>

namespace rackplan::io::report {

struct Axis {
    double min = 0.0, max = 1.0, step = 0.2;
    std::vector<double> ticks;  // min, min + step, ..., max
};

// The smallest round range holding [lo, hi] with about `target` intervals; a degenerate or
// non-finite input gives [0, 1].
Axis nice_axis(double lo, double hi, int target = 5);

// A tick label with as many decimals as the step needs, thousands separated.
std::string format_tick(double v, double step);

}  // namespace rackplan::io::report
