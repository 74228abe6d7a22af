// Hand-derived cost examples. Every expected number is worked out in the comments from the
// seed catalog (data/catalog/*.json) or from a tiny catalog whose figures are all documented.
#include <catch2/catch.hpp>

#include <cmath>

#include "cost/cost_evaluation.h"
#include "io/catalog_json.h"
#include "io/seed.h"

using namespace rackplan;

namespace {

const hw::Catalog& seed() {
    static const hw::Catalog c = io::load_seed_catalog().parse.catalog;
    return c;
}

// One server of 8 chips, everything documented; a 4-port switch so that tiers show at 8 nodes.
const char* kDocumented = R"({
  "format": "rackplan-catalog", "version": 1,
  "sources": { "DOC": "test datasheet" },
  "chips": [ { "id": "doc-chip", "name": "Doc chip", "vendor": "DocVendor", "architecture": "gpu-sm",
    "peak": { "tensor": { "bf16": { "value": 500, "unit": "TFLOP/s", "source": "DOC", "confidence": "documented" } } },
    "cores": { "value": 100, "unit": "count", "source": "DOC", "confidence": "documented" },
    "hbm": { "capacity": { "value": 80, "unit": "GB", "source": "DOC", "confidence": "documented" },
             "bandwidth": { "value": 3, "unit": "TB/s", "source": "DOC", "confidence": "documented" } },
    "power": { "tdp": { "value": 500, "unit": "W", "source": "DOC", "confidence": "documented" },
               "idle": { "value": 100, "unit": "W", "source": "DOC", "confidence": "documented" } } } ],
  "systems": [ { "id": "doc-server", "name": "Doc server", "vendor": "DocVendor", "kind": "server", "chip": "doc-chip",
    "chips_per_node": { "value": 8, "unit": "count", "source": "DOC", "confidence": "documented" },
    "nodes_per_domain": { "value": 1, "unit": "count", "source": "DOC", "confidence": "documented" },
    "scale_up": { "topology": "switch",
      "links_per_chip": { "value": 18, "unit": "count", "source": "DOC", "confidence": "documented" },
      "link_bandwidth": { "value": 25, "unit": "GB/s", "source": "DOC", "confidence": "documented" },
      "latency": { "value": 1, "unit": "us", "source": "DOC", "confidence": "documented" } },
    "scale_out": { "nics_per_node": { "value": 1, "unit": "count", "source": "DOC", "confidence": "documented" },
                   "nic_bandwidth": { "value": 400, "unit": "Gbit/s", "source": "DOC", "confidence": "documented" } },
    "power": { "wall": { "value": 5, "unit": "kW", "source": "DOC", "confidence": "documented" } },
    "price": { "capex": { "value": 100000, "unit": "USD", "source": "DOC", "confidence": "documented" },
               "on_demand": { "value": 20, "unit": "USD/h", "source": "DOC", "confidence": "documented" } } } ],
  "fabrics": [ { "id": "ib-ndr-fat-tree", "name": "Doc fat-tree", "kind": "fat-tree", "tiers": [
    { "radix": { "value": 4, "unit": "count", "source": "DOC", "confidence": "documented" },
      "oversubscription": { "value": 1, "unit": "ratio", "source": "DOC", "confidence": "documented" },
      "bandwidth_per_port": { "value": 400, "unit": "Gbit/s", "source": "DOC", "confidence": "documented" },
      "switch_cost_per_port": { "value": 1000, "unit": "USD/port", "source": "DOC", "confidence": "documented" },
      "optics_cost_per_port": { "value": 500, "unit": "USD/port", "source": "DOC", "confidence": "documented" },
      "power_per_port": { "value": 10, "unit": "W/port", "source": "DOC", "confidence": "documented" } },
    { "radix": { "value": 4, "unit": "count", "source": "DOC", "confidence": "documented" },
      "oversubscription": { "value": 1, "unit": "ratio", "source": "DOC", "confidence": "documented" },
      "switch_cost_per_port": { "value": 1000, "unit": "USD/port", "source": "DOC", "confidence": "documented" },
      "optics_cost_per_port": { "value": 500, "unit": "USD/port", "source": "DOC", "confidence": "documented" },
      "power_per_port": { "value": 10, "unit": "W/port", "source": "DOC", "confidence": "documented" } } ] } ],
  "cost_defaults": {
    "usd_per_kwh": { "value": 0.1, "unit": "USD/kWh", "source": "DOC", "confidence": "documented" },
    "pue": { "value": 1.5, "unit": "ratio", "source": "DOC", "confidence": "documented" },
    "years": { "value": 5, "unit": "years", "source": "DOC", "confidence": "documented" },
    "utilization": { "value": 0.5, "unit": "ratio", "source": "DOC", "confidence": "documented" },
    "cost_of_capital": { "value": 0.1, "unit": "1/year", "source": "DOC", "confidence": "documented" },
    "maintenance_share": { "value": 0.1, "unit": "1/year", "source": "DOC", "confidence": "documented" },
    "facility_usd_per_kw_month": { "value": 100, "unit": "USD/kW-month", "source": "DOC", "confidence": "documented" },
    "installation_share": { "value": 0.1, "unit": "ratio", "source": "DOC", "confidence": "documented" } }
})";

const hw::Catalog& documented() {
    static const hw::Catalog c = [] {
        auto parse = io::parse_catalog(kDocumented);
        for (const auto& i : parse.issues) UNSCOPED_INFO(i.path << ": " << i.message);
        REQUIRE(parse.ok());
        return parse.catalog;
    }();
    return c;
}

cost::CostEvaluation evaluate(const hw::Catalog& catalog, const std::string& system, int chips, engine::CostRequest request,
                              const cost::PerformanceSummary& perf, cost::CostOptions options = {}) {
    const hw::System* s = catalog.find_system(system);
    REQUIRE(s != nullptr);
    auto r = cost::evaluate_cost(catalog, *s, chips, request, perf, options);
    for (const auto& i : r.issues) UNSCOPED_INFO(i.path << ": " << i.message);
    REQUIRE(r.evaluation);
    return *r.evaluation;
}

double per_hour(units::UsdPerSecond r) { return units::to_usd_per_hour(r); }
constexpr double kHoursPerYear = 8766.0;  // 365.25 days

}  // namespace

TEST_CASE("cost: annuity and sinking-fund factors", "[cost]") {
    // 8 % over 4 years: 1.08^4 = 1.36048896, 1/1.36048896 = 0.7350298528, A = 0.08 / 0.2649701472.
    CHECK(cost::annuity_factor(0.08, 4.0) == Approx(0.3019208045).epsilon(1e-9));
    // At r = 0 the capital is repaid in equal parts.
    CHECK(cost::annuity_factor(0.0, 5.0) == Approx(0.2));
    // Sinking fund: 0.08 / (1.36048896 - 1) = 0.2219208045 = A - r.
    CHECK(cost::sinking_fund_factor(0.08, 4.0) == Approx(0.3019208045 - 0.08).epsilon(1e-9));
    CHECK(cost::sinking_fund_factor(0.0, 4.0) == Approx(0.25));
}

TEST_CASE("cost: 128 DGX H100 owned for 4 years at 8 %, PUE 1.3, $0.08/kWh (seed defaults)", "[cost]") {
    // Catalog: dgx-h100 capex $270,000, wall 10.2 kW, 8 x ConnectX-7 400G; h100-sxm TDP 700 W,
    // idle 140 W; ib-ndr-fat-tree (64-port, 1:1) $500 switch + $1,000 optics + 20 W per port;
    // defaults: years 4, cost of capital 8 %/yr, maintenance 5 %/yr, installation 5 %,
    // facility $150/kW-month, PUE 1.3, $0.08/kWh, utilization 0.85.
    // Workload: a step of 4096 x 1024 = 4,194,304 tokens in 10 s -> 419,430.4 tokens/s; 1e12 tokens.
    auto perf = cost::PerformanceSummary::training(units::seconds(10.0), 4096.0 * 1024.0, 1e12);
    auto e = evaluate(seed(), "dgx-h100", 1024, {}, perf);

    // Network: 1024 chips / 8 = 128 nodes x 8 NICs = 1,024 endpoints; one 64-port tier reaches
    // 64, two reach 64²/2 = 2,048 -> 2 tiers. Leaf 1,024 down + 1,024 up, spine 1,024 down.
    CHECK(e.nodes == 128);
    CHECK(e.network.fabric == "ib-ndr-fat-tree");
    CHECK(e.network.endpoints == 1024);
    CHECK(e.network.tiers == 2);
    REQUIRE(e.network.ports.size() == 2);
    CHECK(e.network.ports[0] == 2048.0);
    CHECK(e.network.ports[1] == 1024.0);
    // Capex: nodes 128 x 270,000 = 34,560,000; network 3,072 ports x 1,500 + 1,024 NIC-end
    // optics x 1,000 = 4,608,000 + 1,024,000 = 5,632,000; hardware C = 40,192,000.
    // Installation 5 % = 2,009,600; upfront 42,201,600.
    CHECK(e.point.capex_nodes.value() == Approx(34'560'000.0));
    CHECK(e.point.capex_network.value() == Approx(5'632'000.0));
    CHECK(e.point.installation.value() == Approx(2'009'600.0));
    // Capital: 42,201,600 x 0.3019208045 = 12,741,541.02 per year.
    CHECK(per_hour(e.point.rates.capital) * kHoursPerYear == Approx(12'741'541.02).epsilon(1e-8));
    // Maintenance: 5 % x 40,192,000 = 2,009,600 per year.
    CHECK(per_hour(e.point.rates.maintenance) * kHoursPerYear == Approx(2'009'600.0).epsilon(1e-9));
    // Power: load = 128 x 10.2 kW + 3,072 ports x 20 W = 1,305.6 + 61.44 = 1,367.04 kW.
    // Idle node = 10.2 - 8 x (0.70 - 0.14) = 5.72 kW; idle IT = 732.16 + 61.44 = 793.6 kW.
    // Average IT at 0.85 = 0.85 x 1,367.04 + 0.15 x 793.6 = 1,281.024 kW; x PUE 1.3 = 1,665.3312 kW.
    CHECK(units::to_kw(e.point.it_load) == Approx(1367.04));
    CHECK(units::to_kw(e.point.it_idle) == Approx(793.6));
    CHECK(units::to_kw(e.point.it_average) == Approx(1281.024));
    CHECK(units::to_kw(e.avg_power.point) == Approx(1665.3312));
    // Facility: 150 $/kW-month x 12 x 1,367.04 kW = 2,460,672 per year.
    CHECK(per_hour(e.point.rates.facility) * kHoursPerYear == Approx(2'460'672.0).epsilon(1e-9));
    // Electricity: 1,665.3312 kW x 8,766 h x 0.08 = 1,167,863.46 per year.
    CHECK(per_hour(e.point.rates.electricity) * kHoursPerYear == Approx(1'167'863.46).epsilon(1e-8));
    // Total 18,379,676.49 per year / 8,766 h = $2,096.70 per hour ($2.05 per GPU-hour).
    CHECK(per_hour(e.cost_rate.point) == Approx(2096.7005).epsilon(1e-7));
    // Useful throughput 419,430.4 x 0.85 = 356,515.84 tokens/s:
    // $/M tokens = 2,096.7005 / 3,600 / 356,515.84 x 1e6 = $1.63364.
    CHECK(e.per_mtok.point.value() == Approx(1.6336351).epsilon(1e-7));
    // $/step = 2,096.7005 / 3,600 x 10 s / 0.85 = $6.85196 (idle share included).
    REQUIRE(e.per_step);
    CHECK(e.per_step->point.value() == Approx(6.8519624).epsilon(1e-7));
    // Run: 1e12 / 356,515.84 = 2,804,924 s = 779.146 h (32.46 days);
    // cost 779.146 x 2,096.7005 = $1,633,635; energy 1,665.3312 kW x 779.146 h = 1,297.54 MWh.
    REQUIRE(e.per_run);
    REQUIRE(e.run_energy);
    CHECK(units::to_hours(*e.point.run_time) == Approx(779.14568).epsilon(1e-7));
    CHECK(e.per_run->point.value() == Approx(1'633'635.1).epsilon(1e-7));
    CHECK(units::to_mwh(e.run_energy->point) == Approx(1297.5356).epsilon(1e-7));
    // $/run = $/step x steps and = $/M tokens x 1e6 M tokens.
    CHECK(e.per_run->point.value() == Approx(e.per_step->point.value() * 1e12 / (4096.0 * 1024.0)));
    CHECK(e.per_run->point.value() == Approx(e.per_mtok.point.value() * 1e6));
    // perf/W: 356,515.84 / 1,665,331.2 W = 0.214081 tokens/J; perf/$: 1e6 / 1.63364 = 612,132 tokens/$.
    CHECK(e.perf_per_watt.point.value() == Approx(0.21408104).epsilon(1e-7));
    CHECK(e.perf_per_usd.point.value() == Approx(612'131.79).epsilon(1e-7));
}

TEST_CASE("cost: rented p5.48xlarge on demand", "[cost]") {
    // 1,001 chips -> ceil(1001 / 8) = 126 instances (a partial node is paid in full) x $55.04
    // = $6,935.04 per hour, whatever the utilization: idle hours are paid too.
    auto perf = cost::PerformanceSummary::serving(cost::TokenRate(300'000.0));
    engine::CostRequest req;
    req.pricing = engine::Pricing::on_demand;
    auto e = evaluate(seed(), "p5.48xlarge", 1001, req, perf);
    CHECK(e.nodes == 126);
    CHECK(per_hour(e.cost_rate.point) == Approx(6935.04));
    CHECK(e.point.capex_nodes.value() == 0.0);
    CHECK(e.point.rates.electricity.value() == 0.0);  // inside the rate
    // Useful 300,000 x 0.85 = 255,000 tokens/s: 6,935.04 / 3,600 / 255,000 x 1e6 = $7.55451 per M tokens.
    CHECK(e.per_mtok.point.value() == Approx(7.5545098).epsilon(1e-7));
    CHECK_FALSE(e.per_step);  // serving: no step
    CHECK_FALSE(e.per_run);
    // Power (counted for rentals too): EFA, 126 x 32 NICs x 100G on 200G ports = 2,016 ports ->
    // 2 tiers (64²/2 = 2,048): 4,032 + 2,016 = 6,048 switch ports x 18 W = 108.864 kW.
    // Load 1,260 + 108.864 = 1,368.864 kW; idle node 10 - 8 x 0.56 = 5.52 kW -> 804.384 kW;
    // average 0.85 x 1,368.864 + 0.15 x 804.384 = 1,284.192 kW x PUE 1.3 = 1,669.4496 kW.
    CHECK(e.network.fabric == "efa-v3");
    CHECK(e.network.endpoints == 2016);
    CHECK(e.network.switch_ports() == 6048.0);
    CHECK(units::to_kw(e.avg_power.point) == Approx(1669.4496));
}

TEST_CASE("cost: every rental rate is per node-hour", "[cost]") {
    // trn1.32xlarge: on_demand 21.50, reserved_3y 8.197, capacity_block 15.49; 64 chips = 4 nodes.
    auto perf = cost::PerformanceSummary::serving(cost::TokenRate(1000.0));
    for (auto [pricing, rate] : {std::pair{engine::Pricing::on_demand, 21.5}, std::pair{engine::Pricing::reserved_3y, 8.197},
                                 std::pair{engine::Pricing::capacity_block, 15.49}}) {
        engine::CostRequest req;
        req.pricing = pricing;
        auto e = evaluate(seed(), "trn1.32xlarge", 64, req, perf);
        CHECK(per_hour(e.cost_rate.point) == Approx(4 * rate));
    }
}

TEST_CASE("cost: owned, all documented, 10 % cost of capital (tiny catalog)", "[cost]") {
    // 64 chips = 8 doc-server nodes x 1 NIC (400G on 400G ports) = 8 endpoints; radix 4:
    // one tier reaches 4, two reach 4²/2 = 8 -> 2 tiers, ports 8 + 8 (leaf) + 8 (spine) = 24.
    // Network capex 24 x (1,000 + 500) + 8 NIC-end optics x 500 = 40,000; power 24 x 10 W = 240 W.
    // Hardware C = 8 x 100,000 + 40,000 = 840,000; installation 10 % = 84,000; upfront 924,000.
    // 10 % over 5 years: 1.1^5 = 1.61051, A = 0.1 / (1 - 1/1.61051) = 0.1 / 0.3790786769 =
    // 0.2637974808 -> capital 924,000 x A = 243,748.87/yr; maintenance 10 % x 840,000 = 84,000/yr.
    // Load IT = 8 x 5 kW + 0.24 = 40.24 kW; facility 100 x 12 x 40.24 = 48,288/yr.
    // Idle node = 5,000 - 8 x (500 - 100) = 1,800 W -> idle IT 14.64 kW; utilization 0.5:
    // average IT 27.44 kW x PUE 1.5 = 41.16 kW; electricity 41.16 x 8,766 x 0.1 = 36,080.856/yr.
    // Total 243,748.872 + 84,000 + 48,288 + 36,080.856 = 412,117.728/yr / 8,766 h = $47.01320 per hour.
    auto perf = cost::PerformanceSummary::training(units::seconds(2.0), 1'000'000.0, 3.6e9);
    auto e = evaluate(documented(), "doc-server", 64, {}, perf);
    CHECK(e.network.tiers == 2);
    CHECK(e.point.capex_network.value() == Approx(40'000.0));
    CHECK(units::to_kw(e.point.it_load) == Approx(40.24));
    CHECK(units::to_kw(e.avg_power.point) == Approx(41.16));
    CHECK(per_hour(e.point.rates.capital) * kHoursPerYear == Approx(243'748.872));
    CHECK(per_hour(e.point.rates.electricity) * kHoursPerYear == Approx(36'080.856));
    CHECK(per_hour(e.cost_rate.point) == Approx(47.013202));
    // Throughput 1e6 / 2 s = 500,000 tokens/s, useful 250,000; the run of 3.6e9 tokens takes
    // 14,400 s = 4 h of wall time: $188.0528 and 41.16 kW x 4 h = 0.16464 MWh.
    CHECK(units::to_hours(*e.point.run_time) == Approx(4.0));
    CHECK(e.per_run->point.value() == Approx(188.05281));
    CHECK(units::to_mwh(e.run_energy->point) == Approx(0.16464));
    // Nothing is an estimate: no draws, every range is its point, the tornado still works.
    CHECK(e.samples == 0);
    CHECK(e.cost_rate.collapsed());
    CHECK(e.per_mtok.collapsed());
    CHECK(e.per_run->collapsed());
    CHECK(e.avg_power.collapsed());
    CHECK(e.run_energy->collapsed());
    CHECK(e.perf_per_watt.collapsed());
    CHECK_FALSE(e.tornado.empty());

    SECTION("a residual value of 30 % is credited over the years") {
        // Sinking fund 0.1 / (1.61051 - 1) = 0.1637974808: credit 0.3 x 840,000 x 0.1637974808
        // = 41,276.97 per year.
        cost::CostOptions o;
        o.residual_share = 0.3;
        auto r = evaluate(documented(), "doc-server", 64, {}, perf, o);
        CHECK(per_hour(r.point.rates.residual_credit) * kHoursPerYear == Approx(41'276.965));
        CHECK(per_hour(r.cost_rate.point) * kHoursPerYear == Approx(412'117.728 - 41'276.965));
    }
    SECTION("given columns override the catalog defaults") {
        // 4 years at 10 %: A = 0.1 / (1 - 1/1.4641) = 0.3154708037 -> 924,000 x A = 291,495.02/yr.
        // Utilization 1: average IT = load 40.24 kW x PUE 1.2 = 48.288 kW at $0.05/kWh.
        engine::CostRequest req;
        req.years = 4.0;
        req.utilization = 1.0;
        req.pue = 1.2;
        req.usd_per_kwh = 0.05;
        auto g = evaluate(documented(), "doc-server", 64, req, perf);
        CHECK(units::to_kw(g.avg_power.point) == Approx(48.288));
        CHECK(per_hour(g.point.rates.electricity) * kHoursPerYear == Approx(48.288 * kHoursPerYear * 0.05));
        CHECK(per_hour(g.point.rates.capital) * kHoursPerYear == Approx(291'495.023));
    }
    SECTION("rented from the same catalog: 8 nodes x $20") {
        engine::CostRequest req;
        req.pricing = engine::Pricing::on_demand;
        auto r = evaluate(documented(), "doc-server", 64, req, perf);
        CHECK(per_hour(r.cost_rate.point) == Approx(160.0));
        // $/step = 160 / 3,600 x 2 s / 0.5 = $0.177778.
        CHECK(r.per_step->point.value() == Approx(160.0 / 3600.0 * 2.0 / 0.5));
    }
}

TEST_CASE("cost: a single scale-up domain buys no scale-out network", "[cost]") {
    auto perf = cost::PerformanceSummary::serving(cost::TokenRate(10'000.0));
    // 72 GB200 = 18 trays = one NVL72 domain: 18 x $166,667, no network.
    auto one = evaluate(seed(), "gb200-nvl72", 72, {}, perf);
    CHECK(one.nodes == 18);
    CHECK(one.network.fabric.empty());
    CHECK(one.point.capex_network.value() == 0.0);
    CHECK(one.point.capex_nodes.value() == Approx(18 * 166'667.0));
    // 144 GB200 = 36 trays in 2 racks x 4 CX-7 400G = 144 endpoints > 64 -> 2 tiers of NDR.
    auto two = evaluate(seed(), "gb200-nvl72", 144, {}, perf);
    CHECK(two.network.fabric == "ib-ndr-fat-tree");
    CHECK(two.network.tiers == 2);
    CHECK(two.network.switch_ports() == 3.0 * 144);
    // 432 ports x 1,500 + 144 NIC-end optics x 1,000 = 792,000.
    CHECK(two.point.capex_network.value() == Approx(792'000.0));
}

TEST_CASE("cost: capex and running cost carry ranges around the point lines", "[cost]") {
    // Same deployment as the 128 DGX H100 case: upfront = nodes + network + installation
    // = 42,201,600; running = maintenance 2,009,600 + facility 2,460,672 + electricity
    // 1,167,863.46 = 5,638,135.46 per year.
    auto perf = cost::PerformanceSummary::training(units::seconds(10.0), 4096.0 * 1024.0, 1e12);
    auto e = evaluate(seed(), "dgx-h100", 1024, {}, perf);
    CHECK(e.capex.point.value() == Approx(42'201'600.0));
    CHECK(per_hour(e.running.point) * kHoursPerYear == Approx(5'638'135.46).epsilon(1e-8));
    // The seed's capex, power and facility figures are estimates: the range is open and
    // holds the point.
    CHECK(e.capex.p10.value() < e.capex.p90.value());
    CHECK(e.capex.p10.value() <= e.capex.point.value());
    CHECK(e.capex.point.value() <= e.capex.p90.value());
    CHECK(e.running.p10.value() <= e.running.p50.value());
    CHECK(e.running.p50.value() <= e.running.p90.value());
    // Rented: nothing bought, nothing run on the owner's account.
    engine::CostRequest rent;
    rent.pricing = engine::Pricing::on_demand;
    auto r = evaluate(seed(), "p5.48xlarge", 1024, rent, perf);
    CHECK(r.capex.point.value() == 0.0);
    CHECK(r.capex.collapsed());
    CHECK(r.running.point.value() == 0.0);
}
