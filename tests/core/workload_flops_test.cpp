#include <catch2/catch.hpp>

#include "workload/flops.h"
#include "workload/kv_cache.h"
#include "workload/params.h"

using namespace rackplan::workload;
using rackplan::units::Flops;

namespace {

// GPT-3 175B as Narayanan et al. model it: FFN 4h, MHA, vocabulary 51200.
Model gpt3() {
    Model m;
    m.layers = 96; m.hidden = 12288; m.heads = 96; m.kv_heads = 96; m.head_dim = 128;
    m.ffn = 4 * 12288; m.vocab = 51200; m.tied_embeddings = true;
    return m;
}

TrainJob job(int seq) {
    TrainJob j;
    j.seq_len = seq;
    j.global_batch = 1536;
    return j;
}

}  // namespace

TEST_CASE("model FLOPs per token reproduce Narayanan's 72·B·s·L·h² formula", "[workload][flops]") {
    const Model m = gpt3();
    const TrainJob j = job(2048);
    const TrainFlops f = train_flops_per_token(m, j);
    const double B = 1536, s = 2048;
    const Flops ours = f.model() * (B * s);
    const Flops theirs = narayanan_model_flops(B, s, 96, 12288, 51200);
    CHECK(ours.value() == Approx(theirs.value()).epsilon(1e-12));
    // 72·1536·2048·96·12288²·(1 + 2048/73728 + 51200/14155776) = 3.3862e18 per step.
    CHECK(theirs.value() == Approx(3.3861967e18).epsilon(1e-6));
}

TEST_CASE("hardware FLOPs with full recompute reproduce Narayanan's 96·B·s·L·h² formula", "[workload][flops]") {
    const TrainFlops f = train_flops_per_token(gpt3(), job(2048));
    const double B = 1536, s = 2048;
    const Flops ours = f.hardware(false, true) * (B * s);
    const Flops theirs = narayanan_hardware_flops_full_recompute(B, s, 96, 12288, 51200);
    CHECK(ours.value() == Approx(theirs.value()).epsilon(1e-12));
    CHECK(theirs.value() == Approx(4.5109708e18).epsilon(1e-6));
    // Selective recompute repeats only the attention core: 4·L·h·s per token.
    CHECK((f.hardware(true, false) - f.model()).value() == Approx(4.0 * 96 * 12288 * 2048.0));
}

TEST_CASE("6·N plus 12·L·h_attn·s, with the causal convention halving attention", "[workload][flops]") {
    const Model m = gpt3();
    const TrainFlops f = train_flops_per_token(m, job(4096));
    const double n = static_cast<double>(parameter_counts(m).matmul_active());
    const double attn = 12.0 * 96 * 12288 * 4096.0;
    CHECK(f.model().value() == Approx(6.0 * n + attn));
    CHECK(f.model(AttentionSpan::causal).value() == Approx(6.0 * n + attn / 2));
}

TEST_CASE("MoE FLOPs follow the active (top-k) parameters", "[workload][flops]") {
    Model m;
    m.layers = 32; m.hidden = 4096; m.heads = 32; m.kv_heads = 8; m.head_dim = 128;
    m.ffn_act = FfnActivation::swiglu; m.vocab = 32000;
    m.experts = 8; m.experts_per_token = 2; m.expert_ffn = 14336;
    const TrainFlops f = train_flops_per_token(m, job(4096));
    // Active GEMM weights: 32·(41,943,040 + 2·176,160,768 + 32,768) + 32000·4096 = 12,748,587,008.
    const double n = 12'748'587'008.0;
    CHECK(static_cast<double>(parameter_counts(m).matmul_active()) == n);
    CHECK(f.model().value() == Approx(6.0 * n + 12.0 * 32 * 4096 * 4096.0));
}

TEST_CASE("LoRA: frozen weights have no weight gradient (about 2/3 of full compute)", "[workload][flops][lora]") {
    Model m;
    m.layers = 32; m.hidden = 4096; m.heads = 32; m.kv_heads = 32; m.head_dim = 128;
    m.ffn = 11008; m.ffn_act = FfnActivation::swiglu; m.vocab = 32000;
    TrainJob full = job(512);
    TrainJob lora = full;
    lora.fine_tune = FineTune::lora;
    lora.lora_rank = 16;
    const TrainFlops ff = train_flops_per_token(m, full);
    const TrainFlops fl = train_flops_per_token(m, lora);
    const double n = static_cast<double>(parameter_counts(m).matmul_active());
    const double a = 39'976'960.0;  // adapters, see workload_params_test
    const double attn = 12.0 * 32 * 4096 * 512.0;
    CHECK(fl.model().value() == Approx(4.0 * n + 6.0 * a + attn));
    const double ratio = fl.model().value() / ff.model().value();
    CHECK(ratio > 0.66);
    CHECK(ratio < 0.69);
}

TEST_CASE("KV cache bytes per token = 2·L·kv_heads·head_dim·bytes", "[workload][kv]") {
    Model m;
    m.layers = 80; m.hidden = 8192; m.heads = 64; m.kv_heads = 8; m.head_dim = 128;
    // 2·80·8·128·2 = 327,680 bytes (320 KiB) in bf16; half in fp8.
    CHECK(kv_cache_bytes_per_token(m, rackplan::hw::Dtype::bf16).value() == 327'680.0);
    CHECK(kv_cache_bytes_per_token(m, rackplan::hw::Dtype::fp8).value() == 163'840.0);
}

TEST_CASE("forward FLOPs per inference token", "[workload][flops]") {
    const Model m = gpt3();
    const double n = static_cast<double>(parameter_counts(m).matmul_active());
    CHECK(forward_flops_per_token(m, 1000).value() == Approx(2.0 * n + 4.0 * 96 * 12288 * 1000.0));
}
