#pragma once
// GEMM emulation: what a well-tuned library kernel (cuBLAS / hipBLASLt / an NKI kernel /
// XLA on TPU) achieves for this exact shape on this chip, derived from its structure.
// gemm() checks the input and dispatches on the chip's architecture family.
#include <cstdint>

#include "hw/chip.h"
#include "hw/dtype.h"
#include "kernels/kernel_result.h"

namespace rackplan::kernels {

struct GemmCalibration;

// batch x (m x k) · (k x n). Output in BF16 for 8/16-bit inputs, FP32 for fp32/tf32.
struct GemmShape {
    std::int64_t m = 0, n = 0, k = 0, batch = 1;
    hw::Dtype dtype = hw::Dtype::bf16;
};

struct GemmOptions {
    int cores = 0;                                  // SMs / CUs / NeuronCores / TensorCores; 0 = all
    const GemmCalibration* calibration = nullptr;   // fitted physical parameters, if any
    bool include_launch = true;                     // add the per-kernel launch overhead
    bool detail = false;                            // fill KernelResult::detail (allocates)
};

KernelEstimate gemm(const hw::ChipSpec& chip, const GemmShape& shape, const GemmOptions& options = {});

// FLOPs of the shape: 2·batch·m·n·k.
double gemm_flops(const GemmShape& shape);

}  // namespace rackplan::kernels
