#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "store/catalog_store.h"
#include "store/migrations.h"
#include "store/scenario_store.h"
#include "store_test_support.h"

using namespace rackplan;
using store::Database;
using test::TempDir;

namespace {

// Writes one chip the way migration 1's schema holds it, with raw statements, so the test
// does not depend on today's catalog writer.
void insert_v1_rows(Database& db, const hw::Catalog& c) {
    const hw::Chip& chip = c.chips.front();
    auto src = db.prepare("INSERT INTO sources (tag, citation) VALUES (?1, ?2)");
    for (const auto& [tag, citation] : c.sources) src.bind(1, tag).bind(2, citation).run();
    db.prepare("INSERT INTO chips (id, name, vendor, architecture, spec) VALUES (?1, ?2, ?3, ?4, ?5)")
        .bind(1, chip.id)
        .bind(2, chip.name)
        .bind(3, chip.vendor)
        .bind(4, hw::to_string(chip.architecture))
        .bind(5, io::chip_to_json(chip).dump())
        .run();
    auto fig = db.prepare(
        "INSERT INTO figures (entity_kind, entity_id, path, value, unit, source, confidence) "
        "VALUES ('chip', ?1, ?2, ?3, ?4, ?5, ?6)");
    for (const auto& [path, f] : chip.figures)
        fig.bind(1, chip.id).bind(2, path).bind(3, f.value).bind(4, f.unit).bind(5, f.source)
            .bind(6, hw::to_string(f.confidence)).run();
}

}  // namespace

TEST_CASE("every migration is numbered, and the last one is kSchemaVersion", "[store][migrations]") {
    for (int n = 1; n <= store::kSchemaVersion; ++n) CHECK_FALSE(store::migration_sql(n).empty());
    CHECK_THROWS(store::migration_sql(0));
    CHECK_THROWS(store::migration_sql(store::kSchemaVersion + 1));
}

TEST_CASE("a database of every earlier version migrates and keeps its data", "[store][migrations]") {
    hw::Catalog catalog = test::load_test_catalog("catalog_small.json");
    for (int version = 0; version < store::kSchemaVersion; ++version) {
        DYNAMIC_SECTION("from version " << version) {
            TempDir dir;
            auto path = dir / "old.db";
            {
                Database db = Database::open(path);
                for (int n = 1; n <= version; ++n) db.exec(store::migration_sql(n));
                db.set_user_version(version);
                if (version >= 1) insert_v1_rows(db, catalog);
                if (version >= 2) {
                    auto id = store::save_scenario(db, "old plan", "plan", R"({"chips":512})");
                    store::save_result(db, id, "0.0.1", R"({"step_s":1.5})");
                }
            }

            Database db = store::open_catalog_db(path);
            CHECK(db.user_version() == store::kSchemaVersion);
            if (version >= 1) {
                hw::Catalog loaded = store::load_catalog(db);
                REQUIRE(loaded.chips.size() == 1);  // not reseeded: the catalog was not empty
                CHECK(io::chip_to_json(loaded.chips.front()) == io::chip_to_json(catalog.chips.front()));
                CHECK(loaded.sources == catalog.sources);
            }
            if (version >= 2) {
                auto s = store::load_scenario(db, "old plan");
                REQUIRE(s);
                CHECK(s->input_json == R"({"chips":512})");
                CHECK(store::list_results(db, s->id).size() == 1);
            }
            // The newest tables exist and enforce their constraints.
            db.prepare("INSERT INTO calibration_points (chip_id, kind, m, n, k, measured_value, metric)"
                       " VALUES ('test-gpu', 'gemm', 4096, 4096, 4096, 712.5, 'tflops')")
                .run();
            CHECK_THROWS_AS(db.exec("INSERT INTO calibration_points (chip_id, kind, measured_value, metric)"
                                    " VALUES ('x', 'bogus', 1, 'y')"),
                            store::Error);
        }
    }
}

TEST_CASE("migrating twice is a no-op", "[store][migrations]") {
    TempDir dir;
    auto path = dir / "a.db";
    {
        Database db = store::open_database_unseeded(path);
        db.exec("INSERT INTO sources (tag, citation) VALUES ('T', 'kept')");
    }
    Database db = store::open_database_unseeded(path);
    store::migrate(db);
    CHECK(db.user_version() == store::kSchemaVersion);
    auto q = db.prepare("SELECT citation FROM sources WHERE tag = 'T'");
    REQUIRE(q.step());
    CHECK(q.text(0) == "kept");
}
