#include <catch2/catch.hpp>

#include <string_view>

#include "workload/flops.h"
#include "workload/ops.h"
#include "workload/params.h"

using namespace rackplan::workload;

namespace {

Model gpt3() {
    Model m;
    m.layers = 96; m.hidden = 12288; m.heads = 96; m.kv_heads = 96; m.head_dim = 128;
    m.ffn = 4 * 12288; m.vocab = 51200; m.tied_embeddings = true;
    return m;
}

Model mixtral() {
    Model m;
    m.layers = 32; m.hidden = 4096; m.heads = 32; m.kv_heads = 8; m.head_dim = 128;
    m.ffn_act = FfnActivation::swiglu; m.vocab = 32000;
    m.experts = 8; m.experts_per_token = 2; m.expert_ffn = 14336;
    return m;
}

const Op& find(const std::vector<Op>& ops, std::string_view name) {
    for (const Op& op : ops)
        if (op.name == name) return op;
    FAIL("no op " << name);
    return ops.front();
}

double sum_fwd(const std::vector<Op>& ops, bool gemms_and_attention_only) {
    double f = 0;
    for (const Op& op : ops)
        if (!gemms_and_attention_only || op.kind == OpKind::gemm || op.kind == OpKind::attention ||
            op.kind == OpKind::router)
            f += op.fwd_flops.value();
    return f;
}

}  // namespace

TEST_CASE("GPT-3 block on TP 8: per-chip GEMM shapes", "[workload][ops]") {
    TrainJob j;
    j.seq_len = 2048;
    j.global_batch = 1536;
    const auto ops = block_ops(gpt3(), op_config(j, 2, {8, 1, 1, true}), BlockKind::dense);
    const GemmShape qkv = find(ops, "qkv_proj").gemm;
    CHECK(qkv.m == 4096);          // b·s = 2·2048 tokens
    CHECK(qkv.n == 3 * 12288 / 8);
    CHECK(qkv.k == 12288);
    const GemmShape o = find(ops, "o_proj").gemm;
    CHECK(o.n == 12288);
    CHECK(o.k == 12288 / 8);
    CHECK(find(ops, "ffn_up").gemm.n == 4 * 12288 / 8);
    CHECK(find(ops, "ffn_down").gemm.k == 4 * 12288 / 8);
    const AttentionShape a = find(ops, "attention").attention;
    CHECK(a.heads == 12);
    CHECK(a.kv_heads == 12);
    CHECK(a.q_len == 2048);
    // SP: norms see the sequence shard, b·s/tp tokens.
    CHECK(find(ops, "attn_norm").elements == 4096LL / 8 * 12288);
    // Backward problems: dX = dY·Wᵀ is (m × k) over n, dW = Xᵀ·dY is (k × n) over m.
    const GemmShape dg = dgrad_shape(qkv), wg = wgrad_shape(qkv);
    CHECK((dg.m == 4096 && dg.n == 12288 && dg.k == 4608));
    CHECK((wg.m == 12288 && wg.n == 4608 && wg.k == 4096));
    CHECK(find(ops, "qkv_proj").bwd_flops.value() == 2.0 * find(ops, "qkv_proj").fwd_flops.value());
}

TEST_CASE("block op FLOPs times chips equal the per-token model FLOPs", "[workload][ops]") {
    const Model m = gpt3();
    TrainJob j;
    j.seq_len = 2048;
    j.global_batch = 8;
    for (int tp : {1, 2, 8}) {
        for (int cp : {1, 4}) {
            OpConfig c = op_config(j, 2, {tp, cp, 1, tp > 1});
            c.causal = false;  // the full-square convention of the model FLOPs
            const auto ops = block_ops(m, c, BlockKind::dense);
            const TrainFlops f = train_flops_per_token(m, j);
            const double tokens = 2.0 * 2048;
            const double per_block_fwd = (f.block_fwd + f.attention_fwd).value() / m.layers * tokens;
            CHECK(sum_fwd(ops, true) * tp * cp == Approx(per_block_fwd).epsilon(1e-12));
            c.causal = true;
            const auto causal = block_ops(m, c, BlockKind::dense);
            CHECK(find(causal, "attention").fwd_flops.value() * 2 ==
                  Approx(find(ops, "attention").fwd_flops.value()));
        }
    }
}

TEST_CASE("GQA with tp above kv_heads replicates one K/V head per chip", "[workload][ops]") {
    Model m;
    m.layers = 80; m.hidden = 8192; m.heads = 64; m.kv_heads = 8; m.head_dim = 128;
    m.ffn = 28672; m.ffn_act = FfnActivation::swiglu; m.vocab = 128256;
    CHECK(kv_heads_per_chip(m, 4) == 2);
    CHECK(kv_heads_per_chip(m, 16) == 1);
    TrainJob j;
    j.seq_len = 8192;
    j.global_batch = 64;
    const auto ops = block_ops(m, op_config(j, 1, {16, 1, 1, false}), BlockKind::dense);
    CHECK(find(ops, "qkv_proj").gemm.n == (64 / 16 + 2 * 1) * 128);
    CHECK(find(ops, "attention").attention.kv_heads == 1);
    // SwiGLU: gate and up fused, 2·ffn/tp columns; down reads ffn/tp.
    CHECK(find(ops, "ffn_up").gemm.n == 2 * 28672 / 16);
    CHECK(find(ops, "ffn_down").gemm.k == 28672 / 16);
}

TEST_CASE("MoE block: router, grouped expert GEMMs under EP, top-k FLOPs", "[workload][ops][moe]") {
    const Model m = mixtral();
    TrainJob j;
    j.seq_len = 4096;
    j.global_batch = 64;
    const auto ops = block_ops(m, op_config(j, 1, {1, 1, 8, false}), BlockKind::moe);
    const Op& up = find(ops, "expert_up");
    // ep 8 of 8 experts: one local expert receiving ep·T·k/E = 8·4096·2/8 = 8192 token copies.
    CHECK(up.gemm.batch == 1);
    CHECK(up.gemm.m == 8192);
    CHECK(up.gemm.n == 2 * 14336);
    CHECK(find(ops, "router").gemm.n == 8);
    // The chip's expert FLOPs equal T·k tokens through one SwiGLU expert: 2·T·k·3·h·f.
    const double expert = find(ops, "expert_up").fwd_flops.value() + find(ops, "expert_down").fwd_flops.value();
    CHECK(expert == Approx(2.0 * 4096 * 2 * 3 * 4096 * 14336.0));
    // ep 2: four local experts share the same token copies.
    const auto ops2 = block_ops(m, op_config(j, 1, {1, 1, 2, false}), BlockKind::moe);
    CHECK(find(ops2, "expert_up").gemm.batch == 4);
    CHECK(find(ops2, "expert_up").gemm.m == 2LL * 4096 * 2 / 8);
    CHECK(find(ops2, "expert_up").fwd_flops.value() == Approx(find(ops, "expert_up").fwd_flops.value()));
}

TEST_CASE("LoRA: frozen GEMMs have dgrad only, adapters train", "[workload][ops][lora]") {
    Model m;
    m.layers = 32; m.hidden = 4096; m.heads = 32; m.kv_heads = 32; m.head_dim = 128;
    m.ffn = 11008; m.ffn_act = FfnActivation::swiglu; m.vocab = 32000;
    TrainJob j;
    j.seq_len = 1024;
    j.global_batch = 8;
    j.fine_tune = FineTune::lora;
    j.lora_rank = 16;
    OpConfig c = op_config(j, 1, {});
    c.causal = false;
    const auto ops = block_ops(m, c, BlockKind::dense);
    const Op& qkv = find(ops, "qkv_proj");
    CHECK_FALSE(qkv.trainable);
    CHECK(qkv.bwd_flops.value() == qkv.fwd_flops.value());
    const Op& a = find(ops, "qkv_proj.lora_a");
    CHECK(a.trainable);
    CHECK(a.gemm.n == 3 * 16);
    CHECK(find(ops, "qkv_proj.lora_b").gemm.k == 16);
    // Forward FLOPs of the block's GEMMs: 2·(block weights + adapters) per token.
    const double per_token = 2.0 * (static_cast<double>(dense_block_params(m).matmul_active()) +
                                    lora_adapter_params(m, 16).total / 32.0) +
                             4.0 * 4096 * 1024.0;
    CHECK(sum_fwd(ops, true) == Approx(per_token * 1024));
}

TEST_CASE("embedding and LM head ops split the vocabulary over TP", "[workload][ops]") {
    const Model m = gpt3();
    TrainJob j;
    j.seq_len = 2048;
    j.global_batch = 8;
    std::vector<Op> ops;
    append_embedding_ops(m, op_config(j, 1, {8, 1, 1, true}), ops);
    append_head_ops(m, op_config(j, 1, {8, 1, 1, true}), ops);
    CHECK(ops.front().kind == OpKind::embedding);
    const Op& head = find(ops, "lm_head");
    CHECK(head.gemm.n == 51200 / 8);
    CHECK(head.fwd_flops.value() == Approx(2.0 * 2048 * 6400 * 12288));
    CHECK(find(ops, "cross_entropy").elements == 2048LL * 6400);
}
