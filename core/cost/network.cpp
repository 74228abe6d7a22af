#include "cost/network.h"

#include <algorithm>
#include <cmath>

namespace rackplan::cost {

std::string fabric_rule(const hw::System& system, const hw::SystemSpec& spec) {
    // EFA instances and UltraServers: the network is AWS's, priced into the rate.
    if (system.vendor == "AWS") return "efa-v3";
    // Google's data-center network is not in the catalog; an Ethernet fabric stands in.
    if (system.kind == hw::SystemKind::tpu_slice) return "roce-400g-rail";
    if (units::to_gbps(spec.nic_bandwidth) * 8.0 >= 800.0) return "ib-xdr-fat-tree";
    // Instinct clusters are built on RoCE Ethernet rather than InfiniBand.
    if (system.vendor == "AMD") return "roce-400g-rail";
    return "ib-ndr-fat-tree";
}

double fat_tree_capacity(double radix, int tiers) {
    return 2.0 * std::pow(radix / 2.0, tiers);
}

int endpoint_ports(int nics, units::BytesPerSecond nic_bandwidth, units::BytesPerSecond port_bandwidth) {
    if (nic_bandwidth.value() <= 0.0 || port_bandwidth.value() <= 0.0) return nics;
    // Rounded up: a leftover half port is still a port; 1e-9 keeps 8 x 400/400 at exactly 8.
    return static_cast<int>(std::ceil(nics * (nic_bandwidth.value() / port_bandwidth.value()) - 1e-9));
}

NetworkPlan plan_network(const hw::SystemSpec& spec, int nodes, const hw::Fabric* fabric, std::string rule) {
    NetworkPlan plan;
    plan.rule = std::move(rule);
    if (nodes <= std::max(spec.nodes_per_domain, 1)) {
        plan.rule = "one scale-up domain: no scale-out network";
        return plan;
    }
    if (spec.nics_per_node <= 0) {
        plan.rule = "the system has no scale-out NICs: no scale-out network";
        return plan;
    }
    if (fabric == nullptr || fabric->tiers.empty()) {
        plan.rule += " (not in the catalog: no network cost)";
        return plan;
    }
    plan.fabric = fabric->id;
    plan.nics = nodes * spec.nics_per_node;
    plan.endpoints = endpoint_ports(plan.nics, spec.nic_bandwidth,
                                    units::BytesPerSecond(hw::base_or(fabric->tiers.front(), "bandwidth_per_port", 0.0)));
    const double e = plan.endpoints;
    const int max_tiers = static_cast<int>(fabric->tiers.size());
    plan.tiers = max_tiers;
    double radix = HUGE_VAL;  // the smallest switch of the tiers in use bounds the reach
    for (int t = 1; t <= max_tiers; ++t) {
        radix = std::min(radix, hw::base_or(fabric->tiers[static_cast<size_t>(t - 1)], "radix", 0.0));
        if (radix >= 2.0 && fat_tree_capacity(radix, t) >= e) {
            plan.tiers = t;
            break;
        }
        if (t == max_tiers) plan.over_capacity = true;
    }
    double down = e;
    for (int i = 0; i < plan.tiers; ++i) {
        const bool top = i == plan.tiers - 1;
        double over = std::max(hw::base_or(fabric->tiers[static_cast<size_t>(i)], "oversubscription", 1.0), 1.0);
        double up = top ? 0.0 : down / over;
        plan.ports.push_back(down + up);
        down = up;
    }
    return plan;
}

}  // namespace rackplan::cost
