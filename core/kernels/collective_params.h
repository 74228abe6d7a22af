#pragma once
// Physical parameters of the link technologies a collective runs over: the share of a link's
// bandwidth a collective library sustains, and the per-step software/protocol cost, per
// technology. Only these two kinds of number are calibrated from measurements.
#include <array>
#include <string_view>

#include "hw/chip.h"
#include "hw/system.h"
#include "topology/topology.h"
#include "units/quantity.h"

namespace rackplan::kernels {

enum class LinkTechnology { nvlink4, nvlink5, neuronlink, xgmi, ici, nic, generic };
std::string_view to_string(LinkTechnology t);

// The collective library that picks algorithms on this hardware.
enum class CollectiveStack { nccl, rccl, neuron, xla };
std::string_view to_string(CollectiveStack s);
CollectiveStack collective_stack(const hw::ChipSpec& chip);

struct LinkParams {
    LinkTechnology technology = LinkTechnology::generic;
    double efficiency = 1.0;              // achievable share of link bandwidth (ring, tree, direct)
    double in_switch_efficiency = 1.0;    // same, for in-switch reduction traffic (NVLS)
    units::Seconds step_overhead{};       // per algorithm step, on top of the links' hop latency
    units::Seconds in_switch_overhead{};  // per in-switch reduction step (multicast barrier)
    // Between ranks on one chip (Neuron: NeuronCores exchanging through HBM by DMA): the cost
    // of one algorithm step and the per-rank rate of an on-chip ring. Zero on tiers and
    // technologies that run one rank per chip.
    units::Seconds on_chip_step{};
    units::BytesPerSecond on_chip_bandwidth{};
};

using TierParams = std::array<LinkParams, topology::kTierCount>;

// Documented defaults for a system's tiers (see the .cpp for each number's basis).
LinkParams default_link_params(LinkTechnology t);
LinkTechnology link_technology(const hw::SystemSpec& system, const hw::ChipSpec& chip, topology::Tier tier);
TierParams default_tier_params(const hw::SystemSpec& system, const hw::ChipSpec& chip);

}  // namespace rackplan::kernels
