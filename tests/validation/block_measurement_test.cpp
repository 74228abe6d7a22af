// The training engine's transformer block against an eager PyTorch block measured on one
// H100 SXM and one H200 (data/calibration/measure_block.py, outputs <chip>-block.csv,
// 2026-11-26, taken after the engine was set: out of sample). One block's forward + backward at a sustained
// clock (the block held hot for 8 s first), bf16, SDPA flash attention, no communication.
// This isolates the compute model from what a multi-GPU framework adds around it.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "engine/evaluate.h"
#include "io/csv_reader.h"
#include "io/scenario_row.h"
#include "io/seed.h"
#include "validation_support.h"

using namespace rackplan;

namespace {

struct Shape {
    const char* name;  // as in the CSV
    std::vector<std::pair<std::string, std::string>> cells;
};

std::map<std::string, double> measured_block_us(const std::string& file) {
    std::ifstream in(std::string(RACKPLAN_CALIBRATION_DIR) + "/" + file);
    std::stringstream ss;
    ss << in.rdbuf();
    const io::CsvTable t = io::read_csv_text(ss.str());
    std::map<std::string, double> out;
    for (const auto& row : t.rows) {
        io::RowView v(t.header, row, 0);
        if (v.cell("part") == "block_fwd_bwd") out[v.cell("shape")] = std::stod(v.cell("us"));
    }
    return out;
}

void check_block(const std::string& system, const std::string& file) {
    const auto measured = measured_block_us(file);
    REQUIRE(measured.size() == 3);
    const std::vector<std::pair<std::string, std::string>> common{
        {"mode", "train"}, {"system", system}, {"chips", "8"}, {"layers", "32"}, {"hidden", "4096"},
        {"heads", "32"},   {"kv_heads", "32"},     {"head_dim", "128"}, {"dtype", "bf16"}, {"tp", "1"},
        {"pp", "1"},       {"dp", "8"},            {"cp", "1"},     {"ep", "1"},         {"vpp", "1"},
        {"sp", "0"},       {"zero", "3"},          {"recompute", "none"}};
    const Shape shapes[] = {
        {"mpt7b_b6_s2048",
         {{"ffn", "16384"}, {"ffn_act", "gelu"}, {"vocab", "50368"}, {"seq_len", "2048"}, {"global_batch", "48"},
          {"micro_batch", "6"}}},
        {"llama2_7b_b1_s4096",
         {{"ffn", "11008"}, {"ffn_act", "swiglu"}, {"vocab", "32000"}, {"seq_len", "4096"}, {"global_batch", "8"},
          {"micro_batch", "1"}}},
        {"llama2_7b_b2_s4096",
         {{"ffn", "11008"}, {"ffn_act", "swiglu"}, {"vocab", "32000"}, {"seq_len", "4096"}, {"global_batch", "16"},
          {"micro_batch", "2"}}},
    };
    engine::EvaluationContext ctx(io::load_seed_catalog().parse.catalog);
    std::vector<double> errs;
    for (const Shape& s : shapes) {
        std::vector<std::string> header, cells;
        for (const auto& kv : common) header.push_back(kv.first), cells.push_back(kv.second);
        for (const auto& kv : s.cells) header.push_back(kv.first), cells.push_back(kv.second);
        const io::CsvRow row = cells;
        io::ScenarioParse parse = io::parse_scenario(io::RowView(header, row, 0), ctx.catalog());
        REQUIRE(parse.issues.empty());
        engine::EvaluateOptions opt;
        opt.detail = true;
        const engine::TrainResult r = engine::evaluate_train(ctx, *parse.scenario, opt);
        INFO(s.name << ": " << r.message);
        REQUIRE(r.best);
        double us = 0.0;
        for (const auto& op : r.best->block_ops) us += (op.forward + op.backward).value() * 1e6;
        const double m = measured.at(s.name);
        const double err = us / m - 1.0;
        std::printf("%-9s block %-20s measured %8.0f us predicted %8.0f us %+5.1f%%\n", system.c_str(), s.name, m, us,
                    100 * err);
        INFO(system << " " << s.name);
        // Measured 2026-11-26, H100: +3.3 %, -8.0 %, -5.5 %; H200: +0.4 %, -2.3 %, -1.7 %. The
        // engine's elementwise ops are leaner than torch's eager ones (SwiGLU on a split
        // tensor: 261 us measured on H100, 95 modelled).
        CHECK(std::abs(err) <= 0.10);
        errs.push_back(std::abs(err));
    }
    CHECK(validation::median(errs) <= 0.06);
}

}  // namespace

TEST_CASE("one transformer block matches an eager H100 measurement", "[validation][training]") {
    check_block("dgx-h100", "h100-sxm-block.csv");
}

TEST_CASE("one transformer block matches an eager H200 measurement", "[validation][training]") {
    check_block("hgx-h200", "h200-sxm-block.csv");
}
