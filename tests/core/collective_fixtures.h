#pragma once
// Hand-built SystemSpecs from shared/reference/hardware.md §3 and §5 for topology and
// collective tests that must not move when the seed catalog is edited.
#include "hw/chip.h"
#include "hw/system.h"
#include "units/quantity.h"

namespace rackplan::fixtures {

inline hw::ChipSpec chip_of(const char* id, hw::Architecture a) {
    hw::ChipSpec c;
    c.id = id;
    c.architecture = a;
    return c;
}

inline hw::SystemSpec switched(const char* id, int chips_per_node, int nodes_per_domain, int links, double link_gbps,
                               bool in_switch) {
    using namespace units;
    hw::SystemSpec s;
    s.id = id;
    s.chips_per_node = chips_per_node;
    s.nodes_per_domain = nodes_per_domain;
    s.scale_up.topology = hw::TopologyKind::switched;
    s.scale_up.in_switch_reduction = in_switch;
    s.scale_up_links = {links, gigabytes_per_second(link_gbps), microseconds(1.0)};
    return s;
}

// DGX H100: 8 GPUs, 4 NVSwitches, 18 NVLink 4 links x 25 GB/s per direction, NVLS; 8 x 400G NICs.
inline hw::SystemSpec dgx_h100() {
    hw::SystemSpec s = switched("dgx-h100", 8, 1, 18, 25.0, true);
    s.nics_per_node = 8;
    s.nic_bandwidth = units::gigabits_per_second(400);
    s.scale_out_latency = units::microseconds(5.0);
    return s;
}

// GB200 NVL72: 18 trays of 4 GPUs in one NVLink 5 switch domain, 18 links x 50 GB/s.
inline hw::SystemSpec gb200_nvl72() {
    hw::SystemSpec s = switched("gb200-nvl72", 4, 18, 18, 50.0, true);
    s.nics_per_node = 4;
    s.nic_bandwidth = units::gigabits_per_second(400);
    s.scale_out_latency = units::microseconds(5.0);
    return s;
}

// trn2.48xlarge: 16 Trainium2 in a 4x4 torus, 4 NeuronLink-v3 links x 128 GB/s per direction,
// ~1.5 us per hop (NRN-CC); 16 x 200G EFA NICs, ~15 us.
inline hw::SystemSpec trn2() {
    using namespace units;
    hw::SystemSpec s;
    s.id = "trn2.48xlarge";
    s.chips_per_node = 16;
    s.nodes_per_domain = 1;
    s.scale_up.topology = hw::TopologyKind::torus;
    s.scale_up.dims = {4, 4};
    s.scale_up_links = {4, gigabytes_per_second(128), microseconds(1.5)};
    s.nics_per_node = 16;
    s.nic_bandwidth = gigabits_per_second(200);
    s.scale_out_latency = microseconds(15.0);
    return s;
}

// Trn2 UltraServer: 4 trn2 nodes; same-position chips form a ring across the nodes
// (2 links x 64 GB/s per direction, MLE-NET's reading).
inline hw::SystemSpec trn2_ultraserver() {
    using namespace units;
    hw::SystemSpec s = trn2();
    s.id = "trn2-ultraserver";
    s.nodes_per_domain = 4;
    s.inter_node = hw::ScaleUpTier{hw::TopologyKind::ring, {4}, false};
    s.inter_node_links = {2, gigabytes_per_second(64), microseconds(1.5)};
    return s;
}

// MI300X platform: 8 GPUs fully connected, 7 XGMI links x 64 GB/s per direction.
inline hw::SystemSpec mi300x() {
    using namespace units;
    hw::SystemSpec s;
    s.id = "mi300x-8";
    s.chips_per_node = 8;
    s.scale_up.topology = hw::TopologyKind::full_mesh;
    s.scale_up_links = {7, gigabytes_per_second(64), microseconds(1.5)};
    s.nics_per_node = 8;
    s.nic_bandwidth = gigabits_per_second(400);
    s.scale_out_latency = microseconds(5.0);
    return s;
}

// inf2.48xlarge: 12 Inferentia2 in a ring, 2 links x 48 GiB/s.
inline hw::SystemSpec inf2() {
    using namespace units;
    hw::SystemSpec s;
    s.id = "inf2.48xlarge";
    s.chips_per_node = 12;
    s.scale_up.topology = hw::TopologyKind::ring;
    s.scale_up.dims = {12};
    s.scale_up_links = {2, BytesPerSecond(48.0 * 1073741824.0), microseconds(1.5)};
    s.nics_per_node = 1;
    s.nic_bandwidth = gigabits_per_second(100);
    s.scale_out_latency = microseconds(30.0);
    return s;
}

inline hw::ChipSpec h100() { return chip_of("h100-sxm", hw::Architecture::gpu_sm); }
inline hw::ChipSpec gb200() { return chip_of("gb200", hw::Architecture::gpu_sm); }
inline hw::ChipSpec trainium2() { return chip_of("trn2", hw::Architecture::neuroncore); }
inline hw::ChipSpec mi300x_chip() { return chip_of("mi300x", hw::Architecture::amd_cdna); }

}  // namespace rackplan::fixtures
