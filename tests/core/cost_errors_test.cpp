// Bad cost input comes back as issues naming the column; nothing is NaN or infinite.
#include <catch2/catch.hpp>

#include <cmath>

#include "cost/cost_cells.h"
#include "cost/cost_evaluation.h"
#include "io/seed.h"

using namespace rackplan;

namespace {

const hw::Catalog& seed() {
    static const hw::Catalog c = io::load_seed_catalog().parse.catalog;
    return c;
}

cost::CostResult run(const std::string& system, int chips, engine::CostRequest req, const cost::PerformanceSummary& perf) {
    const hw::System* s = seed().find_system(system);
    REQUIRE(s != nullptr);
    return cost::evaluate_cost(seed(), *s, chips, req, perf);
}

engine::CostRequest priced(engine::Pricing p) {
    engine::CostRequest r;
    r.pricing = p;
    return r;
}

const auto kTrain = cost::PerformanceSummary::training(units::seconds(5.0), 1'048'576.0, 1e11);

}  // namespace

TEST_CASE("cost errors: a missing rate names pricing and lists the system's rates", "[cost]") {
    // p5.48xlarge has on_demand, reserved_3y and capacity_block, no reserved_1y.
    auto r = run("p5.48xlarge", 64, priced(engine::Pricing::reserved_1y), kTrain);
    CHECK_FALSE(r.evaluation);
    REQUIRE(r.issues.size() == 1);
    CHECK(r.issues[0].path == "pricing");
    CHECK_THAT(r.issues[0].message, Catch::Contains("reserved_1y"));
    CHECK_THAT(r.issues[0].message, Catch::Contains("on_demand, reserved_3y, capacity_block"));
    // A server sold but not rented: the message points at own.
    auto d = run("dgx-h100", 64, priced(engine::Pricing::on_demand), kTrain);
    REQUIRE(d.issues.size() == 1);
    CHECK(d.issues[0].path == "pricing");
    CHECK_THAT(d.issues[0].message, Catch::Contains("use pricing own"));
}

TEST_CASE("cost errors: the checks run before any performance is known", "[cost]") {
    // A front end fails the row on pricing before its layout search.
    const hw::System* p5 = seed().find_system("p5.48xlarge");
    auto issues = cost::check_cost_inputs(seed(), *p5, 64, priced(engine::Pricing::reserved_1y));
    REQUIRE(issues.size() == 1);
    CHECK(issues[0].path == "pricing");
    CHECK(cost::check_cost_inputs(seed(), *p5, 64, priced(engine::Pricing::on_demand)).empty());
    cost::CostOptions o;
    o.fabric = "no-such-fabric";
    auto f = cost::check_cost_inputs(seed(), *p5, 64, priced(engine::Pricing::on_demand), o);
    REQUIRE(f.size() == 1);
    CHECK(f[0].path == "fabric");
}

TEST_CASE("cost errors: owning hardware that is not sold names pricing", "[cost]") {
    auto r = run("trn2.48xlarge", 64, priced(engine::Pricing::own), kTrain);
    CHECK_FALSE(r.evaluation);
    REQUIRE(r.issues.size() == 1);
    CHECK(r.issues[0].path == "pricing");
    CHECK_THAT(r.issues[0].message, Catch::Contains("cannot be owned"));
    CHECK_THAT(r.issues[0].message, Catch::Contains("not sold"));
    CHECK_THAT(r.issues[0].message, Catch::Contains("on_demand, reserved_3y"));
    // Trainium3 UltraServers have no price of any kind yet.
    auto t3 = run("trn3-ultraserver-64", 64, priced(engine::Pricing::own), kTrain);
    REQUIRE(t3.issues.size() == 1);
    CHECK_THAT(t3.issues[0].message, Catch::Contains("no rental rate either"));
}

TEST_CASE("cost errors: zero or unknown throughput is an error, not an infinity", "[cost]") {
    for (const auto& perf : {cost::PerformanceSummary::serving(cost::TokenRate(0.0)),
                             cost::PerformanceSummary::training(units::seconds(0.0), 1e6),
                             cost::PerformanceSummary::training(units::seconds(1.0), 0.0),
                             cost::PerformanceSummary::serving(cost::TokenRate(std::nan(""))), cost::PerformanceSummary{}}) {
        auto r = run("dgx-h100", 64, {}, perf);
        CHECK_FALSE(r.evaluation);
        REQUIRE(r.issues.size() == 1);
        CHECK(r.issues[0].path == "tokens_per_s");
    }
    auto r = run("dgx-h100", 64, {}, cost::PerformanceSummary::training(units::seconds(1.0), 1e6, 0.0));
    REQUIRE(r.issues.size() == 1);
    CHECK(r.issues[0].path == "train_tokens");
}

TEST_CASE("cost errors: out-of-range cost columns name the column", "[cost]") {
    auto bad = [](auto set) {
        engine::CostRequest r;
        set(r);
        return r;
    };
    struct Case {
        engine::CostRequest req;
        const char* column;
    };
    for (const auto& c : {Case{bad([](auto& r) { r.pue = 0.9; }), "pue"},
                          Case{bad([](auto& r) { r.utilization = 0.0; }), "utilization"},
                          Case{bad([](auto& r) { r.utilization = 1.5; }), "utilization"},
                          Case{bad([](auto& r) { r.years = 0.0; }), "years"},
                          Case{bad([](auto& r) { r.usd_per_kwh = -0.1; }), "usd_per_kwh"},
                          Case{bad([](auto& r) { r.usd_per_kwh = std::nan(""); }), "usd_per_kwh"}}) {
        auto r = run("dgx-h100", 64, c.req, kTrain);
        CHECK_FALSE(r.evaluation);
        REQUIRE(r.issues.size() == 1);
        CHECK(r.issues[0].path == c.column);
    }
    auto r = run("dgx-h100", 0, {}, kTrain);
    REQUIRE_FALSE(r.issues.empty());
    CHECK(r.issues[0].path == "chips");
}

TEST_CASE("cost errors: every seed system under every pricing is finite or names pricing", "[cost]") {
    using engine::Pricing;
    int evaluated = 0, refused = 0;
    for (const auto& sys : seed().systems) {
        const hw::SystemSpec spec = hw::make_spec(sys);
        for (Pricing p : {Pricing::own, Pricing::on_demand, Pricing::reserved_1y, Pricing::reserved_3y, Pricing::capacity_block}) {
            for (int domains : {1, 3, 40}) {
                INFO(sys.id << " " << engine::to_string(p) << " x" << domains);
                auto r = cost::evaluate_cost(seed(), sys, spec.chips_per_domain() * domains, priced(p), kTrain);
                if (!r.evaluation) {
                    REQUIRE(r.issues.size() == 1);
                    CHECK(r.issues[0].path == "pricing");
                    ++refused;
                    continue;
                }
                ++evaluated;
                const auto& e = *r.evaluation;
                for (double v : {e.cost_rate.point.value(), e.cost_rate.p10.value(), e.cost_rate.p90.value(),
                                 e.per_mtok.point.value(), e.per_mtok.p10.value(), e.per_mtok.p90.value(),
                                 e.avg_power.point.value(), e.avg_power.p10.value(), e.run_energy->p90.value(),
                                 e.per_run->p90.value(), e.per_step->p10.value(), e.perf_per_watt.p10.value(),
                                 e.perf_per_usd.p90.value()}) {
                    CHECK(std::isfinite(v));
                    CHECK(v > 0.0);
                }
                for (const auto& b : e.tornado) CHECK((std::isfinite(b.at_low) && std::isfinite(b.at_high)));
                for (const auto& [name, cell] : cost::cost_cells(e)) CHECK_FALSE(cell.empty());
            }
        }
    }
    CHECK(evaluated > 40);
    CHECK(refused > 40);
}

TEST_CASE("cost errors: a system without the asked price still has its power and energy", "[cost]") {
    // trn3-ultraserver-144 has no price at all in the seed catalog, but a wall power.
    auto r = run("trn3-ultraserver-144", 144, priced(engine::Pricing::on_demand), kTrain);
    CHECK_FALSE(r.evaluation);
    REQUIRE(r.issues.size() == 1);
    CHECK(r.issues[0].path == "pricing");
    REQUIRE(r.power);
    CHECK(std::isfinite(r.power->avg_power.point.value()));
    CHECK(r.power->avg_power.point.value() > 0.0);
    CHECK(r.power->avg_power.p10.value() <= r.power->avg_power.p90.value());
    CHECK(r.power->wall_peak.value() >= r.power->avg_power.point.value());
    REQUIRE(r.power->run_energy);
    CHECK(r.power->perf_per_watt.point.value() > 0.0);
    // The same power as when the system can be priced: p5 owned vs rented draws the same.
    auto own = run("dgx-h100", 64, priced(engine::Pricing::own), kTrain);
    auto no_rate = run("dgx-h100", 64, priced(engine::Pricing::on_demand), kTrain);
    REQUIRE(own.evaluation);
    REQUIRE(no_rate.power);
    CHECK(no_rate.power->avg_power.point.value() == Approx(own.evaluation->avg_power.point.value()));
    // Any other problem (throughput unknown) gives no power either: nothing to divide by.
    auto zero = run("trn3-ultraserver-144", 144, priced(engine::Pricing::on_demand),
                    cost::PerformanceSummary::training(units::seconds(0.0), 1.0));
    CHECK_FALSE(zero.power);
}
