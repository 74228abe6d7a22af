#include "units/unit_table.h"

#include <array>

namespace rackplan::units {
namespace {

using D = Dimension;
// Base units: FLOP/s, B, B/s, s, Hz, W, J, USD, USD/s, USD/J, USD/(W*s), USD, W, 1, 1, s, 1/s.
constexpr double kHour = 3600.0;
constexpr double kYear = 365.25 * 86400.0;
constexpr double kMonth = kYear / 12.0;

constexpr std::array kUnits{
    UnitInfo{"FLOP/s", D::flop_rate, 1.0},      UnitInfo{"GFLOP/s", D::flop_rate, 1e9},
    UnitInfo{"TFLOP/s", D::flop_rate, 1e12},    UnitInfo{"PFLOP/s", D::flop_rate, 1e15},
    UnitInfo{"B", D::bytes, 1.0},               UnitInfo{"KiB", D::bytes, 1024.0},
    UnitInfo{"MiB", D::bytes, 1048576.0},       UnitInfo{"GiB", D::bytes, 1073741824.0},
    UnitInfo{"TiB", D::bytes, 1099511627776.0}, UnitInfo{"KB", D::bytes, 1e3},
    UnitInfo{"MB", D::bytes, 1e6},              UnitInfo{"GB", D::bytes, 1e9},
    UnitInfo{"TB", D::bytes, 1e12},
    UnitInfo{"B/s", D::bandwidth, 1.0},         UnitInfo{"GB/s", D::bandwidth, 1e9},
    UnitInfo{"TB/s", D::bandwidth, 1e12},       UnitInfo{"GiB/s", D::bandwidth, 1073741824.0},
    UnitInfo{"TiB/s", D::bandwidth, 1099511627776.0},
    UnitInfo{"Gbit/s", D::bandwidth, 1e9 / 8},  UnitInfo{"Tbit/s", D::bandwidth, 1e12 / 8},
    UnitInfo{"s", D::time, 1.0},                UnitInfo{"ms", D::time, 1e-3},
    UnitInfo{"us", D::time, 1e-6},              UnitInfo{"ns", D::time, 1e-9},
    UnitInfo{"Hz", D::frequency, 1.0},          UnitInfo{"MHz", D::frequency, 1e6},
    UnitInfo{"GHz", D::frequency, 1e9},
    UnitInfo{"W", D::power, 1.0},               UnitInfo{"kW", D::power, 1e3},
    UnitInfo{"MW", D::power, 1e6},
    UnitInfo{"J", D::energy, 1.0},              UnitInfo{"kWh", D::energy, 3.6e6},
    UnitInfo{"MWh", D::energy, 3.6e9},
    UnitInfo{"USD", D::usd, 1.0},               UnitInfo{"USD/h", D::usd_per_hour, 1.0 / kHour},
    UnitInfo{"USD/kWh", D::usd_per_kwh, 1.0 / 3.6e6},
    UnitInfo{"USD/kW-month", D::usd_per_kw_month, 1.0 / (1e3 * kMonth)},
    UnitInfo{"USD/port", D::usd_per_port, 1.0}, UnitInfo{"W/port", D::watts_per_port, 1.0},
    UnitInfo{"count", D::count, 1.0},           UnitInfo{"ratio", D::ratio, 1.0},
    UnitInfo{"years", D::years, kYear},         UnitInfo{"1/year", D::per_year, 1.0 / kYear},
};

}  // namespace

std::optional<UnitInfo> find_unit(std::string_view name) {
    for (const auto& u : kUnits)
        if (u.name == name) return u;
    return std::nullopt;
}

std::vector<std::string_view> units_of(Dimension d) {
    std::vector<std::string_view> out;
    for (const auto& u : kUnits)
        if (u.dimension == d) out.push_back(u.name);
    return out;
}

std::string_view dimension_name(Dimension d) {
    switch (d) {
        case D::flop_rate: return "a FLOP rate";
        case D::bytes: return "a size in bytes";
        case D::bandwidth: return "a bandwidth";
        case D::time: return "a time";
        case D::frequency: return "a frequency";
        case D::power: return "a power";
        case D::energy: return "an energy";
        case D::usd: return "an amount of money";
        case D::usd_per_hour: return "a price per hour";
        case D::usd_per_kwh: return "a price per kWh";
        case D::usd_per_kw_month: return "a price per kW-month";
        case D::usd_per_port: return "a price per port";
        case D::watts_per_port: return "a power per port";
        case D::count: return "a count";
        case D::ratio: return "a ratio";
        case D::years: return "a number of years";
        case D::per_year: return "a rate per year";
    }
    return "a quantity";
}

}  // namespace rackplan::units
