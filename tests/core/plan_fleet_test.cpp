// Fleet sizing and comparisons: fewer chips for longer deadlines, whole scale-up domains for
// rack-scale systems, serving replicas for a request rate, and rows that carry their errors.
#include <catch2/catch.hpp>

#include <cmath>
#include <nlohmann/json.hpp>

#include "plan/capacity.h"
#include "plan/compare.h"
#include "plan/plan_json.h"
#include "plan_fixtures.h"

using namespace rackplan;

namespace {

plan::PlanOptions quick() {
    plan::PlanOptions o;
    o.cost.samples = 0;
    o.cost.sensitivity = false;
    return o;
}

}  // namespace

TEST_CASE("fleet: a longer deadline never needs more chips, and the plan meets it", "[plan]") {
    const auto& ctx = test::plan_context();
    int previous = 1 << 30;
    int distinct = 0;
    for (double days : {0.1, 0.2, 0.35, 0.7, 1.5, 3.0}) {
        auto r = plan::plan(ctx, test::train_scenario(1e10), {{"test-gpu-cloud", {}, {}}}, plan::Demand{days, {}}, quick());
        REQUIRE(r.rows.size() == 1);
        const plan::PlanRow& row = r.rows[0];
        INFO("days " << days << ": " << row.message);
        REQUIRE(row.status == engine::Status::ok);
        const plan::Candidate* p = row.plan();
        REQUIRE(p);
        CHECK(units::to_days(p->time) <= days);
        CHECK(p->chips % 8 == 0);  // whole nodes
        CHECK(p->chips <= previous);
        // No smaller count the search tried meets the deadline.
        for (const auto& c : row.candidates)
            if (c.chips < p->chips) CHECK(units::to_days(c.time) > days);
        if (p->chips < previous) ++distinct;
        previous = p->chips;
        REQUIRE(row.fleet);
        CHECK(row.fleet->chips == p->chips);
        CHECK(row.fleet->nodes == p->chips / 8);
        CHECK(row.fleet->racks == static_cast<int>(std::ceil(row.fleet->nodes * 8 / 42.0)));
        REQUIRE(row.fleet->wall_peak);
        // 10.2 kW per node at PUE 1.2, plus the fabric's ports: at least the nodes' share.
        CHECK(row.fleet->wall_peak->value() >= row.fleet->nodes * 10200.0 * 1.2 - 1e-6);
    }
    CHECK(distinct >= 3);  // the deadlines really moved the answer
}

TEST_CASE("fleet: rack-scale systems come in whole scale-up domains", "[plan]") {
    const auto& ctx = test::plan_context();
    auto r = plan::plan(ctx, test::train_scenario(1e10),
                        {{"test-gpu-rack", {}, engine::Pricing::own}, {"test-nrn-ultra", {}, {}}}, plan::Demand{0.3, {}},
                        quick());
    REQUIRE(r.rows.size() == 2);
    struct Expect {
        int domain;
        int racks_per_domain;
    };
    const Expect expect[] = {{36, 1}, {64, 2}};  // NVL-style rack: the domain is the rack; 4 x 14 U UltraServer: 2 racks
    for (std::size_t i = 0; i < 2; ++i) {
        const plan::PlanRow& row = r.rows[i];
        INFO(row.system << ": " << row.message);
        REQUIRE(row.plan());
        const plan::Candidate& p = *row.plan();
        const int d = expect[i].domain;
        CHECK(p.fleet_chips % d == 0);
        CHECK(p.fleet_chips >= p.chips);
        CHECK(p.fleet_chips - p.chips < d);
        REQUIRE(row.fleet);
        CHECK(row.fleet->chips == p.fleet_chips);
        CHECK(row.fleet->domains * d == p.fleet_chips);
        CHECK(row.fleet->racks == row.fleet->domains * expect[i].racks_per_domain);
        // The whole domains are paid for.
        REQUIRE(p.cost);
        CHECK(p.cost->chips == p.fleet_chips);
    }
    // The job, on whole 4-chip nodes, leaves spare chips in its last 36-chip rack (paid for).
    CHECK(r.rows[0].plan()->chips != r.rows[0].plan()->fleet_chips);
}

TEST_CASE("fleet: serving replicas carry the request rate", "[plan]") {
    const auto& ctx = test::plan_context();
    engine::Scenario s = test::infer_scenario();
    s.infer.tpot_slo = units::milliseconds(40.0);
    for (double rps : {5.0, 50.0, 400.0}) {
        auto r = plan::plan(ctx, s, {{"test-gpu-cloud", {}, {}}}, plan::Demand{{}, rps}, quick());
        const plan::PlanRow& row = r.rows[0];
        INFO("rps " << rps << ": " << row.message);
        REQUIRE(row.plan());
        for (const auto& c : row.candidates) {
            REQUIRE(c.infer);
            const double per_replica = c.infer->point.tokens_per_s / 128.0;
            CHECK(c.replicas * per_replica >= rps * (1 - 1e-9));
            CHECK((c.replicas - 1) * per_replica < rps);
            CHECK(c.chips == c.replicas * c.infer->layout.chips_per_replica());
            CHECK(c.fleet_chips % 8 == 0);
            CHECK(c.fleet_chips - c.chips < 8);
            CHECK(units::to_ms(c.infer->point.tpot) <= 40.0 + 1e-9);
            REQUIRE(c.cost);
        }
        // The plan is the cheapest fleet per hour.
        for (const auto& c : row.candidates) CHECK(*plan::plan_cost(*row.plan()) <= *plan::plan_cost(c));
    }
}

TEST_CASE("compare: a system with no capex under pricing own is an error row", "[plan]") {
    const auto& ctx = test::plan_context();
    plan::CompareOptions o;
    o.cost.samples = 200;
    auto r = plan::compare(ctx, test::train_scenario(1e10, engine::Pricing::own),
                           {{"test-nrn-ultra", 32, {}}, {"test-gpu-server", 32, {}}, {"test-gpu-cloud", 32, engine::Pricing::on_demand}},
                           o);
    REQUIRE(r.rows.size() == 3);
    const plan::CompareRow& ultra = r.rows[0];
    CHECK(ultra.status == engine::Status::error);
    CHECK_THAT(ultra.message, Catch::StartsWith("column pricing:") && Catch::Contains("cannot be owned"));
    // Its time still counts; its cost does not.
    REQUIRE(ultra.best());
    CHECK(ultra.best()->train);
    CHECK_FALSE(ultra.best()->cost);
    CHECK(ultra.time_rank > 0);
    CHECK(ultra.cost_rank == 0);
    // Its power does not need a price.
    REQUIRE(ultra.best()->power);
    CHECK(ultra.best()->power->avg_power.point.value() > 0.0);
    // The others are priced and ranked: owning is cheaper than renting the same chips.
    for (std::size_t i : {1u, 2u}) {
        INFO(r.rows[i].system << ": " << r.rows[i].message);
        CHECK(r.rows[i].status == engine::Status::ok);
        REQUIRE(r.rows[i].best());
        REQUIRE(r.rows[i].best()->cost);
        const auto& mtok = r.rows[i].best()->cost->per_mtok;
        CHECK(mtok.p10.value() <= mtok.p90.value());
    }
    CHECK(r.rows[1].cost_rank == 1);
    CHECK(r.rows[2].cost_rank == 2);
    // Same chip, same chips: the same time.
    CHECK(r.rows[1].best()->time.value() == Approx(r.rows[2].best()->time.value()));
    // The JSON form carries the row and its reason.
    nlohmann::json j = plan::to_json(r);
    CHECK(j["kind"] == "compare");
    CHECK(j["systems"].size() == 3);
    CHECK(j["systems"][0]["status"] == "error");
    CHECK(j["systems"][0]["layouts"][0].contains("cost_error"));
    // Its power is there without a price; priced rows carry capex and running-cost ranges.
    CHECK(j["systems"][0]["layouts"][0]["power"]["avg_power_kw"]["point"].get<double>() > 0.0);
    const auto& c1 = j["systems"][1]["layouts"][0]["cost"];
    CHECK(c1["capex_usd_range"]["point"].get<double>() == Approx(c1["capex_usd"].get<double>()));
    CHECK(c1["running_usd_per_year"]["p10"].get<double>() <= c1["running_usd_per_year"]["p90"].get<double>());
    CHECK(j["systems"][1]["layouts"][0]["cost"]["usd_per_run"]["point"].get<double>() > 0.0);
}

TEST_CASE("plan: bad demands name their input, an impossible deadline is infeasible", "[plan]") {
    const auto& ctx = test::plan_context();
    engine::Scenario s = test::train_scenario();
    CHECK(plan::check_demand(s, {}).front().path == "demand_days");
    CHECK(plan::check_demand(s, {-1.0, {}}).front().path == "demand_days");
    CHECK(plan::check_demand(s, {2.0, 5.0}).front().path == "requests_per_s");
    s.train.train_tokens.reset();
    CHECK(plan::check_demand(s, {2.0, {}}).front().path == "train_tokens");
    CHECK(plan::check_demand(test::infer_scenario(), {}).front().path == "requests_per_s");
    CHECK(plan::check_demand(test::infer_scenario(), {{}, 10.0}).empty());

    // One step of 64 sequences cannot finish 1e13 tokens in a minute at any size.
    plan::PlanOptions o = quick();
    o.max_chips = 512;
    auto r = plan::plan(ctx, test::train_scenario(1e13), {{"test-gpu-cloud", {}, {}}}, plan::Demand{0.001, {}}, o);
    REQUIRE(r.rows.size() == 1);
    CHECK(r.rows[0].status == engine::Status::infeasible);
    CHECK_THAT(r.rows[0].message, Catch::Contains("within 0.001 days"));
    CHECK_FALSE(r.rows[0].plan());
    CHECK_FALSE(r.rows[0].candidates.empty());  // what it tried is still there
}
