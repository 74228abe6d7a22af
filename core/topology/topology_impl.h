#pragma once
// Private: the Boost graph behind Topology and the flat arc arrays the bulk router walks.
#include <cstdint>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

#include "topology/topology.h"

namespace rackplan::topology {

struct Topology::Impl {
    using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                                        boost::property<boost::edge_index_t, int>>;

    // One direction of a link, for the router.
    struct Arc {
        int to = 0;
        int link = 0;
        bool forward = true;      // a -> b
        std::int64_t weight = 0;  // route_weight(latency)
    };

    Graph graph;
    std::vector<Vertex> vertices;
    std::vector<Link> links;
    int chips = 0;
    int chips_per_node = 1;
    int nodes_per_domain = 1;
    int domains = 1;
    std::vector<int> dims;                      // a domain's torus dims, empty when none
    std::vector<std::vector<int>> chip_coords;  // per chip, empty when dims is
    std::vector<int> scale_up_switch;           // per domain, -1 when not switched domain-wide
    std::vector<int> inter_node_switch;         // per domain, -1 when none
    std::vector<int> arc_begin;                 // CSR over arcs, size vertices+1
    std::vector<Arc> arcs;

    int add_vertex(const Vertex& v);
    int add_link(const Link& l);
    void finish();  // builds the arc arrays once all links are in
};

// Route cost of a latency: picoseconds in the high bits and one unit per hop below, so
// equal latencies prefer fewer hops and ties are exact (integer) for ECMP splitting.
inline constexpr int kHopBits = 12;
std::int64_t route_weight(units::Seconds latency);
units::Seconds weight_latency(std::int64_t weight);

}  // namespace rackplan::topology
