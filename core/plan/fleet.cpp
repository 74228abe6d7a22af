#include "plan/fleet.h"

#include <algorithm>
#include <cmath>

namespace rackplan::plan {

FleetShape fleet_shape(const hw::System& system, int chips) {
    const hw::SystemSpec spec = hw::make_spec(system);
    const int per_node = std::max(1, spec.chips_per_node);
    const int per_domain = std::max(1, spec.nodes_per_domain);
    FleetShape f;
    f.chips = chips;
    f.nodes = (chips + per_node - 1) / per_node;
    f.domains = (f.nodes + per_domain - 1) / per_domain;
    if (system.kind == hw::SystemKind::rack) {
        f.racks = f.domains;  // the scale-up domain is the rack (NVL72)
    } else if (spec.rack_units > 0.0) {
        if (system.kind == hw::SystemKind::ultraserver)
            f.racks = f.domains * static_cast<int>(std::ceil(per_domain * spec.rack_units / kRackUnitsPerRack - 1e-9));
        else
            f.racks = static_cast<int>(std::ceil(f.nodes * spec.rack_units / kRackUnitsPerRack - 1e-9));
    }
    return f;
}

void add_power(FleetShape& fleet, const cost::PowerEvaluation& p) {
    if (p.avg_power.point.value() <= 0.0) return;
    fleet.wall_peak = p.wall_peak;
    fleet.wall_average = p.avg_power.point;
}

}  // namespace rackplan::plan
