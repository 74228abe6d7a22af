#include <catch2/catch.hpp>

#include <cmath>

#include "engine/evaluate.h"
#include "io/scenario_row.h"
#include "io/seed.h"

using namespace rackplan;

namespace {

const engine::EvaluationContext& context() {
    static const engine::EvaluationContext ctx(io::load_seed_catalog().parse.catalog);
    return ctx;
}

io::ScenarioParse parse(std::vector<std::pair<std::string, std::string>> cells) {
    std::vector<std::string> header{"id"};
    io::CsvRow row{"t"};
    for (auto& [k, v] : cells) {
        header.push_back(k);
        row.push_back(v);
    }
    return io::parse_scenario(io::RowView(header, row, 2), context().catalog());
}

engine::TrainResult run(std::vector<std::pair<std::string, std::string>> cells) {
    auto p = parse(std::move(cells));
    INFO(io::join_issues(p.issues));
    REQUIRE(p.scenario);
    engine::EvaluateOptions o;
    o.threads = 2;
    return engine::evaluate_train(context(), *p.scenario, o);
}

using Cells = std::vector<std::pair<std::string, std::string>>;

Cells llama8b_fixed(const std::string& chips, const std::string& dp) {
    return {{"mode", "train"}, {"system", "dgx-h100"}, {"chips", chips}, {"model", "llama3-8b"},
            {"seq_len", "4096"}, {"global_batch", "256"}, {"micro_batch", "1"}, {"tp", "1"}, {"pp", "1"},
            {"dp", dp}, {"cp", "1"}, {"ep", "1"}, {"vpp", "1"}, {"sp", "0"}, {"zero", "1"}, {"recompute", "none"}};
}

}  // namespace

TEST_CASE("engine: the breakdown adds up to the step and nothing is NaN", "[engine]") {
    auto r = run({{"mode", "train"}, {"system", "dgx-h100"}, {"chips", "64"}, {"model", "llama2-13b"},
                  {"seq_len", "4096"}, {"global_batch", "128"}, {"tp", "2"}, {"pp", "4"}});
    INFO(r.message);
    REQUIRE(r.status == engine::Status::ok);
    const auto& p = *r.best;
    const auto& b = p.breakdown;
    double parts = b.compute.value() + b.exposed.total().value() + b.bubble.value() + b.optimizer.value();
    CHECK(parts == Approx(b.step.value()).epsilon(1e-9));
    for (double v : {b.step.value(), p.tokens_per_s, p.mfu, p.hfu, p.model_tflops_per_chip,
                     units::to_gib(p.memory.total())})
        CHECK(std::isfinite(v));
    CHECK(p.mfu > 0.2);
    CHECK(p.mfu < 0.9);  // never at peak
    CHECK(p.layout.tp == 2);
    CHECK(p.layout.pp == 4);
    CHECK(b.bubble.value() > 0);  // pp > 1 has a bubble
    CHECK(p.memory.total() <= p.hbm_capacity);
}

TEST_CASE("engine: data parallel scaling keeps per-chip throughput, raises the total", "[engine]") {
    auto small = run(llama8b_fixed("64", "64"));
    auto big = run(llama8b_fixed("128", "128"));
    REQUIRE(small.best);
    REQUIRE(big.best);
    CHECK(big.best->tokens_per_s > 1.6 * small.best->tokens_per_s);
    CHECK(big.best->tokens_per_s / 128 <= small.best->tokens_per_s / 64 * 1.001);
}

TEST_CASE("engine: the search is exhaustive, deterministic and beats a fixed layout", "[engine][search]") {
    Cells cells{{"mode", "train"}, {"system", "dgx-h100"}, {"chips", "64"}, {"model", "llama2-13b"},
                {"seq_len", "4096"}, {"global_batch", "128"}};
    auto a = run(cells);
    auto b = run(cells);
    REQUIRE(a.best);
    REQUIRE(a.search);
    CHECK(a.search->counts.space > a.search->counts.valid);
    CHECK(a.search->evaluated == a.search->counts.valid);
    CHECK(a.best->layout == b.best->layout);
    CHECK(a.best->breakdown.step == b.best->breakdown.step);
    Cells fixed = cells;
    for (auto kv : Cells{{"tp", "8"}, {"pp", "8"}, {"dp", "1"}, {"cp", "1"}, {"ep", "1"}, {"vpp", "1"}, {"sp", "1"},
                         {"zero", "0"}, {"recompute", "full"}, {"micro_batch", "1"}})
        fixed.push_back(kv);
    auto f = run(fixed);
    REQUIRE(f.best);
    CHECK(a.best->breakdown.step <= f.best->breakdown.step);
}

TEST_CASE("engine: recompute costs time, selective less than full", "[engine]") {
    Cells base{{"mode", "train"}, {"system", "dgx-a100-80g"}, {"chips", "8"}, {"model", "llama2-7b"},
               {"seq_len", "2048"}, {"global_batch", "8"}, {"micro_batch", "1"}, {"tp", "8"}, {"pp", "1"},
               {"dp", "1"}, {"cp", "1"}, {"ep", "1"}, {"vpp", "1"}, {"sp", "1"}, {"zero", "0"}};
    auto with = [&](const char* rc) {
        Cells c = base;
        c.push_back({"recompute", rc});
        return run(c);
    };
    auto none = with("none"), full = with("full");
    REQUIRE(none.best);
    REQUIRE(full.best);
    CHECK(full.best->breakdown.step > none.best->breakdown.step * 1.15);
    CHECK(full.best->hfu > full.best->mfu);
    CHECK(full.best->memory.activations < none.best->memory.activations);
}

TEST_CASE("engine: bad layouts name their column, memory is infeasible with numbers", "[engine]") {
    Cells c = llama8b_fixed("64", "64");
    // tp 3 divides no head count.
    for (auto& kv : c)
        if (kv.first == "tp") kv.second = "3";
    auto r = run(c);
    CHECK(r.status == engine::Status::error);
    CHECK(r.message.find("column tp") != std::string::npos);

    Cells gb = llama8b_fixed("64", "64");
    for (auto& kv : gb)
        if (kv.first == "global_batch") kv.second = "100";  // not divisible by dp·micro_batch
    auto g = run(gb);
    CHECK(g.status == engine::Status::error);
    CHECK(g.message.find("column") != std::string::npos);

    auto fp8 = run({{"mode", "train"}, {"system", "dgx-a100-80g"}, {"chips", "8"}, {"model", "llama2-7b"},
                    {"seq_len", "2048"}, {"global_batch", "8"}, {"dtype", "fp8"}});
    CHECK(fp8.status == engine::Status::error);
    CHECK(fp8.message.find("column dtype") != std::string::npos);
    CHECK(fp8.message.find("a100-sxm-80g has no fp8") != std::string::npos);

    // 405B on one 8-GPU node cannot fit whatever the layout.
    auto big = run({{"mode", "train"}, {"system", "dgx-h100"}, {"chips", "8"}, {"model", "llama3.1-405b"},
                    {"seq_len", "8192"}, {"global_batch", "16"}});
    CHECK(big.status == engine::Status::infeasible);
    CHECK(big.message.find("HBM") != std::string::npos);

    auto fixed_big = run({{"mode", "train"}, {"system", "dgx-h100"}, {"chips", "8"}, {"model", "llama3-70b"},
                          {"seq_len", "8192"}, {"global_batch", "8"}, {"micro_batch", "1"}, {"tp", "8"}, {"pp", "1"},
                          {"dp", "1"}, {"cp", "1"}, {"ep", "1"}, {"vpp", "1"}, {"sp", "1"}, {"zero", "0"},
                          {"recompute", "none"}});
    CHECK(fixed_big.status == engine::Status::infeasible);
    CHECK(fixed_big.message.find("GiB") != std::string::npos);
}

TEST_CASE("engine: partial nodes and chip counts are checked", "[engine]") {
    auto r = run({{"mode", "train"}, {"system", "dgx-h100"}, {"chips", "12"}, {"model", "llama3-8b"},
                  {"seq_len", "4096"}, {"global_batch", "48"}});
    CHECK(r.status == engine::Status::error);
    CHECK(r.message.find("column chips") != std::string::npos);
}

TEST_CASE("engine: MoE training uses expert parallelism and all-to-all", "[engine][moe]") {
    auto r = run({{"mode", "train"}, {"system", "dgx-h100"}, {"chips", "64"}, {"model", "mixtral-8x7b"},
                  {"seq_len", "4096"}, {"global_batch", "256"}, {"ep", "8"}, {"tp", "1"}});
    INFO(r.message);
    REQUIRE(r.best);
    CHECK(r.best->layout.ep == 8);
    CHECK(r.best->breakdown.exposed.ep.value() >= 0.0);
    CHECK(std::isfinite(r.best->breakdown.step.value()));
}

TEST_CASE("engine: a block is a DAG with its blocking collectives, the parts are its critical path",
          "[engine][graph]") {
    auto p = parse({{"mode", "train"}, {"system", "dgx-h100"}, {"chips", "8"}, {"model", "llama3-8b"},
                    {"seq_len", "4096"}, {"global_batch", "64"}});
    REQUIRE(p.scenario);
    const engine::Scenario& s = *p.scenario;
    auto hw = context().hardware(s.system, s.chips);
    REQUIRE(hw);
    engine::TrainEngine eng(hw->chip, hw->system, s.model, s.train, s.chips, *hw->network,
                            engine::engine_options_for(context(), s));
    parallel::Layout l;
    l.tp = 4;
    l.dp = 2;
    l.sp = true;
    l.recompute = parallel::Recompute::full;
    auto bt = eng.block_times(l, false);
    int tp_items = 0;
    for (const auto& item : bt->unit.items) tp_items += item.kind == graph::Kind::tp;
    CHECK(tp_items == 4);  // f and g around attention and around the FFN
    // Every kernel is on the path once per phase (full recompute: the forward twice) and the
    // blocking TP collectives are exposed in full: 2 + 2 forward, 2 + 2 recomputed, 2 + 2 backward.
    CHECK(bt->compute.value() == Approx((bt->fwd + bt->recompute + bt->bwd).value()).epsilon(1e-12));
    double tp = 0;
    for (const auto& item : bt->unit.items)
        if (item.kind == graph::Kind::tp) tp += 2 * item.forward.value() + item.backward.value();
    CHECK(bt->tp_comm.value() == Approx(tp).epsilon(1e-12));
    CHECK(bt->tp_comm.value() > 0);
    // The vocabulary-parallel all-reduces are TP communication of the embedding and head units.
    CHECK(bt->embed_tp.value() > 0);
    CHECK(bt->head_tp.value() > 0);
    // The expanded micro-batch (pp = 1: embedding, 32 blocks, head) is the composition.
    graph::CriticalPath mb = eng.micro_batch_graph(l).critical_path();
    const double composed =
        ((bt->compute + bt->tp_comm) * 32.0 + bt->embed_compute + bt->embed_tp + bt->head_compute + bt->head_tp)
            .value();
    CHECK(mb.total.value() == Approx(composed).epsilon(1e-9));
    auto o = eng.evaluate(l);
    REQUIRE(o.performance);
    CHECK(o.performance->breakdown.exposed.tp.value() ==
          Approx(mb.of(graph::Kind::tp).value() * o.performance->micro_batches).epsilon(1e-9));
}
