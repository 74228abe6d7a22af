#include "cli_test_support.h"

#include <algorithm>

#include <nlohmann/json.hpp>

using namespace rackplan::test;

TEST_CASE("catalog list: the chip comparison table by default", "[cli][catalog]") {
    Sandbox sb;
    auto r = sb.run({"catalog", "list"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.empty());
    std::vector<std::string> lines;
    std::stringstream ss(r.out);
    for (std::string l; std::getline(ss, l);) lines.push_back(l);
    REQUIRE(lines.size() >= 3);
    CHECK(lines[0] == "ID        NAME             BF16 TFLOP/s  FP8 TFLOP/s  HBM GB  HBM TB/s  TDP W");
    CHECK(lines[1] == "test-gpu  Test GPU 80GB             989         1979      80      3.35    700");
    // 96 GiB is 103.1 GB; the part has no FP8; its TDP is an estimate.
    CHECK(lines[2] == "test-nrn  Test NeuronChip           667            -   103.1       2.9   ~500");
    CHECK(contains(r.out, "~ estimate"));
    // A fresh --db was created and seeded.
    CHECK(std::filesystem::exists(sb.db()));
}

TEST_CASE("catalog list --format csv parses as RFC 4180", "[cli][catalog]") {
    Sandbox sb;
    auto chips = parse_csv(sb.run({"catalog", "list", "--format", "csv"}).out);
    REQUIRE(chips.size() == 3);
    CHECK(chips[0] == std::vector<std::string>{"id", "name", "bf16_tflops", "fp8_tflops", "hbm_gb", "hbm_tbps", "tdp_w"});
    CHECK(chips[2] == std::vector<std::string>{"test-nrn", "Test NeuronChip", "667", "", "103.079215104", "2.9", "500"});

    // A citation with commas and quotes survives the round trip.
    auto sources = parse_csv(sb.run({"catalog", "list", "sources", "--format", "csv"}).out);
    REQUIRE(sources.size() == 4);
    CHECK(sources[2] == std::vector<std::string>{"TEST-GPU", "Test vendor, \"GPU datasheet\", 2024"});

    auto systems = parse_csv(sb.run({"catalog", "list", "systems", "--format", "csv"}).out);
    REQUIRE(systems.size() == 3);
    CHECK(systems[0].back() == "on_demand_usd_per_hour");
    CHECK(std::stod(systems[1].back()) == Approx(98.32));
    CHECK(systems[2][4] == "torus 4x4 + ring 4");
    for (const auto& row : systems) CHECK(row.size() == systems[0].size());
}

TEST_CASE("catalog list --format json is an array of objects", "[cli][catalog]") {
    Sandbox sb;
    for (std::string kind : {"chips", "systems", "models", "prices", "fabrics", "sources"}) {
        auto r = sb.run({"catalog", "list", kind, "--format", "json"});
        INFO(kind << ": " << r.err);
        REQUIRE(r.exit_code == 0);
        auto j = nlohmann::json::parse(r.out);
        REQUIRE(j.is_array());
        CHECK_FALSE(j.empty());
        for (const auto& row : j) CHECK(row.is_object());
    }
    auto chips = nlohmann::json::parse(sb.run({"catalog", "list", "chips", "--format", "json"}).out);
    CHECK(chips[0]["id"] == "test-gpu");
    CHECK(chips[0]["bf16_tflops"] == 989);
    CHECK(chips[1]["fp8_tflops"].is_null());

    auto prices = nlohmann::json::parse(sb.run({"catalog", "list", "prices", "--format", "json"}).out);
    auto capex = std::find_if(prices.begin(), prices.end(),
                              [](const auto& p) { return p["id"] == "test-gpu-server" && p["price"] == "capex"; });
    REQUIRE(capex != prices.end());
    CHECK((*capex)["confidence"] == "estimate");
    CHECK((*capex)["low"] == 250000);
    CHECK((*capex)["high"] == 400000);
}

TEST_CASE("catalog show lists every figure with source, citation and confidence", "[cli][catalog]") {
    Sandbox sb;
    auto r = sb.run({"catalog", "show", "test-gpu"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(contains(r.out, "chip test-gpu: Test GPU 80GB"));
    for (std::string path : {"peak.tensor.bf16", "peak.tensor.fp8", "peak.vector.fp32", "cores", "hbm.capacity",
                             "hbm.bandwidth", "power.tdp", "price.unit"})
        CHECK(contains(r.out, path));
    // The estimate with its range, source, confidence and note on one line.
    std::string price_line;
    std::stringstream ss(r.out);
    for (std::string l; std::getline(ss, l);)
        if (l.rfind("price.unit", 0) == 0) price_line = l;
    CHECK(contains(price_line, "25000"));
    CHECK(contains(price_line, "USD"));
    CHECK(contains(price_line, "20000\u201335000"));
    CHECK(contains(price_line, "estimate"));
    CHECK(contains(price_line, "TEST-EST"));
    CHECK(contains(price_line, "street price, varies by volume"));
    CHECK(contains(r.out, "documented"));
    CHECK(contains(r.out, "Test vendor, \"GPU datasheet\", 2024"));  // the citation

    auto sys = sb.run({"catalog", "show", "test-nrn-ultra"});
    CHECK(sys.exit_code == 0);
    CHECK(contains(sys.out, "scale-up: torus 4x4, nodes joined by ring 4"));
    CHECK(contains(sys.out, "scale_up.inter_node.link_bandwidth"));
    CHECK(sb.run({"catalog", "show", "test-fat-tree"}).exit_code == 0);
    CHECK(contains(sb.run({"catalog", "show", "test-dense-8b"}).out, "kv_heads"));

    auto j = nlohmann::json::parse(sb.run({"catalog", "show", "test-gpu", "--format", "json"}).out);
    CHECK(j[0]["kind"] == "chip");
    CHECK(j[0]["entry"]["power"]["tdp"]["value"] == 700);
    CHECK(j[0]["sources"]["TEST-EST"] == "rackplan test estimate");
}

TEST_CASE("catalog show of an unknown id names it, exit 2", "[cli][catalog]") {
    Sandbox sb;
    auto r = sb.run({"catalog", "show", "foo"});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    REQUIRE(r.err_lines().size() == 1);
    CHECK(r.err_lines()[0] == "rackplan: catalog show: unknown id 'foo' (try: rackplan catalog list)");
}
