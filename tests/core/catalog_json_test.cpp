#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "hw/catalog_checks.h"
#include "io/catalog_json.h"
#include "io/seed.h"

using nlohmann::json;
using namespace rackplan;

namespace {

json fig(double v, const char* unit) {
    return {{"value", v}, {"unit", unit}, {"source", "T"}, {"confidence", "documented"}};
}

// A small, valid document: one chip, one 4x4-torus system, one model, one fabric.
json valid_doc() {
    json chip{{"id", "c1"}, {"name", "Chip One"}, {"vendor", "V"}, {"architecture", "neuroncore"}};
    chip["peak"]["tensor"]["bf16"] = fig(667, "TFLOP/s");
    chip["cores"] = fig(8, "count");
    chip["hbm"]["capacity"] = fig(96, "GiB");
    chip["hbm"]["bandwidth"] = fig(2.9, "TB/s");
    chip["power"]["tdp"] = json{{"value", 500}, {"unit", "W"}, {"source", "T"}, {"confidence", "estimate"},
                                {"low", 350}, {"high", 700}};
    json sys{{"id", "s1"}, {"name", "System One"}, {"vendor", "V"}, {"kind", "instance"}, {"chip", "c1"}};
    sys["chips_per_node"] = fig(16, "count");
    sys["nodes_per_domain"] = fig(1, "count");
    sys["scale_up"] = {{"topology", "torus"}, {"dims", {4, 4}}};
    sys["scale_up"]["links_per_chip"] = fig(4, "count");
    sys["scale_up"]["link_bandwidth"] = fig(128, "GB/s");
    sys["scale_up"]["latency"] = fig(1.5, "us");
    sys["power"]["wall"] = fig(10, "kW");
    json model{{"id", "m1"}, {"name", "M"}, {"source", "T"}, {"layers", 2}, {"hidden", 64},
               {"heads", 4}, {"ffn", 256}, {"vocab", 100}};
    json fabric{{"id", "f1"}, {"name", "F"}, {"kind", "fat-tree"}};
    fabric["tiers"] = json::array({json{{"radix", fig(64, "count")}, {"oversubscription", fig(1, "ratio")}}});
    return {{"format", "rackplan-catalog"}, {"version", 1}, {"sources", {{"T", "Test source"}}},
            {"chips", {chip}}, {"systems", {sys}}, {"models", {model}}, {"fabrics", {fabric}},
            {"cost_defaults", {{"pue", fig(1.3, "ratio")}}}};
}

Issues all_issues(const json& doc) {
    io::CatalogParse p = io::parse_catalog_json(doc);
    Issues issues = p.issues;
    for (auto& i : hw::check_catalog(p.catalog)) issues.push_back(i);
    return issues;
}

bool has_issue(const Issues& issues, const std::string& path, const std::string& word) {
    return std::any_of(issues.begin(), issues.end(), [&](const Issue& i) {
        return i.path == path && i.message.find(word) != std::string::npos;
    });
}

std::string describe(const Issues& issues) {
    std::string s;
    for (const auto& i : issues) s += i.path + ": " + i.message + "\n";
    return s;
}

}  // namespace

TEST_CASE("a valid document parses without issues", "[catalog]") {
    Issues issues = all_issues(valid_doc());
    INFO(describe(issues));
    CHECK(issues.empty());
    io::CatalogParse p = io::parse_catalog_json(valid_doc());
    REQUIRE(p.catalog.chips.size() == 1);
    hw::ChipSpec spec = hw::make_spec(p.catalog.chips[0]);
    CHECK(spec.peak_of(hw::Engine::tensor, hw::Dtype::bf16).value() == Approx(667e12));
    CHECK(spec.hbm_capacity.value() == Approx(96.0 * 1073741824.0));
    CHECK(spec.supports(hw::Dtype::bf16));
    CHECK_FALSE(spec.supports(hw::Dtype::fp8));
    hw::SystemSpec sys = hw::make_spec(p.catalog.systems[0]);
    CHECK(sys.chips_per_domain() == 16);
    CHECK(sys.scale_up_links.latency.value() == Approx(1.5e-6));
}

TEST_CASE("every problem is reported at once, each with its JSON path", "[catalog]") {
    json d = valid_doc();
    d["chips"][0]["hbm"]["bandwidth"]["value"] = -3;                     // negative
    d["chips"][0]["cores"]["value"] = 0;                                 // zero
    d["chips"][0]["hbm"]["capacity"]["unit"] = "gigabytes";              // unknown unit
    d["chips"][0]["peak"]["tensor"]["bf16"]["unit"] = "GB/s";           // wrong dimension
    d["chips"][0]["power"]["tdp"].erase("low");                          // estimate without range
    d["systems"][0]["scale_up"]["link_bandwidth"].erase("source");      // no source
    d["systems"][0]["scale_up"]["latency"]["confidence"] = "guess";     // bad confidence
    Issues issues = all_issues(d);
    INFO(describe(issues));
    CHECK(has_issue(issues, "chips[0].hbm.bandwidth.value", "positive"));
    CHECK(has_issue(issues, "chips[0].cores.value", "positive"));
    CHECK(has_issue(issues, "chips[0].hbm.capacity.unit", "unknown unit"));
    CHECK(has_issue(issues, "chips[0].peak.tensor.bf16.unit", "is not a FLOP rate"));
    CHECK(has_issue(issues, "chips[0].power.tdp", "low and high"));
    CHECK(has_issue(issues, "systems[0].scale_up.link_bandwidth.source", "missing"));
    CHECK(has_issue(issues, "systems[0].scale_up.latency.confidence", "documented, derived or estimate"));
    CHECK(issues.size() >= 7);
}

TEST_CASE("NaN, infinity and non-numbers are rejected", "[catalog]") {
    json d = valid_doc();
    d["chips"][0]["hbm"]["bandwidth"]["value"] = "fast";
    d["chips"][0]["cores"]["value"] = std::numeric_limits<double>::infinity();
    Issues issues = all_issues(d);
    INFO(describe(issues));
    CHECK(has_issue(issues, "chips[0].hbm.bandwidth.value", "must be a number"));
    CHECK(has_issue(issues, "chips[0].cores.value", "must be finite"));
    // NaN written in the text is not JSON at all.
    io::CatalogParse p = io::parse_catalog(R"({"format":"rackplan-catalog","version":1,"chips":[{"x":NaN}]})");
    REQUIRE_FALSE(p.ok());
    CHECK(p.issues[0].message.find("not valid JSON") != std::string::npos);
}

TEST_CASE("missing fields and unknown fields are named", "[catalog]") {
    json d = valid_doc();
    d["chips"][0].erase("hbm");
    d["chips"][0]["colour"] = "red";
    d["systems"][0].erase("chip");
    d["models"][0].erase("layers");
    Issues issues = all_issues(d);
    INFO(describe(issues));
    CHECK(has_issue(issues, "chips[0].hbm.capacity", "missing required figure"));
    CHECK(has_issue(issues, "chips[0].hbm.bandwidth", "missing required figure"));
    CHECK(has_issue(issues, "chips[0].colour", "unknown field"));
    CHECK(has_issue(issues, "systems[0].chip", "missing"));
    CHECK(has_issue(issues, "models[0].layers", "missing"));
}

TEST_CASE("estimates must bracket their value", "[catalog]") {
    json d = valid_doc();
    d["chips"][0]["power"]["tdp"]["low"] = 600;
    Issues issues = all_issues(d);
    CHECK(has_issue(issues, "chips[0].power.tdp.value", "outside [low, high]"));
    d["chips"][0]["power"]["tdp"]["low"] = 800;
    CHECK(has_issue(all_issues(d), "chips[0].power.tdp.low", "above high"));
}

TEST_CASE("cross-entry rules: chip ids, source tags, topology sizes, duplicates", "[catalog]") {
    json d = valid_doc();
    d["systems"][0]["chip"] = "no-such-chip";
    d["systems"][0]["scale_up"]["dims"] = {4, 3};
    d["chips"][0]["cores"]["source"] = "NOPE";
    d["models"].push_back(d["models"][0]);
    Issues issues = all_issues(d);
    INFO(describe(issues));
    CHECK(has_issue(issues, "systems[0].chip", "unknown chip id 'no-such-chip'"));
    CHECK(has_issue(issues, "systems[0].scale_up.dims", "hold 12 chips but the domain has 16"));
    CHECK(has_issue(issues, "chips[0].cores.source", "unknown source tag 'NOPE'"));
    CHECK(has_issue(issues, "models[1].id", "duplicate id"));
}

TEST_CASE("topology rules: inter-node tiers, switches, rings", "[catalog]") {
    json d = valid_doc();
    d["systems"][0]["nodes_per_domain"]["value"] = 4;
    d["systems"][0]["scale_up"]["inter_node"] = {{"topology", "ring"}, {"dims", {3}}};
    Issues issues = all_issues(d);
    INFO(describe(issues));
    CHECK(has_issue(issues, "systems[0].scale_up.inter_node.dims", "hold 3 nodes but the domain has 4"));
    CHECK(has_issue(issues, "systems[0].scale_up.inter_node.link_bandwidth", "missing"));
    json s = valid_doc();
    s["systems"][0]["scale_up"]["topology"] = "switch";
    s["systems"][0]["scale_up"]["in_switch_reduction"] = true;
    CHECK(has_issue(all_issues(s), "systems[0].scale_up.dims", "takes no dims"));
    s["systems"][0]["scale_up"]["topology"] = "hypercube";
    CHECK(has_issue(all_issues(s), "systems[0].scale_up.topology", "unknown topology"));
}

TEST_CASE("model rules: heads and kv heads, MoE fields", "[catalog]") {
    json d = valid_doc();
    d["models"][0]["kv_heads"] = 3;
    d["models"][0]["experts"] = 8;
    d["models"][0]["experts_per_token"] = 9;
    Issues issues = all_issues(d);
    INFO(describe(issues));
    CHECK(has_issue(issues, "models[0].kv_heads", "multiple of kv_heads"));
    CHECK(has_issue(issues, "models[0].experts_per_token", "between 1 and experts"));
    CHECK(has_issue(issues, "models[0].expert_ffn", "expert_ffn"));
    json h = valid_doc();
    h["models"][0]["hidden"] = -64;
    CHECK(has_issue(all_issues(h), "models[0].hidden", "positive"));
}

TEST_CASE("export is deterministic and survives a round trip", "[catalog]") {
    io::CatalogParse p = io::parse_catalog_json(valid_doc());
    REQUIRE(p.ok());
    std::string once = io::dump_catalog(p.catalog);
    io::CatalogParse again = io::parse_catalog(once);
    INFO(describe(again.issues));
    REQUIRE(again.ok());
    CHECK(io::dump_catalog(again.catalog) == once);
    CHECK(once.find("\"low\": 350") != std::string::npos);  // ranges kept
}

TEST_CASE("the seed catalog validates and holds every listed id", "[catalog][seed]") {
    io::SeedLoad seed = io::load_seed_catalog();
    INFO("origin " << seed.origin << "\n" << describe(seed.parse.issues));
    REQUIRE(seed.parse.ok());
    const hw::Catalog& c = seed.parse.catalog;
    for (const char* id : {"trn1", "inf2", "trn2", "trn3", "a100-sxm-80g", "h100-sxm", "h800-sxm", "h200-sxm", "b200",
                           "gb200", "b300", "gb300", "mi300x", "mi355x", "tpu-v5e", "tpu-v5p", "tpu-v6e", "tpu7x"}) {
        INFO(id);
        CHECK(c.find_chip(id));
    }
    for (const char* id :
         {"trn1.32xlarge", "trn1n.32xlarge", "inf2.48xlarge", "trn2.48xlarge", "trn2-ultraserver", "trn3-ultraserver-64",
          "trn3-ultraserver-144", "p4d.24xlarge", "p4de.24xlarge", "p5.48xlarge", "p5e.48xlarge", "p5en.48xlarge",
          "p6-b200.48xlarge", "p6-b300.48xlarge", "p6e-gb200-ultraserver", "dgx-a100-80g", "dgx-h100", "hgx-h200",
          "dgx-b200", "dgx-b300", "gb200-nvl72", "gb300-nvl72", "mi300x-8", "mi355x-8", "tpu-v5e-8", "tpu-v5p-4",
          "tpu-v6e-8", "tpu7x-4"}) {
        INFO(id);
        CHECK(c.find_system(id));
    }
    for (const char* id : {"gpt3-175b", "megatron-1t", "mpt-7b", "mpt-70b", "llama2-7b", "llama2-13b", "llama2-70b",
                           "llama3-8b", "llama3-70b", "llama3.1-405b", "mixtral-8x7b", "mixtral-8x22b", "deepseek-v3",
                           "qwen3-30b-a3b"}) {
        INFO(id);
        CHECK(c.find_model(id));
    }
    for (const char* k : {"usd_per_kwh", "pue", "years", "utilization", "cost_of_capital", "maintenance_share",
                          "facility_usd_per_kw_month"}) {
        INFO(k);
        CHECK(hw::find_figure(c.cost_defaults, k));
    }
    // Every estimate carries a range; every figure names a source the catalog expands.
    for (const auto& chip : c.chips)
        for (const auto& [path, f] : chip.figures)
            if (f.confidence == hw::Confidence::estimate) CHECK(f.has_range());
}

TEST_CASE("the embedded seed equals the data folder", "[catalog][seed]") {
    io::SeedLoad disk = io::load_seed_catalog();
    io::SeedLoad embedded = io::load_embedded_catalog();
    REQUIRE(embedded.parse.ok());
    CHECK(io::dump_catalog(embedded.parse.catalog) == io::dump_catalog(disk.parse.catalog));
}

TEST_CASE("known figures of the seed match the reference", "[catalog][seed]") {
    io::SeedLoad seed = io::load_seed_catalog();
    REQUIRE(seed.parse.ok());
    const hw::Catalog& c = seed.parse.catalog;
    hw::ChipSpec h100 = hw::make_spec(*c.find_chip("h100-sxm"));
    CHECK(units::to_tflops(h100.peak_of(hw::Engine::tensor, hw::Dtype::bf16)) == Approx(989).epsilon(0.01));
    CHECK(h100.cores == 132);
    CHECK(units::to_gbps(h100.hbm_bandwidth) == Approx(3350).epsilon(0.01));
    CHECK_FALSE(hw::make_spec(*c.find_chip("a100-sxm-80g")).supports(hw::Dtype::fp8));
    hw::ChipSpec trn2 = hw::make_spec(*c.find_chip("trn2"));
    CHECK(trn2.cores == 8);
    CHECK(trn2.matrix_rows == 128);
    hw::SystemSpec us = hw::make_spec(*c.find_system("trn2-ultraserver"));
    CHECK(us.chips_per_domain() == 64);
    hw::SystemSpec nvl = hw::make_spec(*c.find_system("gb200-nvl72"));
    CHECK(nvl.chips_per_domain() == 72);
}
