#pragma once
// Training FLOPs per token, whole model, as components so every convention can be formed:
// model FLOPs (MFU: 6·N_active plus attention, recompute not counted) and hardware FLOPs
// (HFU: plus the forward passes that recompute repeats).
// Attention counts QK^T and AV only: forward 4·L·h_attn·s per token with h_attn =
// heads·head_dim over the full s×s square (modeling.md, Narayanan et al.); causal kernels skip
// about half of it, so both numbers are offered. Backward of a GEMM is 2x its forward
// (dgrad + wgrad); under LoRA frozen weights have dgrad only (1x) and adapters are trained.
#include "units/quantity.h"
#include "workload/jobs.h"
#include "workload/model.h"

namespace rackplan::workload {

enum class AttentionSpan { full_square, causal };

struct TrainFlops {
    units::Flops block_fwd;       // GEMMs of all blocks (router, LoRA adapters included)
    units::Flops block_bwd;
    units::Flops head_fwd;        // LM-head GEMM
    units::Flops head_bwd;
    units::Flops attention_fwd;   // QK^T and AV over the full square
    units::Flops attention_bwd;

    [[nodiscard]] units::Flops attention(AttentionSpan span) const {
        const double f = span == AttentionSpan::causal ? 0.5 : 1.0;
        return (attention_fwd + attention_bwd) * f;
    }
    // Model FLOPs per token: what MFU and the batch column model_tflops_per_chip count.
    [[nodiscard]] units::Flops model(AttentionSpan span = AttentionSpan::full_square) const {
        return block_fwd + block_bwd + head_fwd + head_bwd + attention(span);
    }
    // Hardware FLOPs per token: plus the recomputed forward. Selective recompute repeats the
    // attention core (QK^T, softmax, AV); full recompute repeats each block's forward (never
    // the LM head).
    [[nodiscard]] units::Flops hardware(bool recompute_attention, bool recompute_blocks,
                                        AttentionSpan span = AttentionSpan::full_square) const {
        const double f = span == AttentionSpan::causal ? 0.5 : 1.0;
        units::Flops extra;
        if (recompute_blocks) extra += block_fwd;
        if (recompute_attention || recompute_blocks) extra += attention_fwd * f;
        return model(span) + extra;
    }
};

// Per token of a training step at job.seq_len, under job.fine_tune (and lora_rank).
TrainFlops train_flops_per_token(const Model& m, const TrainJob& job);

// Forward FLOPs per generated or prefilled token at a context of `context` tokens (attention
// against all of them): 2·N_matmul_active + 4·L·h_attn·context.
units::Flops forward_flops_per_token(const Model& m, double context);

// Narayanan et al. 2021 (eq. 3), GPT block with FFN 4h, per step of B sequences:
// model FLOPs 72·B·s·L·h²·(1 + s/(6h) + V/(12·L·h)); with full recompute (one more forward)
// 96·B·s·L·h²·(1 + s/(6h) + V/(16·L·h)). Cross-checks for train_flops_per_token.
units::Flops narayanan_model_flops(double B, double s, double L, double h, double V);
units::Flops narayanan_hardware_flops_full_recompute(double B, double s, double L, double h, double V);

}  // namespace rackplan::workload
