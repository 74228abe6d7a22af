// Link loads of sets of transfers. For each distinct source the router builds the shortest-path
// DAG to that source's destinations, then every set pushes its destinations' bytes back along
// the DAG, splitting at each vertex in proportion to the paths through each predecessor (ECMP
// over equal-cost routes). One DAG per source serves all the sets (all phases of a schedule).
//
// The DAG is built from the network's forest (topology_impl.h): routes through the peeled
// trees are unique, so only a route between two trees' roots in the 2-core needs a search,
// and that one goes block by block along the block-cut tree: a Dijkstra inside the source's
// own block, and for every block entered through a cut vertex (a spine, a leaf) the routes
// kept from the first time (shifted by the entry's distance, scaled by its path count). The
// result is the DAG a Dijkstra over the whole graph finds, restricted to the vertices on
// shortest routes to the destinations: the same distances and path counts (whole numbers,
// exact in a double), each vertex's predecessors in the same order, and the backward pass
// visits the vertices in the same order (distance, then id: the order a binary heap of
// (distance, vertex) settles them), so every sum is formed as that search would form it.
#include <algorithm>
#include <limits>
#include <memory>
#include <mutex>
#include <queue>
#include <unordered_map>

#include "topology/topology.h"
#include "topology/topology_impl.h"

namespace rackplan::topology {

namespace {

struct PredEntry {
    int from = 0;
    int arc = 0;
    int next = -1;
};

struct Demand {
    int set = 0;
    int dst = 0;
    double bytes = 0.0;
};

constexpr std::int64_t kUnreached = std::numeric_limits<std::int64_t>::max();

// Scratch state of one source's DAG, reset through `touched` so a big graph costs nothing
// per source beyond the vertices the DAG reaches.
class Router {
    const Topology::Impl& m_;

public:
    explicit Router(const Topology::Impl& m)
        : m_(m),
          dist(m.vertices.size(), kUnreached),
          sigma(m.vertices.size(), 0.0),
          flow(m.vertices.size(), 0.0),
          pred_head(m.vertices.size(), -1),
          in_dag(m.vertices.size(), 0),
          settled_(m.vertices.size(), 0),
          goal_(m.vertices.size(), 0),
          segment_of_(static_cast<std::size_t>(std::max(m.forests[0].blocks, m.forests[1].blocks)), -1) {}

    // The DAG of shortest routes from `src` to `targets` on `network`; `order` lists its
    // vertices by (distance, id). A target outside the DAG is unreachable.
    void build(int src, int network, const std::vector<int>& targets);
    void reset();

    std::vector<std::int64_t> dist;
    std::vector<double> sigma;
    std::vector<double> flow;
    std::vector<int> pred_head;
    std::vector<char> in_dag;
    std::vector<PredEntry> preds;
    std::vector<int> order;

private:
    void touch(int v) {
        if (dist[static_cast<std::size_t>(v)] == kUnreached) touched_.push_back(v);
    }
    void add_pred(int v, int from, int arc) {
        preds.push_back({from, arc, pred_head[static_cast<std::size_t>(v)]});
        pred_head[static_cast<std::size_t>(v)] = static_cast<int>(preds.size()) - 1;
    }
    // Sets dist and the single predecessor of tree vertices from `v` up to the first vertex
    // that already has a distance (the walk meets the DAG there).
    void hang(int v, const Topology::Impl::Forest& f);
    // Routes from the source's root `top` to the core targets' roots, block by block along
    // the block-cut tree.
    void search_core(int top, int network, const Topology::Impl::Forest& f);
    // Dijkstra from `top` inside its own block, up to the last goal.
    void search_block(int top, int block, const Topology::Impl::Forest& f, const std::vector<int>& goals);
    // A block entered through a cut vertex: its kept DAG, shifted to the entry's distance and
    // scaled by the entry's path count, for the vertices on routes to the goals.
    void compose(const Topology::Impl::BlockDag& dag, int entry, const std::vector<int>& goals);

    struct Segment {
        int block = 0;
        int entry = 0;
        int level = 0;  // blocks from the source's
        std::vector<int> goals;
    };

    std::vector<char> settled_;  // reached by a core search, final
    std::vector<char> goal_;
    std::vector<int> touched_;
    std::vector<int> walk_;
    std::vector<int> core_targets_;
    std::vector<int> stack_;
    std::vector<int> path_;
    std::vector<int> up_;
    std::vector<Segment> segments_;
    std::vector<int> segment_of_;  // per block, -1 when the current source has none
    std::vector<char> mark_;
    using Item = std::pair<std::int64_t, int>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> heap_;
};

void Router::hang(int v, const Topology::Impl::Forest& f) {
    walk_.clear();
    while (dist[static_cast<std::size_t>(v)] == kUnreached) {
        walk_.push_back(v);
        v = f.parent[static_cast<std::size_t>(v)];
    }
    for (auto it = walk_.rbegin(); it != walk_.rend(); ++it) {
        const auto c = static_cast<std::size_t>(*it);
        const int p = f.parent[c];
        const int arc = f.down_arc[c];
        touch(*it);
        dist[c] = dist[static_cast<std::size_t>(p)] + m_.arcs[static_cast<std::size_t>(arc)].weight;
        sigma[c] = sigma[static_cast<std::size_t>(p)];
        add_pred(*it, p, arc);
    }
}

void Router::search_block(int top, int block, const Topology::Impl::Forest& f, const std::vector<int>& goals) {
    std::size_t remaining = 0;
    for (int g : goals)
        if (!goal_[static_cast<std::size_t>(g)]) {
            goal_[static_cast<std::size_t>(g)] = 1;
            ++remaining;
        }
    heap_.push({dist[static_cast<std::size_t>(top)], top});
    while (!heap_.empty() && remaining > 0) {
        const auto [d, u] = heap_.top();
        heap_.pop();
        const auto uu = static_cast<std::size_t>(u);
        if (settled_[uu] || d > dist[uu]) continue;
        settled_[uu] = 1;
        // A vertex's paths are final once it is settled (weights are >= 1), so the search
        // stops at the last goal.
        if (goal_[uu] && --remaining == 0) break;
        for (int a = m_.arc_begin[uu]; a < m_.arc_begin[uu + 1]; ++a) {
            const Topology::Impl::Arc& arc = m_.arcs[static_cast<std::size_t>(a)];
            const auto vv = static_cast<std::size_t>(arc.to);
            if (settled_[vv] || f.link_block[static_cast<std::size_t>(arc.link)] != block) continue;
            const std::int64_t nd = d + arc.weight;
            touch(arc.to);
            if (nd < dist[vv]) {
                dist[vv] = nd;
                sigma[vv] = sigma[uu];
                pred_head[vv] = -1;
                add_pred(arc.to, u, a);
                heap_.push({nd, arc.to});
            } else if (nd == dist[vv]) {
                sigma[vv] += sigma[uu];
                add_pred(arc.to, u, a);
            }
        }
    }
    while (!heap_.empty()) heap_.pop();
    for (int g : goals) goal_[static_cast<std::size_t>(g)] = 0;
}

void Router::compose(const Topology::Impl::BlockDag& dag, int entry, const std::vector<int>& goals) {
    mark_.assign(dag.vertex.size(), 0);
    for (int g : goals) stack_.push_back(dag.index.at(g));
    while (!stack_.empty()) {
        const int p = stack_.back();
        stack_.pop_back();
        if (mark_[static_cast<std::size_t>(p)]) continue;
        mark_[static_cast<std::size_t>(p)] = 1;
        for (int k = dag.pred_begin[static_cast<std::size_t>(p)]; k < dag.pred_begin[static_cast<std::size_t>(p) + 1]; ++k)
            stack_.push_back(dag.preds[static_cast<std::size_t>(k)].first);
    }
    const std::int64_t base = dist[static_cast<std::size_t>(entry)];
    const double paths = sigma[static_cast<std::size_t>(entry)];
    for (std::size_t p = 1; p < dag.vertex.size(); ++p) {  // 0 is the entry itself
        if (!mark_[p]) continue;
        const int v = dag.vertex[p];
        const auto vv = static_cast<std::size_t>(v);
        touch(v);
        dist[vv] = base + dag.dist[p];
        sigma[vv] = paths * dag.sigma[p];
        pred_head[vv] = -1;
        // Pushed oldest first, so the chain reads newest first as a whole-graph search left it.
        for (int k = dag.pred_begin[p + 1]; k-- > dag.pred_begin[p];) {
            const auto& [from, arc] = dag.preds[static_cast<std::size_t>(k)];
            add_pred(v, dag.vertex[static_cast<std::size_t>(from)], arc);
        }
        settled_[vv] = 1;
    }
}

void Router::search_core(int top, int network, const Topology::Impl::Forest& f) {
    const int from = f.bc_node[static_cast<std::size_t>(top)];
    segments_.clear();
    for (int d : core_targets_) {
        const int r = f.root[static_cast<std::size_t>(d)];
        const int to = f.bc_node[static_cast<std::size_t>(r)];
        if (f.bc_component[static_cast<std::size_t>(from)] != f.bc_component[static_cast<std::size_t>(to)]) continue;
        // The block-cut tree path from -> to, through their lowest common ancestor.
        up_.clear();
        path_.clear();
        int a = from, b = to;
        while (f.bc_depth[static_cast<std::size_t>(a)] > f.bc_depth[static_cast<std::size_t>(b)]) {
            path_.push_back(a);
            a = f.bc_parent[static_cast<std::size_t>(a)];
        }
        while (f.bc_depth[static_cast<std::size_t>(b)] > f.bc_depth[static_cast<std::size_t>(a)]) {
            up_.push_back(b);
            b = f.bc_parent[static_cast<std::size_t>(b)];
        }
        while (a != b) {
            path_.push_back(a);
            up_.push_back(b);
            a = f.bc_parent[static_cast<std::size_t>(a)];
            b = f.bc_parent[static_cast<std::size_t>(b)];
        }
        path_.push_back(a);
        path_.insert(path_.end(), up_.rbegin(), up_.rend());
        for (std::size_t i = 0; i < path_.size(); ++i) {
            const int node = path_[i];
            if (node >= f.blocks) continue;
            int& k = segment_of_[static_cast<std::size_t>(node)];
            if (k < 0) {
                k = static_cast<int>(segments_.size());
                Segment seg;
                seg.block = node;
                seg.entry = i == 0 ? top : f.cut_vertex[static_cast<std::size_t>(path_[i - 1] - f.blocks)];
                seg.level = static_cast<int>(i);
                segments_.push_back(std::move(seg));
            }
            segments_[static_cast<std::size_t>(k)].goals.push_back(
                i + 1 == path_.size() ? r : f.cut_vertex[static_cast<std::size_t>(path_[i + 1] - f.blocks)]);
        }
    }
    // Nearer blocks first: each entry is reached before its block is.
    std::stable_sort(segments_.begin(), segments_.end(),
                     [](const Segment& x, const Segment& y) { return x.level < y.level; });
    for (const Segment& seg : segments_) {
        segment_of_[static_cast<std::size_t>(seg.block)] = -1;
        if (seg.entry != top && !settled_[static_cast<std::size_t>(seg.entry)]) continue;  // never: blocks connect
        if (seg.entry == top && from < f.blocks)
            search_block(top, seg.block, f, seg.goals);
        else
            compose(*m_.block_dag(network, seg.block, seg.entry), seg.entry, seg.goals);
    }
    for (int d : core_targets_) {
        const auto g = static_cast<std::size_t>(f.root[static_cast<std::size_t>(d)]);
        if (settled_[g]) hang(d, f);
    }
}

void Router::build(int src, int network, const std::vector<int>& targets) {
    const Topology::Impl::Forest& f = m_.forests[static_cast<std::size_t>(network)];
    const auto s = static_cast<std::size_t>(src);
    touch(src);
    dist[s] = 0;
    sigma[s] = 1.0;
    // Up the source's tree to its root.
    int top = src;
    for (int v = src; f.parent[static_cast<std::size_t>(v)] >= 0; v = f.parent[static_cast<std::size_t>(v)]) {
        const int u = f.parent[static_cast<std::size_t>(v)];
        const int arc = f.up_arc[static_cast<std::size_t>(v)];
        touch(u);
        dist[static_cast<std::size_t>(u)] = dist[static_cast<std::size_t>(v)] + m_.arcs[static_cast<std::size_t>(arc)].weight;
        sigma[static_cast<std::size_t>(u)] = 1.0;
        add_pred(u, v, arc);
        top = u;
    }
    // Targets in the same tree meet the source's path at their common ancestor; targets in
    // other trees are reached through the core, when both trees hang from it.
    core_targets_.clear();
    for (int d : targets) {
        const int r = f.root[static_cast<std::size_t>(d)];
        if (r == top)
            hang(d, f);
        else if (f.core[static_cast<std::size_t>(top)] && f.core[static_cast<std::size_t>(r)])
            core_targets_.push_back(d);
    }
    if (!core_targets_.empty()) search_core(top, network, f);

    // The DAG: every reached target and its ancestors.
    order.clear();
    for (int d : targets) {
        if (dist[static_cast<std::size_t>(d)] == kUnreached) continue;
        if (f.core[static_cast<std::size_t>(d)] && d != top && !settled_[static_cast<std::size_t>(d)]) continue;
        stack_.push_back(d);
        while (!stack_.empty()) {
            const int v = stack_.back();
            stack_.pop_back();
            if (in_dag[static_cast<std::size_t>(v)]) continue;
            in_dag[static_cast<std::size_t>(v)] = 1;
            order.push_back(v);
            for (int p = pred_head[static_cast<std::size_t>(v)]; p >= 0; p = preds[static_cast<std::size_t>(p)].next)
                stack_.push_back(preds[static_cast<std::size_t>(p)].from);
        }
    }
    std::sort(order.begin(), order.end(), [&](int a, int b) {
        const std::int64_t da = dist[static_cast<std::size_t>(a)];
        const std::int64_t db = dist[static_cast<std::size_t>(b)];
        return da != db ? da < db : a < b;
    });
}

void Router::reset() {
    for (int v : touched_) {
        const auto vv = static_cast<std::size_t>(v);
        dist[vv] = kUnreached;
        sigma[vv] = 0.0;
        flow[vv] = 0.0;
        pred_head[vv] = -1;
        in_dag[vv] = 0;
        settled_[vv] = 0;
    }
    touched_.clear();
    preds.clear();
    order.clear();
}

}  // namespace

std::shared_ptr<const Topology::Impl::BlockDag> Topology::Impl::block_dag(int network, int block, int entry) const {
    const auto key = std::make_tuple(network, block, entry);
    {
        std::lock_guard lock(dag_mutex);
        if (auto it = dags.find(key); it != dags.end()) return it->second;
    }
    // The whole block from the entry, as the router's own search would find it.
    const Forest& f = forests[static_cast<std::size_t>(network)];
    auto dag = std::make_shared<BlockDag>();
    std::unordered_map<int, std::int64_t> dist;
    std::unordered_map<int, double> sigma;
    std::unordered_map<int, int> head;
    std::vector<PredEntry> chain;
    std::unordered_map<int, char> settled;
    using Item = std::pair<std::int64_t, int>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
    dist[entry] = 0;
    sigma[entry] = 1.0;
    head[entry] = -1;
    heap.push({0, entry});
    while (!heap.empty()) {
        const auto [d, u] = heap.top();
        heap.pop();
        if (settled.count(u) || d > dist.at(u)) continue;
        settled[u] = 1;
        dag->index[u] = static_cast<int>(dag->vertex.size());
        dag->vertex.push_back(u);
        const auto uu = static_cast<std::size_t>(u);
        for (int a = arc_begin[uu]; a < arc_begin[uu + 1]; ++a) {
            const Arc& arc = arcs[static_cast<std::size_t>(a)];
            if (settled.count(arc.to) || f.link_block[static_cast<std::size_t>(arc.link)] != block) continue;
            const std::int64_t nd = d + arc.weight;
            const auto it = dist.find(arc.to);
            if (it == dist.end() || nd < it->second) {
                dist[arc.to] = nd;
                sigma[arc.to] = sigma.at(u);
                chain.push_back({u, a, -1});
                head[arc.to] = static_cast<int>(chain.size()) - 1;
                heap.push({nd, arc.to});
            } else if (nd == it->second) {
                sigma[arc.to] += sigma.at(u);
                chain.push_back({u, a, head.at(arc.to)});
                head[arc.to] = static_cast<int>(chain.size()) - 1;
            }
        }
    }
    dag->pred_begin.push_back(0);
    for (int v : dag->vertex) {
        dag->dist.push_back(dist.at(v));
        dag->sigma.push_back(sigma.at(v));
        for (int p = head.at(v); p >= 0; p = chain[static_cast<std::size_t>(p)].next)
            dag->preds.emplace_back(dag->index.at(chain[static_cast<std::size_t>(p)].from), chain[static_cast<std::size_t>(p)].arc);
        dag->pred_begin.push_back(static_cast<int>(dag->preds.size()));
    }
    std::lock_guard lock(dag_mutex);
    return dags.emplace(key, std::move(dag)).first->second;
}

LinkLoads Topology::route_loads(std::span<const Transfer> transfers) const {
    const std::span<const Transfer> one[] = {transfers};
    return std::move(route_loads(std::span<const std::span<const Transfer>>(one)).front());
}

std::vector<LinkLoads> Topology::route_loads(std::span<const std::span<const Transfer>> sets) const {
    const Impl& m = *impl_;
    const std::size_t nv = m.vertices.size();
    std::vector<LinkLoads> out(sets.size());
    std::vector<double> latency_sum(sets.size(), 0.0);
    std::vector<int> routed(sets.size(), 0);
    for (LinkLoads& l : out) {
        l.forward.assign(m.links.size(), units::Bytes(0.0));
        l.backward.assign(m.links.size(), units::Bytes(0.0));
    }

    // Bucket every demand by source (counting sort keeps the sets in order within a bucket).
    auto valid = [nv](const Transfer& t) {
        return t.src >= 0 && t.dst >= 0 && static_cast<std::size_t>(t.src) < nv && static_cast<std::size_t>(t.dst) < nv;
    };
    std::vector<int> begin(nv + 1, 0);
    for (std::size_t s = 0; s < sets.size(); ++s) {
        for (const Transfer& t : sets[s]) {
            if (!valid(t)) {
                ++out[s].unreachable;
                continue;
            }
            if (t.src != t.dst && t.bytes.value() > 0.0) ++begin[static_cast<std::size_t>(t.src) + 1];
        }
    }
    for (std::size_t v = 0; v < nv; ++v) begin[v + 1] += begin[v];
    std::vector<Demand> demands(static_cast<std::size_t>(begin[nv]));
    {
        std::vector<int> fill(begin.begin(), begin.end() - 1);
        for (std::size_t s = 0; s < sets.size(); ++s)
            for (const Transfer& t : sets[s])
                if (valid(t) && t.src != t.dst && t.bytes.value() > 0.0)
                    demands[static_cast<std::size_t>(fill[static_cast<std::size_t>(t.src)]++)] = {
                        static_cast<int>(s), t.dst, t.bytes.value()};
    }

    Router router(m);
    std::vector<char> is_target(nv, 0);
    std::vector<int> targets;

    // Traffic between two vertices of one scale-up domain stays on the scale-up network (the
    // libraries use NVLink/NeuronLink peer access there); traffic between domains leaves
    // through the sending chip's own NIC and arrives through the receiver's (no relays through
    // other chips, which ECMP ties would otherwise invent). Each kind gets its own DAG.
    auto inside = [&](const Demand& d, int src) {
        const int a = m.vertices[static_cast<std::size_t>(src)].domain;
        const Vertex& b = m.vertices[static_cast<std::size_t>(d.dst)];
        return a >= 0 && a == b.domain && b.kind != VertexKind::nic;
    };
    for (std::size_t pass = 0; pass < 2 * nv; ++pass) {
        const std::size_t src_index = pass / 2;
        const bool local = pass % 2 == 0;
        const int src = static_cast<int>(src_index);
        if (begin[src_index] == begin[src_index + 1]) continue;
        // Demands of this pass first within the bucket (stable, so sets stay in order).
        auto first = demands.begin() + begin[src_index];
        auto last = demands.begin() + begin[src_index + 1];
        if (local) std::stable_partition(first, last, [&](const Demand& d) { return inside(d, src); });
        const auto split = static_cast<int>(
            std::partition_point(first, last, [&](const Demand& d) { return inside(d, src); }) - demands.begin());
        const int lo = local ? begin[src_index] : split;
        const int hi = local ? split : begin[src_index + 1];
        if (lo == hi) continue;
        targets.clear();
        for (int i = lo; i < hi; ++i) {
            const int d = demands[static_cast<std::size_t>(i)].dst;
            if (!is_target[static_cast<std::size_t>(d)]) {
                is_target[static_cast<std::size_t>(d)] = 1;
                targets.push_back(d);
            }
        }
        router.build(src, local ? 0 : 1, targets);

        // One backward pass per set with demands from this source.
        int i = lo;
        while (i < hi) {
            const int set = demands[static_cast<std::size_t>(i)].set;
            LinkLoads& loads = out[static_cast<std::size_t>(set)];
            int j = i;
            for (; j < hi && demands[static_cast<std::size_t>(j)].set == set; ++j) {
                const Demand& dm = demands[static_cast<std::size_t>(j)];
                const auto dd = static_cast<std::size_t>(dm.dst);
                if (!router.in_dag[dd]) {
                    ++loads.unreachable;
                    continue;
                }
                router.flow[dd] += dm.bytes;
                const units::Seconds latency = weight_latency(router.dist[dd]);
                loads.max_route_latency = units::max(loads.max_route_latency, latency);
                latency_sum[static_cast<std::size_t>(set)] += latency.value();
                ++routed[static_cast<std::size_t>(set)];
            }
            i = j;
            // The order reversed is a topological order of the DAG, sinks first.
            for (auto it = router.order.rbegin(); it != router.order.rend(); ++it) {
                const auto uu = static_cast<std::size_t>(*it);
                const double f = router.flow[uu];
                if (f <= 0.0) continue;
                router.flow[uu] = 0.0;
                if (*it == src) continue;
                for (int p = router.pred_head[uu]; p >= 0; p = router.preds[static_cast<std::size_t>(p)].next) {
                    const PredEntry& e = router.preds[static_cast<std::size_t>(p)];
                    const Impl::Arc& arc = m.arcs[static_cast<std::size_t>(e.arc)];
                    const double share = f * router.sigma[static_cast<std::size_t>(e.from)] / router.sigma[uu];
                    auto& load = arc.forward ? loads.forward : loads.backward;
                    load[static_cast<std::size_t>(arc.link)] += units::Bytes(share);
                    loads.tiers_used[static_cast<std::size_t>(m.links[static_cast<std::size_t>(arc.link)].tier)] = true;
                    router.flow[static_cast<std::size_t>(e.from)] += share;
                }
            }
        }

        for (int t : targets) {
            is_target[static_cast<std::size_t>(t)] = 0;
            router.flow[static_cast<std::size_t>(t)] = 0.0;
        }
        router.reset();
    }
    for (std::size_t s = 0; s < out.size(); ++s)
        if (routed[s] > 0) out[s].mean_route_latency = units::Seconds(latency_sum[s] / routed[s]);
    return out;
}

}  // namespace rackplan::topology
