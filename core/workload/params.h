#pragma once
// Parameter counts of a decoder transformer, exact integers.
// Conventions: pre-norm blocks with one scale vector of width `hidden` per norm (RMSNorm;
// LayerNorm biases and linear biases are not counted, nor learned position embeddings:
// GPT-3 175B differs from its published 174.6e9 by about 0.03 %). Attention has separate
// Q, K, V, O matrices of width heads·head_dim (Q, O) and kv_heads·head_dim (K, V). A GELU FFN
// has 2 matrices, SwiGLU 3. An MoE block has a router (hidden × experts), `experts` routed
// experts of width expert_ffn, and `shared_experts` always-on experts of the same width.
#include <cstdint>

#include "workload/model.h"

namespace rackplan::workload {

// One transformer block, unsplit.
struct BlockParams {
    std::int64_t attention = 0;   // Q, K, V, O projections
    std::int64_t norms = 0;       // the two norm scales
    std::int64_t ffn = 0;         // dense FFN (dense block only)
    std::int64_t router = 0;      // MoE gate
    std::int64_t expert = 0;      // ONE routed expert
    std::int64_t shared = 0;      // all shared experts together
    int experts = 0;              // routed experts in the block
    int experts_per_token = 0;

    [[nodiscard]] std::int64_t total() const { return attention + norms + ffn + router + expert * experts + shared; }
    [[nodiscard]] std::int64_t active() const {
        return attention + norms + ffn + router + expert * experts_per_token + shared;
    }
    // Weights a token multiplies (norm scales are element-wise, not GEMM weights).
    [[nodiscard]] std::int64_t matmul_active() const { return active() - norms; }
};

BlockParams dense_block_params(const Model& m);
BlockParams moe_block_params(const Model& m);  // all zero for a dense model

struct ParamCounts {
    std::int64_t embedding = 0;    // input table, vocab × hidden
    std::int64_t lm_head = 0;      // output projection; 0 when tied to the embedding
    std::int64_t final_norm = 0;
    std::int64_t blocks_total = 0;
    std::int64_t blocks_active = 0;
    std::int64_t blocks_matmul_active = 0;
    std::int64_t head_matmul = 0;  // vocab × hidden: the LM-head GEMM runs even when tied

    // Published convention: everything stored, embeddings included.
    [[nodiscard]] std::int64_t total() const { return embedding + lm_head + final_norm + blocks_total; }
    // Parameters one token touches (top-k experts only), embeddings included (Mixtral "12.9B").
    [[nodiscard]] std::int64_t active() const { return embedding + lm_head + final_norm + blocks_active; }
    [[nodiscard]] std::int64_t non_embedding_total() const { return blocks_total + final_norm; }
    [[nodiscard]] std::int64_t non_embedding_active() const { return blocks_active + final_norm; }
    // N_active of the 6·N FLOP rule: GEMM weights a token multiplies, LM head included, the
    // embedding lookup (a gather) and norm scales excluded. Equals 12·L·h² + V·h for GPT.
    [[nodiscard]] std::int64_t matmul_active() const { return blocks_matmul_active + head_matmul; }
};

ParamCounts parameter_counts(const Model& m);

// LoRA adapters on every linear projection of every block (Q, K, V, O and each FFN and routed
// expert matrix; the "all-linear" choice), rank r: r·(in + out) per matrix. Shared experts
// count as one fused FFN of width shared_experts·expert_ffn, as they are implemented.
// Router, norms, embedding and LM head stay frozen without adapters.
struct AdapterParams {
    std::int64_t total = 0;
    std::int64_t active = 0;  // top-k routed experts only
};
AdapterParams lora_adapter_params(const Model& m, int rank);

}  // namespace rackplan::workload
