#include "cli_test_support.h"

#include "io/seed.h"

using namespace rackplan::test;

TEST_CASE("version: rackplan --version prints the program and version", "[cli]") {
    Sandbox sb;
    auto r = sb.run_raw({"--version"});
    CHECK(r.exit_code == 0);
    CHECK(r.out == "rackplan " + rackplan::io::version_string() + "\n");
    CHECK(r.err.empty());
    // Every command accepts it too.
    CHECK(sb.run_raw({"catalog", "list", "--version"}).out == r.out);
}

TEST_CASE("help: --help on every command, and 'rackplan help COMMAND'", "[cli]") {
    Sandbox sb;
    auto top = sb.run_raw({"--help"});
    CHECK(top.exit_code == 0);
    CHECK(contains(top.out, "catalog"));
    CHECK(contains(top.out, "--db"));
    for (std::string sub : {"list", "show", "import", "export", "validate"}) {
        auto r = sb.run_raw({"catalog", sub, "--help"});
        INFO(sub);
        CHECK(r.exit_code == 0);
        CHECK(contains(r.out, "Usage: rackplan catalog " + sub));
        auto h = sb.run_raw({"help", "catalog", sub});
        CHECK(h.exit_code == 0);
        CHECK(h.out == r.out);
    }
    CHECK(contains(sb.run_raw({"catalog", "--help"}).out, "validate"));
    CHECK(sb.run_raw({"help"}).out == top.out);
    CHECK(sb.run_raw({"help", "catalog"}).out == sb.run_raw({"catalog", "--help"}).out);
    // --help needs no database.
    CHECK_FALSE(std::filesystem::exists(sb.db()));
}

TEST_CASE("usage errors: one stderr line, exit 2", "[cli]") {
    Sandbox sb;
    struct Case {
        std::vector<std::string> args;
        std::string expected;
    };
    std::vector<Case> cases{
        {{"frobnicate"}, "rackplan: unknown command 'frobnicate' (try: rackplan --help)"},
        {{}, "rackplan: missing command (try: rackplan --help)"},
        {{"catalog"}, "rackplan: catalog: missing command (try: rackplan catalog --help)"},
        {{"catalog", "frob"}, "rackplan: catalog: unknown command 'frob' (try: rackplan catalog --help)"},
        {{"catalog", "list", "--bogus"},
         "rackplan: catalog list: unknown option '--bogus' (try: rackplan catalog list --help)"},
        {{"catalog", "list", "chips", "extra"},
         "rackplan: catalog list: unexpected argument 'extra' (try: rackplan catalog list --help)"},
        {{"help", "nope"}, "rackplan: help: unknown command 'nope' (try: rackplan --help)"},
    };
    for (const auto& c : cases) {
        auto r = sb.run(c.args);
        INFO(r.err);
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        REQUIRE(r.err_lines().size() == 1);
        CHECK(r.err_lines()[0] == c.expected);
    }
    for (std::vector<std::string> args : {std::vector<std::string>{"catalog", "list", "gpus"},
                                          {"catalog", "list", "--format", "xml"},
                                          {"catalog", "show"},
                                          {"catalog", "import"}}) {
        auto r = sb.run(args);
        INFO(r.err);
        CHECK(r.exit_code == 2);
        REQUIRE(r.err_lines().size() == 1);
        CHECK(r.err_lines()[0].rfind("rackplan: catalog " + args[1] + ": ", 0) == 0);
    }
}
