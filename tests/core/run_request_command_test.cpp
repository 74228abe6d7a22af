#include <catch2/catch.hpp>

#include "io/run_request_command.h"

using namespace rackplan;
using nlohmann::json;

TEST_CASE("a request's command line: flags in column order, quoted values, what flags cannot say", "[io][request][command]") {
    io::RunRequest r;
    r.kind = "plan";
    r.set_cell("train_tokens", "1e12");
    r.set_cell("model", "llama3-70b");
    r.set_cell("mode", "train");
    r.systems = {{"dgx-h100", 64, engine::Pricing::own, {}}, {"trn2.48xlarge", std::nullopt, engine::Pricing::on_demand, {}}};
    r.demand_days = 20;
    CHECK(io::command_line(r) ==
          "rackplan plan --mode train --model llama3-70b --train-tokens 1e12 --systems "
          "dgx-h100:64@own,trn2.48xlarge@on_demand --demand-days 20");

    r.demand_days = 12.5;
    r.top = 2;
    r.set_cell("model", "it's mine");
    r.systems[1].layout = {{"tp", "4"}, {"pp", "2"}};
    CHECK(io::command_line(r) ==
          "rackplan plan --mode train --model 'it'\\''s mine' --train-tokens 1e12 --systems "
          "dgx-h100:64@own,trn2.48xlarge@on_demand --demand-days 12.5 --top 2\n"
          "  (layouts kept per system: trn2.48xlarge: tp=4 pp=2)");
    CHECK(io::shell_quoted("a;rm -rf") == "'a;rm -rf'");
    CHECK(io::shell_quoted("") == "''");
    CHECK(io::flag_of("tpot_slo_ms") == "--tpot-slo-ms");
}

TEST_CASE("a stored input's command line: any stored form, else its JSON", "[io][request][command]") {
    const json cli = json::parse(
        R"({"command": "compare", "flags": [["--mode", "train"], ["--model", "llama3-8b"], ["--systems", "dgx-h100:8"]]})");
    CHECK(io::parse_stored_request(cli).request);
    CHECK(io::command_line(cli) == "rackplan compare --mode train --model llama3-8b --systems dgx-h100:8");
    io::RunRequest r;
    r.set_cell("mode", "infer");
    r.systems = {{"p5.48xlarge", 8, std::nullopt, {}}};
    CHECK(io::command_line(io::to_json(r)) == io::command_line(r));
    const json other = {{"note", "not a run"}};
    CHECK_FALSE(io::parse_stored_request(other).request);
    CHECK_FALSE(io::parse_stored_request(other).issues.empty());
    CHECK(io::command_line(other) == other.dump());
}
