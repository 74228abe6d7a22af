// The scale-out network an owned deployment buys: the fabric rule, tiers and ports.
#include <catch2/catch.hpp>

#include "cost/network.h"
#include "io/seed.h"

using namespace rackplan;

namespace {

const hw::Catalog& seed() {
    static const hw::Catalog c = io::load_seed_catalog().parse.catalog;
    return c;
}

std::string rule_for(const std::string& id) {
    const hw::System* s = seed().find_system(id);
    REQUIRE(s != nullptr);
    return cost::fabric_rule(*s, hw::make_spec(*s));
}

hw::Figure fig(double v, double to_base = 1.0) {
    hw::Figure f;
    f.value = v;
    f.to_base = to_base;
    return f;
}

// A fabric of `tiers` tiers of `radix`-port switches, `over`:1 at the leaf, 400G ports.
hw::Fabric fabric(int tiers, double radix, double over) {
    hw::Fabric f;
    f.id = "test";
    for (int t = 0; t < tiers; ++t)
        f.tiers.push_back({{"radix", fig(radix)},
                           {"oversubscription", fig(t == 0 ? over : 1.0)},
                           {"bandwidth_per_port", fig(400, 1e9 / 8)}});
    return f;
}

hw::SystemSpec server(int nics, double nic_gbps, int nodes_per_domain = 1) {
    hw::SystemSpec s;
    s.chips_per_node = 8;
    s.nodes_per_domain = nodes_per_domain;
    s.nics_per_node = nics;
    s.nic_bandwidth = units::gigabits_per_second(nic_gbps);
    return s;
}

}  // namespace

TEST_CASE("cost network: the fabric rule by vendor, kind and NIC speed", "[cost]") {
    CHECK(rule_for("trn2.48xlarge") == "efa-v3");          // AWS: EFA
    CHECK(rule_for("p5.48xlarge") == "efa-v3");
    CHECK(rule_for("p6e-gb200-ultraserver") == "efa-v3");
    CHECK(rule_for("tpu-v6e-8") == "roce-400g-rail");      // Google DCN stand-in
    CHECK(rule_for("dgx-b300") == "ib-xdr-fat-tree");      // 800G CX-8
    CHECK(rule_for("gb300-nvl72") == "ib-xdr-fat-tree");
    CHECK(rule_for("mi300x-8") == "roce-400g-rail");       // AMD: RoCE Ethernet
    CHECK(rule_for("dgx-h100") == "ib-ndr-fat-tree");      // 400G CX-7
    CHECK(rule_for("gb200-nvl72") == "ib-ndr-fat-tree");
    CHECK(rule_for("dgx-a100-80g") == "ib-ndr-fat-tree");  // 200G HDR priced as NDR ports
    // Every fabric the rule can name is in the seed catalog.
    for (const auto& s : seed().systems) CHECK(seed().find_fabric(rule_for(s.id)) != nullptr);
}

TEST_CASE("cost network: fat-tree reach and ports per NIC bandwidth", "[cost]") {
    CHECK(cost::fat_tree_capacity(64, 1) == 64.0);
    CHECK(cost::fat_tree_capacity(64, 2) == 2048.0);   // 64² / 2
    CHECK(cost::fat_tree_capacity(64, 3) == 65536.0);  // 64³ / 4
    const auto g = units::gigabits_per_second;
    CHECK(cost::endpoint_ports(8, g(400), g(400)) == 8);
    CHECK(cost::endpoint_ports(32, g(100), g(200)) == 16);  // p5: two 100G NICs per 200G port
    CHECK(cost::endpoint_ports(3, g(100), g(400)) == 1);    // 300G of NICs still take a whole port
    CHECK(cost::endpoint_ports(1, g(800), g(400)) == 2);
    CHECK(cost::endpoint_ports(5, g(400), units::BytesPerSecond{}) == 5);  // no port speed: one per NIC
}

TEST_CASE("cost network: tiers from the node count, oversubscription and capacity", "[cost]") {
    SECTION("one switch holds 16 endpoints") {
        auto f = fabric(3, 16, 1);
        auto p = cost::plan_network(server(1, 400), 16, &f, "r");
        CHECK(p.tiers == 1);
        CHECK(p.switch_ports() == 16.0);
    }
    SECTION("2:1 at the leaf halves the uplinks") {
        // 100 endpoints > 16; two tiers reach 16²/2 = 128. Leaf 100 down + 50 up, spine 50.
        auto f = fabric(3, 16, 2);
        auto p = cost::plan_network(server(1, 400), 100, &f, "r");
        CHECK(p.tiers == 2);
        REQUIRE(p.ports.size() == 2);
        CHECK(p.ports[0] == 150.0);
        CHECK(p.ports[1] == 50.0);
        CHECK_FALSE(p.over_capacity);
    }
    SECTION("three tiers when two do not reach") {
        // 8 NICs x 20 nodes = 160 > 128: three tiers, 160 + 160 | 160 + 160 | 160.
        auto f = fabric(3, 16, 1);
        auto p = cost::plan_network(server(8, 400), 20, &f, "r");
        CHECK(p.tiers == 3);
        CHECK(p.switch_ports() == 5.0 * 160);
    }
    SECTION("more endpoints than the fabric reaches: all its tiers, flagged") {
        auto f = fabric(2, 4, 1);  // reaches 4²/2 = 8
        auto p = cost::plan_network(server(1, 400), 20, &f, "r");
        CHECK(p.tiers == 2);
        CHECK(p.over_capacity);
        CHECK(p.switch_ports() == 60.0);
    }
    SECTION("inside one scale-up domain, or without a fabric, no network") {
        auto f = fabric(3, 64, 1);
        auto p = cost::plan_network(server(4, 400, 18), 18, &f, "r");
        CHECK(p.fabric.empty());
        CHECK(p.ports.empty());
        // One tray more than the domain: 19 x 4 = 76 endpoints > 64 -> two tiers.
        CHECK(cost::plan_network(server(4, 400, 18), 19, &f, "r").tiers == 2);
        auto none = cost::plan_network(server(4, 400, 18), 36, nullptr, "fabric x");
        CHECK(none.fabric.empty());
        CHECK_THAT(none.rule, Catch::Contains("not in the catalog"));
    }
}
