#include <catch2/catch.hpp>

#include "io/scenario_row.h"
#include "io/seed.h"

using namespace rackplan;

namespace {

const hw::Catalog& seed() {
    static const hw::Catalog c = io::load_seed_catalog().parse.catalog;
    return c;
}

io::ScenarioParse parse(std::vector<std::pair<std::string, std::string>> cells) {
    std::vector<std::string> header;
    io::CsvRow row;
    for (auto& [k, v] : cells) {
        header.push_back(k);
        row.push_back(v);
    }
    return io::parse_scenario(io::RowView(header, row, 2), seed());
}

bool names(const io::ScenarioParse& p, const std::string& column) {
    for (const auto& i : p.issues)
        if (i.path == column) return true;
    return false;
}

}  // namespace

TEST_CASE("scenario: a catalog model with layout columns", "[scenario]") {
    auto p = parse({{"id", "a"}, {"mode", "train"}, {"system", "dgx-h100"}, {"chips", "1024"}, {"model", "gpt3-175b"},
                    {"seq_len", "2048"}, {"global_batch", "1536"}, {"tp", "8"}, {"pp", "8"}, {"sp", "1"},
                    {"recompute", "selective"}, {"dtype", "fp8"}});
    INFO(io::join_issues(p.issues));
    REQUIRE(p.scenario);
    CHECK(p.scenario->model.layers == 96);
    CHECK(p.scenario->layout.tp == 8);
    CHECK_FALSE(p.scenario->layout.dp);  // searched
    CHECK(*p.scenario->layout.sp);
    CHECK(p.scenario->layout.recompute == parallel::Recompute::selective);
    CHECK(p.scenario->train.dtype == hw::Dtype::fp8);
}

TEST_CASE("scenario: architecture columns define a model, with the contract's defaults", "[scenario]") {
    auto p = parse({{"id", "a"}, {"mode", "train"}, {"system", "dgx-a100-80g"}, {"chips", "8"}, {"layers", "48"},
                    {"hidden", "6144"}, {"heads", "64"}, {"seq_len", "2048"}, {"global_batch", "4"}});
    REQUIRE(p.scenario);
    const auto& m = p.scenario->model;
    CHECK(m.kv_heads == 64);
    CHECK(m.head_dim == 96);
    CHECK(m.ffn == 4 * 6144);
    CHECK(m.ffn_act == workload::FfnActivation::gelu);
    CHECK(m.vocab == 51200);
    auto o = parse({{"id", "a"}, {"mode", "train"}, {"system", "dgx-a100-80g"}, {"chips", "8"}, {"model", "llama3-70b"},
                    {"layers", "40"}, {"seq_len", "2048"}, {"global_batch", "4"}});
    REQUIRE(o.scenario);
    CHECK(o.scenario->model.layers == 40);      // overridden
    CHECK(o.scenario->model.kv_heads == 8);     // kept from the catalog
}

TEST_CASE("scenario: bad cells name their columns", "[scenario]") {
    auto p = parse({{"id", "a"}, {"mode", "train"}, {"system", "nope"}, {"chips", "-8"}, {"layers", "0"},
                    {"hidden", "x"}, {"heads", "64"}, {"seq_len", ""}, {"global_batch", "4"}, {"tp", "2.5"},
                    {"dtype", "fp64"}, {"recompute", "some"}, {"utilization", "1.5"}, {"pue", "0.9"}});
    CHECK_FALSE(p.scenario);
    for (const char* col : {"system", "chips", "layers", "hidden", "seq_len", "tp", "dtype", "recompute", "utilization", "pue"}) {
        INFO(col << ": " << io::join_issues(p.issues));
        CHECK(names(p, col));
    }
    auto kv = parse({{"id", "a"}, {"mode", "infer"}, {"system", "dgx-h100"}, {"chips", "8"}, {"layers", "2"},
                     {"hidden", "64"}, {"heads", "6"}, {"kv_heads", "4"}, {"input_len", "1"}, {"output_len", "1"},
                     {"ttft_slo_ms", "NaN"}});
    CHECK(names(kv, "kv_heads"));
    CHECK(names(kv, "ttft_slo_ms"));
}

TEST_CASE("scenario: inference rows and context limits", "[scenario]") {
    auto p = parse({{"id", "a"}, {"mode", "infer"}, {"system", "trn2.48xlarge"}, {"chips", "16"}, {"model", "llama3-70b"},
                    {"input_len", "1000"}, {"output_len", "200"}, {"batch", "8"}, {"tpot_slo_ms", "50"},
                    {"weight_dtype", "fp8"}});
    INFO(io::join_issues(p.issues));
    REQUIRE(p.scenario);
    CHECK(*p.scenario->infer.batch == 8);
    CHECK(p.scenario->infer.tpot_slo->value() == Approx(0.05));
    CHECK(p.scenario->infer.weight_dtype == hw::Dtype::fp8);
    auto too_long = parse({{"id", "a"}, {"mode", "infer"}, {"system", "trn2.48xlarge"}, {"chips", "16"},
                           {"model", "llama2-7b"}, {"input_len", "9000"}, {"output_len", "10"}});
    CHECK(names(too_long, "input_len"));
    auto batch0 = parse({{"id", "a"}, {"mode", "infer"}, {"system", "trn2.48xlarge"}, {"chips", "16"},
                         {"model", "llama2-7b"}, {"input_len", "90"}, {"output_len", "10"}, {"batch", "0"}});
    CHECK(names(batch0, "batch"));
}
