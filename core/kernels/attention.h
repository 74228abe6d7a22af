#pragma once
// Attention kernels: flash-style prefill over (batch, heads, q_len, kv_len, head_dim, causal)
// and decode reading the KV cache. Prefill is timed on the matrix units with the softmax on
// the vector units (GPU SMs: FlashAttention-2/3 tiling; NeuronCore: TensorE for QKᵀ, the P
// transposes and PV, Vector/Scalar engines for max and exp; TPU: MXU passes plus the VPU).
// Decode (few query rows per KV head) streams the cache from HBM, split along the sequence
// so every core has work (flash-decoding).
#include <cstdint>

#include "hw/chip.h"
#include "hw/dtype.h"
#include "kernels/kernel_result.h"

namespace rackplan::kernels {

struct GemmCalibration;

struct AttentionShape {
    std::int64_t batch = 1;
    std::int64_t heads = 0;       // query heads
    std::int64_t kv_heads = 0;    // 0 = heads (MHA); fewer = GQA/MQA
    std::int64_t q_len = 0;       // new tokens per sequence (1 for decode)
    std::int64_t kv_len = 0;      // keys per sequence, including the new ones
    std::int64_t head_dim = 128;
    bool causal = true;           // queries are the last q_len positions of kv_len
    hw::Dtype dtype = hw::Dtype::bf16;  // Q, K, V and KV-cache element type
};

struct AttentionOptions {
    int cores = 0;                                 // 0 = all
    const GemmCalibration* calibration = nullptr;  // sustained clock / launch overhead
    bool include_launch = true;
    bool detail = false;
};

KernelEstimate attention(const hw::ChipSpec& chip, const AttentionShape& shape, const AttentionOptions& options = {});

// Useful FLOPs (QKᵀ and PV, causal mask honoured): 4·batch·heads·head_dim·visible pairs.
double attention_flops(const AttentionShape& shape);

}  // namespace rackplan::kernels
