#include "cost/cost_cells.h"

#include <cmath>
#include <cstdio>

namespace rackplan::cost {
namespace {

// The batch file's number format (io/batch_evaluator.cpp): 6 significant digits.
std::string num(double v) {
    if (!std::isfinite(v)) return "";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> cost_cells(const CostEvaluation& e) {
    std::vector<std::pair<std::string, std::string>> v{
        {"usd_per_hour", num(units::to_usd_per_hour(e.cost_rate.point))},
    };
    if (e.per_run) v.emplace_back("usd_total", num(e.per_run->point.value()));
    v.emplace_back("usd_per_mtok", num(e.per_mtok.point.value()));
    v.emplace_back("avg_power_kw", num(units::to_kw(e.avg_power.point)));
    if (e.run_energy) v.emplace_back("energy_mwh", num(units::to_mwh(e.run_energy->point)));
    return v;
}

}  // namespace rackplan::cost
