#pragma once
// System: what is ordered (an instance, a server, an UltraServer, an NVL72 rack), built from
// nodes that form a scale-up domain; SystemSpec is its typed view.
#include <optional>
#include <string>
#include <vector>

#include "hw/figure.h"
#include "units/quantity.h"

namespace rackplan::hw {

enum class SystemKind { instance, server, ultraserver, rack, tpu_slice };
enum class TopologyKind { switched, torus, ring, full_mesh };

std::string_view to_string(SystemKind k);
std::string_view to_string(TopologyKind k);
std::optional<SystemKind> system_kind_from(std::string_view s);
std::optional<TopologyKind> topology_kind_from(std::string_view s);

// One tier of the scale-up network; figures live in the System under its path prefix.
struct ScaleUpTier {
    TopologyKind topology = TopologyKind::switched;
    std::vector<int> dims;          // torus/ring dimensions in chips (or nodes for inter_node)
    bool in_switch_reduction = false;
};

struct System {
    std::string id;
    std::string name;
    std::string vendor;
    SystemKind kind = SystemKind::server;
    std::string chip;                       // chip id
    ScaleUpTier scale_up;                   // inside a node (or the whole domain when switched)
    std::optional<ScaleUpTier> inter_node;  // joining the nodes of one domain, if separate
    std::string host_cpu;
    std::string note;
    Figures figures;  // chips_per_node, nodes_per_domain, scale_up.*, scale_out.*, power.wall, price.*
};

struct LinkSpec {
    int links_per_chip = 0;
    units::BytesPerSecond link_bandwidth{};  // per link, per direction
    units::Seconds latency{};                // per hop
};

struct SystemSpec {
    std::string id;
    std::string chip;
    int chips_per_node = 1;
    int nodes_per_domain = 1;
    ScaleUpTier scale_up;
    LinkSpec scale_up_links;
    std::optional<ScaleUpTier> inter_node;
    LinkSpec inter_node_links;
    int nics_per_node = 0;
    units::BytesPerSecond nic_bandwidth{};  // per NIC, per direction
    units::Seconds scale_out_latency{};
    units::Bytes hbm_capacity_override{};   // zero: use the chip's
    units::Bytes host_memory{};
    units::BytesPerSecond offload_bandwidth{};
    double rack_units = 0.0;
    units::Watts wall_power{};              // per node, at load, before PUE

    [[nodiscard]] int chips_per_domain() const { return chips_per_node * nodes_per_domain; }
};

SystemSpec make_spec(const System& system);

}  // namespace rackplan::hw
