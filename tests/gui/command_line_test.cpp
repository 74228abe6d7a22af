#include <catch2/catch.hpp>

#include "command_line.h"
#include "number_format.h"

using namespace rackplan::gui;

namespace {
CommandLine parse(std::initializer_list<const char*> args) {
    QStringList list{QStringLiteral("rackplan-gui")};
    for (const char* a : args) list << QString::fromUtf8(a);
    return parse_command_line(list);
}
}  // namespace

TEST_CASE("rackplan-gui options", "[gui][options]") {
    SECTION("none") {
        const CommandLine c = parse({});
        CHECK(c.error.isEmpty());
        CHECK_FALSE(c.options.db);
        CHECK_FALSE(c.options.screenshot);
    }
    SECTION("--db and --screenshot, both spellings") {
        const CommandLine c = parse({"--db", "/tmp/a b.db", "--screenshot=/tmp/s.png"});
        REQUIRE(c.error.isEmpty());
        CHECK(c.options.db == std::filesystem::path("/tmp/a b.db"));
        CHECK(c.options.screenshot == QStringLiteral("/tmp/s.png"));
    }
    SECTION("--scenario") {
        const CommandLine c = parse({"--scenario", "my <b>plan</b>", "--screenshot", "/tmp/s.png"});
        REQUIRE(c.error.isEmpty());
        CHECK(c.options.scenario == QStringLiteral("my <b>plan</b>"));
        CHECK(parse({"--scenario= "}).error.contains(QStringLiteral("scenario")));
        CHECK_FALSE(parse({}).options.scenario);
    }
    SECTION("--page") {
        for (const char* page : {"compare", "plan", "catalog", "validation"}) {
            const CommandLine c = parse({"--page", page});
            REQUIRE(c.error.isEmpty());
            CHECK(c.options.page == QString::fromUtf8(page));
        }
        CHECK(parse({"--page", "charts"}).error == QStringLiteral("--page must be compare, plan, catalog or validation"));
    }
    SECTION("help and version") {
        CHECK(parse({"--help"}).options.help);
        CHECK(parse({"-h"}).options.help);
        CHECK(parse({"--version"}).options.version);
    }
    SECTION("mistakes") {
        CHECK(parse({"--db"}).error.contains(QStringLiteral("db")));
        CHECK_FALSE(parse({"--nope"}).error.isEmpty());
        CHECK(parse({"extra"}).error.contains(QStringLiteral("extra")));
        CHECK_FALSE(parse({"--db="}).error.isEmpty());
    }
}

TEST_CASE("numbers on screen", "[gui][format]") {
    CHECK(format_fixed(989.0, 0) == QStringLiteral("989"));
    CHECK(format_fixed(3.35, 2) == QStringLiteral("3.35"));
    CHECK(format_fixed(2.9, 2) == QStringLiteral("2.9"));
    CHECK(format_fixed(8.0, 2) == QStringLiteral("8"));
    CHECK(format_fixed(98.3, 2, true) == QStringLiteral("98.30"));
    CHECK(format_fixed(1979000.0, 0) == QStringLiteral("1979000"));  // no group separators
    CHECK(format_written(0.88) == QStringLiteral("0.88"));
    CHECK(format_written(1979) == QStringLiteral("1979"));
    CHECK(format_written(250000) == QStringLiteral("250000"));
}
