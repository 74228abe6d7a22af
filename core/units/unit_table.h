#pragma once
// The units a catalog or CSV may write, what they measure and their factor to base units.
// This is the only place where "TFLOP/s" or "GiB" is turned into a number.
#include <optional>
#include <string_view>
#include <vector>

namespace rackplan::units {

enum class Dimension {
    flop_rate, bytes, bandwidth, time, frequency, power, energy,
    usd, usd_per_hour, usd_per_kwh, usd_per_kw_month, usd_per_port, watts_per_port,
    count, ratio, years, per_year,
};

struct UnitInfo {
    std::string_view name;
    Dimension dimension;
    double to_base;  // value_in_base = value * to_base
};

// Looks a unit up by its exact (case-sensitive) name.
std::optional<UnitInfo> find_unit(std::string_view name);

// Every unit of one dimension, for messages ("expected one of GB/s, TB/s, ...").
std::vector<std::string_view> units_of(Dimension d);

std::string_view dimension_name(Dimension d);

}  // namespace rackplan::units
