// Buying versus renting: the break-even arithmetic by hand, the twin rule, and the ownership
// figures of a fleet checked against the catalog's numbers.
#include <catch2/catch.hpp>

#include "cost/cost_model.h"
#include "io/seed.h"
#include "plan/ownership.h"
#include "plan_fixtures.h"

using namespace rackplan;

TEST_CASE("break-even: upfront over the monthly saving of owning", "[plan]") {
    const auto per_month = [](double usd) { return units::UsdPerSecond(usd / plan::kSecondsPerMonth); };
    // $1.2M upfront, $10k a month to run, $110k a month to rent: 1.2M / 100k = 12 months.
    auto m = plan::break_even_months(units::usd(1.2e6), per_month(10e3), per_month(110e3));
    REQUIRE(m);
    CHECK(*m == Approx(12.0).epsilon(1e-12));
    CHECK(*plan::break_even_months(units::usd(3e5), per_month(0.0), per_month(1e5)) == Approx(3.0).epsilon(1e-12));
    // Renting no dearer than running: never.
    CHECK_FALSE(plan::break_even_months(units::usd(1e6), per_month(5e4), per_month(5e4)));
    CHECK_FALSE(plan::break_even_months(units::usd(1e6), per_month(6e4), per_month(5e4)));
    CHECK_FALSE(plan::break_even_months(units::usd(0.0), per_month(1.0), per_month(5e4)));
    // A month is a twelfth of a 365.25-day year.
    CHECK(plan::kSecondsPerMonth == Approx(365.25 * 86400.0 / 12.0));
}

TEST_CASE("twins: the same chip, node and domain carry a missing price", "[plan]") {
    const hw::Catalog& c = test::plan_context().catalog();
    const hw::System* server = c.find_system("test-gpu-server");
    const hw::System* cloud = c.find_system("test-gpu-cloud");
    const hw::System* rack = c.find_system("test-gpu-rack");
    REQUIRE((server && cloud && rack));
    CHECK(plan::priced_twin(c, *server, "price.capex") == server);
    CHECK(plan::priced_twin(c, *cloud, "price.capex") == server);
    CHECK(plan::priced_twin(c, *server, "price.on_demand") == cloud);
    // Same chip, other node shape: not a twin.
    CHECK(plan::priced_twin(c, *rack, "price.on_demand") == nullptr);
    auto r = plan::rental_for(c, *server, engine::Pricing::own);
    REQUIRE(r);
    CHECK(r->priced_as == cloud);
    CHECK(r->pricing == engine::Pricing::on_demand);
    auto r3 = plan::rental_for(c, *cloud, engine::Pricing::reserved_3y);
    REQUIRE(r3);
    CHECK(r3->pricing == engine::Pricing::reserved_3y);
    CHECK_FALSE(plan::rental_for(c, *rack, engine::Pricing::own));

    // The seed catalog: p5.48xlarge is dgx-h100 rented; gb200-nvl72 is rented as the p6e UltraServer.
    const hw::Catalog seed = io::load_seed_catalog().parse.catalog;
    const hw::System* p5 = seed.find_system("p5.48xlarge");
    const hw::System* nvl = seed.find_system("gb200-nvl72");
    REQUIRE((p5 && nvl));
    const hw::System* p5_owned = plan::priced_twin(seed, *p5, "price.capex");
    REQUIRE(p5_owned);
    CHECK(p5_owned->chip == p5->chip);
    auto nvl_rent = plan::rental_for(seed, *nvl, engine::Pricing::own);
    REQUIRE(nvl_rent);
    CHECK(nvl_rent->priced_as->chip == nvl->chip);
}

TEST_CASE("buy vs rent: one server by hand", "[plan]") {
    const auto& ctx = test::plan_context();
    const hw::System& server = *ctx.catalog().find_system("test-gpu-server");
    engine::Scenario s = test::train_scenario(1e10, engine::Pricing::own);
    s.cost.utilization = 0.85;
    const auto perf = cost::PerformanceSummary::training(units::seconds(2.0), 131072.0, 1e10);
    cost::CostOptions opt;
    opt.samples = 0;
    plan::BuyVsRent b = plan::buy_vs_rent(ctx.catalog(), server, 8, s, perf, 3.0, opt);
    REQUIRE(b.own);
    REQUIRE(b.rent);
    // One node, one scale-up domain: no scale-out network. Capex 300,000 + 5 % installation.
    CHECK(b.own->priced_as == "test-gpu-server");
    CHECK(b.own->network.value() == 0.0);
    CHECK(b.own->upfront.value() == Approx(315000.0).epsilon(1e-12));
    // Running per year: maintenance 5 % of 300k; facility $150/kW-month for 10.2 kW; electricity
    // at 10.2 kW (the test GPU has no idle figure, so idle draws TDP), PUE 1.2, $0.08/kWh, 8766 h.
    const double year_h = 8766.0;
    const double running = 0.05 * 300000.0 + 150.0 * 12.0 * 10.2 + 10.2 * 1.2 * 0.08 * year_h;
    CHECK(b.own->running.value() * cost::kSecondsPerYear == Approx(running).epsilon(1e-9));
    // With no sampling the ranges of both lines collapse onto them.
    CHECK(b.own->upfront_range.point.value() == Approx(315000.0).epsilon(1e-12));
    CHECK(b.own->upfront_range.collapsed());
    CHECK(b.own->running_range.point.value() == Approx(b.own->running.value()));
    CHECK(b.own->running_range.collapsed());
    // TCO over 3 years: the upfront as an annuity at 8 % plus running, times 3.
    const double tco = (315000.0 * cost::annuity_factor(0.08, 3.0) + running) * 3.0;
    CHECK(b.own->tco.point.value() == Approx(tco).epsilon(1e-9));
    // Rented as its twin at $120 per node-hour, all wall time.
    CHECK(b.rent->priced_as == "test-gpu-cloud");
    CHECK(b.rent->pricing == engine::Pricing::on_demand);
    CHECK(units::to_usd_per_hour(b.rent->rate.point) == Approx(120.0));
    CHECK(b.rent->total.point.value() == Approx(120.0 * year_h * 3.0).epsilon(1e-9));
    // Break-even: 315,000 / (120 x 730.5 - running / 12) = 3.7426 months.
    REQUIRE(b.break_even_months);
    CHECK(*b.break_even_months == Approx(315000.0 / (120.0 * year_h / 12.0 - running / 12.0)).epsilon(1e-9));
    CHECK(*b.break_even_months == Approx(3.7426).margin(1e-4));

    // Rented only and no twin sold: no ownership, and it says why.
    const hw::System& ultra = *ctx.catalog().find_system("test-nrn-ultra");
    plan::BuyVsRent u = plan::buy_vs_rent(ctx.catalog(), ultra, 64, s, perf, 3.0, opt);
    CHECK_FALSE(u.own);
    CHECK_THAT(u.own_note, Catch::Contains("not sold"));
    CHECK(u.rent);
    CHECK_FALSE(u.break_even_months);
}
