#include "cli_test_support.h"

#include <random>

#include <sqlite3.h>

using namespace rackplan::test;

TEST_CASE("a missing --db file is created and seeded, its folders too", "[cli][db]") {
    Sandbox sb;
    auto nested = sb / "a" / "b" / "plans.db";
    auto r = sb.run_raw({"--db", nested.string(), "catalog", "list", "--format", "csv"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(std::filesystem::exists(nested));
    CHECK(parse_csv(r.out).size() == 3);
}

TEST_CASE("without --db, $RACKPLAN_DB then $XDG_DATA_HOME pick the database", "[cli][db]") {
    Sandbox sb;
    // The sandbox sets XDG_DATA_HOME inside itself and clears RACKPLAN_DB.
    REQUIRE(sb.run_raw({"catalog", "list"}).exit_code == 0);
    CHECK(std::filesystem::exists(sb / "xdg" / "rackplan" / "rackplan.db"));
}

TEST_CASE("a --db path that cannot be created: clear error, exit 1", "[cli][db]") {
    Sandbox sb;
    std::ofstream(sb / "plainfile") << "x";
    auto r = sb.run_raw({"--db", (sb / "plainfile" / "x.db").string(), "catalog", "list"});
    CHECK(r.exit_code == 1);
    REQUIRE(r.err_lines().size() == 1);
    CHECK(contains(r.err_lines()[0], "rackplan: catalog list: "));
    CHECK(contains(r.err_lines()[0], "cannot create folder"));
}

TEST_CASE("a corrupt --db file: clear error, exit 1, its bytes untouched", "[cli][db]") {
    Sandbox sb;
    std::string bytes(16384, '\0');
    std::mt19937 rng(7);
    for (auto& b : bytes) b = static_cast<char>(rng() & 0xff);
    std::ofstream(sb.db(), std::ios::binary) << bytes;
    for (std::vector<std::string> args : {std::vector<std::string>{"catalog", "list"},
                                          {"catalog", "import", test_data("catalog_update.json").string()},
                                          {"catalog", "import", "--replace", test_data("catalog_small.json").string()},
                                          {"catalog", "export"}}) {
        auto r = sb.run(args);
        INFO(args[1] << ": " << r.err);
        CHECK(r.exit_code == 1);
        CHECK(r.out.empty());
        REQUIRE(r.err_lines().size() == 1);
        CHECK(contains(r.err_lines()[0], "file is not a database"));
        CHECK(contains(r.err_lines()[0], sb.db().filename().string()));
        CHECK(read_file(sb.db()) == bytes);
    }
    CHECK_FALSE(std::filesystem::exists(sb.db().string() + "-wal"));
}

TEST_CASE("a locked --db: clear error after the busy timeout, exit 1, no data lost", "[cli][db]") {
    Sandbox sb;
    const std::string before = sb.run({"catalog", "export"}).out;
    REQUIRE_FALSE(before.empty());

    sqlite3* other = nullptr;
    REQUIRE(sqlite3_open(sb.db().c_str(), &other) == SQLITE_OK);
    REQUIRE(sqlite3_exec(other, "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; DELETE FROM figures;", nullptr,
                         nullptr, nullptr) == SQLITE_OK);
    auto r = sb.run({"catalog", "import", test_data("catalog_update.json").string()});
    sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(other);

    INFO(r.err);
    CHECK(r.exit_code == 1);
    REQUIRE(r.err_lines().size() == 1);
    CHECK(contains(r.err_lines()[0], "rackplan: catalog import: "));
    CHECK(contains(r.err_lines()[0], "database is locked"));
    CHECK(sb.run({"catalog", "export"}).out == before);
}
