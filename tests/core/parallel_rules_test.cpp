#include <catch2/catch.hpp>

#include <string>

#include "parallel/layout.h"
#include "parallel/rules.h"

using namespace rackplan::parallel;
using rackplan::workload::FfnActivation;
using rackplan::workload::FineTune;
using rackplan::workload::Model;
using rackplan::workload::TrainJob;

namespace {

Model gpt3() {
    Model m;
    m.layers = 96; m.hidden = 12288; m.heads = 96; m.kv_heads = 96; m.head_dim = 128;
    m.ffn = 4 * 12288; m.vocab = 51200;
    return m;
}

Model mixtral() {
    Model m;
    m.layers = 32; m.hidden = 4096; m.heads = 32; m.kv_heads = 8; m.head_dim = 128;
    m.ffn_act = FfnActivation::swiglu; m.vocab = 32000;
    m.experts = 8; m.experts_per_token = 2; m.expert_ffn = 14336;
    return m;
}

TrainJob job() {
    TrainJob j;
    j.seq_len = 2048;
    j.global_batch = 2048;
    return j;
}

Placement dgx(int chips) { return Placement{chips, 8, 8, false}; }

// GPT-3 on 1024 chips: tp 8, pp 8, dp 16, micro-batch 1: m = 128 micro-batches.
Layout good() {
    Layout l;
    l.tp = 8; l.pp = 8; l.dp = 16; l.sp = true; l.zero = 1; l.recompute = Recompute::selective;
    return l;
}

// The single reason a layout gets, or a failure naming all of them.
Reason only(const Model& m, const TrainJob& j, const Layout& l, const Placement& p) {
    const Reasons r = check_layout(m, j, l, p);
    std::string all;
    for (const Reason& x : r) all += x.column + ": " + x.message + "\n";
    INFO(all);
    REQUIRE(r.size() == 1);
    return r.front();
}

}  // namespace

TEST_CASE("recompute names round-trip", "[parallel][layout]") {
    for (Recompute r : {Recompute::none, Recompute::selective, Recompute::full})
        CHECK(recompute_from(to_string(r)) == r);
    CHECK_FALSE(recompute_from("partial").has_value());
    CHECK(sizeof(Layout) <= 32);
}

TEST_CASE("a sound layout has no reasons", "[parallel][rules]") {
    CHECK(check_layout(gpt3(), job(), good(), dgx(1024)).empty());
    CHECK(violations(gpt3(), job(), good(), dgx(1024)) == 0);
    CHECK(good().micro_batches(2048) == 128);
}

TEST_CASE("every divisibility and placement rule names its column", "[parallel][rules]") {
    const Model g = gpt3();
    const TrainJob j = job();
    Layout l = good();

    SECTION("tp·pp·dp·cp must equal chips") {
        const Reason r = only(g, j, l, dgx(2048));
        CHECK(r.column == "chips");
        CHECK(r.message == "tp·pp·dp·cp = 8·8·16·1 = 1024 differs from chips 2048");
    }
    SECTION("chips are whole nodes or one partial node") {
        l.dp = 1; l.pp = 1; l.tp = 4;
        CHECK(check_layout(g, j, l, dgx(4)).empty());  // half a node is fine
        Layout l12 = l;
        l12.tp = 4; l12.dp = 3;
        const Reasons r = check_layout(g, j, l12, dgx(12));
        REQUIRE_FALSE(r.empty());
        CHECK(r.front().column == "chips");
        CHECK(r.front().message.find("whole nodes of 8") != std::string::npos);
    }
    SECTION("tp divides heads") {
        Model m = g;
        m.heads = 100; m.kv_heads = 4;
        const Reason r = only(m, j, l, dgx(1024));
        CHECK(r.column == "tp");
        CHECK(r.message == "tp 8 does not divide heads 100");
    }
    SECTION("tp divides kv_heads or is a multiple of it") {
        Model m = mixtral();
        m.heads = 48; m.kv_heads = 12;  // tp 8: neither 12 % 8 nor 8 % 12
        Layout x = l;
        x.ep = 1;
        const Reason r = only(m, j, x, dgx(1024));
        CHECK(r.column == "tp");
        CHECK(r.message.find("kv_heads 12") != std::string::npos);
        m.kv_heads = 4;  // tp 8 is a multiple of 4: K/V heads replicate
        CHECK(check_layout(m, j, x, dgx(1024)).empty());
    }
    SECTION("tp divides ffn") {
        Model m = g;
        m.ffn = 49156;
        const Reason r = only(m, j, l, dgx(1024));
        CHECK(r.column == "tp");
        CHECK(r.message == "tp 8 does not divide ffn 49156");
    }
    SECTION("tp stays inside the scale-up domain unless allowed") {
        l.tp = 16; l.dp = 8;
        const Reason r = only(g, j, l, dgx(1024));
        CHECK(r.column == "tp");
        CHECK(r.message == "tp 16 exceeds the scale-up domain of 8 chips");
        Placement p = dgx(1024);
        p.allow_tp_across_domain = true;
        CHECK(check_layout(g, j, l, p).empty());
        // A 72-chip domain is not tiled by TP groups of 16.
        const Reason r72 = only(g, j, l, Placement{1024, 4, 72, false});
        CHECK(r72.message.find("span two domains") != std::string::npos);
    }
    SECTION("pp divides layers") {
        l.pp = 64; l.dp = 2;  // m = 1024 micro-batches
        const Reason r = only(g, j, l, dgx(1024));
        CHECK(r.column == "pp");
        CHECK(r.message == "pp 64 does not divide layers 96");
    }
    SECTION("vpp needs pp > 1") {
        l.pp = 1; l.dp = 128; l.vpp = 2;
        const Reason r = only(g, j, l, dgx(1024));
        CHECK(r.column == "vpp");
        CHECK(r.message == "vpp 2 (interleaving) needs pp > 1");
    }
    SECTION("pp·vpp divides layers") {
        l.vpp = 5;
        const Reason r = only(g, j, l, dgx(1024));
        CHECK(r.column == "vpp");
        CHECK(r.message == "layers 96 are not divisible by pp·vpp = 8·5 = 40");
    }
    SECTION("cp needs seq_len divisible by 2·cp") {
        TrainJob j2 = j;
        j2.seq_len = 2052;  // divisible by 4 (tp 8 with SP needs 2052/2 % 8: fails too, so drop SP)
        l.cp = 2; l.dp = 8; l.sp = false;
        CHECK(check_layout(g, j2, l, dgx(1024)).empty());
        l.cp = 4; l.dp = 4;
        const Reason r = only(g, j2, l, dgx(1024));
        CHECK(r.column == "cp");
        CHECK(r.message.find("2·cp = 8") != std::string::npos);
    }
    SECTION("ep needs an MoE model") {
        l.ep = 2;
        const Reason r = only(g, j, l, dgx(1024));
        CHECK(r.column == "ep");
        CHECK(r.message == "ep 2 needs an MoE model (experts = 0)");
    }
    SECTION("ep divides experts") {
        l.ep = 16;
        const Reason r = only(mixtral(), j, l, dgx(1024));
        CHECK(r.column == "ep");
        CHECK(r.message == "ep 16 does not divide experts 8");
    }
    SECTION("ep divides dp·cp") {
        Layout x;
        x.tp = 8; x.pp = 4; x.dp = 2; x.ep = 4;  // 64 chips
        const Reason r = only(mixtral(), j, x, dgx(64));
        CHECK(r.column == "ep");
        CHECK(r.message == "ep 4 does not divide dp·cp = 2 (EP sub-divides the data-parallel ranks)");
        x.cp = 2; x.dp = 1;
        x.ep = 2;
        CHECK(check_layout(mixtral(), j, x, dgx(64)).empty());
    }
    SECTION("sp needs tp > 1") {
        l.tp = 1; l.dp = 128;
        const Reason r = only(g, j, l, dgx(1024));
        CHECK(r.column == "sp");
        CHECK(r.message == "sp (sequence parallelism) needs tp > 1");
    }
    SECTION("sp needs the sequence shard divisible by tp") {
        TrainJob j2 = j;
        j2.seq_len = 2044;  // 2044 % 8 != 0
        const Reason r = only(g, j2, l, dgx(1024));
        CHECK(r.column == "sp");
        CHECK(r.message == "sp needs seq_len/cp = 2044/1 divisible by tp 8");
    }
    SECTION("zero is 0-3") {
        l.zero = 4;
        const Reason r = only(g, j, l, dgx(1024));
        CHECK(r.column == "zero");
        CHECK(r.message == "zero must be 0, 1, 2 or 3, got 4");
    }
    SECTION("dp divides global_batch") {
        TrainJob j2 = j;
        j2.global_batch = 2040;
        const Reason r = only(g, j2, l, dgx(1024));
        CHECK(r.column == "dp");
        CHECK(r.message == "dp 16 does not divide global_batch 2040");
    }
    SECTION("dp·micro_batch divides global_batch") {
        l.micro_batch = 3;
        const Reason r = only(g, j, l, dgx(1024));
        CHECK(r.column == "micro_batch");
        CHECK(r.message == "global_batch 2048 is not divisible by dp·micro_batch = 16·3 = 48");
    }
    SECTION("1F1B needs m >= pp") {
        l.micro_batch = 32;  // m = 2048/(16·32) = 4 < 8
        const Reason r = only(g, j, l, dgx(1024));
        CHECK(r.column == "micro_batch");
        CHECK(r.message.find("m = global_batch/(dp·micro_batch) = 4") != std::string::npos);
        CHECK(r.message.find("below pp 8") != std::string::npos);
    }
    SECTION("interleaving needs m % pp == 0") {
        TrainJob j2 = j;
        j2.global_batch = 16 * 12;  // m = 12, not a multiple of pp 8
        l.vpp = 2;
        const Reason r = only(g, j2, l, dgx(1024));
        CHECK(r.column == "micro_batch");
        CHECK(r.message == "interleaving (vpp 2) needs m = 12 micro-batches to be a multiple of pp 8");
    }
    SECTION("sizes are positive integers, each column named") {
        l.cp = 0; l.micro_batch = -1;
        const Reasons r = check_layout(g, j, l, dgx(1024));
        REQUIRE(r.size() == 2);
        CHECK(r[0].column == "cp");
        CHECK(r[1].column == "micro_batch");
        CHECK(r[1].message == "micro_batch must be a positive integer, got -1");
    }
    SECTION("job columns") {
        TrainJob j2 = j;
        j2.fine_tune = FineTune::lora;
        j2.lora_rank = 0;
        const Reason r = only(g, j2, l, dgx(1024));
        CHECK(r.column == "lora_rank");
        j2 = j;
        j2.seq_len = 0;
        const Reasons rs = check_layout(g, j2, l, dgx(1024));
        REQUIRE_FALSE(rs.empty());
        CHECK(rs.front().column == "seq_len");
    }
}

TEST_CASE("placement comes from the system's node and domain", "[parallel][rules]") {
    rackplan::hw::SystemSpec s;
    s.chips_per_node = 16;
    s.nodes_per_domain = 4;  // a 64-chip UltraServer
    const Placement p = placement_for(s, 256);
    CHECK(p.chips == 256);
    CHECK(p.chips_per_node == 16);
    CHECK(p.chips_per_domain == 64);
    CHECK(rule::tp_domain(p, 64));
    CHECK_FALSE(rule::tp_domain(p, 128));
}
