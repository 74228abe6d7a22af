#pragma once
// The physical shape of a fleet of one system: nodes, scale-up domains, racks and power at
// the wall. Rules: DESIGN.md.
#include <optional>
#include <string>

#include "cost/cost_evaluation.h"
#include "hw/system.h"
#include "units/quantity.h"

namespace rackplan::plan {

inline constexpr double kRackUnitsPerRack = 42.0;

struct FleetShape {
    int chips = 0;
    int nodes = 0;    // ceil(chips / chips_per_node): a partial node is a whole one
    int domains = 0;  // scale-up domains (UltraServers, NVL72 racks, instances)
    std::optional<int> racks;                  // empty without rack_units
    std::optional<units::Watts> wall_peak;     // IT power at load x PUE
    std::optional<units::Watts> wall_average;  // at utilization, x PUE
};

// Nodes, domains and racks of `chips` chips of `system`; power is filled by add_power.
FleetShape fleet_shape(const hw::System& system, int chips);

// Power at the wall from a cost or power evaluation of the same fleet.
void add_power(FleetShape& fleet, const cost::PowerEvaluation& p);

}  // namespace rackplan::plan
