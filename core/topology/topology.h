#pragma once
// Topology: the network graph of a system's scale-up domain, or of a cluster of such domains
// joined by a scale-out fabric. Chips, NICs and switches are vertices; every edge is a trunk
// of physical links with a per-direction bandwidth and a latency. Answers routes, hop counts,
// bisection bandwidth and the load a set of transfers puts on every link (contention).
// Boost.Graph lives in the implementation only.
#include <array>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "hw/fabric.h"
#include "hw/issue.h"
#include "hw/system.h"
#include "units/quantity.h"

namespace rackplan::topology {

enum class VertexKind { chip, nic, scale_up_switch, inter_node_switch, leaf_switch, spine_switch };

// Which network a link belongs to; the collective model keeps efficiency and step overhead
// per tier because each is a different link technology (NVLink, NeuronLink, NICs...).
enum class Tier { scale_up = 0, inter_node = 1, scale_out = 2 };
inline constexpr int kTierCount = 3;

struct Vertex {
    VertexKind kind = VertexKind::chip;
    int domain = -1;  // scale-up domain (-1 for fabric switches)
    int node = -1;    // node in the cluster (-1 when the vertex spans nodes)
    int local = -1;   // chip index in its node, NIC index (= rail), or leaf index in its rail/fabric
};

// One undirected trunk of `lanes` physical links; bandwidth is the trunk's, per direction.
struct Link {
    int a = 0;
    int b = 0;
    Tier tier = Tier::scale_up;
    int lanes = 1;
    units::BytesPerSecond bandwidth{};
    units::Seconds latency{};
};

struct Route {
    std::vector<int> vertices;  // from ... to
    std::vector<int> links;
    units::Seconds latency{};
    [[nodiscard]] int hops() const { return static_cast<int>(links.size()); }
};

// Bytes moved from one vertex to another during a step (or a whole phase of steps).
struct Transfer {
    int src = 0;
    int dst = 0;
    units::Bytes bytes{};
};

struct LinkLoads {
    std::vector<units::Bytes> forward;    // a -> b, per link
    std::vector<units::Bytes> backward;   // b -> a
    units::Seconds max_route_latency{};   // of the slowest route used
    units::Seconds mean_route_latency{};  // over the transfers (each counted once)
    std::array<bool, kTierCount> tiers_used{};
    int unreachable = 0;  // transfers with no route (a disconnected graph)
};

struct Bottleneck {
    units::Seconds time{};  // max over link directions of bytes / (bandwidth x efficiency)
    int link = -1;
    bool forward = true;
};

// How the scale-out network joining nodes is built (the catalog's Fabric entries are cost
// tiers; these are the structural facts the graph needs).
struct ScaleOutFabric {
    hw::FabricKind kind = hw::FabricKind::rail_optimized;
    // NIC-facing ports per leaf switch: a 64-port NDR/400G switch with half its ports up.
    int leaf_ports = 32;
    // Leaf down:up bandwidth ratio; 1 = non-blocking.
    double oversubscription = 1.0;
    // One cut-through switch traversal (leaf-spine); InfiniBand/Ethernet ASICs are 0.3-0.6 us.
    units::Seconds switch_latency = units::nanoseconds(500);
};

// The structural facts of a catalog fabric: its kind, the leaf tier's oversubscription and
// switch latency, and the NIC-facing ports of a leaf (radix x o/(1+o) when a spine sits above).
ScaleOutFabric scale_out_fabric(const hw::Fabric& fabric);

class Topology;
struct TopologyBuild;

class Topology {
public:
    // One scale-up domain of the system (no NICs).
    static TopologyBuild build_domain(const hw::SystemSpec& system);
    // Enough whole domains for `chips` chips, joined by the scale-out fabric when there is
    // more than one node.
    static TopologyBuild build_cluster(const hw::SystemSpec& system, int chips, const ScaleOutFabric& fabric = {});

    Topology(Topology&&) noexcept;
    Topology& operator=(Topology&&) noexcept;
    ~Topology();

    // Chips are vertices 0 .. chip_count()-1, numbered domain-major, then node, then local.
    [[nodiscard]] int chip_count() const;
    [[nodiscard]] int vertex_count() const;
    [[nodiscard]] int link_count() const;
    [[nodiscard]] int count(VertexKind kind) const;
    [[nodiscard]] const Vertex& vertex(int v) const;
    [[nodiscard]] const Link& link(int l) const;
    [[nodiscard]] int chips_per_node() const;
    [[nodiscard]] int chips_per_domain() const;
    [[nodiscard]] int domain_count() const;
    [[nodiscard]] int node_count() const;
    [[nodiscard]] int chip(int domain, int node_in_domain, int local) const;

    // Coordinates of a chip in its domain's torus/ring (the inter-node ring or torus adds its
    // dimensions after the in-node ones); empty for switched and full-mesh domains.
    [[nodiscard]] const std::vector<int>& domain_dims() const;
    [[nodiscard]] std::vector<int> coordinates(int chip) const;
    // The switch a domain's scale-up tier (or inter-node tier) reduces in, if switched.
    [[nodiscard]] std::optional<int> domain_switch(int domain, Tier tier) const;

    // Lowest-latency route (fewest hops among equal latencies). Between two chips it follows
    // route_loads' policy: inside a domain only scale-up links, between domains only the
    // scale-out network.
    [[nodiscard]] Route route(int from, int to) const;
    // Fewest links between two vertices (same policy), or -1 when unreachable.
    [[nodiscard]] int hop_count(int from, int to) const;
    // Smallest per-direction bandwidth across a cut of the domain's chips into two equal
    // halves (max-flow over the domain's scale-up links; candidate cuts along each torus
    // dimension, or index halves for switches, meshes and rings).
    [[nodiscard]] units::BytesPerSecond bisection_bandwidth(int domain = 0) const;

    // Routes every transfer over all of its lowest-latency routes, splitting bytes evenly
    // across equal-cost paths (ECMP), and sums the bytes on every link direction. Transfers
    // inside a scale-up domain use only its links; transfers between domains only the
    // scale-out network (chip -> own NIC -> fabric -> NIC -> chip).
    [[nodiscard]] LinkLoads route_loads(std::span<const Transfer> transfers) const;
    // Several independent sets at once (the phases of schedules): one shortest-path search
    // per distinct source serves every set.
    [[nodiscard]] std::vector<LinkLoads> route_loads(std::span<const std::span<const Transfer>> sets) const;
    // The slowest link direction of a load, with an achievable-efficiency factor per tier.
    [[nodiscard]] Bottleneck bottleneck(const LinkLoads& loads,
                                        const std::array<double, kTierCount>& efficiency = {1.0, 1.0, 1.0}) const;

    struct Impl;  // opaque: the Boost graph lives in the .cpp files

private:
    explicit Topology(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
    friend struct TopologyBuilder;
};

struct TopologyBuild {
    std::optional<Topology> topology;  // empty when the system spec cannot describe a network
    Issues issues;
};

std::string_view to_string(VertexKind k);
std::string_view to_string(Tier t);

}  // namespace rackplan::topology
