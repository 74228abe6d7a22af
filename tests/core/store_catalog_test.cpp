#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <thread>

#include "io/catalog_edit.h"
#include "store/catalog_store.h"
#include "store/migrations.h"
#include "store_test_support.h"

using namespace rackplan;
using store::Database;
using store::ImportMode;
using test::TempDir;

namespace {

Database seeded(const std::filesystem::path& path, const std::string& seed = "catalog_small.json") {
    Database db = store::open_database_unseeded(path);
    REQUIRE(store::seed_if_empty(db, [&] { return test::test_seed(seed); }));
    return db;
}

bool has_issue(const Issues& issues, const std::string& path, const std::string& words) {
    return std::any_of(issues.begin(), issues.end(), [&](const Issue& i) {
        return i.path == path && i.message.find(words) != std::string::npos;
    });
}

std::string describe(const Issues& issues) {
    std::string s;
    for (const auto& i : issues) s += i.path + ": " + i.message + "\n";
    return s;
}

size_t figure_count(const hw::Catalog& c) {
    size_t n = c.cost_defaults.size();
    for (const auto& x : c.chips) n += x.figures.size();
    for (const auto& x : c.systems) n += x.figures.size();
    for (const auto& x : c.fabrics)
        for (const auto& t : x.tiers) n += t.size();
    return n;
}

}  // namespace

TEST_CASE("a seeded catalog loads back exactly, ordered by id", "[store][catalog]") {
    TempDir dir;
    Database db = seeded(dir / "c.db");
    hw::Catalog original = test::load_test_catalog("catalog_small.json");
    hw::Catalog loaded = store::load_catalog(db);
    // The test catalog lists its entries in id order, so the documents must match exactly.
    CHECK(io::dump_catalog(loaded) == io::dump_catalog(original));
    CHECK_FALSE(store::seed_if_empty(db, [] { return test::test_seed("catalog_update.json"); }));
    CHECK_FALSE(store::catalog_is_empty(db));
}

TEST_CASE("every figure has a queryable row with its provenance", "[store][catalog]") {
    TempDir dir;
    Database db = seeded(dir / "c.db");
    hw::Catalog original = test::load_test_catalog("catalog_small.json");
    auto count = db.prepare("SELECT count(*) FROM figures");
    REQUIRE(count.step());
    CHECK(static_cast<size_t>(count.integer(0)) == figure_count(original));

    auto q = db.prepare(
        "SELECT value, unit, low, high, source, confidence, note FROM figures"
        " WHERE entity_kind = ?1 AND entity_id = ?2 AND path = ?3");
    q.bind(1, std::string_view("chip")).bind(2, std::string_view("test-nrn")).bind(3, std::string_view("power.tdp"));
    REQUIRE(q.step());
    CHECK(q.real(0) == 500);
    CHECK(q.text(1) == "W");
    CHECK(q.optional_real(2) == 400);
    CHECK(q.optional_real(3) == 600);
    CHECK(q.text(4) == "TEST-EST");
    CHECK(q.text(5) == "estimate");
    CHECK(q.text(6) == "not published");
    q.reset();
    q.bind(1, std::string_view("fabric")).bind(2, std::string_view("test-fat-tree"))
        .bind(3, std::string_view("tiers[1].switch_cost_per_port"));
    REQUIRE(q.step());
    CHECK(q.real(0) == 1500);
    q.reset();
    q.bind(1, std::string_view("cost_default")).bind(2, std::string_view("cost_defaults"))
        .bind(3, std::string_view("pue"));
    REQUIRE(q.step());
    CHECK(q.real(0) == 1.2);
}

TEST_CASE("export, import into an empty database, export again: identical bytes", "[store][catalog]") {
    TempDir dir;
    std::string first;
    {
        Database db = seeded(dir / "a.db");
        REQUIRE(store::import_catalog(db, test::load_test_catalog("catalog_update.json")).empty());
        first = io::dump_catalog(store::load_catalog(db));
    }
    io::CatalogParse reparsed = io::parse_catalog(first);
    REQUIRE(reparsed.ok());
    Database fresh = store::open_database_unseeded(dir / "b.db");
    REQUIRE(store::catalog_is_empty(fresh));
    auto issues = store::import_catalog(fresh, reparsed.catalog, ImportMode::replace);
    INFO(describe(issues));
    REQUIRE(issues.empty());
    CHECK(io::dump_catalog(store::load_catalog(fresh)) == first);
}

TEST_CASE("a merge import adds and replaces entries by id and keeps the rest", "[store][catalog]") {
    TempDir dir;
    Database db = seeded(dir / "c.db");
    hw::Catalog update = test::load_test_catalog("catalog_update.json");
    // The update also replaces an existing chip under its id.
    hw::Catalog small = test::load_test_catalog("catalog_small.json");
    hw::Chip renamed = *small.find_chip("test-nrn");
    renamed.name = "Renamed NeuronChip";
    update.chips.push_back(renamed);

    auto issues = store::import_catalog(db, update);
    INFO(describe(issues));
    REQUIRE(issues.empty());
    hw::Catalog c = store::load_catalog(db);
    CHECK(c.chips.size() == 3);
    CHECK(c.systems.size() == 3);
    CHECK(c.find_chip("test-nrn")->name == "Renamed NeuronChip");
    CHECK(c.find_system("test-gpu-server-b")->chip == "test-gpu");
    CHECK(c.sources.count("TEST-UPD") == 1);
    CHECK(c.sources.count("TEST-GPU") == 1);
    CHECK(c.cost_defaults.size() == 2);
    // Entries come back in id order whatever the import order.
    CHECK(std::is_sorted(c.chips.begin(), c.chips.end(), [](auto& a, auto& b) { return a.id < b.id; }));
}

TEST_CASE("a replace import swaps the whole catalog", "[store][catalog]") {
    TempDir dir;
    Database db = seeded(dir / "c.db");
    hw::Catalog small = test::load_test_catalog("catalog_small.json");
    hw::Catalog only_gpu;
    only_gpu.sources = small.sources;
    only_gpu.chips = {*small.find_chip("test-gpu")};
    REQUIRE(store::import_catalog(db, only_gpu, ImportMode::replace).empty());
    hw::Catalog c = store::load_catalog(db);
    CHECK(c.chips.size() == 1);
    CHECK(c.systems.empty());
    CHECK(c.cost_defaults.empty());
    auto count = db.prepare("SELECT count(*) FROM figures WHERE entity_kind = 'system'");
    REQUIRE(count.step());
    CHECK(count.integer(0) == 0);
}

TEST_CASE("an invalid import writes nothing: the database file stays byte-identical", "[store][catalog]") {
    TempDir dir;
    auto path = dir / "c.db";
    { Database db = seeded(path); }  // closing checkpoints the WAL into the file
    const std::string before = test::read_file(path);

    // Parses, but breaks cross-entry rules: unknown chip, unknown source tag, ring size.
    hw::Catalog bad = test::load_test_catalog("catalog_cross_bad.json");
    for (ImportMode mode : {ImportMode::merge, ImportMode::replace}) {
        Database db = store::open_catalog_db(path);
        Issues issues = store::import_catalog(db, bad, mode);
        INFO(describe(issues));
        // Paths index into the imported document, not the merged catalog.
        CHECK(has_issue(issues, "systems[0].chip", "unknown chip id 'no-such-chip'"));
        CHECK(has_issue(issues, "systems[0].scale_up.link_bandwidth.source", "UNKNOWN-TAG"));
        CHECK(has_issue(issues, "systems[0].scale_up.dims", "domain has 8"));
    }
    CHECK(test::read_file(path) == before);
    Database db = store::open_catalog_db(path);
    CHECK(io::dump_catalog(store::load_catalog(db)) ==
          io::dump_catalog(test::load_test_catalog("catalog_small.json")));
}

TEST_CASE("replacing the catalog drops chips that kept systems still need: refused", "[store][catalog]") {
    TempDir dir;
    Database db = seeded(dir / "c.db");
    hw::Catalog small = test::load_test_catalog("catalog_small.json");
    // Merge that removes nothing but a replace without the chips would orphan the systems.
    hw::Catalog systems_only;
    systems_only.sources = small.sources;
    systems_only.systems = small.systems;
    Issues issues = store::import_catalog(db, systems_only, ImportMode::replace);
    CHECK(has_issue(issues, "systems[0].chip", "unknown chip id 'test-gpu'"));
    CHECK(store::load_catalog(db).chips.size() == 2);
    // The same document merged into the stored catalog is fine.
    CHECK(store::import_catalog(db, systems_only, ImportMode::merge).empty());
}

TEST_CASE("duplicate ids inside one import are reported", "[store][catalog]") {
    TempDir dir;
    Database db = seeded(dir / "c.db");
    hw::Catalog update = test::load_test_catalog("catalog_update.json");
    update.chips.push_back(update.chips.front());
    Issues issues = store::import_catalog(db, update);
    CHECK(has_issue(issues, "chips[1].id", "duplicate id 'test-gpu2'"));
    CHECK(store::load_catalog(db).find_chip("test-gpu2") == nullptr);
}

TEST_CASE("an invalid seed is refused with its first problems listed", "[store][catalog]") {
    TempDir dir;
    Database db = store::open_database_unseeded(dir / "c.db");
    try {
        store::seed_if_empty(db, [] { return test::test_seed("catalog_cross_bad.json"); });
        FAIL("seeded an invalid catalog");
    } catch (const store::Error& e) {
        CHECK(std::string(e.what()).find("systems[0].chip") != std::string::npos);
    }
    CHECK(store::catalog_is_empty(db));
}

TEST_CASE("concurrent first opens of a new database migrate and seed it exactly once", "[store][catalog]") {
    TempDir dir;
    auto path = dir / "shared.db";
    constexpr int kThreads = 6;
    std::vector<std::thread> threads;
    std::atomic<int> seeded{0}, failed{0};
    std::vector<std::string> dumps(kThreads);
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            try {
                Database db = store::open_database_unseeded(path);
                if (store::seed_if_empty(db, [] { return test::test_seed("catalog_small.json"); })) ++seeded;
                dumps[t] = io::dump_catalog(store::load_catalog(db));
            } catch (const std::exception&) {
                ++failed;
            }
        });
    for (auto& th : threads) th.join();
    CHECK(failed == 0);
    CHECK(seeded == 1);
    for (const auto& d : dumps) CHECK(d == dumps.front());
    Database db = store::open_database_unseeded(path);
    CHECK(db.user_version() == store::kSchemaVersion);
    CHECK(store::load_catalog(db).chips.size() == 2);
}

TEST_CASE("save_catalog writes an edited catalog whole, or nothing", "[store][catalog][edit]") {
    TempDir dir;
    auto path = dir / "c.db";
    Database db = seeded(path);
    const hw::Catalog base = store::load_catalog(db);
    io::EditResult edit = io::apply_edit(base, {"systems", "test-gpu-server", "price.on_demand.value", 77.0});
    REQUIRE(edit.ok());
    edit = io::apply_edit(edit.catalog, {"chips", "test-gpu", "name", std::string("Renamed <b>GPU</b>, \"v2\"")});
    REQUIRE(edit.ok());

    SECTION("saved: a fresh load shows the edits, and nothing else changed") {
        REQUIRE(store::save_catalog(db, base, edit.catalog).empty());
        Database again = store::open_catalog_db(path);
        const hw::Catalog loaded = store::load_catalog(again);
        CHECK(hw::find_figure(loaded.find_system("test-gpu-server")->figures, "price.on_demand")->value == 77.0);
        CHECK(loaded.find_chip("test-gpu")->name == "Renamed <b>GPU</b>, \"v2\"");
        CHECK(io::dump_catalog(loaded) == io::dump_catalog(edit.catalog));
        // What was saved is the next save's base.
        io::EditResult next = io::apply_edit(loaded, {"systems", "test-gpu-server", "price.on_demand.value", 78.0});
        REQUIRE(next.ok());
        CHECK(store::save_catalog(again, loaded, next.catalog).empty());
    }
    SECTION("another program changed the catalog meanwhile: refused, its change kept") {
        hw::Catalog other = base;
        other.chips[1].name = "changed elsewhere";
        REQUIRE(store::import_catalog(db, other, ImportMode::replace).empty());
        const Issues issues = store::save_catalog(db, base, edit.catalog);
        REQUIRE(issues.size() == 1);
        CHECK(issues[0].path == "(database)");
        CHECK(issues[0].message.find("changed since it was loaded") != std::string::npos);
        CHECK(store::load_catalog(db).chips[1].name == "changed elsewhere");
        CHECK(hw::find_figure(store::load_catalog(db).systems[0].figures, "price.on_demand")->value == 98.32);
    }
    SECTION("an edited catalog that breaks a rule is refused with its path; the file is unchanged") {
        hw::Catalog bad = edit.catalog;
        bad.systems[0].figures["scale_up.link_bandwidth"].value = -1.0;  // built in memory, past apply_edit
        bad.systems[0].figures["price.on_demand"].unit = "parsecs";
        const std::string before = io::dump_catalog(store::load_catalog(db));
        const Issues issues = store::save_catalog(db, base, bad);
        INFO(describe(issues));
        CHECK(has_issue(issues, "systems[0].scale_up.link_bandwidth.value", "must be positive"));
        CHECK(has_issue(issues, "systems[0].price.on_demand.unit", "unknown unit 'parsecs'"));
        CHECK(io::dump_catalog(store::load_catalog(db)) == before);
    }
}
