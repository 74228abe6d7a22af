#include "hw/system.h"

namespace rackplan::hw {

std::string_view to_string(SystemKind k) {
    switch (k) {
        case SystemKind::instance: return "instance";
        case SystemKind::server: return "server";
        case SystemKind::ultraserver: return "ultraserver";
        case SystemKind::rack: return "rack";
        case SystemKind::tpu_slice: return "tpu-slice";
    }
    return "server";
}

std::string_view to_string(TopologyKind k) {
    switch (k) {
        case TopologyKind::switched: return "switch";
        case TopologyKind::torus: return "torus";
        case TopologyKind::ring: return "ring";
        case TopologyKind::full_mesh: return "full_mesh";
    }
    return "switch";
}

std::optional<SystemKind> system_kind_from(std::string_view s) {
    for (auto k : {SystemKind::instance, SystemKind::server, SystemKind::ultraserver, SystemKind::rack,
                   SystemKind::tpu_slice})
        if (to_string(k) == s) return k;
    return std::nullopt;
}

std::optional<TopologyKind> topology_kind_from(std::string_view s) {
    for (auto k : {TopologyKind::switched, TopologyKind::torus, TopologyKind::ring, TopologyKind::full_mesh})
        if (to_string(k) == s) return k;
    return std::nullopt;
}

namespace {
LinkSpec links_at(const Figures& f, const std::string& prefix) {
    LinkSpec l;
    l.links_per_chip = static_cast<int>(base_or(f, prefix + ".links_per_chip", 1.0));
    l.link_bandwidth = units::BytesPerSecond(base_or(f, prefix + ".link_bandwidth", 0.0));
    l.latency = units::Seconds(base_or(f, prefix + ".latency", 0.0));
    return l;
}
}  // namespace

SystemSpec make_spec(const System& system) {
    using namespace units;
    const Figures& f = system.figures;
    SystemSpec s;
    s.id = system.id;
    s.chip = system.chip;
    s.chips_per_node = static_cast<int>(base_or(f, "chips_per_node", 1.0));
    s.nodes_per_domain = static_cast<int>(base_or(f, "nodes_per_domain", 1.0));
    s.scale_up = system.scale_up;
    s.scale_up_links = links_at(f, "scale_up");
    s.inter_node = system.inter_node;
    if (s.inter_node) s.inter_node_links = links_at(f, "scale_up.inter_node");
    s.nics_per_node = static_cast<int>(base_or(f, "scale_out.nics_per_node", 0.0));
    s.nic_bandwidth = BytesPerSecond(base_or(f, "scale_out.nic_bandwidth", 0.0));
    s.scale_out_latency = Seconds(base_or(f, "scale_out.latency", 0.0));
    s.hbm_capacity_override = Bytes(base_or(f, "hbm_capacity_override", 0.0));
    s.host_memory = Bytes(base_or(f, "host.memory", 0.0));
    s.offload_bandwidth = BytesPerSecond(base_or(f, "host.offload_bandwidth", 0.0));
    s.rack_units = base_or(f, "rack_units", 0.0);
    s.wall_power = Watts(base_or(f, "power.wall", 0.0));
    return s;
}

}  // namespace rackplan::hw
