// Predicted all-reduce busbw against the published nccl-tests measurements in
// shared/validation/public-microbench.csv, with the seed catalog as shipped (uncalibrated),
// through the code `rackplan validate` runs.
#include <catch2/catch.hpp>

#include <cstdio>

#include "engine/evaluate.h"
#include "io/seed.h"
#include "validation_support.h"

using namespace rackplan;

TEST_CASE("all-reduce busbw predictions match published nccl-tests measurements", "[validation][collective]") {
    const io::CsvTable table = validation::read_table("public-microbench.csv");
    REQUIRE(table.error.empty());
    const io::SeedLoad seed = io::load_seed_catalog();
    REQUIRE(seed.parse.issues.empty());
    const engine::EvaluationContext ctx(seed.parse.catalog);
    const io::ValidationRun run = io::validate_microbench(ctx, validation::rows_where(table, "kernel", "allreduce"));
    REQUIRE(run.file_error.empty());
    const auto groups = io::summarize(run.rows);
    const std::string text = validation::run_text(run, groups);
    std::fputs(text.c_str(), stdout);
    INFO(text);
    // C66b and C66c give a plateau without a buffer size: listed apart, never counted.
    REQUIRE(run.excluded.size() == 2);
    for (const auto& e : run.excluded) CHECK(e.reason.rfind("bytes:", 0) == 0);
    REQUIRE(run.rows.size() >= 11);  // C63a-j and C66a
    const io::ValidationGroup& all = groups.back();
    REQUIRE(all.metric == "busbw_gbps");
    CHECK(all.median_abs <= 0.15);
    CHECK(all.max_abs <= 0.35);
}
