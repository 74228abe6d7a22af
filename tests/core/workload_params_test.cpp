#include <catch2/catch.hpp>

#include "workload/params.h"

using namespace rackplan::workload;

namespace {

Model llama2_7b() {
    Model m;
    m.layers = 32; m.hidden = 4096; m.heads = 32; m.kv_heads = 32; m.head_dim = 128;
    m.ffn = 11008; m.ffn_act = FfnActivation::swiglu; m.vocab = 32000;
    return m;
}

Model llama3_70b() {
    Model m;
    m.layers = 80; m.hidden = 8192; m.heads = 64; m.kv_heads = 8; m.head_dim = 128;
    m.ffn = 28672; m.ffn_act = FfnActivation::swiglu; m.vocab = 128256;
    return m;
}

Model gpt3_175b() {
    Model m;
    m.layers = 96; m.hidden = 12288; m.heads = 96; m.kv_heads = 96; m.head_dim = 128;
    m.ffn = 4 * 12288; m.ffn_act = FfnActivation::gelu; m.vocab = 50257; m.tied_embeddings = true;
    return m;
}

Model mixtral_8x7b() {
    Model m;
    m.layers = 32; m.hidden = 4096; m.heads = 32; m.kv_heads = 8; m.head_dim = 128;
    m.ffn_act = FfnActivation::swiglu; m.vocab = 32000;
    m.experts = 8; m.experts_per_token = 2; m.expert_ffn = 14336;
    return m;
}

}  // namespace

TEST_CASE("Llama 2 7B parameter count matches the published 6.74e9 exactly", "[workload][params]") {
    const ParamCounts p = parameter_counts(llama2_7b());
    // Per block: attention 4·4096² = 67,108,864; SwiGLU 3·4096·11008 = 135,266,304; norms 8,192
    // = 202,383,360; x32 = 6,476,267,520; embedding and untied head 2·32000·4096 = 262,144,000;
    // final norm 4,096. Hugging Face reports 6,738,415,616.
    CHECK(p.total() == 6'738'415'616);
    CHECK(static_cast<double>(p.total()) == Approx(6.74e9).epsilon(0.001));
    CHECK(p.embedding == 131'072'000);
    CHECK(p.lm_head == 131'072'000);
    CHECK(p.active() == p.total());
    CHECK(p.non_embedding_total() == 6'476'267'520 + 4'096);
}

TEST_CASE("Llama 3 70B with GQA matches the published 70.6e9", "[workload][params]") {
    const Model m = llama3_70b();
    CHECK(m.q_width() == 8192);
    CHECK(m.kv_width() == 1024);
    const BlockParams b = dense_block_params(m);
    // Q and O: 2·8192·8192 = 134,217,728; K and V (8 heads of 128): 2·8192·1024 = 16,777,216.
    CHECK(b.attention == 150'994'944);
    CHECK(b.ffn == 3LL * 8192 * 28672);
    const ParamCounts p = parameter_counts(m);
    CHECK(p.total() == 70'553'706'496);
    CHECK(static_cast<double>(p.total()) == Approx(70.6e9).epsilon(0.001));
}

TEST_CASE("GPT-3 175B (tied, GELU) is within 0.05 % of the published 174.6e9", "[workload][params]") {
    const ParamCounts p = parameter_counts(gpt3_175b());
    // 12·L·h² = 173,946,175,488, norms 2·96·12288, tied table 50257·12288, final norm 12288.
    CHECK(p.total() == 174'566'105'088);
    CHECK(static_cast<double>(p.total()) == Approx(174.6e9).epsilon(0.0005));
    CHECK(p.lm_head == 0);
    // The LM-head GEMM still runs: N for 6·N is 12·L·h² + V·h.
    CHECK(p.matmul_active() == 173'946'175'488 + 50257LL * 12288);
}

TEST_CASE("Mixtral 8x7B total 46.7e9 and active 12.9e9", "[workload][params]") {
    const Model m = mixtral_8x7b();
    const BlockParams e = moe_block_params(m);
    CHECK(e.expert == 3LL * 4096 * 14336);
    CHECK(e.router == 4096LL * 8);
    const ParamCounts p = parameter_counts(m);
    CHECK(p.total() == 46'702'792'704);
    CHECK(p.active() == 12'879'925'248);
    CHECK(static_cast<double>(p.total()) == Approx(46.7e9).epsilon(0.001));
    CHECK(static_cast<double>(p.active()) == Approx(12.9e9).epsilon(0.002));
}

TEST_CASE("MoE with shared experts and leading dense blocks, by hand", "[workload][params]") {
    Model m;
    m.layers = 4; m.hidden = 64; m.heads = 4; m.kv_heads = 1; m.head_dim = 16;  // MQA
    m.ffn = 256; m.ffn_act = FfnActivation::gelu; m.vocab = 100; m.tied_embeddings = true;
    m.experts = 8; m.experts_per_token = 2; m.expert_ffn = 32; m.shared_experts = 1; m.dense_layers = 1;
    // Attention: Q, O 2·64·64 = 8192; K, V one head 2·64·16 = 2048 -> 10240. Norms 128.
    // Dense block: + GELU 2·64·256 = 32768 -> 43136.
    // MoE block: router 64·8 = 512; one expert 2·64·32 = 4096; shared 4096;
    //   total 10240 + 128 + 512 + 8·4096 + 4096 = 47744; active 10240 + 128 + 512 + 2·4096 + 4096 = 23168.
    CHECK(dense_block_params(m).total() == 43136);
    CHECK(moe_block_params(m).total() == 47744);
    CHECK(moe_block_params(m).active() == 23168);
    const ParamCounts p = parameter_counts(m);
    // 1 dense + 3 MoE blocks, tied table 6400, final norm 64.
    CHECK(p.total() == 43136 + 3 * 47744 + 6400 + 64);
    CHECK(p.active() == 43136 + 3 * 23168 + 6400 + 64);
    CHECK(p.matmul_active() == (43136 - 128) + 3 * (23168 - 128) + 6400);
}

TEST_CASE("GELU has 2 FFN matrices, SwiGLU 3, untying adds one V·h table", "[workload][params]") {
    Model m = gpt3_175b();
    const auto gelu = dense_block_params(m).ffn;
    m.ffn_act = FfnActivation::swiglu;
    CHECK(dense_block_params(m).ffn * 2 == gelu * 3);
    const auto tied = parameter_counts(m).total();
    m.tied_embeddings = false;
    CHECK(parameter_counts(m).total() - tied == 50257LL * 12288);
}

TEST_CASE("LoRA adapters on all linear layers, Llama 2 7B rank 16", "[workload][params][lora]") {
    // Per block: Q, K, V, O 4·16·(4096 + 4096) = 524,288; gate, up, down 3·16·(4096 + 11008)
    // = 724,992; x32 = 39,976,960 (the count PEFT prints for this setting).
    const AdapterParams a = lora_adapter_params(llama2_7b(), 16);
    CHECK(a.total == 39'976'960);
    CHECK(a.active == a.total);
    // MoE: only the top-k experts' adapters are active.
    const AdapterParams x = lora_adapter_params(mixtral_8x7b(), 8);
    const std::int64_t expert = 3LL * 8 * (4096 + 14336);
    CHECK(x.total - x.active == 32LL * 6 * expert);
}
