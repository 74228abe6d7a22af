// The batch CSV's cost columns from one evaluation.
#include <catch2/catch.hpp>

#include <map>

#include "cost/cost_cells.h"
#include "io/seed.h"

using namespace rackplan;

namespace {

const hw::Catalog& seed() {
    static const hw::Catalog c = io::load_seed_catalog().parse.catalog;
    return c;
}

std::map<std::string, std::string> cells_for(const std::string& system, int chips, engine::Pricing pricing,
                                             const cost::PerformanceSummary& perf) {
    engine::CostRequest req;
    req.pricing = pricing;
    auto r = cost::evaluate_cost(seed(), *seed().find_system(system), chips, req, perf);
    REQUIRE(r.evaluation);
    auto v = cost::cost_cells(*r.evaluation);
    std::map<std::string, std::string> m(v.begin(), v.end());
    REQUIRE(m.size() == v.size());  // no column twice
    return m;
}

}  // namespace

TEST_CASE("cost cells: a training run with train_tokens fills all five columns", "[cost]") {
    // The 128 x DGX H100 case of cost_model_test.cpp: $2,096.70/h, $1.63364/M tokens,
    // 1,665.33 kW, $1,633,635 and 1,297.54 MWh for 1e12 tokens.
    auto m = cells_for("dgx-h100", 1024, engine::Pricing::own,
                       cost::PerformanceSummary::training(units::seconds(10.0), 4096.0 * 1024.0, 1e12));
    CHECK(m.size() == 5);
    CHECK(m.at("usd_per_hour") == "2096.7");
    CHECK(m.at("usd_per_mtok") == "1.63364");
    CHECK(m.at("avg_power_kw") == "1665.33");
    CHECK(m.at("usd_total") == "1.63364e+06");
    CHECK(m.at("energy_mwh") == "1297.54");
}

TEST_CASE("cost cells: serving and runs without train_tokens leave usd_total and energy_mwh empty", "[cost]") {
    // p5.48xlarge on demand, 1,001 chips: 126 x $55.04 = $6,935.04/h; 300k tokens/s at 0.85.
    auto m = cells_for("p5.48xlarge", 1001, engine::Pricing::on_demand, cost::PerformanceSummary::serving(cost::TokenRate(300'000.0)));
    CHECK(m.size() == 3);
    CHECK(m.at("usd_per_hour") == "6935.04");
    CHECK(m.at("usd_per_mtok") == "7.55451");
    CHECK(m.at("avg_power_kw") == "1669.45");
    CHECK(m.count("usd_total") == 0);
    CHECK(m.count("energy_mwh") == 0);
    auto t = cells_for("p5.48xlarge", 64, engine::Pricing::on_demand,
                       cost::PerformanceSummary::training(units::seconds(10.0), 1e6));
    CHECK(t.count("usd_total") == 0);
    CHECK(t.count("energy_mwh") == 0);
}
