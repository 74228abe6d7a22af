#include <catch2/catch.hpp>

#include "io/run_request.h"

using namespace rackplan;
using nlohmann::json;

namespace {

std::string first_issue(const io::RequestParse& p) {
    return p.issues.empty() ? std::string() : p.issues.front().path + ": " + p.issues.front().message;
}

bool has_issue(const io::RequestParse& p, const std::string& text) {
    for (const Issue& i : p.issues)
        if (i.path + ": " + i.message == text) return true;
    return false;
}

}  // namespace

TEST_CASE("a run request survives JSON unchanged, in canonical form", "[io][request]") {
    io::RunRequest r;
    r.kind = "plan";
    r.set_cell("train_tokens", "1e12");
    r.set_cell("model", "llama3-70b");
    r.set_cell("mode", "train");
    r.set_cell("seq_len", "8192");
    r.systems = {{"dgx-h100", 64, engine::Pricing::own, {}},
                 {"trn2.48xlarge", std::nullopt, engine::Pricing::on_demand, {{"tp", "4"}, {"pp", "1"}}}};
    r.demand_days = 30;
    r.top = 2;
    r.keep_layouts = true;
    // Cells keep the batch contract's column order whatever order they were set in.
    REQUIRE(r.workload.size() == 4);
    CHECK(r.workload[0].first == "mode");
    CHECK(r.workload[1].first == "model");
    CHECK(r.workload[3].first == "train_tokens");

    const json j = io::to_json(r);
    const io::RequestParse back = io::parse_request(json::parse(j.dump()));
    REQUIRE(back.request);
    CHECK(*back.request == r);
    CHECK(io::to_json(*back.request).dump() == j.dump());
    // Removing a cell with an empty value.
    r.set_cell("seq_len", "");
    CHECK(r.cell("seq_len") == nullptr);
}

TEST_CASE("a bad run request names every problem by its JSON path", "[io][request]") {
    const json base = json::parse(R"({"kind":"compare","workload":{"mode":"train","model":"llama3-8b"},
                                     "systems":[{"system":"dgx-h100","chips":64},{"system":"p5.48xlarge","chips":64}]})");
    REQUIRE(io::parse_request(base).request);

    json j = base;
    j["systems"][1]["chips"] = "64";
    CHECK(first_issue(io::parse_request(j)) == "systems[1].chips: must be a whole number");
    j["systems"][1]["chips"] = 0;
    CHECK(first_issue(io::parse_request(j)) == "systems[1].chips: must be at least 1, got 0");
    j = base;
    j["systems"][0]["pricing"] = "lease";
    CHECK(first_issue(io::parse_request(j)).rfind("systems[0].pricing: unknown pricing 'lease'", 0) == 0);
    j = base;
    j["systems"][0]["layout"] = {{"tp", 2}, {"dp", 4}};
    CHECK(first_issue(io::parse_request(j)).rfind("systems[0].layout.dp: not a layout column", 0) == 0);
    j = base;
    j["workload"]["sequence"] = "8192";
    CHECK(first_issue(io::parse_request(j)) == "workload.sequence: unknown column (see the batch CSV columns)");
    j = base;
    j["workload"]["system"] = "dgx-h100";
    CHECK(first_issue(io::parse_request(j)) == "workload.system: give systems in \"systems\"");
    j = base;
    j["workload"]["seq_len"] = json::array();
    CHECK(first_issue(io::parse_request(j)) == "workload.seq_len: must be text or a number");
    j = base;
    j["kind"] = "batch";
    CHECK(first_issue(io::parse_request(j)) == "kind: must be \"compare\" or \"plan\", got \"batch\"");
    j = base;
    j["kind"] = "plan";
    CHECK(first_issue(io::parse_request(j)).rfind("demand: a plan needs", 0) == 0);
    j["demand"] = {{"days", -3}};
    CHECK(first_issue(io::parse_request(j)) == "demand.days: must be a number above 0");
    j = base;
    j["options"] = {{"top", 0}, {"layouts", "sometimes"}};
    const io::RequestParse p = io::parse_request(j);
    CHECK(has_issue(p, "options.top: must be at least 1, got 0"));
    CHECK(has_issue(p, "options.layouts: must be \"search\" or \"keep\""));
    j = base;
    j["systems"] = json::array();
    CHECK(first_issue(io::parse_request(j)) == "systems: give at least one system");
    CHECK(first_issue(io::parse_request(json::array())) == "$: a request must be a JSON object");
    // Numbers written by hand read as the text a CSV cell would hold.
    j = base;
    j["workload"]["seq_len"] = 8192;
    j["workload"]["train_tokens"] = 1e12;
    const io::RequestParse numbers = io::parse_request(j);
    REQUIRE(numbers.request);
    CHECK(*numbers.request->cell("seq_len") == "8192");
    CHECK(*numbers.request->cell("train_tokens") == "1e+12");
}

TEST_CASE("the CLI's stored command and flags read as a request", "[io][request]") {
    const json old = json::parse(R"({"command":"plan","flags":[["--mode","train"],["--model","llama3-70b"],
        ["--train-tokens","1e12"],["--systems","dgx-h100:64@own, trn2.48xlarge@on_demand"],["--demand-days","30"],["--top","2"]]})");
    REQUIRE(io::is_command_input(old));
    const io::RequestParse p = io::request_from_command(old);
    REQUIRE(p.request);
    const io::RunRequest& r = *p.request;
    CHECK(r.kind == "plan");
    CHECK(*r.cell("train_tokens") == "1e12");
    REQUIRE(r.systems.size() == 2);
    CHECK(r.systems[0] == io::SystemRequest{"dgx-h100", 64, engine::Pricing::own, {}});
    CHECK(r.systems[1] == io::SystemRequest{"trn2.48xlarge", std::nullopt, engine::Pricing::on_demand, {}});
    CHECK(*r.demand_days == 30);
    CHECK(r.top == 2);
    CHECK(io::systems_text(r.systems) == "dgx-h100:64@own,trn2.48xlarge@on_demand");

    const json bad = json::parse(R"({"command":"compare","flags":[["--sequence","1"],["--systems","a:x"]]})");
    const io::RequestParse e = io::request_from_command(bad);
    CHECK_FALSE(e.request);
    CHECK(has_issue(e, "flags[0]: unknown flag --sequence"));
    CHECK(has_issue(e, "flags[1]: 'a:x': chips must be a whole number of at least 1"));
}

TEST_CASE("the desktop application's first comparison form reads as a request", "[io][request]") {
    const json old = json::parse(R"({"format":"rackplan-comparison","version":1,
        "workload":{"architecture":{"name":"mine","layers":2,"hidden":256,"heads":4,"kv_heads":4,"head_dim":64,"ffn":1024,
                    "vocab":1000,"experts":0,"ffn_act":"swiglu"},"seq_len":128,"global_batch":8,"dtype":"bf16"},
        "utilization":0.5,"layouts":"keep",
        "candidates":[{"system":"dgx-h100","chips":8,"layout":{"tp":2,"pp":1,"cp":1,"ep":1,"vpp":1,"micro_batch":1,
                       "zero":1,"sp":true,"recompute":"none"}}]})");
    const io::RequestParse p = io::request_from_gui_comparison(old);
    REQUIRE(p.request);
    CHECK(p.request->kind == "compare");
    CHECK(p.request->model_name == "mine");
    CHECK(*p.request->cell("layers") == "2");
    CHECK(*p.request->cell("utilization") == "0.5");
    CHECK(p.request->keep_layouts);
    REQUIRE(p.request->systems.size() == 1);
    CHECK(*p.request->systems[0].chips == 8);
    CHECK(p.request->systems[0].layout.size() == 9);
    json bad = old;
    bad["candidates"][0]["chips"] = 0;
    CHECK(first_issue(io::request_from_gui_comparison(bad)) == "candidates[0].chips: must be at least 1, got 0");
}

TEST_CASE("a system's cells are the workload's with its own over them", "[io][request]") {
    io::RunRequest r;
    r.set_cell("mode", "train");
    r.set_cell("chips", "8");
    r.set_cell("pricing", "own");
    r.set_cell("tp", "1");
    const auto cells = io::system_cells(r, {"p5.48xlarge", 16, engine::Pricing::on_demand, {{"tp", "8"}}});
    auto at = [&](const std::string& k) {
        for (const auto& [c, v] : cells)
            if (c == k) return v;
        return std::string("?");
    };
    CHECK(cells.front().first == "mode");
    CHECK(at("system") == "p5.48xlarge");
    CHECK(at("chips") == "16");
    CHECK(at("pricing") == "on_demand");
    CHECK(at("tp") == "8");
}
