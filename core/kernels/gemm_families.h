#pragma once
// The per-family GEMM models behind kernels::gemm(). Each takes a validated shape and the
// number of cores to use and returns the kernel time (with launch overhead if asked for),
// the limiting resource and, on request, a detail line. gemm() adds the host floor, the
// achieved rate and the efficiency.
#include "hw/chip.h"
#include "kernels/gemm.h"
#include "kernels/kernel_result.h"

namespace rackplan::kernels::detail {

// Peak the efficiency is measured against (tensor engine; SIMT FP32 where a GPU's tensor
// cores lack FP32), whole chip.
double matrix_peak(const hw::ChipSpec& chip, hw::Dtype d);

KernelResult gemm_gpu(const hw::ChipSpec& chip, const GemmShape& shape, const GemmOptions& options, int cores);
KernelResult gemm_neuroncore(const hw::ChipSpec& chip, const GemmShape& shape, const GemmOptions& options, int cores);
KernelResult gemm_tpu(const hw::ChipSpec& chip, const GemmShape& shape, const GemmOptions& options, int cores);

}  // namespace rackplan::kernels::detail
