// Serving engine: KV-cache bytes and memory fit worked by hand, the SLO search and its
// monotonicity, precision paths, bad input and NaN-freedom.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <string>
#include <tuple>

#include "engine/infer_evaluate.h"
#include "io/batch_evaluator.h"
#include "io/scenario_row.h"
#include "io/seed.h"
#include "workload/kv_cache.h"
#include "workload/params.h"

using namespace rackplan;
using engine::InferEngine;
using engine::InferLayout;
using units::milliseconds;

namespace {

const engine::EvaluationContext& context() {
    static const engine::EvaluationContext ctx(io::load_seed_catalog().parse.catalog);
    return ctx;
}

const workload::Model& model(const std::string& id) { return *context().catalog().find_model(id); }

struct Rig {
    std::shared_ptr<const engine::EvaluationContext::Hardware> hw;
    InferEngine engine;
    Rig(const std::string& system, int chips, const workload::Model& m, const workload::InferJob& job)
        : hw(context().hardware(system, chips)), engine(hw->chip, hw->system, m, job, chips, *hw->network) {}
};

workload::InferJob job(int isl, int osl) {
    workload::InferJob j;
    j.input_len = isl;
    j.output_len = osl;
    return j;
}

// A scenario from batch columns, as the batch runner and the CLI build it.
engine::Scenario scenario(std::vector<std::pair<std::string, std::string>> cells) {
    std::vector<std::string> header{"id"};
    io::CsvRow row{"t"};
    for (auto& [k, v] : cells) {
        header.push_back(k);
        row.push_back(v);
    }
    io::ScenarioParse p = io::parse_scenario(io::RowView(header, row, 0), context().catalog());
    INFO(io::join_issues(p.issues));
    REQUIRE(p.scenario);
    return *p.scenario;
}

bool finite(const engine::ServingPoint& p) {
    return std::isfinite(p.ttft.value()) && std::isfinite(p.tpot.value()) && std::isfinite(p.tokens_per_s) &&
           std::isfinite(p.iteration.value()) && p.ttft.value() > 0.0 && p.tokens_per_s > 0.0;
}

}  // namespace

TEST_CASE("KV cache bytes per token match 2·L·kv_heads·head_dim·bytes", "[infer]") {
    const workload::Model& m = model("llama3-70b");  // 80 layers, 8 KV heads of 128
    CHECK(workload::kv_cache_bytes_per_token(m, hw::Dtype::bf16).value() == 2.0 * 80 * 8 * 128 * 2);
    CHECK(workload::kv_cache_bytes_per_token(m, hw::Dtype::fp8).value() == 2.0 * 80 * 8 * 128 * 1);

    Rig r("dgx-h100", 8, m, job(1000, 1000));
    // tp 8: one KV head per chip, all 80 layers.
    CHECK(r.engine.memory({8, 1, 1, 1}).kv_per_token.value() == 2.0 * 80 * 1 * 128 * 2);
    // tp 2: four KV heads; pp 2 halves the layers.
    CHECK(r.engine.memory({2, 2, 1, 2}).kv_per_token.value() == 2.0 * 40 * 4 * 128 * 2);

    // tp 16 on a trn2 instance: more chips than KV heads, each chip holds a replica of one.
    workload::InferJob j8 = job(1000, 1000);
    j8.kv_dtype = hw::Dtype::fp8;
    Rig t("trn2.48xlarge", 16, m, j8);
    CHECK(t.engine.memory({16, 1, 1, 1}).kv_per_token.value() == 2.0 * 80 * 1 * 128 * 1);
}

TEST_CASE("memory fit: weights, buffers, reserve, then the KV pool in whole blocks", "[infer]") {
    const workload::Model& m = model("llama3-8b");
    Rig r("dgx-h100", 1, m, job(1000, 1000));
    const InferLayout l{1, 1, 1, 1};
    engine::InferMemory mem = r.engine.memory(l, 10);
    // bf16, untied, tp 1: every parameter at 2 bytes.
    const double params = static_cast<double>(workload::parameter_counts(m).total());
    CHECK(mem.weights.value() == Approx(params * 2.0).epsilon(1e-9));
    CHECK(mem.reserve.value() == units::gibibytes(2.0).value());
    // 2000 tokens in blocks of 32 → 63 blocks → 2016 tokens per sequence.
    CHECK(mem.tokens_per_sequence == 2016);
    const double pool = 0.90 * (mem.capacity - mem.weights - mem.activations - mem.reserve).value();
    CHECK(mem.kv_pool.value() == Approx(pool));
    const double per_seq = 2.0 * 32 * 8 * 128 * 2 * 2016.0;
    CHECK(mem.max_batch == static_cast<int>(std::floor(pool / per_seq)));
    CHECK(mem.kv_used.value() == Approx(10 * per_seq));
    CHECK(mem.total().value() == Approx((mem.weights + mem.activations + mem.reserve).value() + 10 * per_seq));

    // FP8 weights on H100 (native W8A8) halve the block weights; the embedding and LM head
    // stay 16-bit.
    workload::InferJob j8 = job(1000, 1000);
    j8.weight_dtype = hw::Dtype::fp8;
    Rig q("dgx-h100", 1, m, j8);
    CHECK(q.engine.weight_path() == engine::PrecisionPath::native);
    const double table = 2.0 * m.vocab * m.hidden * 2.0;
    CHECK(q.engine.memory(l).weights.value() == Approx((params * 2.0 - table) / 2.0 + table).epsilon(1e-3));
    CHECK(q.engine.max_throughput_batch(l) == std::min(q.engine.memory(l).max_batch, 2048));

    // Llama 3 70B in bf16 does not fit one H100: the reason names the parts.
    Rig big("dgx-h100", 1, model("llama3-70b"), job(1000, 1000));
    auto why = big.engine.memory_reason(l);
    REQUIRE(why);
    CHECK(why->find("exceed") != std::string::npos);
}

TEST_CASE("TTFT and TPOT grow with the batch, the SLO search finds the edge", "[infer]") {
    for (const char* system : {"dgx-h100", "trn2.48xlarge"}) {
        INFO(system);
        const int chips = std::string(system) == "dgx-h100" ? 8 : 16;
        Rig r(system, chips, model("llama3-70b"), job(2048, 512));
        const InferLayout l{chips, 1, 1, 1};
        const int limit = r.engine.max_throughput_batch(l);
        REQUIRE(limit > 64);
        engine::ServingPoint prev = r.engine.serve(l, 1);
        REQUIRE(finite(prev));
        for (int b = 2; b <= limit; b += std::max(1, b / 4)) {
            engine::ServingPoint p = r.engine.serve(l, b);
            INFO("batch " << b);
            REQUIRE(finite(p));
            CHECK(p.ttft.value() >= prev.ttft.value() * (1.0 - 1e-9));
            CHECK(p.tpot.value() >= prev.tpot.value() * (1.0 - 1e-9));
            CHECK(p.tokens_per_s > 0.0);
            prev = p;
        }
        // Limits between batch 1 and the pool's limit: the answer meets them, one more does not.
        const engine::ServingPoint one = r.engine.serve(l, 1), top = r.engine.serve(l, limit);
        const auto ttft = (one.ttft + top.ttft) / 2.0;
        const auto tpot = (one.tpot + top.tpot) / 2.0;
        auto s = r.engine.largest_batch(l, limit, ttft, tpot);
        REQUIRE(s.best);
        CHECK(s.best->ttft <= ttft);
        CHECK(s.best->tpot <= tpot);
        REQUIRE(s.best->batch < limit);
        const engine::ServingPoint next = r.engine.serve(l, s.best->batch + 1);
        CHECK((next.ttft > ttft || next.tpot > tpot));
        CHECK(s.evaluated < 2 * 13);  // a bisection, not a scan

        // A limit below batch 1's: nothing, and what batch 1 achieves.
        auto none = r.engine.largest_batch(l, limit, one.ttft * 0.5, std::nullopt);
        CHECK_FALSE(none.best);
        CHECK(none.at_one.batch == 1);
        CHECK(none.at_one.ttft == one.ttft);
    }
}

TEST_CASE("the first token's parts add up to the TTFT in both batching modes", "[infer]") {
    auto sum = [](const engine::PassBreakdown& b) { return (b.gemm + b.attention + b.vector + b.tp_comm + b.pp_comm).value(); };
    for (auto batching : {engine::Batching::separate, engine::Batching::mixed}) {
        for (const auto& [system, chips, pp] : {std::tuple{"dgx-h100", 8, 1}, std::tuple{"dgx-h100", 16, 2},
                                                std::tuple{"trn2.48xlarge", 16, 1}}) {
            INFO(system << " pp " << pp << " " << engine::to_string(batching));
            const auto& hw = context().hardware(system, chips);
            engine::InferOptions o;
            o.batching = batching;
            InferEngine e(hw->chip, hw->system, model("llama3-70b"), job(3000, 200), chips, *hw->network, o);
            const InferLayout l{chips / pp, pp, 1, 1};
            for (int b : {1, 8, 32}) {
                const engine::ServingPoint p = e.serve(l, b);
                const engine::PassBreakdown& f = p.first_token;
                CHECK(f.total.value() == Approx(p.ttft.value()).epsilon(1e-9));
                CHECK(sum(f) == Approx(f.total.value()).epsilon(1e-9));
                // A 3,000-token prompt: GEMMs and attention over it, all-reduces of its activations.
                CHECK(f.gemm.value() > 0.0);
                CHECK(f.attention.value() > 0.0);
                CHECK(f.tp_comm.value() > 0.0);
                CHECK((pp > 1) == (f.pp_comm.value() > 0.0));
                CHECK(f.gemm > p.decode.gemm);
            }
        }
    }
}

TEST_CASE("prefill is compute bound, decode bandwidth bound", "[infer]") {
    Rig r("dgx-h100", 8, model("llama3-70b"), job(4096, 256));
    const InferLayout l{8, 1, 1, 1};
    // One decode step at batch 1 streams this chip's weights: at least weights / HBM peak.
    const auto mem = r.engine.memory(l);
    const double floor_s = mem.weights.value() / r.hw->chip.hbm_bandwidth.value();
    const auto step = r.engine.decode_step(l, 1, 4096);
    CHECK(step.value() > floor_s);
    CHECK(step.value() < 3.0 * floor_s);
    // Prefill of a 4096-token prompt: at least its FLOPs at dense peak over the 8 chips.
    const double flops = 2.0 * workload::parameter_counts(model("llama3-70b")).matmul_active() * 4096.0;
    const double peak = r.hw->chip.peak_of(hw::Engine::tensor, hw::Dtype::bf16).value() * 8;
    CHECK(r.engine.prefill_time(l, 1).value() > flops / peak);
    // Decode at batch 64 costs far less than 64 steps at batch 1 (weights read once).
    CHECK(r.engine.decode_step(l, 64, 4096).value() < 8.0 * step.value());
}

TEST_CASE("Neuron runs requests at power-of-two length buckets", "[infer]") {
    auto hw = context().hardware("trn1.32xlarge", 16);
    REQUIRE(hw);
    const workload::Model& m = model("llama2-7b");
    const InferLayout l{16, 1, 1, 1};
    engine::InferOptions plain;
    plain.length_buckets = false;
    // A 100-token prompt is padded to the 128 bucket: its prefill is a 128-token prefill.
    const InferEngine padded(hw->chip, hw->system, m, job(100, 400), 16, *hw->network);
    const InferEngine exact(hw->chip, hw->system, m, job(128, 400), 16, *hw->network, plain);
    CHECK(padded.prefill_time(l, 1).value() == Approx(exact.prefill_time(l, 1).value()));
    CHECK(padded.prefill_time(l, 1) >
          InferEngine(hw->chip, hw->system, m, job(100, 400), 16, *hw->network, plain).prefill_time(l, 1));
    // Decode attention reads the bucket: positions 1000..1999 of a 2001-token maximum run 24
    // steps at the 1024 bucket and 976 at the last bucket, the maximum length itself (not
    // 2048), a mean KV length of 1978 against 1500 without buckets.
    const InferEngine b(hw->chip, hw->system, m, job(1000, 1001), 16, *hw->network);
    const InferEngine nb(hw->chip, hw->system, m, job(1000, 1001), 16, *hw->network, plain);
    CHECK(b.serve(l, 8).tpot > nb.serve(l, 8).tpot);
    CHECK(b.serve(l, 8).tpot.value() == Approx(nb.decode_step(l, 8, (24.0 * 1024 + 976.0 * 2001) / 1000).value()));
    // GPUs (TensorRT-LLM, vLLM) run exact lengths.
    auto gpu = context().hardware("dgx-h100", 8);
    const InferEngine g(gpu->chip, gpu->system, m, job(100, 400), 8, *gpu->network);
    const InferEngine g_plain(gpu->chip, gpu->system, m, job(100, 400), 8, *gpu->network, plain);
    CHECK(g.prefill_time({1, 1, 1, 1}, 1).value() == Approx(g_plain.prefill_time({1, 1, 1, 1}, 1).value()));
}

TEST_CASE("Neuron TP all-reduces span every NeuronCore of the group's chips", "[infer]") {
    // One Trn2 chip runs TP over its 4 logical cores: its decode pays on-chip all-reduces that
    // a GPU at tp 1 does not have.
    auto hw = context().hardware("trn2.48xlarge", 16);
    REQUIRE(hw);
    const InferEngine e(hw->chip, hw->system, model("llama3-8b"), job(128, 128), 16, *hw->network);
    const engine::ServingPoint p = e.serve({1, 1, 1, 1}, 1);
    // Two all-reduces per layer of 6 on-chip steps of 1.4 us each, at least.
    CHECK(p.decode.tp_comm.value() >= 32 * 2 * 6 * 1.4e-6);
}

TEST_CASE("precision paths: native, weight-only, or a clear error", "[infer]") {
    const workload::Model& m = model("llama3-70b");
    // trn2 has FP8 TensorE but no INT8 rate: INT8 weights run weight-only (dequantized),
    // with the memory and bandwidth of 1-byte weights.
    workload::InferJob i8 = job(2048, 512);
    i8.weight_dtype = hw::Dtype::int8;
    Rig q("trn2.48xlarge", 16, m, i8);
    Rig b("trn2.48xlarge", 16, m, job(2048, 512));
    REQUIRE(q.engine.job_issues().empty());
    CHECK(q.engine.weight_path() == engine::PrecisionPath::weight_only);
    const InferLayout l{16, 1, 1, 1};
    CHECK(q.engine.memory(l).weights.value() < 0.6 * b.engine.memory(l).weights.value());
    CHECK(q.engine.decode_step(l, 1, 2048) < b.engine.decode_step(l, 1, 2048));

    // No 4-bit path on Neuron: an error naming weight_dtype.
    workload::InferJob f4 = job(2048, 512);
    f4.weight_dtype = hw::Dtype::fp4;
    Rig n("trn2.48xlarge", 16, m, f4);
    REQUIRE_FALSE(n.engine.job_issues().empty());
    CHECK(n.engine.job_issues().front().column == "weight_dtype");
    // A GPU without FP4 runs 4-bit weights weight-only.
    Rig g("dgx-h100", 8, m, f4);
    CHECK(g.engine.job_issues().empty());
    CHECK(g.engine.weight_path() == engine::PrecisionPath::weight_only);

    // FP8 KV cache on a chip without FP8 is dequantized in the kernel; 4-bit KV is refused.
    workload::InferJob kv = job(2048, 512);
    kv.kv_dtype = hw::Dtype::fp8;
    Rig a100("dgx-a100-80g", 8, m, kv);
    CHECK(a100.engine.job_issues().empty());
    CHECK(a100.engine.kv_path() == engine::PrecisionPath::weight_only);
    kv.kv_dtype = hw::Dtype::mxfp4;
    Rig a100b("dgx-a100-80g", 8, m, kv);
    REQUIRE_FALSE(a100b.engine.job_issues().empty());
    CHECK(a100b.engine.job_issues().front().column == "kv_dtype");
}

TEST_CASE("evaluate_infer: regimes, search and bad input", "[infer]") {
    const auto& ctx = context();
    auto base = [](std::vector<std::pair<std::string, std::string>> extra) {
        std::vector<std::pair<std::string, std::string>> c{{"mode", "infer"},        {"system", "dgx-h100"},
                                                           {"chips", "8"},           {"model", "llama3-70b"},
                                                           {"input_len", "1000"},    {"output_len", "500"}};
        for (auto& e : extra) c.push_back(e);
        return scenario(c);
    };

    SECTION("max throughput: the KV pool's batch, layout searched, deployment figures") {
        engine::InferResult r = engine::evaluate_infer(ctx, base({{"weight_dtype", "fp8"}}));
        REQUIRE(r.status == engine::Status::ok);
        REQUIRE(r.best);
        CHECK(r.layouts > 1);
        const auto& p = *r.best;
        CHECK(p.point.batch == std::min(p.memory.max_batch, 2048));
        CHECK(p.tokens_per_s == Approx(p.point.tokens_per_s * p.layout.replicas));
        CHECK(p.tokens_per_s_per_chip == Approx(p.tokens_per_s / 8));
        CHECK(p.layout.tp * p.layout.pp * p.layout.replicas == 8);
        CHECK(p.memory.total() <= p.memory.capacity);
    }
    SECTION("batch given at a fixed layout") {
        engine::InferResult r =
            engine::evaluate_infer(ctx, base({{"tp", "8"}, {"pp", "1"}, {"ep", "1"}, {"batch", "16"}}));
        REQUIRE(r.best);
        CHECK(r.layouts == 1);
        CHECK(r.best->point.batch == 16);
        CHECK(r.best->layout.replicas == 1);
    }
    SECTION("SLOs: the largest batch meeting both") {
        engine::InferResult r = engine::evaluate_infer(
            ctx, base({{"tp", "8"}, {"pp", "1"}, {"ep", "1"}, {"ttft_slo_ms", "500"}, {"tpot_slo_ms", "40"}}));
        REQUIRE(r.best);
        CHECK(r.best->point.ttft <= milliseconds(500));
        CHECK(r.best->point.tpot <= milliseconds(40));
        CHECK(r.best->point.batch > 1);
    }
    SECTION("an SLO no batch meets is infeasible, with the best achievable figures") {
        engine::InferResult r = engine::evaluate_infer(ctx, base({{"ttft_slo_ms", "1"}, {"tpot_slo_ms", "1"}}));
        CHECK(r.status == engine::Status::infeasible);
        CHECK_FALSE(r.best);
        CHECK(r.message.find("ttft_slo_ms") != std::string::npos);
        CHECK(r.message.find("best achievable TTFT") != std::string::npos);
        CHECK(r.message.find("TPOT") != std::string::npos);
    }
    SECTION("a batch the KV cache cannot hold is infeasible") {
        engine::InferResult r = engine::evaluate_infer(ctx, base({{"tp", "8"}, {"pp", "1"}, {"ep", "1"}, {"batch", "100000"}}));
        CHECK(r.status == engine::Status::infeasible);
        CHECK(r.message.find("column batch") == 0);
    }
    SECTION("a layout that breaks a rule is an error naming the column") {
        engine::InferResult r = engine::evaluate_infer(ctx, base({{"tp", "3"}, {"pp", "1"}, {"ep", "1"}}));
        CHECK(r.status == engine::Status::error);
        CHECK(r.message.find("column tp") == 0);
        engine::InferResult e = engine::evaluate_infer(ctx, base({{"tp", "8"}, {"pp", "1"}, {"ep", "2"}}));
        CHECK(e.status == engine::Status::error);
        CHECK(e.message.find("column ep") == 0);
        engine::InferResult rep = engine::evaluate_infer(ctx, base({{"tp", "8"}, {"pp", "1"}, {"replicas", "2"}}));
        CHECK(rep.status == engine::Status::error);
        CHECK(rep.message.find("column replicas") == 0);
    }
    SECTION("a prompt longer than the context, batch 0, unknown dtype: errors naming the column") {
        engine::Scenario s = base({});
        s.infer.input_len = 9000;  // llama3-70b: 8192 tokens
        engine::InferResult r = engine::evaluate_infer(ctx, s);
        CHECK(r.status == engine::Status::error);
        CHECK(r.message.find("column input_len") == 0);
        engine::Scenario z = base({});
        z.infer.batch = 0;
        z.layout.batch = 0;
        engine::InferResult zr = engine::evaluate_infer(ctx, z);
        CHECK(zr.status == engine::Status::error);
        CHECK(zr.message.find("column batch") == 0);
        // The row parser refuses these before the engine sees them.
        std::vector<std::string> header{"id", "mode", "system", "chips", "model", "input_len", "output_len", "weight_dtype", "batch"};
        io::CsvRow row{"x", "infer", "dgx-h100", "8", "llama3-70b", "1000", "500", "fp5", "0"};
        io::ScenarioParse p = io::parse_scenario(io::RowView(header, row, 0), ctx.catalog());
        CHECK_FALSE(p.scenario);
        const std::string all = io::join_issues(p.issues);
        CHECK(all.find("column weight_dtype") != std::string::npos);
        CHECK(all.find("column batch") != std::string::npos);
    }
}

TEST_CASE("no NaN or zero figures at the edges", "[infer]") {
    const auto& ctx = context();
    struct Case {
        const char* system;
        const char* chips;
        const char* model;
        const char* isl;
        const char* osl;
        const char* batch;
    };
    const Case cases[] = {
        {"dgx-h100", "8", "llama3-8b", "1", "1", "1"},        {"dgx-h100", "8", "llama3-8b", "1", "2", ""},
        {"dgx-h100", "8", "llama3-8b", "8000", "1", ""},      {"trn2.48xlarge", "16", "llama3-70b", "1", "8000", "3"},
        {"trn1.32xlarge", "16", "llama2-7b", "4000", "96", ""}, {"dgx-h100", "8", "mixtral-8x7b", "2048", "256", ""},
        {"dgx-h100", "8", "mixtral-8x7b", "128", "128", "1"},  {"inf2.48xlarge", "12", "llama3-70b", "128", "128", "1"},
    };
    for (const auto& c : cases) {
        INFO(c.system << " " << c.model << " " << c.isl << "/" << c.osl << " batch " << c.batch);
        engine::InferResult r = engine::evaluate_infer(
            ctx, scenario({{"mode", "infer"}, {"system", c.system}, {"chips", c.chips}, {"model", c.model},
                           {"input_len", c.isl}, {"output_len", c.osl}, {"batch", c.batch}}));
        INFO(r.message);
        REQUIRE(r.status == engine::Status::ok);
        REQUIRE(finite(r.best->point));
        CHECK(std::isfinite(r.best->tokens_per_s));
        CHECK(std::isfinite(units::to_gib(r.best->memory.total())));
        if (std::string(c.osl) != "1") CHECK(r.best->point.tpot.value() > 0.0);
    }
}

TEST_CASE("MoE: expert parallelism inside the TP group reads only the experts a pass touches", "[infer]") {
    const workload::Model& m = model("mixtral-8x7b");
    Rig r("dgx-h100", 8, m, job(512, 512));
    REQUIRE(r.engine.check({8, 1, 8, 1}).empty());
    CHECK_FALSE(r.engine.check({8, 1, 3, 1}).empty());
    // Expert weights split 8 ways either way: same memory with ep 8 or expert TP 8.
    CHECK(r.engine.memory({8, 1, 8, 1}).weights.value() == Approx(r.engine.memory({8, 1, 1, 1}).weights.value()).epsilon(0.02));
    // A single decode token touches 2 of 8 experts, so batch 1 is far cheaper than batch 256.
    CHECK(r.engine.decode_step({8, 1, 8, 1}, 1, 768) < r.engine.decode_step({8, 1, 8, 1}, 256, 768));
}

TEST_CASE("a batch row in mode=infer fills the serving columns", "[infer]") {
    std::vector<std::string> header{"id", "mode", "system", "chips", "model", "input_len", "output_len", "tp", "batch"};
    io::CsvRow row{"r1", "infer", "trn2.48xlarge", "16", "llama3-70b", "2048", "256", "16", "4"};
    io::RowResult out = io::evaluate_row(context(), io::RowView(header, row, 0));
    INFO(out.message);
    REQUIRE(out.status == io::RowStatus::ok);
    std::map<std::string, std::string> cells(out.values.begin(), out.values.end());
    for (const char* col : {"used_tp", "used_pp", "used_ep", "used_batch", "used_replicas", "ttft_ms", "tpot_ms",
                            "tokens_per_s", "tokens_per_s_per_chip", "mem_gib_per_chip"}) {
        INFO(col);
        REQUIRE(cells.count(col));
        CHECK_FALSE(cells[col].empty());
    }
    CHECK(cells["used_tp"] == "16");
    CHECK(cells["used_batch"] == "4");
    CHECK(cells["used_replicas"] == "1");
    CHECK(std::stod(cells["tokens_per_s_per_chip"]) == Approx(std::stod(cells["tokens_per_s"]) / 16).epsilon(1e-4));
}
