#include <catch2/catch.hpp>

#include <random>

#include <sqlite3.h>

#include "store/catalog_store.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store_test_support.h"

using namespace rackplan;
using store::Database;
using store::Error;
using test::TempDir;

TEST_CASE("a statement binds and reads back text, reals, integers and nulls", "[store]") {
    TempDir dir;
    Database db = Database::open(dir / "a.db");
    db.exec("CREATE TABLE t (s TEXT, r REAL, i INTEGER, n REAL)");
    auto ins = db.prepare("INSERT INTO t VALUES (?1, ?2, ?3, ?4)");
    ins.bind(1, std::string_view("it's; DROP TABLE t;--")).bind(2, 2.5).bind(3, std::int64_t{1} << 40).bind_null(4).run();
    ins.bind(1, std::string_view("second")).bind(2, -1.0).bind(3, 7).bind(4, 0.125).run();

    auto q = db.prepare("SELECT s, r, i, n FROM t ORDER BY rowid");
    REQUIRE(q.step());
    CHECK(q.text(0) == "it's; DROP TABLE t;--");
    CHECK(q.real(1) == 2.5);
    CHECK(q.integer(2) == (std::int64_t{1} << 40));
    CHECK(q.is_null(3));
    CHECK_FALSE(q.optional_real(3).has_value());
    REQUIRE(q.step());
    CHECK(q.text(0) == "second");
    CHECK(q.optional_real(3) == 0.125);
    CHECK_FALSE(q.step());

    // Moving keeps the prepared statement usable; the moved-from object is inert.
    auto moved = std::move(q);
    moved.reset();
    CHECK(moved.step());
    Database other = std::move(db);
    CHECK(other.prepare("SELECT count(*) FROM t").step());
}

TEST_CASE("a bad statement throws store::Error with the file name and SQLite's message", "[store]") {
    TempDir dir;
    Database db = Database::open(dir / "a.db");
    try {
        db.prepare("SELEC 1");
        FAIL("no exception");
    } catch (const Error& e) {
        std::string what = e.what();
        CHECK(what.find("a.db") != std::string::npos);
        CHECK(what.find("syntax error") != std::string::npos);
    }
    CHECK_THROWS_AS(db.exec("INSERT INTO missing VALUES (1)"), Error);
}

TEST_CASE("connections run with foreign keys, WAL and a busy timeout", "[store]") {
    TempDir dir;
    Database db = Database::open(dir / "a.db");
    auto fk = db.prepare("PRAGMA foreign_keys");
    REQUIRE(fk.step());
    CHECK(fk.integer(0) == 1);
    auto wal = db.prepare("PRAGMA journal_mode");
    REQUIRE(wal.step());
    CHECK(wal.text(0) == "wal");
    auto busy = db.prepare("PRAGMA busy_timeout");
    REQUIRE(busy.step());
    CHECK(busy.integer(0) >= 1000);

    db.exec("CREATE TABLE p (id TEXT PRIMARY KEY); CREATE TABLE c (p TEXT REFERENCES p(id))");
    CHECK_THROWS_AS(db.exec("INSERT INTO c VALUES ('nobody')"), Error);
}

TEST_CASE("a transaction rolls back unless committed", "[store]") {
    TempDir dir;
    Database db = Database::open(dir / "a.db");
    db.exec("CREATE TABLE t (x INTEGER)");
    {
        auto tx = db.transaction();
        db.exec("INSERT INTO t VALUES (1)");
    }
    {
        auto tx = db.transaction();
        db.exec("INSERT INTO t VALUES (2)");
        tx.commit();
    }
    auto q = db.prepare("SELECT group_concat(x) FROM t");
    REQUIRE(q.step());
    CHECK(q.text(0) == "2");
}

TEST_CASE("user_version round-trips and a read-only open cannot write", "[store]") {
    TempDir dir;
    {
        Database db = Database::open(dir / "a.db");
        CHECK(db.user_version() == 0);
        db.set_user_version(7);
        CHECK(db.user_version() == 7);
    }
    Database ro = Database::open(dir / "a.db", Database::Mode::read_only);
    CHECK(ro.user_version() == 7);
    CHECK_THROWS_AS(ro.exec("CREATE TABLE t (x)"), Error);
    CHECK_THROWS_AS(Database::open(dir / "missing.db", Database::Mode::read_write), Error);
}

TEST_CASE("a database held under an exclusive lock gives a 'locked' error and loses nothing", "[store]") {
    TempDir dir;
    auto path = dir / "locked.db";
    std::string before;
    {
        Database db = store::open_database_unseeded(path);
        store::seed_if_empty(db, [] { return test::test_seed("catalog_small.json"); });
        before = io::dump_catalog(store::load_catalog(db));
    }

    // Another program takes an exclusive lock (raw SQLite, as any other writer would).
    sqlite3* other = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &other) == SQLITE_OK);
    REQUIRE(sqlite3_exec(other, "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; DELETE FROM figures;", nullptr,
                         nullptr, nullptr) == SQLITE_OK);

    try {
        Database db = store::open_catalog_db(path);
        auto issues = store::import_catalog(db, test::load_test_catalog("catalog_update.json"));
        FAIL("no exception while another connection holds the lock");
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find("locked") != std::string::npos);
        CHECK(std::string(e.what()).find("locked.db") != std::string::npos);
        CHECK(e.kind() == Error::Kind::locked);
    }
    sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(other);

    Database db = store::open_catalog_db(path);
    CHECK(io::dump_catalog(store::load_catalog(db)) == before);
    auto count = db.prepare("SELECT count(*) FROM figures");
    REQUIRE(count.step());
    CHECK(count.integer(0) > 0);
}

TEST_CASE("a file of random bytes is reported as not a database and left untouched", "[store]") {
    TempDir dir;
    auto path = dir / "corrupt.db";
    std::string bytes(8192, '\0');
    std::mt19937 rng(42);
    for (auto& b : bytes) b = static_cast<char>(rng() & 0xff);
    {
        std::ofstream out(path, std::ios::binary);
        out << bytes;
    }
    try {
        store::open_catalog_db(path);
        FAIL("opened a corrupt file");
    } catch (const Error& e) {
        CHECK(e.kind() == Error::Kind::not_a_database);
        CHECK(std::string(e.what()).find("not a database") != std::string::npos);
        CHECK(std::string(e.what()).find("corrupt.db") != std::string::npos);
    }
    CHECK(test::read_file(path) == bytes);
}

TEST_CASE("a database from a newer build is refused with a clear error", "[store]") {
    TempDir dir;
    auto path = dir / "future.db";
    {
        Database db = store::open_database_unseeded(path);
        db.set_user_version(store::kSchemaVersion + 1);
    }
    try {
        store::open_catalog_db(path);
        FAIL("opened a newer database");
    } catch (const Error& e) {
        CHECK(e.kind() == Error::Kind::newer_schema);
        CHECK(std::string(e.what()).find("newer") != std::string::npos);
    }
}

TEST_CASE("open_catalog_db creates missing parent folders and reports a path it cannot create", "[store]") {
    TempDir dir;
    auto path = dir / "a" / "b" / "c.db";
    {
        Database db = store::open_database_unseeded(path);
        CHECK(db.user_version() == store::kSchemaVersion);
    }
    CHECK(std::filesystem::exists(path));

    std::ofstream(dir / "plainfile") << "x";
    CHECK_THROWS_AS(store::open_database_unseeded(dir / "plainfile" / "x.db"), Error);
    CHECK_THROWS_AS(store::open_database_unseeded(dir.path()), Error);
}

TEST_CASE("default_db_path prefers the flag, then RACKPLAN_DB, then XDG_DATA_HOME", "[store]") {
    CHECK(store::default_db_path(std::filesystem::path("/x/flag.db")) == "/x/flag.db");
    // Environment is process-global; restore what we change.
    auto keep = [](const char* name) {
        const char* v = std::getenv(name);
        return v ? std::optional<std::string>(v) : std::nullopt;
    };
    auto restore = [](const char* name, const std::optional<std::string>& v) {
        if (v) setenv(name, v->c_str(), 1);
        else unsetenv(name);
    };
    auto db_env = keep("RACKPLAN_DB"), xdg = keep("XDG_DATA_HOME"), home = keep("HOME");
    setenv("RACKPLAN_DB", "/x/env.db", 1);
    CHECK(store::default_db_path(std::nullopt) == "/x/env.db");
    unsetenv("RACKPLAN_DB");
    setenv("XDG_DATA_HOME", "/x/data", 1);
    CHECK(store::default_db_path(std::nullopt) == "/x/data/rackplan/rackplan.db");
    setenv("XDG_DATA_HOME", "relative/ignored", 1);
    setenv("HOME", "/home/u", 1);
    CHECK(store::default_db_path(std::nullopt) == "/home/u/.local/share/rackplan/rackplan.db");
    restore("RACKPLAN_DB", db_env);
    restore("XDG_DATA_HOME", xdg);
    restore("HOME", home);
}
