#include "cli_test_support.h"

using namespace rackplan::test;

namespace {

// The problem lines of a validate/import run: `FILE: PATH: MESSAGE`.
std::vector<std::string> problem_lines(const std::string& text, const std::string& file) {
    std::vector<std::string> out;
    std::stringstream ss(text);
    for (std::string l; std::getline(ss, l);)
        if (l.rfind(file + ": ", 0) == 0) out.push_back(l);
    return out;
}

}  // namespace

TEST_CASE("catalog export -o, then import into a fresh database: identical export", "[cli][exchange]") {
    Sandbox sb;
    REQUIRE(sb.run({"catalog", "import", test_data("catalog_update.json").string()}).exit_code == 0);
    auto out = sb / "export.json";
    auto r = sb.run({"catalog", "export", "-o", out.string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(contains(r.out, "3 chips"));
    const std::string exported = read_file(out);
    CHECK(exported == sb.run({"catalog", "export"}).out);  // stdout gives the same document
    // Written atomically: no temporary file is left beside it.
    for (const auto& e : std::filesystem::directory_iterator(sb.dir()))
        CHECK(e.path().filename().string().find(".tmp") == std::string::npos);

    auto fresh = sb / "fresh.db";
    auto imp = sb.run_raw({"--db", fresh.string(), "catalog", "import", "--replace", out.string()});
    INFO(imp.err);
    REQUIRE(imp.exit_code == 0);
    auto again = sb.run_raw({"--db", fresh.string(), "catalog", "export"});
    REQUIRE(again.exit_code == 0);
    CHECK(again.out == exported);
}

TEST_CASE("catalog import of a bad file: problems with JSON paths, exit 1, database unchanged", "[cli][exchange]") {
    Sandbox sb;
    const std::string before = sb.run({"catalog", "export"}).out;
    REQUIRE_FALSE(before.empty());
    for (std::string name : {"catalog_bad.json", "catalog_cross_bad.json", "catalog_truncated.json"}) {
        for (bool replace : {false, true}) {
            std::string file = test_data(name).string();
            std::vector<std::string> args{"catalog", "import", file};
            if (replace) args.push_back("--replace");
            auto r = sb.run(args);
            INFO(name << (replace ? " --replace" : "") << "\n" << r.err);
            CHECK(r.exit_code == 1);
            CHECK(r.out.empty());
            CHECK_FALSE(problem_lines(r.err, file).empty());
            CHECK(contains(r.err_lines().back(), "rackplan: catalog import: " + file));
            CHECK(contains(r.err_lines().back(), "nothing was imported"));
        }
    }
    auto r = sb.run({"catalog", "import", test_data("catalog_bad.json").string()});
    std::string file = test_data("catalog_bad.json").string();
    CHECK(contains(r.err, file + ": chips[0].peak.tensor.bf16.unit: unknown unit 'TFLOPS'"));
    CHECK(contains(r.err, file + ": chips[0].hbm.bandwidth: an estimate needs low and high"));
    CHECK(contains(r.err, file + ": systems[0].chip: unknown chip id 'no-such-chip'"));
    CHECK(sb.run({"catalog", "export"}).out == before);
}

TEST_CASE("catalog import merges by default and --replace swaps the catalog", "[cli][exchange]") {
    Sandbox sb;
    auto r = sb.run({"catalog", "import", test_data("catalog_update.json").string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(contains(r.out, "1 chip, 1 system"));
    CHECK(parse_csv(sb.run({"catalog", "list", "--format", "csv"}).out).size() == 4);  // header + 3 chips

    auto small = test_data("catalog_small.json").string();
    REQUIRE(sb.run({"catalog", "import", "--replace", small}).exit_code == 0);
    CHECK(parse_csv(sb.run({"catalog", "list", "--format", "csv"}).out).size() == 3);
}

TEST_CASE("catalog validate lists every problem as FILE: PATH: MESSAGE", "[cli][exchange]") {
    Sandbox sb;
    std::string bad = test_data("catalog_bad.json").string();
    auto r = sb.run({"catalog", "validate", bad});
    CHECK(r.exit_code == 1);
    auto lines = problem_lines(r.out, bad);
    CHECK(lines.size() == 6);
    CHECK(std::find(lines.begin(), lines.end(),
                    bad + ": systems[0].scale_up.dims: dims 3x3 hold 9 chips but the domain has 8") != lines.end());
    CHECK(std::find(lines.begin(), lines.end(), bad + ": chips[0].hbm.capacity.source: unknown source tag 'NO-SUCH-TAG'") !=
          lines.end());
    REQUIRE(r.err_lines().size() == 1);
    CHECK(r.err_lines()[0] == "rackplan: catalog validate: " + bad + ": 6 problems");
    CHECK_FALSE(std::filesystem::exists(sb.db()));  // validating needs no database

    auto truncated = sb.run({"catalog", "validate", test_data("catalog_truncated.json").string()});
    CHECK(truncated.exit_code == 1);
    CHECK(contains(truncated.out, "not valid JSON"));

    auto good = sb.run({"catalog", "validate", test_data("catalog_small.json").string()});
    CHECK(good.exit_code == 0);
    CHECK(contains(good.out, "valid (2 chips, 2 systems"));

    // A partial document is judged on its own, or against the database as an import would.
    std::string update = test_data("catalog_update.json").string();
    CHECK(sb.run({"catalog", "validate", update}).exit_code == 1);
    CHECK(sb.run({"catalog", "validate", "--against-db", update}).exit_code == 0);
}

TEST_CASE("catalog import/export/validate report unreadable and unwritable files", "[cli][exchange]") {
    Sandbox sb;
    auto missing = sb.run({"catalog", "import", (sb / "missing.json").string()});
    CHECK(missing.exit_code == 1);
    REQUIRE(missing.err_lines().size() == 1);
    CHECK(contains(missing.err_lines()[0], "rackplan: catalog import: cannot read"));
    CHECK(contains(missing.err_lines()[0], "No such file"));
    CHECK(sb.run({"catalog", "validate", (sb / "missing.json").string()}).exit_code == 1);

    auto nowhere = sb.run({"catalog", "export", "-o", (sb / "no" / "such" / "dir.json").string()});
    CHECK(nowhere.exit_code == 1);
    REQUIRE(nowhere.err_lines().size() == 1);
    CHECK(contains(nowhere.err_lines()[0], "rackplan: catalog export: cannot write"));

    // A failed export leaves an existing file as it was.
    auto target = sb / "keep.json";
    std::ofstream(target) << "old";
    std::filesystem::create_directory(sb / "ro");
    auto ro_target = sb / "ro" / "x.json";
    std::ofstream(ro_target) << "old";
    std::filesystem::permissions(sb / "ro", std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
    if (geteuid() != 0) {  // root ignores directory permissions
        CHECK(sb.run({"catalog", "export", "-o", ro_target.string()}).exit_code == 1);
        CHECK(read_file(ro_target) == "old");
    }
    std::filesystem::permissions(sb / "ro", std::filesystem::perms::owner_all);
    CHECK(sb.run({"catalog", "export", "-o", target.string()}).exit_code == 0);
    CHECK(read_file(target) != "old");
}
