#pragma once
// Elementwise, normalisation and softmax kernels: bytes and FLOPs per element. On GPUs and
// TPUs these are HBM-bandwidth bound; on a NeuronCore the data also passes through the
// Vector and Scalar engines (128 partitions, one element per partition per cycle, a fixed
// cost per instruction), which can be the limit.
#include <cstdint>

#include "hw/chip.h"
#include "hw/dtype.h"
#include "kernels/kernel_result.h"

namespace rackplan::kernels {

enum class VectorKind {
    elementwise,  // activation, add, scale, cast: one pass
    norm,         // RMSNorm / LayerNorm: reduce then scale (rows stay on chip)
    softmax       // max, exp-and-sum, scale
};

struct VectorOpShape {
    VectorKind kind = VectorKind::elementwise;
    std::int64_t elements = 0;        // output elements
    int inputs = 1;                   // tensors of `elements` read (residual add: 2)
    hw::Dtype dtype = hw::Dtype::bf16;
    double flops_per_element = 0.0;   // 0 = the kind's default (1, 4, 5)
};

struct VectorOptions {
    int cores = 0;  // 0 = all
    bool include_launch = true;
    bool detail = false;
};

KernelEstimate vector_op(const hw::ChipSpec& chip, const VectorOpShape& shape, const VectorOptions& options = {});

}  // namespace rackplan::kernels
