#include <catch2/catch.hpp>

#include "compare/comparison_input.h"
#include "compare/comparison_run.h"
#include "compare/scaling.h"
#include "gui_test_support.h"

using namespace rackplan;
using namespace rackplan::gui;
using namespace rackplan::gui::test;

TEST_CASE("comparison input survives JSON unchanged", "[gui][input]") {
    ComparisonInput in = small_comparison({"dgx-h100", "trn2.48xlarge", "gb200-nvl72"});
    in.train_tokens = 1.5e12;
    in.utilization = 0.85;
    in.dtype = hw::Dtype::fp8;
    SECTION("a catalog model, searched") {
        const InputParse back = input_from_json(to_json(in));
        REQUIRE(back.input);
        CHECK(to_json(*back.input) == to_json(in));
        CHECK(back.input->model == "llama3-8b");
        CHECK(back.input->candidates.size() == 3);
        CHECK(*back.input->train_tokens == 1.5e12);
    }
    SECTION("a custom MoE architecture with kept layouts") {
        in.model.clear();
        in.custom = custom_from(seed_catalog(), "mixtral-8x7b");
        in.custom.name = "my \"MoE\"\n<b>";
        in.layouts = LayoutPolicy::keep;
        parallel::Layout l;
        l.tp = 4;
        l.pp = 2;
        l.ep = 2;
        l.vpp = 3;
        l.zero = 1;
        l.sp = true;
        l.recompute = parallel::Recompute::selective;
        l.micro_batch = 2;
        in.candidates[1].layout = l;
        const InputParse back = input_from_json(to_json(in));
        REQUIRE(back.input);
        CHECK(to_json(*back.input) == to_json(in));
        CHECK(back.input->custom.name == in.custom.name);
        CHECK(back.input->custom.experts == 8);
        REQUIRE(back.input->candidates[1].layout);
        CHECK(back.input->candidates[1].layout->vpp == 3);
        CHECK(back.input->candidates[1].layout->recompute == parallel::Recompute::selective);
        CHECK_FALSE(back.input->candidates[0].layout);
        // Under search the kept layouts are not part of the input.
        in.layouts = LayoutPolicy::search;
        CHECK(to_json(in).find("\"layout\"") == std::string::npos);
    }
}

TEST_CASE("bad comparison JSON names the field", "[gui][input]") {
    CHECK(input_from_json("{").error == "not valid JSON");
    CHECK(input_from_json(R"({"format":"x"})").error.rfind("format", 0) == 0);
    const std::string base = R"({"format":"rackplan-comparison","version":1,"workload":{"model":"m","seq_len":8,"global_batch":2,"dtype":"bf16"},)";
    CHECK(input_from_json(base + R"("candidates":[{"system":"s","chips":0}]})").error ==
          "candidates[0].chips: must be at least 1");
    CHECK(input_from_json(base + R"("candidates":[{"system":"s","chips":"8"}]})").error ==
          "candidates[0].chips: must be a whole number");
    CHECK(input_from_json(base + R"("candidates":{}})").error == "candidates: must be a list");
    CHECK(input_from_json(base + R"("layouts":"maybe","candidates":[]})").error == "layouts: must be search or keep");
    CHECK(input_from_json(R"({"format":"rackplan-comparison","version":1,"workload":{"seq_len":8,"global_batch":2,"dtype":"bf16"},"candidates":[]})")
              .error == "workload: needs a model or an architecture");
    // What `rackplan compare --save` stores is refused with where to look instead.
    CHECK(input_from_json(R"({"command":"compare","flags":[["--model","llama3-8b"]]})").error.find("rackplan compare") !=
          std::string::npos);
    const InputParse ok = input_from_json(base + R"("candidates":[]})");
    REQUIRE(ok.input);
    CHECK(ok.input->candidates.empty());
}

TEST_CASE("a candidate becomes the batch row core would read", "[gui][input]") {
    const hw::Catalog& catalog = seed_catalog();
    ComparisonInput in = small_comparison();
    io::ScenarioParse p = scenario_for(in, in.candidates[0], catalog);
    REQUIRE(p.scenario);
    CHECK(p.scenario->system == "dgx-h100");
    CHECK(p.scenario->chips == 64);
    CHECK(p.scenario->model.id == "llama3-8b");
    CHECK(p.scenario->train.seq_len == 8192);
    CHECK_FALSE(p.scenario->layout.tp);  // searched

    in.layouts = LayoutPolicy::keep;
    parallel::Layout l;
    l.tp = 2;
    l.dp = 99;  // ignored: data parallelism follows the chip count
    in.candidates[0].layout = l;
    p = scenario_for(in, in.candidates[0], catalog);
    REQUIRE(p.scenario);
    CHECK(p.scenario->layout.tp == 2);
    CHECK_FALSE(p.scenario->layout.dp);

    in.candidates[0].system = "no-such-system";
    p = scenario_for(in, in.candidates[0], catalog);
    REQUIRE(p.issues.size() == 1);
    CHECK(p.issues[0].path == "system");
    CHECK(workload_issues(in, catalog).empty());  // the workload itself is fine

    in.seq_len = 0;
    const Issues issues = workload_issues(in, catalog);
    REQUIRE(issues.size() == 1);
    CHECK(issues[0].path == "seq_len");
}

TEST_CASE("run_comparison ranks feasible systems fastest first and reports the others", "[gui][input]") {
    const engine::EvaluationContext ctx(seed_catalog());
    ComparisonInput in = small_comparison({"trn2.48xlarge", "no-such-system", "dgx-h100"});
    const ComparisonResult r = run_comparison(ctx, in);
    REQUIRE(r.rows.size() == 3);
    REQUIRE(r.ranking.size() == 3);
    CHECK(r.rows[r.ranking[0]].ok());
    CHECK(r.rows[r.ranking[1]].ok());
    CHECK(r.rows[r.ranking[0]].result.best->breakdown.step <= r.rows[r.ranking[1]].result.best->breakdown.step);
    CHECK(r.ranking[2] == 1);
    CHECK(r.rows[1].result.status == engine::Status::error);
    CHECK(r.rows[1].result.message.find("column system") == 0);
    CHECK_FALSE(r.rows[0].result.best->block_ops.empty());
    CHECK(r.rows[0].peak.value() > 0);
    CHECK_FALSE(r.rows[0].curves.gemm_efficiency.empty());
    CHECK(r.rows[0].curves.all_reduce.back().ranks == 64);
    // Efficiency rises with size and stays below the peak.
    const auto& g = r.rows[2].curves.gemm_efficiency;
    CHECK(g.front().y < g.back().y);
    for (const CurvePoint& p : g) CHECK(p.y <= 1.0);

    const std::string summary = history_summary(result_json(r));
    CHECK(summary.find(" fastest, ") != std::string::npos);
    CHECK(summary.find("(2 of 3 feasible)") != std::string::npos);

    std::atomic<bool> cancel{true};
    RunOptions o;
    o.cancel = &cancel;
    CHECK(run_comparison(ctx, in, o).cancelled);
}

TEST_CASE("scaling counts are whole nodes around the candidate's count", "[gui][input]") {
    CHECK(scaling_counts(64, 8) == std::vector<int>{8, 16, 32, 64, 128, 256, 512});
    CHECK(scaling_counts(64, 16) == std::vector<int>{16, 32, 64, 128, 256, 512});
    CHECK(scaling_counts(72, 4) == std::vector<int>{36, 72, 144, 288, 576});  // 9 and 18 are not whole nodes
}
