#include <catch2/catch.hpp>

#include "parallel/memory.h"
#include "parallel/rules.h"
#include "parallel/stages.h"

using namespace rackplan::parallel;
using rackplan::units::Bytes;
using rackplan::units::gibibytes;
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

// A toy GPT small enough to work by hand.
Model toy() {
    Model m;
    m.layers = 4; m.hidden = 1024; m.heads = 8; m.kv_heads = 8; m.head_dim = 128;
    m.ffn = 4096; m.ffn_act = FfnActivation::gelu; m.vocab = 32000;
    return m;
}

TrainJob job(int seq, int global_batch) {
    TrainJob j;
    j.seq_len = seq;
    j.global_batch = global_batch;
    return j;
}

Layout layout(int tp, bool sp, Recompute r, int mb = 1) {
    Layout l;
    l.tp = tp; l.sp = sp; l.recompute = r; l.micro_batch = mb;
    return l;
}

// Toy on 8 chips: tp 2 (SP), pp 2, dp 2, ZeRO-1, micro-batch 2, seq 1024, global batch 16.
Layout toy_layout() {
    Layout l;
    l.tp = 2; l.pp = 2; l.dp = 2; l.sp = true; l.zero = 1; l.micro_batch = 2;
    return l;
}

}  // namespace

TEST_CASE("activations per block reproduce Korthikanti et al. (materialised attention, dropout)",
          "[parallel][memory]") {
    MemoryOptions o;
    o.attention = AttentionActivations::materialized;
    o.dropout = true;
    const MemoryModel mm(gpt3(), job(2048, 8), o);
    // s·b·h = 2048·1·12288 = 25,165,824; t = 8; 5·a·s/(h·t) = 5·96·2048/(12288·8) = 10.
    const double sbh = 2048.0 * 12288;
    // TP without SP: s·b·h·(10 + 24/t + 5·a·s/(h·t)) = sbh·23.
    CHECK(mm.block_activations(false, layout(8, false, Recompute::none)).value() == Approx(sbh * 23));
    // TP with SP: s·b·h·(34/t + 5·a·s/(h·t)) = sbh·14.25.
    CHECK(mm.block_activations(false, layout(8, true, Recompute::none)).value() == Approx(sbh * 14.25));
    // Selective recompute with SP: s·b·h·34/t.
    CHECK(mm.block_activations(false, layout(8, true, Recompute::selective)).value() == Approx(sbh * 34 / 8));
    // Selective without SP: s·b·h·(10 + 24/t).
    CHECK(mm.block_activations(false, layout(8, false, Recompute::selective)).value() == Approx(sbh * 13));
    // Full recompute: the block input 2·s·b·h, divided by t with SP.
    CHECK(mm.block_activations(false, layout(8, true, Recompute::full)).value() == Approx(2 * sbh / 8));
    CHECK(mm.block_activations(false, layout(8, false, Recompute::full)).value() == Approx(2 * sbh));
    // No parallelism: s·b·h·(34 + 5·a·s/h) = sbh·(34 + 80).
    CHECK(mm.block_activations(false, layout(1, false, Recompute::none)).value() == Approx(sbh * 114));
    // Micro-batch 4 scales linearly.
    CHECK(mm.block_activations(false, layout(8, true, Recompute::none, 4)).value() == Approx(4 * sbh * 14.25));
}

TEST_CASE("flash attention stores no scores: 32·s·b·h/t plus the fp32 log-sum-exp", "[parallel][memory]") {
    const MemoryModel mm(gpt3(), job(2048, 8));
    // Per token: norms and GEMM inputs 8h (SP-sharded), Q K V O 8h/t, FFN 16h/t, lse 4·a/t bytes.
    const double expect = 2048.0 * (32.0 * 12288 + 4.0 * 96) / 8;
    CHECK(mm.block_activations(false, layout(8, true, Recompute::none)).value() == Approx(expect));
    CHECK(mm.block_activations(false, layout(8, true, Recompute::selective)).value() == Approx(expect));
}

TEST_CASE("micro-batches in flight: 1F1B and interleaved", "[parallel][memory]") {
    Layout l;
    l.pp = 8;
    CHECK(MemoryModel::in_flight(l, 0, 64) == 8.0);
    CHECK(MemoryModel::in_flight(l, 7, 64) == 1.0);
    CHECK(MemoryModel::in_flight(l, 0, 4) == 4.0);  // never more than the step has
    l.vpp = 4;
    // p·(1 + (p−1)/(p·v)) = 8·(1 + 7/32) = 9.75 on rank 0.
    CHECK(MemoryModel::in_flight(l, 0, 64) == Approx(9.75));
    CHECK(MemoryModel::in_flight(l, 7, 64) == Approx((3.0 * 8 + 1) / 4));
    l.pp = 1; l.vpp = 1;
    CHECK(MemoryModel::in_flight(l, 0, 64) == 1.0);
}

TEST_CASE("hand-worked memory of a toy model on 8 chips", "[parallel][memory]") {
    const MemoryModel mm(toy(), job(1024, 16));
    const Layout l = toy_layout();
    REQUIRE(check_layout(toy(), job(1024, 16), l, Placement{8, 8, 8, false}).empty());

    // Parameters per chip (tp 2): attention 2·1024·1024/2 + 2·1024·(8/2 heads·128) = 2,097,152;
    // norms 2·1024 = 2,048; GELU FFN 2·1024·4096/2 = 4,194,304 -> 6,293,504 per block, 2 blocks
    // per stage = 12,587,008. Rank 0 adds the embedding 16000·1024 = 16,384,000 -> 28,971,008;
    // rank 1 adds the final norm 1,024 and the untied LM head 16,384,000 -> 28,972,032.
    // ZeRO-1 over dp·cp = 2: 2 + 2 + 12/2 bytes per parameter.
    const MemoryBreakdown r0 = mm.at_rank(l, 0);
    CHECK(r0.weights.value() == 2.0 * 28'971'008);
    CHECK(r0.gradients.value() == 2.0 * 28'971'008);
    CHECK(r0.optimizer.value() == 6.0 * 28'971'008);
    const MemoryBreakdown r1 = mm.at_rank(l, 1);
    CHECK(r1.weights.value() == 57'944'064.0);
    CHECK(r1.optimizer.value() == 173'832'192.0);

    // Activations, flash, bf16: T = 2·1024 = 2,048 tokens, 1,024 per SP shard.
    // SP-sharded: (2 + 2 + 2 + 2)·1024 = 8,192 B per shard token -> 8,388,608.
    // TP-split per token: Q, O 2·2·512 + K, V 2·2·4·128 = 4,096; lse 4·8/2 = 16; FFN 2·2·2048
    // = 8,192 -> 12,304 B -> 25,198,592. One block, one micro-batch: 33,587,200.
    CHECK(mm.block_activations(false, l).value() == 33'587'200.0);
    // m = 16/(2·2) = 4. Rank 0 holds min(pp, m) = 2 micro-batches of 2 blocks: 134,348,800.
    CHECK(r0.activations.value() == 134'348'800.0);
    // Rank 1 holds 1, plus the final-norm and LM-head inputs 2·2·1024·1024: 71,368,704.
    CHECK(r1.activations.value() == 71'368'704.0);

    // Temporaries: twice the largest block tensor, the FFN up output 2048·2048·2 B = 8,388,608
    // -> 16,777,216; rank 1 adds fp32 logits 4·2048·16000 = 131,072,000 -> 147,849,216.
    CHECK(r0.temporaries.value() == 16'777'216.0);
    CHECK(r1.temporaries.value() == 147'849'216.0);

    // Reserve: 2 GiB + 5 % of the rest. Rank 1: rest = 115,888,128 + 173,832,192 + 71,368,704
    // + 147,849,216 = 508,938,240; reserve 2,147,483,648 + 25,446,912 = 2,172,930,560;
    // total 2,681,868,800. Rank 0: rest 440,836,096 -> total 2,610,361,548.8.
    CHECK(r1.reserve.value() == Approx(2'172'930'560.0));
    CHECK(r1.total().value() == Approx(2'681'868'800.0));
    CHECK(r0.total().value() == Approx(2'610'361'548.8));
    const MemoryBreakdown peak = mm.peak(l);
    CHECK(peak.pipeline_rank == 1);
    CHECK(peak.total().value() == Approx(2'681'868'800.0));
}

TEST_CASE("ZeRO stages and optimizer recipes", "[parallel][memory]") {
    Layout l = toy_layout();
    const double params = 28'972'032;  // rank 1 per chip, see the hand-worked case
    const MemoryModel mixed(toy(), job(1024, 16));
    for (int z = 0; z <= 3; ++z) {
        l.zero = static_cast<std::int8_t>(z);
        const MemoryBreakdown b = mixed.at_rank(l, 1);
        CHECK(b.weights.value() == Approx(params * 2 / (z >= 3 ? 2 : 1)));
        CHECK(b.gradients.value() == Approx(params * 2 / (z >= 2 ? 2 : 1)));
        CHECK(b.optimizer.value() == Approx(params * 12 / (z >= 1 ? 2 : 1)));
    }
    // ZeRO-3 temporaries add one block of gradients and two blocks of gathered weights.
    l.zero = 3;
    CHECK(mixed.at_rank(l, 1).temporaries.value() == Approx(147'849'216.0 + 6'293'504.0 * 2 + 2 * 6'293'504.0 * 2));
    l.zero = 0;
    MemoryOptions sr;
    sr.optimizer = OptimizerRecipe::bf16_stochastic_rounding;
    const MemoryModel bf16(toy(), job(1024, 16), sr);
    CHECK(bf16.at_rank(l, 1).states().value() == Approx(params * (2 + 2 + 8)));
    CHECK(mixed.at_rank(l, 1).states().value() == Approx(params * (2 + 2 + 12)));
    TrainJob fp32 = job(1024, 16);
    fp32.dtype = rackplan::hw::Dtype::fp32;
    CHECK(MemoryModel(toy(), fp32).at_rank(l, 1).states().value() == Approx(params * (4 + 4 + 8)));
}

TEST_CASE("LoRA keeps frozen weights only, adapters carry gradients and optimizer states", "[parallel][memory][lora]") {
    TrainJob j = job(1024, 16);
    j.fine_tune = FineTune::lora;
    j.lora_rank = 8;
    const MemoryModel mm(toy(), j);
    // Adapters per chip and block (tp 2): attention 3·8·1024 + 8·(512 + 2·512) + 8·512 + 8·1024
    // = 49,152; GELU FFN 8·1024 + 8·2048 + 8·2048 + 8·1024 = 49,152 -> 98,304; 2 blocks 196,608.
    const MemoryBreakdown b = mm.at_rank(toy_layout(), 1);
    CHECK(b.weights.value() == Approx((28'972'032.0 + 196'608) * 2));
    CHECK(b.gradients.value() == Approx(196'608.0 * 2));
    CHECK(b.optimizer.value() == Approx(196'608.0 * 12 / 2));
}

TEST_CASE("over capacity is infeasible with the numbers in the reason", "[parallel][memory]") {
    const MemoryModel mm(toy(), job(1024, 16));
    const MemoryCheck c = check_memory(mm, toy_layout(), gibibytes(2));
    CHECK_FALSE(c.fits);
    const auto r = memory_reason(c);
    REQUIRE(r.has_value());
    CHECK(r->column.empty());
    CHECK(r->message ==
          "needs 2.5 GiB per chip (pipeline rank 1): weights 0.1, gradients 0.1, optimizer 0.2, "
          "activations 0.1, temporaries 0.1, reserve 2.0 GiB > 2.0 GiB HBM");
    const MemoryCheck ok = check_memory(mm, toy_layout(), gibibytes(80));
    CHECK(ok.fits);
    CHECK_FALSE(memory_reason(ok).has_value());

    // GPT-3 175B without ZeRO on 32 chips cannot fit 80 GiB: states alone are 16 B per
    // parameter, 16·174.6e9/32 = 87.3e9 B = 81.3 GiB.
    const MemoryModel big(gpt3(), job(2048, 2048));
    Layout l;
    l.tp = 8; l.pp = 4; l.sp = true; l.recompute = Recompute::full;
    const MemoryCheck g = check_memory(big, l, gibibytes(80));
    CHECK_FALSE(g.fits);
    CHECK(g.need.states().value() > 16.0 * 174e9 / 32);
    // Sharding the optimizer over dp 8 (256 chips) brings it back under the capacity.
    l.dp = 8; l.zero = 1;
    CHECK(check_memory(big, l, gibibytes(80)).fits);
    CHECK(memory_reason(g)->message.find("> 80.0 GiB HBM") != std::string::npos);
}

TEST_CASE("the memory lower bound never exceeds the peak", "[parallel][memory]") {
    Model moe;
    moe.layers = 12; moe.hidden = 2048; moe.heads = 16; moe.kv_heads = 4; moe.head_dim = 128;
    moe.ffn = 8192; moe.ffn_act = FfnActivation::swiglu; moe.vocab = 50000;
    moe.experts = 16; moe.experts_per_token = 2; moe.expert_ffn = 1024; moe.shared_experts = 1;
    moe.dense_layers = 3;
    int checked = 0;
    for (const Model& m : {toy(), moe, gpt3()}) {
        for (FineTune ft : {FineTune::full, FineTune::lora}) {
            TrainJob j = job(2048, 64);
            j.fine_tune = ft;
            const MemoryModel mm(m, j);
            for (int tp : {1, 2, 4})
                for (int pp : {1, 2, 3, 4})
                    for (int vpp : {1, 2})
                        for (int dp : {1, 2, 4})
                            for (int ep : {1, 2})
                                for (int z = 0; z <= 3; ++z)
                                    for (Recompute r : {Recompute::none, Recompute::full}) {
                                        if (m.layers % (pp * vpp) != 0 || (vpp > 1 && pp == 1) || dp % ep != 0)
                                            continue;
                                        if (!m.is_moe() && ep > 1) continue;
                                        Layout l;
                                        l.tp = tp; l.pp = pp; l.vpp = vpp; l.dp = dp; l.ep = ep;
                                        l.zero = static_cast<std::int8_t>(z); l.recompute = r;
                                        CHECK(mm.lower_bound(l) <= mm.peak(l).total());
                                        // The peak is the worst rank.
                                        for (int rank = 0; rank < pp; ++rank)
                                            CHECK(mm.at_rank(l, rank).total() <= mm.peak(l).total());
                                        ++checked;
                                    }
        }
    }
    CHECK(checked > 500);
}

TEST_CASE("HBM capacity: the system override wins over the chip", "[parallel][memory]") {
    rackplan::hw::ChipSpec chip;
    chip.hbm_capacity = gibibytes(80);
    rackplan::hw::SystemSpec sys;
    CHECK(hbm_capacity(chip, sys) == gibibytes(80));
    sys.hbm_capacity_override = gibibytes(96);
    CHECK(hbm_capacity(chip, sys) == gibibytes(96));
}

TEST_CASE("blocks per pipeline rank, interleaved, with leading dense blocks", "[parallel][memory]") {
    Layout l;
    l.pp = 4; l.vpp = 2;  // 16 layers: 8 chunks of 2; rank 0 holds chunks 0 and 4 (layers 0-1, 8-9)
    const StageBlocks r0 = stage_blocks(16, 3, l, 0);
    CHECK(r0.dense == 2.0);
    CHECK(r0.moe == 2.0);
    const StageBlocks r1 = stage_blocks(16, 3, l, 1);  // chunks 1 and 5: layers 2-3 and 10-11
    CHECK(r1.dense == 1.0);
    CHECK(r1.moe == 3.0);
    CHECK(stage_blocks(16, 3, l, 3).dense == 0.0);
    l.vpp = 1;
    CHECK(stage_blocks(16, 16, l, 2).dense == 4.0);  // a dense model: every block dense
}
