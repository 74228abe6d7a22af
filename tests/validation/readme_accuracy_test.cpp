// The README's accuracy table is the one `rackplan validate` prints today: every (family,
// metric) group of the published cases and microbenchmarks must appear there with the same
// row count, median, max and worst row, so the table cannot drift from the model.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "engine/evaluate.h"
#include "io/seed.h"
#include "validation_support.h"

using namespace rackplan;

TEST_CASE("the README's accuracy table matches rackplan validate", "[validation][readme]") {
    const engine::EvaluationContext ctx(io::load_seed_catalog().parse.catalog);
    std::vector<io::ValidationRow> rows;
    for (const char* file : {"public-cases.csv", "public-microbench.csv"}) {
        const io::CsvTable t = validation::read_table(file);
        REQUIRE(t.error.empty());
        const io::ValidationKindGuess kind = io::validation_kind(t.header);
        REQUIRE(kind.kind);
        const io::ValidationRun run = *kind.kind == io::ValidationKind::cases ? io::validate_cases(ctx, t, 2)
                                                                              : io::validate_microbench(ctx, t);
        rows.insert(rows.end(), run.rows.begin(), run.rows.end());
    }
    std::ifstream in(RACKPLAN_README);
    REQUIRE(in.good());
    std::stringstream readme;
    readme << in.rdbuf();
    int groups = 0;
    for (const io::ValidationGroup& g : io::summarize(rows)) {
        if (g.family == "all") continue;
        ++groups;
        char line[200];
        std::snprintf(line, sizeof line, "| %s | %s | %d | %.1f %% | %.1f %% (%s) |", g.family.c_str(), g.metric.c_str(),
                      g.rows, 100.0 * g.median_abs, 100.0 * g.max_abs, g.worst.c_str());
        INFO("README.md should hold the line starting: " << line);
        CHECK(readme.str().find(line) != std::string::npos);
    }
    CHECK(groups == 10);
}
