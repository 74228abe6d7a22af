#pragma once
// A catalog figure: a number with its unit, source and confidence. Values keep the unit they
// were written in (so exports reproduce the file); `base()` gives the SI-style value.
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace rackplan::hw {

enum class Confidence { documented, derived, estimate };

std::string_view to_string(Confidence c);
std::optional<Confidence> confidence_from(std::string_view s);

struct Figure {
    double value = 0.0;
    std::string unit;
    std::optional<double> low;   // estimates: range, same unit as value
    std::optional<double> high;
    std::string source;          // tag(s) in the catalog's sources, comma separated
    Confidence confidence = Confidence::documented;
    std::string note;
    double to_base = 1.0;        // unit factor, filled from the unit table when parsed

    [[nodiscard]] double base() const { return value * to_base; }
    [[nodiscard]] double base_low() const { return low.value_or(value) * to_base; }
    [[nodiscard]] double base_high() const { return high.value_or(value) * to_base; }
    [[nodiscard]] bool has_range() const { return low.has_value() && high.has_value(); }
};

// Figures of one catalog entry, by dotted path inside the entry ("hbm.bandwidth").
using Figures = std::map<std::string, Figure, std::less<>>;

// The figure at `path`, or nullptr.
const Figure* find_figure(const Figures& figures, std::string_view path);
// Its base value, or `fallback` when absent.
double base_or(const Figures& figures, std::string_view path, double fallback);

}  // namespace rackplan::hw
