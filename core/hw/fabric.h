#pragma once
// Scale-out fabric: tiers of switches joining systems (fat-tree, rail-optimized), with the
// cost and power per port that the cost model needs.
#include <string>
#include <vector>

#include "hw/figure.h"

namespace rackplan::hw {

enum class FabricKind { fat_tree, rail_optimized };
std::string_view to_string(FabricKind k);
std::optional<FabricKind> fabric_kind_from(std::string_view s);

struct Fabric {
    std::string id;
    std::string name;
    FabricKind kind = FabricKind::fat_tree;
    std::string note;
    std::vector<Figures> tiers;  // radix, oversubscription, latency, *_per_port
};

}  // namespace rackplan::hw
