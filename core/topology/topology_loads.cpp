// Link loads of sets of transfers: each distinct source runs one Dijkstra that counts shortest
// paths, then every set pushes its destinations' bytes back along the shortest-path DAG,
// splitting at each vertex in proportion to the paths through each predecessor (ECMP over
// equal-cost routes). One search per source serves all the sets (all phases of a schedule).
#include <algorithm>
#include <limits>
#include <queue>

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

}  // namespace

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
    std::vector<int> begin(nv + 1, 0);
    for (std::size_t s = 0; s < sets.size(); ++s) {
        for (const Transfer& t : sets[s]) {
            const bool valid = t.src >= 0 && t.dst >= 0 && static_cast<std::size_t>(t.src) < nv &&
                               static_cast<std::size_t>(t.dst) < nv;
            if (!valid) {
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
            for (const Transfer& t : sets[s]) {
                const bool valid = t.src >= 0 && t.dst >= 0 && static_cast<std::size_t>(t.src) < nv &&
                                   static_cast<std::size_t>(t.dst) < nv;
                if (valid && t.src != t.dst && t.bytes.value() > 0.0)
                    demands[static_cast<std::size_t>(fill[static_cast<std::size_t>(t.src)]++)] = {
                        static_cast<int>(s), t.dst, t.bytes.value()};
            }
    }

    constexpr std::int64_t inf = std::numeric_limits<std::int64_t>::max();
    std::vector<std::int64_t> dist(nv, inf);
    std::vector<double> sigma(nv, 0.0);
    std::vector<double> flow(nv, 0.0);
    std::vector<int> pred_head(nv, -1);
    std::vector<char> settled(nv, 0);
    std::vector<char> is_target(nv, 0);
    std::vector<PredEntry> preds;
    std::vector<int> settle_order;
    std::vector<int> touched;
    std::vector<int> targets;
    using Item = std::pair<std::int64_t, int>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;

    // Traffic between two vertices of one scale-up domain stays on the scale-up network (the
    // libraries use NVLink/NeuronLink peer access there); traffic between domains leaves
    // through the sending chip's own NIC and arrives through the receiver's (no relays through
    // other chips, which ECMP ties would otherwise invent). Each kind gets its own search.
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

        auto touch = [&](int v) {
            if (dist[static_cast<std::size_t>(v)] == inf) touched.push_back(v);
        };
        touch(src);
        dist[src_index] = 0;
        sigma[src_index] = 1.0;
        heap.push({0, src});
        std::size_t remaining = targets.size();
        while (!heap.empty() && remaining > 0) {
            const auto [d, u] = heap.top();
            heap.pop();
            const auto uu = static_cast<std::size_t>(u);
            if (settled[uu] || d > dist[uu]) continue;
            settled[uu] = 1;
            settle_order.push_back(u);
            // A vertex's paths are final once it is settled (weights are >= 1), so the search
            // stops at the last target.
            if (is_target[uu] && --remaining == 0) break;
            for (int a = m.arc_begin[uu]; a < m.arc_begin[uu + 1]; ++a) {
                const Impl::Arc& arc = m.arcs[static_cast<std::size_t>(a)];
                const auto vv = static_cast<std::size_t>(arc.to);
                if (settled[vv]) continue;
                if (local != (m.links[static_cast<std::size_t>(arc.link)].tier != Tier::scale_out)) continue;
                const std::int64_t nd = d + arc.weight;
                touch(arc.to);
                if (nd < dist[vv]) {
                    dist[vv] = nd;
                    sigma[vv] = sigma[uu];
                    preds.push_back({u, a, -1});
                    pred_head[vv] = static_cast<int>(preds.size()) - 1;
                    heap.push({nd, arc.to});
                } else if (nd == dist[vv]) {
                    sigma[vv] += sigma[uu];
                    preds.push_back({u, a, pred_head[vv]});
                    pred_head[vv] = static_cast<int>(preds.size()) - 1;
                }
            }
        }

        // One backward pass per set with demands from this source.
        int i = lo;
        while (i < hi) {
            const int set = demands[static_cast<std::size_t>(i)].set;
            LinkLoads& loads = out[static_cast<std::size_t>(set)];
            int j = i;
            for (; j < hi && demands[static_cast<std::size_t>(j)].set == set; ++j) {
                const Demand& dm = demands[static_cast<std::size_t>(j)];
                const auto dd = static_cast<std::size_t>(dm.dst);
                if (!settled[dd]) {
                    ++loads.unreachable;
                    continue;
                }
                flow[dd] += dm.bytes;
                loads.max_route_latency = units::max(loads.max_route_latency, weight_latency(dist[dd]));
                latency_sum[static_cast<std::size_t>(set)] += weight_latency(dist[dd]).value();
                ++routed[static_cast<std::size_t>(set)];
            }
            i = j;
            // Settle order reversed is a topological order of the shortest-path DAG, sinks first.
            for (auto it = settle_order.rbegin(); it != settle_order.rend(); ++it) {
                const auto uu = static_cast<std::size_t>(*it);
                const double f = flow[uu];
                if (f <= 0.0) continue;
                flow[uu] = 0.0;
                if (*it == src) continue;
                for (int p = pred_head[uu]; p >= 0; p = preds[static_cast<std::size_t>(p)].next) {
                    const PredEntry& e = preds[static_cast<std::size_t>(p)];
                    const Impl::Arc& arc = m.arcs[static_cast<std::size_t>(e.arc)];
                    const double share = f * sigma[static_cast<std::size_t>(e.from)] / sigma[uu];
                    auto& load = arc.forward ? loads.forward : loads.backward;
                    load[static_cast<std::size_t>(arc.link)] += units::Bytes(share);
                    loads.tiers_used[static_cast<std::size_t>(m.links[static_cast<std::size_t>(arc.link)].tier)] = true;
                    flow[static_cast<std::size_t>(e.from)] += share;
                }
            }
        }

        for (int v : touched) {
            const auto vv = static_cast<std::size_t>(v);
            dist[vv] = inf;
            sigma[vv] = 0.0;
            flow[vv] = 0.0;
            pred_head[vv] = -1;
            settled[vv] = 0;
        }
        for (int t : targets) {
            is_target[static_cast<std::size_t>(t)] = 0;
            flow[static_cast<std::size_t>(t)] = 0.0;
        }
        touched.clear();
        settle_order.clear();
        preds.clear();
        while (!heap.empty()) heap.pop();
    }
    for (std::size_t s = 0; s < out.size(); ++s)
        if (routed[s] > 0) out[s].mean_route_latency = units::Seconds(latency_sum[s] / routed[s]);
    return out;
}

}  // namespace rackplan::topology
