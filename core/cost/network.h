#pragma once
// The scale-out network an owned deployment buys: which fabric (a documented rule by vendor,
// system kind and NIC speed), how many tiers its endpoints need and how many switch ports
// each tier holds. Costs and power per port come from the fabric's tier figures.
#include <string>
#include <vector>

#include "hw/catalog.h"
#include "hw/system.h"

namespace rackplan::cost {

// The fabric id the rule picks for a system (see DESIGN.md): AWS → efa-v3, tpu-slice →
// roce-400g-rail, NIC >= 800 Gbit/s → ib-xdr-fat-tree, AMD → roce-400g-rail, else ib-ndr-fat-tree.
std::string fabric_rule(const hw::System& system, const hw::SystemSpec& spec);

struct NetworkPlan {
    std::string fabric;         // fabric id; empty when no scale-out network is costed
    std::string rule;           // why this fabric, or why none (for reports)
    int nics = 0;               // NICs joined: nodes x nics_per_node
    int endpoints = 0;          // fabric ports they fill: NIC bandwidth / the fabric's port bandwidth
    int tiers = 0;              // switch tiers in use
    std::vector<double> ports;  // switch ports per tier (down + up)
    bool over_capacity = false; // more endpoints than the fabric's tiers reach at its radix

    [[nodiscard]] double switch_ports() const {
        double s = 0.0;
        for (double p : ports) s += p;
        return s;
    }
};

// Endpoints a non-blocking fat-tree of `tiers` tiers of radix-`radix` switches reaches:
// 2 (k/2)^t (one switch: k; two tiers: k²/2; three: k³/4).
double fat_tree_capacity(double radix, int tiers);

// Fabric ports that `nics` NICs of `nic_bandwidth` fill on ports of `port_bandwidth`
// (slower NICs share a port through breakout cables, faster ones take several); one port per
// NIC when the fabric gives no port bandwidth.
int endpoint_ports(int nics, units::BytesPerSecond nic_bandwidth, units::BytesPerSecond port_bandwidth);

// The plan for `nodes` nodes of a system on `fabric` (nullptr: none in the catalog).
// `rule` says how the fabric was chosen. A deployment inside one scale-up domain has none.
NetworkPlan plan_network(const hw::SystemSpec& spec, int nodes, const hw::Fabric* fabric, std::string rule);

}  // namespace rackplan::cost
