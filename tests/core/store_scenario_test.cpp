#include <catch2/catch.hpp>

#include "store/catalog_store.h"
#include "store/scenario_store.h"
#include "store_test_support.h"

using namespace rackplan;
using test::TempDir;

TEST_CASE("scenarios save, list, load, replace and delete with their results", "[store][scenario]") {
    TempDir dir;
    store::Database db = store::open_database_unseeded(dir / "s.db");
    const std::string tricky = "it's \"quoted\"; DROP TABLE scenarios;--";

    auto a = store::save_scenario(db, "trn2 vs h100", "compare", R"({"systems":["a","b"]})");
    auto b = store::save_scenario(db, tricky, "plan", R"({"tokens":1e12})");
    CHECK(a != b);
    auto all = store::list_scenarios(db);
    REQUIRE(all.size() == 2);
    CHECK(all[0].name == tricky);  // ordered by name
    CHECK(all[1].name == "trn2 vs h100");
    CHECK(all[1].kind == "compare");
    CHECK(all[1].created_at.size() >= 20);  // 2025-01-01T00:00:00.000Z
    CHECK(all[1].created_at.back() == 'Z');

    store::save_result(db, a, "0.1.0", R"({"step_s":2.0})");
    store::save_result(db, a, "0.1.0", R"({"step_s":2.1})");
    auto results = store::list_results(db, a);
    REQUIRE(results.size() == 2);
    CHECK(results[0].output_json == R"({"step_s":2.0})");
    CHECK(results[1].engine_version == "0.1.0");

    SECTION("saving the same input again keeps id and results") {
        CHECK(store::save_scenario(db, "trn2 vs h100", "compare", R"({"systems":["a","b"]})") == a);
        CHECK(store::list_results(db, a).size() == 2);
    }
    SECTION("saving a new input under the name keeps the id and drops stale results") {
        CHECK(store::save_scenario(db, "trn2 vs h100", "compare", R"({"systems":["a","c"]})") == a);
        CHECK(store::load_scenario(db, "trn2 vs h100")->input_json == R"({"systems":["a","c"]})");
        CHECK(store::list_results(db, a).empty());
        CHECK(store::list_scenarios(db).size() == 2);
    }
    SECTION("deleting removes the scenario and cascades to its results") {
        CHECK(store::delete_scenario(db, "trn2 vs h100"));
        CHECK_FALSE(store::load_scenario(db, "trn2 vs h100"));
        CHECK(store::list_results(db, a).empty());
        auto orphans = db.prepare("SELECT count(*) FROM results");
        REQUIRE(orphans.step());
        CHECK(orphans.integer(0) == 0);
        CHECK_FALSE(store::delete_scenario(db, "trn2 vs h100"));
        REQUIRE(store::load_scenario(db, tricky));
        CHECK(store::load_scenario(db, tricky)->input_json == R"({"tokens":1e12})");
    }
    SECTION("a result must belong to a scenario") {
        CHECK_THROWS_AS(store::save_result(db, 9999, "0.1.0", "{}"), store::Error);
    }
}

TEST_CASE("a saved scenario survives reopening the database", "[store][scenario]") {
    TempDir dir;
    auto path = dir / "s.db";
    {
        store::Database db = store::open_database_unseeded(path);
        store::save_scenario(db, "kept", "plan", "{}");
    }
    store::Database db = store::open_database_unseeded(path);
    REQUIRE(store::load_scenario(db, "kept"));
    CHECK(store::load_scenario(db, "kept")->kind == "plan");
}
