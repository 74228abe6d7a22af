#include "hw/fabric.h"

namespace rackplan::hw {

std::string_view to_string(FabricKind k) {
    return k == FabricKind::fat_tree ? "fat-tree" : "rail-optimized";
}

std::optional<FabricKind> fabric_kind_from(std::string_view s) {
    if (s == "fat-tree") return FabricKind::fat_tree;
    if (s == "rail-optimized") return FabricKind::rail_optimized;
    return std::nullopt;
}

}  // namespace rackplan::hw
