// Pareto fronts: only non-dominated points, every dominated point left out, ties and
// non-finite points handled; and the fronts a comparison and a plan report.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <set>

#include "plan/capacity.h"
#include "plan/compare.h"
#include "plan/pareto.h"
#include "plan_fixtures.h"

using namespace rackplan;
using plan::ParetoInput;

namespace {

bool dominates(const ParetoInput& a, const ParetoInput& b) {
    return a.x <= b.x && a.y <= b.y && (a.x < b.x || a.y < b.y);
}

// Checks `front` against the definition on `points`.
void check_front(const std::vector<ParetoInput>& points, const std::vector<std::size_t>& front) {
    std::set<std::size_t> on(front.begin(), front.end());
    REQUIRE(on.size() == front.size());
    for (std::size_t i : front)
        for (std::size_t j = 0; j < points.size(); ++j) {
            INFO("front point " << i << " dominated by " << j);
            CHECK_FALSE(dominates(points[j], points[i]));
        }
    for (std::size_t j = 0; j < points.size(); ++j) {
        if (on.count(j) || !std::isfinite(points[j].x) || !std::isfinite(points[j].y)) continue;
        bool covered = false;  // dominated by, or equal to, a front point
        for (std::size_t i : front)
            covered = covered || dominates(points[i], points[j]) || (points[i].x == points[j].x && points[i].y == points[j].y);
        INFO("point " << j << " left out but not dominated");
        CHECK(covered);
    }
    for (std::size_t k = 1; k < front.size(); ++k) {
        CHECK(points[front[k - 1]].x < points[front[k]].x);
        CHECK(points[front[k - 1]].y > points[front[k]].y);
    }
}

}  // namespace

TEST_CASE("pareto: a hand example", "[plan]") {
    std::vector<ParetoInput> p{{1, 10}, {2, 5}, {3, 7}, {4, 1}, {2, 5}, {5, 1}, {NAN, 0}, {0.5, INFINITY}, {2, 6}};
    // (3,7) and (2,6) lose to (2,5); (5,1) to (4,1); the second (2,5) is a duplicate.
    CHECK(plan::pareto_front(p) == std::vector<std::size_t>{0, 1, 3});
    CHECK(plan::pareto_front({}).empty());
    CHECK(plan::pareto_front({{1, 1}}) == std::vector<std::size_t>{0});
}

TEST_CASE("pareto: random clouds against the definition", "[plan]") {
    std::uint64_t state = 42;
    auto next = [&] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<double>(state >> 40) / static_cast<double>(1ULL << 24);
    };
    for (int round = 0; round < 20; ++round) {
        std::vector<ParetoInput> p;
        for (int i = 0; i < 150; ++i) p.push_back({std::floor(next() * 30), std::floor(next() * 30)});  // many ties
        check_front(p, plan::pareto_front(p));
    }
}

TEST_CASE("pareto: the fronts of a comparison and a plan are non-dominated", "[plan]") {
    const auto& ctx = test::plan_context();
    // Serving layouts trade latency for cost per token: a real front.
    plan::CompareOptions co;
    co.top = 6;
    co.cost.samples = 0;
    auto c = plan::compare(ctx, test::infer_scenario(),
                           {{"test-gpu-cloud", 8, {}}, {"test-nrn-ultra", 16, {}}, {"test-gpu-server", 8, engine::Pricing::own}}, co);
    std::vector<ParetoInput> pts;
    std::vector<std::pair<std::size_t, std::size_t>> where;
    for (std::size_t i = 0; i < c.rows.size(); ++i)
        for (std::size_t j = 0; j < c.rows[i].layouts.size(); ++j)
            if (auto cost = plan::ranking_cost(c.rows[i].layouts[j])) {
                pts.push_back({c.rows[i].layouts[j].time.value(), *cost});
                where.emplace_back(i, j);
            }
    REQUIRE(pts.size() >= 3);
    std::vector<std::size_t> front;
    for (const auto& p : c.pareto)
        for (std::size_t k = 0; k < where.size(); ++k)
            if (where[k] == std::make_pair(p.row, p.layout)) front.push_back(k);
    REQUIRE(front.size() == c.pareto.size());
    REQUIRE_FALSE(front.empty());
    check_front(pts, front);

    // A training plan: every chip count the search tried is a candidate.
    plan::PlanOptions po;
    po.cost.samples = 0;
    auto r = plan::plan(ctx, test::train_scenario(), {{"test-gpu-cloud", {}, {}}, {"test-gpu-server", {}, engine::Pricing::own}},
                        plan::Demand{0.5, {}}, po);
    pts.clear();
    where.clear();
    for (std::size_t i = 0; i < r.rows.size(); ++i)
        for (std::size_t j = 0; j < r.rows[i].candidates.size(); ++j)
            if (auto cost = plan::plan_cost(r.rows[i].candidates[j])) {
                pts.push_back({r.rows[i].candidates[j].time.value(), *cost});
                where.emplace_back(i, j);
            }
    REQUIRE(pts.size() >= 4);
    front.clear();
    for (const auto& p : r.pareto)
        for (std::size_t k = 0; k < where.size(); ++k)
            if (where[k] == std::make_pair(p.row, p.layout)) front.push_back(k);
    REQUIRE(front.size() == r.pareto.size());
    check_front(pts, front);
}
