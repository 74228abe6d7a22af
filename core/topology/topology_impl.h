#pragma once
// Private: the Boost graph behind Topology and the flat arc arrays the bulk router walks.
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <tuple>
#include <unordered_map>
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

    // The router's two networks: 0 = inside domains (every link but scale-out), 1 = scale-out.
    // Peeling vertices of degree <= 1 leaves the 2-core; what was peeled are trees, each hung
    // from one core vertex by one link (or a whole component with no core). A route from a
    // tree vertex is unique up to its root, so only the core ever needs a shortest-path search
    // (a rail or fat-tree fabric with one NIC per chip is all trees: no search at all).
    struct Forest {
        std::vector<char> core;     // in the 2-core
        std::vector<int> parent;    // next vertex towards the root; -1 in the core and at a root
        std::vector<int> up_arc;    // arc v -> parent
        std::vector<int> down_arc;  // arc parent -> v
        std::vector<int> root;      // the core vertex the tree hangs from, or the top of a coreless tree

        // The core's biconnected blocks. A shortest route between two core vertices crosses
        // the blocks on their path in the block-cut tree, entering and leaving each through a
        // cut vertex, so a search never leaves one block; and a block entered through a cut
        // vertex has the same routes whatever the source (see BlockDag).
        int blocks = 0;
        std::vector<int> link_block;  // per link: its block; -1 outside the core or this network
        std::vector<int> bc_node;     // per core vertex: its block, or blocks + its cut index; -1 elsewhere
        std::vector<int> cut_vertex;  // per cut index
        // The block-cut tree: nodes 0..blocks-1 are blocks, then the cut vertices; rooted per component.
        std::vector<int> bc_parent;
        std::vector<int> bc_depth;
        std::vector<int> bc_component;
    };
    std::array<Forest, 2> forests;

    // Every shortest route from `entry` (a cut vertex) through one block: vertices in settle
    // order (distance, then id), path counts, and each vertex's predecessors newest first.
    struct BlockDag {
        std::vector<int> vertex;
        std::vector<std::int64_t> dist;
        std::vector<double> sigma;
        std::vector<int> pred_begin;             // into preds, size vertex.size() + 1
        std::vector<std::pair<int, int>> preds;  // (index of the predecessor in vertex, arc)
        std::unordered_map<int, int> index;      // vertex -> position
    };
    // Built on first use and kept; route_loads runs on several threads at once.
    std::shared_ptr<const BlockDag> block_dag(int network, int block, int entry) const;
    mutable std::mutex dag_mutex;
    mutable std::map<std::tuple<int, int, int>, std::shared_ptr<const BlockDag>> dags;

    [[nodiscard]] bool in_network(const Arc& arc, int network) const {
        return (links[static_cast<std::size_t>(arc.link)].tier == Tier::scale_out) == (network == 1);
    }

    int add_vertex(const Vertex& v);
    int add_link(const Link& l);
    void finish();  // builds the arc arrays and forests once all links are in
    void build_forest(int network);
    void build_blocks(int network);
};

// Route cost of a latency: picoseconds in the high bits and one unit per hop below, so
// equal latencies prefer fewer hops and ties are exact (integer) for ECMP splitting.
inline constexpr int kHopBits = 12;
std::int64_t route_weight(units::Seconds latency);
units::Seconds weight_latency(std::int64_t weight);

}  // namespace rackplan::topology
