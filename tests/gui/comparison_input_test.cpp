#include <catch2/catch.hpp>

#include <algorithm>

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
          "candidates[0].chips: must be at least 1, got 0");
    CHECK(input_from_json(base + R"("candidates":[{"system":"s","chips":"8"}]})").error ==
          "candidates[0].chips: must be a whole number");
    CHECK(input_from_json(base + R"("candidates":{}})").error == "candidates: must be a list");
    CHECK(input_from_json(base + R"("layouts":"maybe","candidates":[]})").error == "layouts: must be search or keep");
    CHECK(input_from_json(R"({"format":"rackplan-comparison","version":1,"workload":{"seq_len":8,"global_batch":2,"dtype":"bf16"},"candidates":[]})")
              .error == "workload: needs a model or an architecture");
    // The CLI's first stored form is read too; without systems it says so.
    CHECK(input_from_json(R"({"command":"compare","flags":[["--model","llama3-8b"]]})").error == "flags: no --systems");
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
    CHECK(r.rows[r.ranking[0]].best()->breakdown.step <= r.rows[r.ranking[1]].best()->breakdown.step);
    CHECK(r.ranking[2] == 1);
    CHECK(r.rows[1].status() == engine::Status::error);
    CHECK(r.rows[1].message().find("column system") == 0);
    CHECK_FALSE(r.rows[0].best()->block_ops.empty());
    CHECK(r.rows[0].peak.value() > 0);
    CHECK_FALSE(r.rows[0].curves.gemm_efficiency.empty());
    CHECK(r.rows[0].curves.all_reduce.back().ranks == 64);
    // Efficiency rises with size and stays below the peak.
    const auto& g = r.rows[2].curves.gemm_efficiency;
    CHECK(g.front().y < g.back().y);
    for (const CurvePoint& p : g) CHECK(p.y <= 1.0);

    const std::string summary = history_summary(result_json(r));
    CHECK(summary.find(" fastest, ") != std::string::npos);
    CHECK(summary.find("(2 of 3 with a layout)") != std::string::npos);

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

TEST_CASE("the request form carries pricing, cost what-ifs and extra cells both ways", "[gui][input][request]") {
    ComparisonInput in = small_comparison({"dgx-h100", "trn2.48xlarge"});
    in.candidates[1].pricing = engine::Pricing::on_demand;
    in.train_tokens = 1e12;
    in.usd_per_kwh = 0.12;
    in.pue = 1.2;
    in.years = 5;
    in.extra_cells = {{"fine_tune", "full"}};
    const io::RunRequest r = to_request(in);
    CHECK(r.kind == "compare");
    CHECK(*r.cell("usd_per_kwh") == "0.12");
    CHECK(*r.cell("fine_tune") == "full");
    REQUIRE(r.systems.size() == 2);
    CHECK(r.systems[1].pricing == engine::Pricing::on_demand);
    const InputParse back = input_from_json(to_json(in));
    REQUIRE(back.input);
    CHECK(back.kind == "compare");
    CHECK(to_json(*back.input) == to_json(in));
    CHECK(back.input->candidates[1].pricing == engine::Pricing::on_demand);
    CHECK(*back.input->pue == 1.2);
    // The cells reach the batch reader: the scenario carries the cost inputs and the pricing.
    const io::ScenarioParse p = scenario_for(*back.input, back.input->candidates[1], seed_catalog());
    REQUIRE(p.scenario);
    CHECK(p.scenario->cost.pricing == engine::Pricing::on_demand);
    CHECK(*p.scenario->cost.usd_per_kwh == 0.12);
    CHECK(*p.scenario->cost.years == 5);

    // A plan keeps its demand; chips left to the search are not written.
    ComparisonInput plan = in;
    plan.demand_days = 45;
    for (Candidate& c : plan.candidates) c.chips = 0;
    const InputParse plan_back = input_from_json(to_json(plan, kPlanKind));
    REQUIRE(plan_back.input);
    CHECK(plan_back.kind == "plan");
    CHECK(*plan_back.input->demand_days == 45);
    CHECK(plan_back.input->candidates[0].chips == 0);
}

TEST_CASE("a request the desktop application cannot show names the path", "[gui][input][request]") {
    auto error = [](const char* text) { return input_from_json(text).error; };
    CHECK(error(R"({"kind":"compare","workload":{"mode":"serve","model":"llama3-8b"},"systems":[{"system":"a","chips":8}]})") ==
          "workload.mode: must be train or infer, got 'serve'");
    // Serving needs its lengths as training needs its batch.
    CHECK(error(R"({"kind":"compare","workload":{"mode":"infer","model":"llama3-8b"},"systems":[{"system":"a","chips":8}]})") ==
          "workload.input_len: missing");
    CHECK(error(R"({"kind":"compare","workload":{"mode":"infer","model":"m","input_len":"8","output_len":"-1"},
                    "systems":[{"system":"a","chips":8}]})") ==
          "workload.output_len: must be a whole number of at least 0, got '-1'");
    CHECK(error(R"({"kind":"compare","workload":{"mode":"infer","model":"m","input_len":"8","output_len":"8"},
                    "systems":[{"system":"a","chips":8,"layout":{"tp":"2","pp":"1"}}]})") ==
          "systems[0].layout.ep: missing");
    CHECK(error(R"({"kind":"compare","workload":{"model":"m","seq_len":"x","global_batch":"2"},"systems":[{"system":"a","chips":8}]})") ==
          "workload.seq_len: must be a whole number of at least 1, got 'x'");
    CHECK(error(R"({"kind":"compare","workload":{"model":"m","seq_len":"8","global_batch":"2"},"systems":[{"system":"a"}]})") ==
          "systems[0].chips: missing (give it here or as workload.chips)");
    CHECK(error(R"({"kind":"compare","workload":{"model":"m","seq_len":"8","global_batch":"2"},"systems":[{"system":"a","chips":"8"}]})") ==
          "systems[0].chips: must be a whole number");
    CHECK(error(R"({"kind":"compare","workload":{"model":"m","seq_len":"8","global_batch":"2"},
                    "systems":[{"system":"a","chips":8,"layout":{"tp":"2"}}]})")
              .rfind("systems[0].layout.pp: missing", 0) == 0);
    // The CLI's form with chips in the workload and pricing per system.
    const InputParse cli = input_from_json(
        R"({"command":"compare","flags":[["--mode","train"],["--model","llama3-8b"],["--seq-len","4096"],["--global-batch","64"],
            ["--chips","32"],["--pricing","on_demand"],["--systems","p5.48xlarge,dgx-h100@own"]]})");
    REQUIRE(cli.input);
    CHECK(cli.input->seq_len == 4096);
    CHECK(cli.input->candidates[0].chips == 32);
    CHECK(cli.input->candidates[0].pricing == engine::Pricing::on_demand);
    CHECK(cli.input->candidates[1].pricing == engine::Pricing::own);
}

TEST_CASE("a serving request saved by the CLI opens, runs and saves back in the CLI's form", "[gui][input][request][serving]") {
    const hw::Catalog& catalog = seed_catalog();
    // What `rackplan compare --mode infer --model llama3-70b ... --chips 16 --pricing on_demand
    // --systems dgx-h100,trn2.48xlarge:32 --save s` stores.
    const char* cli = R"({"kind":"compare",
        "workload":{"mode":"infer","model":"llama3-70b","input_len":"1024","output_len":"128","ttft_slo_ms":"2000",
                    "tpot_slo_ms":"40","weight_dtype":"fp8","kv_dtype":"fp8","chips":"16","pricing":"on_demand",
                    "seq_len":"4096"},
        "systems":[{"system":"dgx-h100"},{"system":"trn2.48xlarge","chips":32}],
        "options":{"top":3,"layouts":"search"}})";
    const InputParse parse = input_from_json(cli);
    REQUIRE(parse.input);
    const ComparisonInput& in = *parse.input;
    CHECK(in.mode == engine::Mode::infer);
    CHECK(in.model == "llama3-70b");
    CHECK(in.input_len == 1024);
    CHECK(in.output_len == 128);
    CHECK(*in.ttft_slo_ms == 2000);
    CHECK(*in.tpot_slo_ms == 40);
    CHECK(in.weight_dtype == "fp8");
    CHECK(in.kv_dtype == "fp8");
    CHECK_FALSE(in.batch);
    REQUIRE(in.candidates.size() == 2);
    CHECK(in.candidates[0].chips == 16);
    CHECK(in.candidates[1].chips == 32);
    CHECK(in.candidates[0].pricing == engine::Pricing::on_demand);
    // A training column of a serving request is kept as it was, and fills the training field.
    CHECK(in.seq_len == 4096);
    CHECK(in.extra_cells == std::vector<std::pair<std::string, std::string>>{{"seq_len", "4096"}});

    // Each candidate's scenario is the one the CLI reads from the same cells.
    const io::RequestParse request = io::parse_request(nlohmann::json::parse(cli));
    REQUIRE(request.request);
    for (size_t i = 0; i < 2; ++i) {
        const io::ScenarioParse gui = scenario_for(in, in.candidates[i], catalog);
        REQUIRE(gui.scenario);
        std::vector<std::string> header{"id"};
        io::CsvRow row{"cli"};
        for (auto& [k, v] : io::system_cells(*request.request, request.request->systems[i])) {
            header.push_back(k);
            row.push_back(v);
        }
        const io::ScenarioParse core = io::parse_scenario(io::RowView(header, row, 0), catalog);
        REQUIRE(core.scenario);
        const engine::Scenario& a = *gui.scenario;
        const engine::Scenario& b = *core.scenario;
        CHECK(a.mode == engine::Mode::infer);
        CHECK(a.mode == b.mode);
        CHECK(a.system == b.system);
        CHECK(a.chips == b.chips);
        CHECK(a.infer.input_len == b.infer.input_len);
        CHECK(a.infer.output_len == b.infer.output_len);
        CHECK(a.infer.weight_dtype == b.infer.weight_dtype);
        CHECK(a.infer.kv_dtype == b.infer.kv_dtype);
        CHECK(a.infer.ttft_slo->value() == b.infer.ttft_slo->value());
        CHECK(a.infer.tpot_slo->value() == b.infer.tpot_slo->value());
        CHECK(a.cost.pricing == b.cost.pricing);
    }

    // Saved back: the CLI's cells, chips per system; read again, the same input.
    const io::RunRequest back = to_request(in);
    CHECK(*back.cell("mode") == "infer");
    CHECK(*back.cell("input_len") == "1024");
    CHECK(*back.cell("tpot_slo_ms") == "40");  // as typed, not "4e+01"
    CHECK(io::number_text(1e12) == "1e+12");
    CHECK(io::number_text(0.35) == "0.35");
    CHECK(*back.cell("kv_dtype") == "fp8");
    CHECK(*back.cell("seq_len") == "4096");
    CHECK_FALSE(back.cell("global_batch"));
    CHECK_FALSE(back.cell("dtype"));
    CHECK(back.systems[1].chips == 32);
    const InputParse again = input_from_json(to_json(in));
    REQUIRE(again.input);
    CHECK(to_json(*again.input) == to_json(in));

    // The command-and-flags form of older CLI saves reads the same way.
    const InputParse flags = input_from_json(
        R"({"command":"compare","flags":[["--mode","infer"],["--model","llama3-70b"],["--input-len","1024"],
            ["--output-len","128"],["--ttft-slo-ms","2000"],["--tpot-slo-ms","40"],["--weight-dtype","fp8"],
            ["--kv-dtype","fp8"],["--chips","16"],["--pricing","on_demand"],["--seq-len","4096"],
            ["--systems","dgx-h100,trn2.48xlarge:32"]]})");
    REQUIRE(flags.input);
    CHECK(to_json(*flags.input) == to_json(in));

    // A serving plan keeps requests per second (and no days); a kept replica layout is tp, pp, ep.
    ComparisonInput plan = in;
    plan.requests_per_s = 12.5;
    plan.demand_days = 30;  // a training demand left over: not the serving plan's
    for (Candidate& c : plan.candidates) c.chips = 0;
    const io::RunRequest plan_request = to_request(plan, kPlanKind);
    CHECK(*plan_request.requests_per_s == 12.5);
    CHECK_FALSE(plan_request.demand_days);
    const InputParse plan_back = input_from_json(to_json(plan, kPlanKind));
    REQUIRE(plan_back.input);
    CHECK(plan_back.kind == "plan");
    CHECK(*plan_back.input->requests_per_s == 12.5);
    ComparisonInput kept = in;
    kept.layouts = LayoutPolicy::keep;
    parallel::Layout l;
    l.tp = 4;
    l.pp = 2;
    l.ep = 1;
    kept.candidates[0].layout = l;
    const io::RunRequest kept_request = to_request(kept);
    CHECK(kept_request.systems[0].layout ==
          std::vector<std::pair<std::string, std::string>>{{"tp", "4"}, {"pp", "2"}, {"ep", "1"}});
    const InputParse kept_back = input_from_json(to_json(kept));
    REQUIRE(kept_back.input);
    REQUIRE(kept_back.input->candidates[0].layout);
    CHECK(kept_back.input->candidates[0].layout->tp == 4);
    CHECK(kept_back.input->candidates[0].layout->pp == 2);
    CHECK(to_json(*kept_back.input) == to_json(kept));
    const io::ScenarioParse fixed = scenario_for(kept, kept.candidates[0], catalog);
    REQUIRE(fixed.scenario);
    CHECK(*fixed.scenario->layout.tp == 4);
    CHECK(*fixed.scenario->layout.pp == 2);

    // Switching the editor back to training: its field wins over the kept cell.
    ComparisonInput train = in;
    train.mode = engine::Mode::train;
    train.seq_len = 2048;
    const io::RunRequest train_request = to_request(train);
    CHECK(*train_request.cell("seq_len") == "2048");
    CHECK(*train_request.cell("mode") == "train");
    CHECK_FALSE(train_request.cell("input_len"));
}

TEST_CASE("serving workload issues name the batch column", "[gui][input][serving]") {
    ComparisonInput in;
    in.mode = engine::Mode::infer;
    in.model = "llama3-8b";
    in.candidates = {{"dgx-h100", 8, std::nullopt}};
    CHECK(workload_issues(in, seed_catalog()).empty());
    in.output_len = 0;
    in.kv_dtype = "fp7";
    const Issues issues = workload_issues(in, seed_catalog());
    auto names = [&](const char* path) {
        return std::any_of(issues.begin(), issues.end(), [&](const Issue& i) { return i.path == path; });
    };
    CHECK(names("output_len"));
    CHECK(names("kv_dtype"));
    CHECK(issues.size() == 2);
    CHECK(compute_dtype(in) == hw::Dtype::bf16);
    in.weight_dtype = "fp8";
    CHECK(compute_dtype(in) == hw::Dtype::fp8);
}
