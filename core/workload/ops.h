#pragma once
// The operators of one transformer block (and of the embedding and the LM head) for one
// micro-batch on ONE chip under a TP/SP/CP/EP split, with the shapes the kernel emulators
// time and the FLOPs and bytes the roofline needs. Collectives (TP all-reduce/all-gather,
// CP ring exchange, EP all-to-all, DP reduce) are not here: the engine adds them.
//
// Conventions (per chip, per micro-batch of b sequences of s tokens):
// - Tokens: T = b·s/cp go through GEMMs and attention; with SP, norms, residual adds and the
//   router see T/tp (the sequence shard), else all T (replicated across the TP group).
// - TP: Q/K/V, FFN up/gate and LM-head GEMMs are column-parallel (n/tp), O and FFN down are
//   row-parallel (k/tp); heads/tp query heads and kv_heads/tp K/V heads per chip, or one
//   replicated K/V head when tp is a multiple of kv_heads. Vocabulary is split ceil(V/tp).
// - EP: E/ep routed experts per chip, each split by tp like a dense FFN (expert TP = TP).
//   With balanced routing a chip's experts receive T·k tokens (times capacity_factor), so
//   every expert GEMM has m = ep·T·k·cf/E rows, run as a grouped GEMM of E/ep problems.
// - Backward GEMM FLOPs = 2x forward (dgrad + wgrad), 1x for frozen weights (LoRA base).
// - Bytes: GEMM operands and weights at the compute dtype; stored activations, outputs and
//   gradients at 2 bytes (4 for fp32/tf32): 8-bit recipes keep outputs in bf16.
// - Vector-op FLOPs are rough per-element counts; those ops are bandwidth bound.
#include <cstdint>
#include <string_view>
#include <vector>

#include "hw/dtype.h"
#include "units/quantity.h"
#include "workload/jobs.h"
#include "workload/model.h"

namespace rackplan::workload {

enum class OpKind { gemm, attention, norm, activation, elementwise, router, permute, embedding, cross_entropy };
std::string_view to_string(OpKind k);

enum class BlockKind { dense, moe };

struct Split {
    int tp = 1;
    int cp = 1;
    int ep = 1;
    bool sp = false;
};

// C[m×n] = A[m×k]·B[k×n], `batch` independent problems (grouped expert GEMMs).
struct GemmShape {
    std::int64_t m = 0;
    std::int64_t n = 0;
    std::int64_t k = 0;
    std::int64_t batch = 1;
};
// Backward problems of a forward GEMM Y = X·W: dX = dY·Wᵀ and dW = Xᵀ·dY.
GemmShape dgrad_shape(const GemmShape& fwd);
GemmShape wgrad_shape(const GemmShape& fwd);

struct AttentionShape {
    std::int64_t sequences = 0;   // b
    std::int64_t heads = 0;       // query heads on this chip
    std::int64_t kv_heads = 0;    // K/V heads on this chip
    std::int64_t q_len = 0;       // query tokens on this chip: s/cp
    std::int64_t kv_len = 0;      // keys each query meets over the whole CP ring: s
    std::int64_t head_dim = 0;
    bool causal = true;
};

struct Op {
    std::string_view name;            // static text: "qkv_proj", "attention", ...
    OpKind kind = OpKind::gemm;
    GemmShape gemm;                   // gemm, router: the forward problem
    AttentionShape attention;         // attention
    std::int64_t elements = 0;        // vector ops: elements of the main output
    units::Flops fwd_flops;
    units::Flops bwd_flops;           // model convention (2x GEMM, 1x when frozen)
    units::Flops bwd_kernel_recompute;  // extra hardware FLOPs inside the backward kernel
                                      // (flash attention recomputes QKᵀ: 0.5x forward)
    units::Bytes weight_bytes;        // weights the forward reads
    units::Bytes fwd_read;            // activations read by the forward
    units::Bytes fwd_written;
    units::Bytes bwd_read;            // backward, weights re-read by dgrad included
    units::Bytes bwd_written;         // input gradients, and weight gradients when trainable
    bool trainable = false;           // has a weight gradient
    hw::Dtype dtype = hw::Dtype::bf16;  // GEMM operand precision
};

struct OpConfig {
    int micro_batch = 1;
    int seq_len = 0;
    hw::Dtype dtype = hw::Dtype::bf16;
    FineTune fine_tune = FineTune::full;
    int lora_rank = 16;
    Split split;
    double capacity_factor = 1.0;  // expert tokens relative to perfect balance (dropless: 1)
    bool causal = true;
};
OpConfig op_config(const TrainJob& job, int micro_batch, Split split);

// Appends (no clearing) so a caller can reuse one vector's capacity.
void append_block_ops(const Model& m, const OpConfig& c, BlockKind kind, std::vector<Op>& out);
void append_embedding_ops(const Model& m, const OpConfig& c, std::vector<Op>& out);
void append_head_ops(const Model& m, const OpConfig& c, std::vector<Op>& out);  // final norm, LM head, loss

std::vector<Op> block_ops(const Model& m, const OpConfig& c, BlockKind kind);

// K/V heads held per chip at a TP size: kv_heads/tp, or 1 (replicated) when tp > kv_heads.
int kv_heads_per_chip(const Model& m, int tp);

}  // namespace rackplan::workload
