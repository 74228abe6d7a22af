// The bulk router walks the trees peeled off the graph's 2-core and searches the core one
// biconnected block at a time; this checks it against a plain whole-graph Dijkstra per
// transfer, written from the public API.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <queue>
#include <random>

#include "collective_fixtures.h"
#include "topology/topology.h"

using namespace rackplan;
using namespace rackplan::topology;

namespace {

struct Reference {
    std::vector<double> forward, backward;
    double max_latency = 0.0;
    int unreachable = 0;
};

// One transfer at a time: shortest paths by (latency in ps, then hops), bytes split over all
// of them in proportion to their count, on the links route_loads' policy allows.
Reference reference_loads(const Topology& t, const std::vector<Transfer>& transfers) {
    const int nv = t.vertex_count();
    std::vector<std::vector<std::pair<int, int>>> adj(static_cast<std::size_t>(nv));  // (link, other end)
    for (int l = 0; l < t.link_count(); ++l) {
        adj[static_cast<std::size_t>(t.link(l).a)].emplace_back(l, t.link(l).b);
        adj[static_cast<std::size_t>(t.link(l).b)].emplace_back(l, t.link(l).a);
    }
    auto weight = [&](int l) { return (std::llround(t.link(l).latency.value() * 1e12) << 12) + 1; };
    Reference r;
    r.forward.assign(static_cast<std::size_t>(t.link_count()), 0.0);
    r.backward.assign(static_cast<std::size_t>(t.link_count()), 0.0);
    for (const Transfer& x : transfers) {
        const Vertex& a = t.vertex(x.src);
        const Vertex& b = t.vertex(x.dst);
        const bool inside = a.domain >= 0 && a.domain == b.domain && b.kind != VertexKind::nic;
        constexpr auto inf = std::numeric_limits<long long>::max();
        std::vector<long long> dist(static_cast<std::size_t>(nv), inf);
        std::vector<double> sigma(static_cast<std::size_t>(nv), 0.0);
        std::vector<std::vector<std::pair<int, int>>> pred(static_cast<std::size_t>(nv));  // (from, link)
        std::vector<int> order;
        std::priority_queue<std::pair<long long, int>, std::vector<std::pair<long long, int>>, std::greater<>> heap;
        dist[static_cast<std::size_t>(x.src)] = 0;
        sigma[static_cast<std::size_t>(x.src)] = 1.0;
        heap.push({0, x.src});
        std::vector<char> done(static_cast<std::size_t>(nv), 0);
        while (!heap.empty()) {
            const auto [d, u] = heap.top();
            heap.pop();
            if (done[static_cast<std::size_t>(u)]) continue;
            done[static_cast<std::size_t>(u)] = 1;
            order.push_back(u);
            for (const auto& [l, v] : adj[static_cast<std::size_t>(u)]) {
                if (inside == (t.link(l).tier == Tier::scale_out) || done[static_cast<std::size_t>(v)]) continue;
                const long long nd = d + weight(l);
                auto& dv = dist[static_cast<std::size_t>(v)];
                if (nd < dv) {
                    dv = nd;
                    sigma[static_cast<std::size_t>(v)] = sigma[static_cast<std::size_t>(u)];
                    pred[static_cast<std::size_t>(v)] = {{u, l}};
                    heap.push({nd, v});
                } else if (nd == dv) {
                    sigma[static_cast<std::size_t>(v)] += sigma[static_cast<std::size_t>(u)];
                    pred[static_cast<std::size_t>(v)].emplace_back(u, l);
                }
            }
        }
        if (!done[static_cast<std::size_t>(x.dst)]) {
            ++r.unreachable;
            continue;
        }
        r.max_latency = std::max(r.max_latency, static_cast<double>(dist[static_cast<std::size_t>(x.dst)] >> 12) * 1e-12);
        std::vector<double> flow(static_cast<std::size_t>(nv), 0.0);
        flow[static_cast<std::size_t>(x.dst)] = x.bytes.value();
        for (auto it = order.rbegin(); it != order.rend(); ++it) {
            const double f = flow[static_cast<std::size_t>(*it)];
            if (f <= 0.0 || *it == x.src) continue;
            for (const auto& [from, l] : pred[static_cast<std::size_t>(*it)]) {
                const double share = f * sigma[static_cast<std::size_t>(from)] / sigma[static_cast<std::size_t>(*it)];
                (t.link(l).a == from ? r.forward : r.backward)[static_cast<std::size_t>(l)] += share;
                flow[static_cast<std::size_t>(from)] += share;
            }
        }
    }
    return r;
}

void check_against_reference(const Topology& t, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::vector<Transfer> transfers;
    for (int i = 0; i < 300; ++i) {
        // Mostly chips, some NICs and switches (in-switch reduction sends to the switch).
        const int a = rng() % 5 ? static_cast<int>(rng() % static_cast<unsigned>(t.chip_count()))
                                : static_cast<int>(rng() % static_cast<unsigned>(t.vertex_count()));
        const int b = rng() % 5 ? static_cast<int>(rng() % static_cast<unsigned>(t.chip_count()))
                                : static_cast<int>(rng() % static_cast<unsigned>(t.vertex_count()));
        if (a != b) transfers.push_back({a, b, units::Bytes(1.0 + static_cast<double>(rng() % 1000))});
    }
    const LinkLoads got = t.route_loads(transfers);
    const Reference want = reference_loads(t, transfers);
    CHECK(got.unreachable == want.unreachable);
    CHECK(got.max_route_latency.value() == Approx(want.max_latency));
    for (int l = 0; l < t.link_count(); ++l) {
        INFO("link " << l << " " << t.link(l).a << "-" << t.link(l).b);
        CHECK(got.forward[static_cast<std::size_t>(l)].value() ==
              Approx(want.forward[static_cast<std::size_t>(l)]).margin(1e-9));
        CHECK(got.backward[static_cast<std::size_t>(l)].value() ==
              Approx(want.backward[static_cast<std::size_t>(l)]).margin(1e-9));
    }
}

}  // namespace

TEST_CASE("the router's loads match a whole-graph search on trees, cores and mixes", "[topology][router]") {
    // dgx-h100: switch domains and a rail fabric with one NIC per GPU are all trees.
    auto dgx = Topology::build_cluster(fixtures::dgx_h100(), 256);
    REQUIRE(dgx.topology);
    check_against_reference(*dgx.topology, 1);
    // Four NICs per GPU on four rails: the scale-out network has a big 2-core (ECMP over rails).
    hw::SystemSpec p5 = fixtures::dgx_h100();
    p5.nics_per_node = 32;
    p5.nic_bandwidth = units::gigabits_per_second(100);
    auto multi = Topology::build_cluster(p5, 128);
    REQUIRE(multi.topology);
    check_against_reference(*multi.topology, 2);
    // Two leaves per rail under a spine: the core splits into blocks joined at cut vertices,
    // and blocks entered through the spine are searched once and kept.
    ScaleOutFabric small_leaves;
    small_leaves.leaf_ports = 8;
    auto blocks = Topology::build_cluster(p5, 128, small_leaves);
    REQUIRE(blocks.topology);
    check_against_reference(*blocks.topology, 7);
    check_against_reference(*blocks.topology, 8);  // again, from the kept block routes
    // Torus domains (a core each) joined by a tree; an oversubscribed fat-tree.
    auto trn2 = Topology::build_cluster(fixtures::trn2(), 128);
    REQUIRE(trn2.topology);
    check_against_reference(*trn2.topology, 3);
    ScaleOutFabric fat;
    fat.kind = hw::FabricKind::fat_tree;
    fat.leaf_ports = 16;
    fat.oversubscription = 2.0;
    auto ft = Topology::build_cluster(p5, 64, fat);
    REQUIRE(ft.topology);
    check_against_reference(*ft.topology, 4);
    // NVL72 trays behind one switch; a ring across the nodes of a Trn2 UltraServer.
    auto nvl = Topology::build_cluster(fixtures::gb200_nvl72(), 144);
    REQUIRE(nvl.topology);
    check_against_reference(*nvl.topology, 5);
    auto ultra = Topology::build_cluster(fixtures::trn2_ultraserver(), 128);
    REQUIRE(ultra.topology);
    check_against_reference(*ultra.topology, 6);
}
