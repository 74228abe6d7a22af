// Training accuracy against the published runs in shared/validation/public-cases.csv, at the
// layouts the sources give (empty layout columns are searched, as the contract says), through
// the code `rackplan validate` runs: rel_error = predicted / measured − 1 on x_metric.
#include <catch2/catch.hpp>

#include <cstdio>

#include "engine/evaluate.h"
#include "io/seed.h"
#include "validation_support.h"

using namespace rackplan;

TEST_CASE("training step time matches published runs", "[validation][training]") {
    const validation::PublishedRun published = validation::run_published_cases("train");
    const io::ValidationRun& run = published.run;
    const auto& groups = published.groups;
    INFO(published.text);
    REQUIRE(run.excluded.empty());
    REQUIRE(run.rows.size() == 17);
    // Pinned at the figures reached (validation_support.h); the issue bar is 10 % / 25 %.
    for (const auto& g : groups) {
        INFO("family " << g.family << " " << g.metric);
        REQUIRE(g.metric == "step_time_s");
        const validation::Bar pin = g.family == "all" ? validation::kTrainOverallPin : validation::train_pin(g.family);
        CHECK(g.median_abs <= pin.median);
        CHECK(g.max_abs <= pin.max);
    }
}
