// Every `gemm` row of shared/validation/public-microbench.csv, predicted UNCALIBRATED with
// the seed catalog's chip through the code `rackplan validate` runs: the emulator must stay
// within 10 % median and 25 % max error.
#include <catch2/catch.hpp>

#include <cstdio>

#include "engine/evaluate.h"
#include "io/seed.h"
#include "validation_support.h"

using namespace rackplan;

TEST_CASE("GEMM emulation matches the published GEMM microbenchmarks", "[validation][gemm]") {
    const io::CsvTable table = validation::read_table("public-microbench.csv");
    REQUIRE(table.error.empty());
    const engine::EvaluationContext ctx(io::load_seed_catalog().parse.catalog);
    const io::ValidationRun run = io::validate_microbench(ctx, validation::rows_where(table, "kernel", "gemm"));
    REQUIRE(run.file_error.empty());
    // Both metrics (tflops; time_s for C60) in one group: the GEMM emulator's error.
    std::vector<io::ValidationRow> rows = run.rows;
    for (auto& r : rows) r.metric = "gemm";
    const auto groups = io::summarize(rows);
    const std::string text = validation::run_text(run, groups);
    std::fputs(text.c_str(), stdout);
    INFO(text);
    REQUIRE(run.excluded.empty());
    REQUIRE(run.rows.size() >= 13);
    const io::ValidationGroup& all = groups.back();
    REQUIRE(all.family == "all");
    CHECK(all.median_abs <= 0.10);
    CHECK(all.max_abs <= 0.25);
}
