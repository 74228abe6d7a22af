#include <catch2/catch.hpp>

#include <vector>

#include "collective_fixtures.h"
#include "topology/topology.h"

using namespace rackplan;
using namespace rackplan::topology;
using units::to_gbps;

namespace {

Topology domain_of(const hw::SystemSpec& s) {
    TopologyBuild b = Topology::build_domain(s);
    REQUIRE(b.issues.empty());
    REQUIRE(b.topology.has_value());
    return std::move(*b.topology);
}

Topology cluster_of(const hw::SystemSpec& s, int chips, const ScaleOutFabric& f = {}) {
    TopologyBuild b = Topology::build_cluster(s, chips, f);
    REQUIRE(b.issues.empty());
    REQUIRE(b.topology.has_value());
    return std::move(*b.topology);
}

int chip_at(int x, int y) { return x + 4 * y; }  // chip index of (x, y) in a 4x4 domain

}  // namespace

TEST_CASE("a 4x4 torus has 16 chips, 32 links and wraparound hop counts", "[topology]") {
    const Topology t = domain_of(fixtures::trn2());
    CHECK(t.chip_count() == 16);
    CHECK(t.vertex_count() == 16);
    CHECK(t.link_count() == 32);  // 16 chips x 4 neighbours / 2
    CHECK(t.domain_dims() == std::vector<int>{4, 4});
    CHECK(t.coordinates(6) == std::vector<int>{2, 1});
    // Corner to opposite corner is one wraparound hop in each dimension.
    CHECK(t.hop_count(chip_at(0, 0), chip_at(3, 3)) == 2);
    // The farthest chip is two hops away in each dimension.
    CHECK(t.hop_count(chip_at(0, 0), chip_at(2, 2)) == 4);
    CHECK(t.hop_count(chip_at(0, 0), chip_at(1, 0)) == 1);
    const Route r = t.route(chip_at(0, 0), chip_at(2, 2));
    CHECK(r.hops() == 4);
    CHECK(r.vertices.front() == 0);
    CHECK(r.vertices.back() == chip_at(2, 2));
    CHECK(units::to_us(r.latency) == Approx(6.0));  // 4 hops x 1.5 us
    for (int i = 0; i < t.link_count(); ++i) CHECK(to_gbps(t.link(i).bandwidth) == Approx(128.0));
}

TEST_CASE("bisection of a 4x4 torus cuts 8 links", "[topology]") {
    const Topology t = domain_of(fixtures::trn2());
    // Halving along x cuts the middle and the wraparound link of each of the 4 rows.
    CHECK(to_gbps(t.bisection_bandwidth(0)) == Approx(8 * 128.0));
}

TEST_CASE("switched domains are chips around one switch vertex", "[topology]") {
    const Topology nvl = domain_of(fixtures::gb200_nvl72());
    CHECK(nvl.count(VertexKind::chip) == 72);
    CHECK(nvl.count(VertexKind::scale_up_switch) == 1);
    CHECK(nvl.link_count() == 72);
    CHECK(nvl.hop_count(0, 71) == 2);
    REQUIRE(nvl.domain_switch(0, Tier::scale_up).has_value());
    CHECK(nvl.link(0).lanes == 18);
    CHECK(to_gbps(nvl.link(0).bandwidth) == Approx(900.0));
    // Any half of the GPUs can send at full rate: 36 x 900 GB/s.
    CHECK(to_gbps(nvl.bisection_bandwidth(0)) == Approx(36 * 900.0));

    const Topology dgx = domain_of(fixtures::dgx_h100());
    CHECK(dgx.count(VertexKind::chip) == 8);
    CHECK(to_gbps(dgx.bisection_bandwidth(0)) == Approx(4 * 450.0));
    CHECK(units::to_us(dgx.route(0, 5).latency) == Approx(1.0));
}

TEST_CASE("a full mesh joins every pair, a ring joins neighbours", "[topology]") {
    const Topology mesh = domain_of(fixtures::mi300x());
    CHECK(mesh.link_count() == 28);
    CHECK(mesh.hop_count(0, 7) == 1);
    CHECK(to_gbps(mesh.bisection_bandwidth(0)) == Approx(16 * 64.0));

    const Topology ring = domain_of(fixtures::inf2());
    CHECK(ring.link_count() == 12);
    CHECK(ring.hop_count(0, 6) == 6);
    CHECK(ring.hop_count(0, 11) == 1);
    CHECK(ring.bisection_bandwidth(0).value() == Approx(2 * 48.0 * 1073741824.0));
}

TEST_CASE("the Trn2 UltraServer adds a ring across nodes joining same-position chips", "[topology]") {
    const Topology t = domain_of(fixtures::trn2_ultraserver());
    CHECK(t.chip_count() == 64);
    CHECK(t.link_count() == 4 * 32 + 16 * 4);
    CHECK(t.domain_dims() == std::vector<int>{4, 4, 4});
    CHECK(t.coordinates(t.chip(0, 2, 5)) == std::vector<int>{1, 1, 2});
    CHECK(t.hop_count(t.chip(0, 0, 0), t.chip(0, 2, 0)) == 2);
    CHECK(t.hop_count(t.chip(0, 0, 0), t.chip(0, 3, 0)) == 1);
    const Route r = t.route(t.chip(0, 0, 0), t.chip(0, 1, 0));
    REQUIRE(r.hops() == 1);
    CHECK(t.link(r.links.front()).tier == Tier::inter_node);
    CHECK(to_gbps(t.link(r.links.front()).bandwidth) == Approx(64.0));
}

TEST_CASE("a rail-optimized cluster puts NIC i of every node on rail i", "[topology]") {
    const Topology t = cluster_of(fixtures::dgx_h100(), 32);
    CHECK(t.node_count() == 4);
    CHECK(t.domain_count() == 4);
    CHECK(t.count(VertexKind::nic) == 32);
    CHECK(t.count(VertexKind::leaf_switch) == 8);
    CHECK(t.count(VertexKind::spine_switch) == 1);
    // Same rail: chip -> NIC -> rail leaf -> NIC -> chip, the catalog's 5 us end to end.
    const Route same = t.route(t.chip(0, 0, 3), t.chip(2, 0, 3));
    CHECK(same.hops() == 4);
    CHECK(units::to_us(same.latency) == Approx(5.0));
    for (int l : same.links) CHECK(t.link(l).tier == Tier::scale_out);
    // Inside a node the NVSwitch is the way.
    CHECK(units::to_us(t.route(t.chip(1, 0, 0), t.chip(1, 0, 7)).latency) == Approx(1.0));
}

TEST_CASE("a fat-tree leaf takes whole nodes and oversubscription thins its uplink", "[topology]") {
    ScaleOutFabric f;
    f.kind = hw::FabricKind::fat_tree;
    f.leaf_ports = 16;  // two 8-NIC nodes per leaf
    f.oversubscription = 2.0;
    const Topology t = cluster_of(fixtures::dgx_h100(), 64, f);
    CHECK(t.count(VertexKind::leaf_switch) == 4);
    CHECK(t.count(VertexKind::spine_switch) == 1);
    for (int i = 0; i < t.link_count(); ++i) {
        const Link& l = t.link(i);
        if (t.vertex(l.b).kind == VertexKind::spine_switch) CHECK(to_gbps(l.bandwidth) == Approx(16 * 50.0 / 2.0));
    }
}

TEST_CASE("shared NICs: trn1 has 8 NICs for 16 chips", "[topology]") {
    hw::SystemSpec s = fixtures::trn2();
    s.nics_per_node = 8;
    const Topology t = cluster_of(s, 32);
    CHECK(t.count(VertexKind::nic) == 16);
    CHECK(t.hop_count(t.chip(0, 0, 0), t.chip(1, 0, 0)) == 4);
    // Chips 0 and 1 share a NIC, yet talk over their NeuronLink.
    const Route r = t.route(t.chip(0, 0, 0), t.chip(0, 0, 1));
    REQUIRE(r.hops() == 1);
    CHECK(t.link(r.links.front()).tier == Tier::scale_up);
}

TEST_CASE("traffic between domains leaves through the sender's own NIC", "[topology]") {
    const Topology t = cluster_of(fixtures::dgx_h100(), 32);
    // Rail 3 to rail 5: NIC, rail-3 leaf, spine, rail-5 leaf, NIC; never via another GPU.
    const Route r = t.route(t.chip(0, 0, 3), t.chip(2, 0, 5));
    CHECK(r.hops() == 6);
    for (int l : r.links) CHECK(t.link(l).tier == Tier::scale_out);
    CHECK(t.vertex(r.vertices[1]).kind == VertexKind::nic);
    CHECK(t.vertex(r.vertices[1]).node == 0);
    CHECK(units::to_us(r.latency) == Approx(5.0 + 2 * 0.5));
    const std::vector<Transfer> xs{{t.chip(0, 0, 3), t.chip(2, 0, 5), units::gigabytes(1)}};
    const LinkLoads loads = t.route_loads(xs);
    CHECK_FALSE(loads.tiers_used[static_cast<std::size_t>(Tier::scale_up)]);
    CHECK(units::to_us(loads.max_route_latency) == Approx(6.0));
}

TEST_CASE("link loads add up where transfers share a link", "[topology]") {
    const Topology t = domain_of(fixtures::trn2());
    const std::vector<Transfer> xs{
        {0, 1, units::gigabytes(1)}, {0, 1, units::gigabytes(2)}, {5, 1, units::gigabytes(1)}};
    const LinkLoads loads = t.route_loads(xs);
    CHECK(loads.unreachable == 0);
    // Both transfers from chip 0 use link 0-1 one way: 1 + 2 GB; 5 -> 1 uses another link.
    double on_01 = 0.0;
    for (int i = 0; i < t.link_count(); ++i) {
        const Link& l = t.link(i);
        if ((l.a == 0 && l.b == 1) || (l.a == 1 && l.b == 0))
            on_01 = (l.a == 0 ? loads.forward : loads.backward)[static_cast<std::size_t>(i)].value();
    }
    CHECK(on_01 == Approx(3e9));
    const Bottleneck b = t.bottleneck(loads);
    CHECK(b.time.value() == Approx(3e9 / 128e9));
    CHECK(t.bottleneck(loads, {0.5, 1.0, 1.0}).time.value() == Approx(3e9 / 64e9));
    CHECK(units::to_us(loads.max_route_latency) == Approx(1.5));
}

TEST_CASE("equal-cost routes share the bytes (ECMP)", "[topology]") {
    const Topology t = domain_of(fixtures::trn2());
    // (0,0) -> (1,1): via (1,0) or via (0,1), half each.
    const std::vector<Transfer> xs{{0, 5, units::gigabytes(1)}};
    const LinkLoads loads = t.route_loads(xs);
    int loaded = 0;
    for (std::size_t i = 0; i < loads.forward.size(); ++i) {
        const double x = loads.forward[i].value() + loads.backward[i].value();
        if (x > 0.0) {
            ++loaded;
            CHECK(x == Approx(0.5e9));
        }
    }
    CHECK(loaded == 4);
}

TEST_CASE("batched routing gives the same loads as routing each set alone", "[topology]") {
    const Topology t = cluster_of(fixtures::dgx_h100(), 16);
    const std::vector<Transfer> a{{0, 9, units::gigabytes(1)}, {2, 3, units::gigabytes(1)}};
    const std::vector<Transfer> b{{0, 15, units::gigabytes(2)}};
    const std::span<const Transfer> sets[] = {a, b};
    const auto both = t.route_loads(std::span<const std::span<const Transfer>>(sets));
    const LinkLoads la = t.route_loads(a);
    const LinkLoads lb = t.route_loads(b);
    REQUIRE(both.size() == 2);
    for (std::size_t i = 0; i < la.forward.size(); ++i) {
        CHECK(both[0].forward[i].value() == Approx(la.forward[i].value()));
        CHECK(both[1].backward[i].value() == Approx(lb.backward[i].value()));
    }
    CHECK(both[0].max_route_latency.value() == Approx(la.max_route_latency.value()));
}

TEST_CASE("a spec that cannot describe a network comes back as issues", "[topology]") {
    hw::SystemSpec s = fixtures::trn2();
    s.scale_up.dims = {4, 3};
    TopologyBuild b = Topology::build_domain(s);
    CHECK_FALSE(b.topology.has_value());
    REQUIRE_FALSE(b.issues.empty());
    CHECK(b.issues.front().path == "system.scale_up.dims");

    hw::SystemSpec z = fixtures::dgx_h100();
    z.scale_up_links.link_bandwidth = units::BytesPerSecond(0.0);
    b = Topology::build_domain(z);
    REQUIRE_FALSE(b.issues.empty());
    CHECK(b.issues.front().path == "system.scale_up.link_bandwidth");

    hw::SystemSpec no_nic = fixtures::dgx_h100();
    no_nic.nics_per_node = 0;
    b = Topology::build_cluster(no_nic, 16);
    REQUIRE_FALSE(b.issues.empty());
    CHECK(b.issues.front().path == "system.scale_out");

    b = Topology::build_cluster(fixtures::dgx_h100(), 0);
    REQUIRE_FALSE(b.issues.empty());
    CHECK(b.issues.front().path == "chips");
}

TEST_CASE("a catalog fabric becomes leaf ports, oversubscription and switch latency", "[topology]") {
    hw::Fabric f;
    f.kind = hw::FabricKind::fat_tree;
    auto figure = [](double value, const char* unit, double to_base) {
        hw::Figure x;
        x.value = value;
        x.unit = unit;
        x.to_base = to_base;
        return x;
    };
    hw::Figures leaf;
    leaf["radix"] = figure(64, "count", 1.0);
    leaf["oversubscription"] = figure(3, "ratio", 1.0);
    leaf["latency"] = figure(0.3, "us", 1e-6);
    f.tiers = {leaf, leaf};
    const ScaleOutFabric s = scale_out_fabric(f);
    CHECK(s.kind == hw::FabricKind::fat_tree);
    CHECK(s.leaf_ports == 48);  // 64 ports at 3:1 down:up
    CHECK(s.oversubscription == Approx(3.0));
    CHECK(units::to_us(s.switch_latency) == Approx(0.3));
}
