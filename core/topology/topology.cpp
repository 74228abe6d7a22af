// Topology queries answered by Boost.Graph: routes, hop counts, bisection by max-flow.
#include "topology/topology.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/push_relabel_max_flow.hpp>
#include <boost/property_map/property_map.hpp>

#include "topology/topology_impl.h"

namespace rackplan::topology {

std::int64_t route_weight(units::Seconds latency) {
    const auto ps = static_cast<std::int64_t>(std::llround(std::max(0.0, latency.value()) * 1e12));
    return (ps << kHopBits) + 1;
}

units::Seconds weight_latency(std::int64_t weight) {
    return units::Seconds(static_cast<double>(weight >> kHopBits) * 1e-12);
}

int Topology::Impl::add_vertex(const Vertex& v) {
    vertices.push_back(v);
    return static_cast<int>(boost::add_vertex(graph));
}

int Topology::Impl::add_link(const Link& l) {
    const int index = static_cast<int>(links.size());
    links.push_back(l);
    boost::add_edge(static_cast<std::size_t>(l.a), static_cast<std::size_t>(l.b), index, graph);
    return index;
}

void Topology::Impl::finish() {
    const std::size_t n = vertices.size();
    arc_begin.assign(n + 1, 0);
    for (const Link& l : links) {
        ++arc_begin[static_cast<std::size_t>(l.a) + 1];
        ++arc_begin[static_cast<std::size_t>(l.b) + 1];
    }
    for (std::size_t v = 0; v < n; ++v) arc_begin[v + 1] += arc_begin[v];
    arcs.assign(static_cast<std::size_t>(arc_begin[n]), Arc{});
    std::vector<int> fill(arc_begin.begin(), arc_begin.end() - 1);
    for (std::size_t i = 0; i < links.size(); ++i) {
        const Link& l = links[i];
        const std::int64_t w = route_weight(l.latency);
        arcs[static_cast<std::size_t>(fill[static_cast<std::size_t>(l.a)]++)] = {l.b, static_cast<int>(i), true, w};
        arcs[static_cast<std::size_t>(fill[static_cast<std::size_t>(l.b)]++)] = {l.a, static_cast<int>(i), false, w};
    }
    build_forest(0);
    build_forest(1);
}

void Topology::Impl::build_forest(int network) {
    Forest& f = forests[static_cast<std::size_t>(network)];
    const std::size_t n = vertices.size();
    f.core.assign(n, 1);
    f.parent.assign(n, -1);
    f.up_arc.assign(n, -1);
    f.down_arc.assign(n, -1);
    f.root.assign(n, -1);
    // Degrees count arcs, so two parallel links keep their ends in the core (they form a cycle).
    std::vector<int> degree(n, 0);
    std::vector<int> peel;
    for (std::size_t v = 0; v < n; ++v) {
        for (int a = arc_begin[v]; a < arc_begin[v + 1]; ++a)
            if (in_network(arcs[static_cast<std::size_t>(a)], network)) ++degree[v];
        if (degree[v] <= 1) peel.push_back(static_cast<int>(v));
    }
    for (std::size_t q = 0; q < peel.size(); ++q) {
        const auto v = static_cast<std::size_t>(peel[q]);
        f.core[v] = 0;
        for (int a = arc_begin[v]; a < arc_begin[v + 1]; ++a) {
            const Arc& arc = arcs[static_cast<std::size_t>(a)];
            const auto u = static_cast<std::size_t>(arc.to);
            if (!in_network(arc, network) || !f.core[u]) continue;
            // The one neighbour still standing is v's way to the rest of the graph.
            f.parent[v] = arc.to;
            f.up_arc[v] = a;
            if (--degree[u] == 1) peel.push_back(arc.to);
        }
    }
    for (std::size_t v = 0; v < n; ++v)
        if (f.core[v]) f.root[v] = static_cast<int>(v);
    // Parents were peeled later (or are in the core), so the reverse peel order sees them first.
    for (std::size_t q = peel.size(); q-- > 0;) {
        const auto v = static_cast<std::size_t>(peel[q]);
        const int p = f.parent[v];
        if (p < 0) {
            f.root[v] = static_cast<int>(v);
            continue;
        }
        f.root[v] = f.root[static_cast<std::size_t>(p)];
        const int link = arcs[static_cast<std::size_t>(f.up_arc[v])].link;
        for (int a = arc_begin[static_cast<std::size_t>(p)]; a < arc_begin[static_cast<std::size_t>(p) + 1]; ++a)
            if (arcs[static_cast<std::size_t>(a)].link == link) f.down_arc[v] = a;
    }
    build_blocks(network);
}

void Topology::Impl::build_blocks(int network) {
    Forest& f = forests[static_cast<std::size_t>(network)];
    const std::size_t n = vertices.size();
    f.blocks = 0;
    f.link_block.assign(links.size(), -1);
    f.bc_node.assign(n, -1);
    f.cut_vertex.clear();
    auto usable = [&](const Arc& arc) { return in_network(arc, network) && f.core[static_cast<std::size_t>(arc.to)]; };

    // Hopcroft-Tarjan with explicit stacks (a cluster's core can be tens of thousands deep).
    // A parallel link to the parent is a back edge, so both links land in one block.
    struct Frame {
        int v;
        int parent_link;
        int next_arc;
    };
    std::vector<int> disc(n, -1);
    std::vector<int> low(n, 0);
    std::vector<Frame> frames;
    std::vector<int> edges;
    int clock = 0;
    for (std::size_t r = 0; r < n; ++r) {
        if (!f.core[r] || disc[r] >= 0) continue;
        disc[r] = low[r] = clock++;
        frames.push_back({static_cast<int>(r), -1, arc_begin[r]});
        while (!frames.empty()) {
            Frame& fr = frames.back();
            const auto v = static_cast<std::size_t>(fr.v);
            if (fr.next_arc < arc_begin[v + 1]) {
                const Arc& arc = arcs[static_cast<std::size_t>(fr.next_arc++)];
                if (!usable(arc) || arc.link == fr.parent_link) continue;
                const auto w = static_cast<std::size_t>(arc.to);
                if (disc[w] < 0) {
                    edges.push_back(arc.link);
                    disc[w] = low[w] = clock++;
                    frames.push_back({arc.to, arc.link, arc_begin[w]});
                } else if (disc[w] < disc[v]) {
                    edges.push_back(arc.link);
                    low[v] = std::min(low[v], disc[w]);
                }
                continue;
            }
            const Frame done = fr;
            frames.pop_back();
            if (frames.empty()) break;
            const auto p = static_cast<std::size_t>(frames.back().v);
            low[p] = std::min(low[p], low[static_cast<std::size_t>(done.v)]);
            if (low[static_cast<std::size_t>(done.v)] >= disc[p]) {
                // p separates done.v's subtree: the links above the tree link p-done.v form a block.
                for (int link = -1; link != done.parent_link;) {
                    link = edges.back();
                    edges.pop_back();
                    f.link_block[static_cast<std::size_t>(link)] = f.blocks;
                }
                ++f.blocks;
            }
        }
    }

    // A core vertex in two or more blocks is a cut vertex.
    for (std::size_t v = 0; v < n; ++v) {
        if (!f.core[v]) continue;
        int first = -1;
        bool cut = false;
        for (int a = arc_begin[v]; a < arc_begin[v + 1]; ++a) {
            const int b = f.link_block[static_cast<std::size_t>(arcs[static_cast<std::size_t>(a)].link)];
            if (b < 0 || !in_network(arcs[static_cast<std::size_t>(a)], network)) continue;
            if (first < 0) first = b;
            else if (b != first) cut = true;
        }
        if (cut) {
            f.bc_node[v] = -2;  // numbered below, once the block count is final
            f.cut_vertex.push_back(static_cast<int>(v));
        } else {
            f.bc_node[v] = first;
        }
    }
    const int nodes = f.blocks + static_cast<int>(f.cut_vertex.size());
    std::vector<std::vector<int>> adjacent(static_cast<std::size_t>(nodes));
    for (std::size_t c = 0; c < f.cut_vertex.size(); ++c) {
        const int id = f.blocks + static_cast<int>(c);
        const auto v = static_cast<std::size_t>(f.cut_vertex[c]);
        f.bc_node[v] = id;
        for (int a = arc_begin[v]; a < arc_begin[v + 1]; ++a) {
            const int b = f.link_block[static_cast<std::size_t>(arcs[static_cast<std::size_t>(a)].link)];
            if (b < 0 || !in_network(arcs[static_cast<std::size_t>(a)], network)) continue;
            auto& list = adjacent[static_cast<std::size_t>(id)];
            if (std::find(list.begin(), list.end(), b) == list.end()) {
                list.push_back(b);
                adjacent[static_cast<std::size_t>(b)].push_back(id);
            }
        }
    }
    f.bc_parent.assign(static_cast<std::size_t>(nodes), -1);
    f.bc_depth.assign(static_cast<std::size_t>(nodes), -1);
    f.bc_component.assign(static_cast<std::size_t>(nodes), -1);
    std::vector<int> queue;
    for (int r = 0; r < nodes; ++r) {
        if (f.bc_depth[static_cast<std::size_t>(r)] >= 0) continue;
        f.bc_depth[static_cast<std::size_t>(r)] = 0;
        f.bc_component[static_cast<std::size_t>(r)] = r;
        queue.assign(1, r);
        for (std::size_t q = 0; q < queue.size(); ++q) {
            const int x = queue[q];
            for (int y : adjacent[static_cast<std::size_t>(x)]) {
                if (f.bc_depth[static_cast<std::size_t>(y)] >= 0) continue;
                f.bc_depth[static_cast<std::size_t>(y)] = f.bc_depth[static_cast<std::size_t>(x)] + 1;
                f.bc_parent[static_cast<std::size_t>(y)] = x;
                f.bc_component[static_cast<std::size_t>(y)] = r;
                queue.push_back(y);
            }
        }
    }
}

Topology::Topology(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Topology::Topology(Topology&&) noexcept = default;
Topology& Topology::operator=(Topology&&) noexcept = default;
Topology::~Topology() = default;

int Topology::chip_count() const { return impl_->chips; }
int Topology::vertex_count() const { return static_cast<int>(impl_->vertices.size()); }
int Topology::link_count() const { return static_cast<int>(impl_->links.size()); }
int Topology::count(VertexKind kind) const {
    return static_cast<int>(std::count_if(impl_->vertices.begin(), impl_->vertices.end(),
                                          [kind](const Vertex& v) { return v.kind == kind; }));
}
const Vertex& Topology::vertex(int v) const { return impl_->vertices.at(static_cast<std::size_t>(v)); }
const Link& Topology::link(int l) const { return impl_->links.at(static_cast<std::size_t>(l)); }
int Topology::chips_per_node() const { return impl_->chips_per_node; }
int Topology::chips_per_domain() const { return impl_->chips_per_node * impl_->nodes_per_domain; }
int Topology::domain_count() const { return impl_->domains; }
int Topology::node_count() const { return impl_->domains * impl_->nodes_per_domain; }
int Topology::chip(int domain, int node_in_domain, int local) const {
    return (domain * impl_->nodes_per_domain + node_in_domain) * impl_->chips_per_node + local;
}
const std::vector<int>& Topology::domain_dims() const { return impl_->dims; }
std::vector<int> Topology::coordinates(int chip) const {
    if (impl_->chip_coords.empty()) return {};
    return impl_->chip_coords.at(static_cast<std::size_t>(chip));
}
std::optional<int> Topology::domain_switch(int domain, Tier tier) const {
    const auto& slot = tier == Tier::inter_node ? impl_->inter_node_switch : impl_->scale_up_switch;
    if (domain < 0 || domain >= static_cast<int>(slot.size()) || slot[static_cast<std::size_t>(domain)] < 0)
        return std::nullopt;
    return slot[static_cast<std::size_t>(domain)];
}

namespace {

// The links a chip-to-chip route may use (the policy route_loads applies): inside one
// scale-up domain only its links, between domains only the scale-out network.
struct TierFilter {
    const Topology::Impl* m = nullptr;
    int mode = 0;  // 0: every link, 1: scale-up and inter-node only, 2: scale-out only
    template <class Edge>
    bool operator()(const Edge& e) const {
        if (mode == 0) return true;
        const Tier t = m->links[static_cast<std::size_t>(boost::get(boost::edge_index, m->graph, e))].tier;
        return (mode == 2) == (t == Tier::scale_out);
    }
};

int policy(const Topology::Impl& m, int from, int to) {
    const Vertex& a = m.vertices[static_cast<std::size_t>(from)];
    const Vertex& b = m.vertices[static_cast<std::size_t>(to)];
    if (a.kind != VertexKind::chip || b.kind != VertexKind::chip) return 0;
    return a.domain == b.domain ? 1 : 2;
}

}  // namespace

Route Topology::route(int from, int to) const {
    const std::size_t n = impl_->vertices.size();
    Route r;
    if (from < 0 || to < 0 || static_cast<std::size_t>(from) >= n || static_cast<std::size_t>(to) >= n) return r;
    const boost::filtered_graph<Impl::Graph, TierFilter> g(impl_->graph,
                                                           TierFilter{impl_.get(), policy(*impl_, from, to)});
    std::vector<std::int64_t> weight(impl_->links.size());
    for (std::size_t i = 0; i < weight.size(); ++i) weight[i] = route_weight(impl_->links[i].latency);
    std::vector<std::size_t> pred(n);
    std::vector<std::int64_t> dist(n);
    auto weight_map = boost::make_iterator_property_map(weight.begin(), boost::get(boost::edge_index, impl_->graph));
    boost::dijkstra_shortest_paths(g, static_cast<std::size_t>(from),
                                   boost::predecessor_map(pred.data())
                                       .distance_map(dist.data())
                                       .weight_map(weight_map)
                                       .distance_inf(std::numeric_limits<std::int64_t>::max()));
    if (dist[static_cast<std::size_t>(to)] == std::numeric_limits<std::int64_t>::max()) return r;
    for (std::size_t v = static_cast<std::size_t>(to);; v = pred[v]) {
        r.vertices.push_back(static_cast<int>(v));
        if (v == static_cast<std::size_t>(from)) break;
    }
    std::reverse(r.vertices.begin(), r.vertices.end());
    for (std::size_t i = 1; i < r.vertices.size(); ++i) {
        auto [e, found] = boost::edge(static_cast<std::size_t>(r.vertices[i - 1]),
                                      static_cast<std::size_t>(r.vertices[i]), impl_->graph);
        const int index = found ? boost::get(boost::edge_index, impl_->graph, e) : -1;
        r.links.push_back(index);
        if (index >= 0) r.latency += impl_->links[static_cast<std::size_t>(index)].latency;
    }
    return r;
}

int Topology::hop_count(int from, int to) const {
    const std::size_t n = impl_->vertices.size();
    if (from < 0 || to < 0 || static_cast<std::size_t>(from) >= n || static_cast<std::size_t>(to) >= n) return -1;
    std::vector<int> hops(n, -1);
    hops[static_cast<std::size_t>(from)] = 0;
    const boost::filtered_graph<Impl::Graph, TierFilter> g(impl_->graph,
                                                           TierFilter{impl_.get(), policy(*impl_, from, to)});
    boost::breadth_first_search(
        g, static_cast<std::size_t>(from),
        boost::visitor(boost::make_bfs_visitor(boost::record_distances(hops.data(), boost::on_tree_edge()))));
    return hops[static_cast<std::size_t>(to)];
}

namespace {

using FlowTraits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
using FlowGraph = boost::adjacency_list<
    boost::vecS, boost::vecS, boost::directedS, boost::no_property,
    boost::property<boost::edge_capacity_t, double,
                    boost::property<boost::edge_residual_capacity_t, double,
                                    boost::property<boost::edge_reverse_t, FlowTraits::edge_descriptor>>>>;

void add_arc(FlowGraph& g, std::size_t u, std::size_t v, double capacity) {
    auto cap = boost::get(boost::edge_capacity, g);
    auto rev = boost::get(boost::edge_reverse, g);
    auto e = boost::add_edge(u, v, g).first;
    auto r = boost::add_edge(v, u, g).first;
    cap[e] = capacity;
    cap[r] = 0.0;
    rev[e] = r;
    rev[r] = e;
}

}  // namespace

units::BytesPerSecond Topology::bisection_bandwidth(int domain) const {
    const Impl& m = *impl_;
    if (domain < 0 || domain >= m.domains) return units::BytesPerSecond(0.0);
    const int cpd = chips_per_domain();
    if (cpd < 2) return units::BytesPerSecond(0.0);
    const int base = domain * cpd;

    // Candidate halves: along each torus dimension of even size, else chip-index halves
    // (switches, meshes and rings are symmetric under relabelling).
    std::vector<std::vector<bool>> cuts;
    for (std::size_t k = 0; k < m.dims.size(); ++k) {
        if (m.dims[k] < 2 || m.dims[k] % 2 != 0) continue;
        std::vector<bool> side(static_cast<std::size_t>(cpd));
        for (int c = 0; c < cpd; ++c)
            side[static_cast<std::size_t>(c)] = m.chip_coords[static_cast<std::size_t>(base + c)][k] < m.dims[k] / 2;
        cuts.push_back(side);
    }
    if (cuts.empty()) {
        std::vector<bool> side(static_cast<std::size_t>(cpd));
        for (int c = 0; c < cpd; ++c) side[static_cast<std::size_t>(c)] = c < cpd / 2;
        cuts.push_back(side);
    }

    // The domain's vertices: its chips and the switches inside it.
    std::vector<int> local(m.vertices.size(), -1);
    int count = 0;
    for (std::size_t v = 0; v < m.vertices.size(); ++v) {
        const Vertex& x = m.vertices[v];
        const bool inside =
            x.domain == domain && (x.kind == VertexKind::chip || x.kind == VertexKind::scale_up_switch ||
                                   x.kind == VertexKind::inter_node_switch);
        if (inside) local[v] = count++;
    }
    double total = 0.0;
    for (const Link& l : m.links) total += l.bandwidth.value();
    const double big = 2.0 * total + 1.0;

    double best = std::numeric_limits<double>::infinity();
    for (const auto& side : cuts) {
        FlowGraph g(static_cast<std::size_t>(count) + 2);
        const std::size_t source = static_cast<std::size_t>(count);
        const std::size_t sink = source + 1;
        for (const Link& l : m.links) {
            if (l.tier == Tier::scale_out) continue;
            const int a = local[static_cast<std::size_t>(l.a)];
            const int b = local[static_cast<std::size_t>(l.b)];
            if (a < 0 || b < 0) continue;
            add_arc(g, static_cast<std::size_t>(a), static_cast<std::size_t>(b), l.bandwidth.value());
            add_arc(g, static_cast<std::size_t>(b), static_cast<std::size_t>(a), l.bandwidth.value());
        }
        for (int c = 0; c < cpd; ++c) {
            const auto v = static_cast<std::size_t>(local[static_cast<std::size_t>(base + c)]);
            if (side[static_cast<std::size_t>(c)])
                add_arc(g, source, v, big);
            else
                add_arc(g, v, sink, big);
        }
        best = std::min(best, boost::push_relabel_max_flow(g, source, sink));
    }
    return units::BytesPerSecond(best);
}

Bottleneck Topology::bottleneck(const LinkLoads& loads, const std::array<double, kTierCount>& efficiency) const {
    Bottleneck b;
    for (std::size_t i = 0; i < impl_->links.size() && i < loads.forward.size(); ++i) {
        const Link& l = impl_->links[i];
        const double bw = l.bandwidth.value() * efficiency[static_cast<std::size_t>(l.tier)];
        for (bool fwd : {true, false}) {
            const double bytes = (fwd ? loads.forward[i] : loads.backward[i]).value();
            if (bytes <= 0.0) continue;
            const units::Seconds t(bw > 0.0 ? bytes / bw : std::numeric_limits<double>::infinity());
            if (t > b.time) {
                b.time = t;
                b.link = static_cast<int>(i);
                b.forward = fwd;
            }
        }
    }
    return b;
}

std::string_view to_string(VertexKind k) {
    switch (k) {
        case VertexKind::chip:
            return "chip";
        case VertexKind::nic:
            return "nic";
        case VertexKind::scale_up_switch:
            return "scale-up switch";
        case VertexKind::inter_node_switch:
            return "inter-node switch";
        case VertexKind::leaf_switch:
            return "leaf switch";
        case VertexKind::spine_switch:
            return "spine switch";
    }
    return "chip";
}

std::string_view to_string(Tier t) {
    switch (t) {
        case Tier::scale_up:
            return "scale-up";
        case Tier::inter_node:
            return "inter-node";
        case Tier::scale_out:
            return "scale-out";
    }
    return "scale-up";
}

}  // namespace rackplan::topology
