#pragma once
// HBM-to-HBM copy: the bandwidth a user measures for a buffer of `bytes` (read once, written
// once; KernelResult::bandwidth counts both, the STREAM convention of
// data/calibration/measure_gpu.py). Small copies are latency bound; large ones reach ~90 %
// of HBM peak on GPUs; a NeuronCore copies through the DMA engines of the cores used.
#include "hw/chip.h"
#include "kernels/kernel_result.h"
#include "units/quantity.h"

namespace rackplan::kernels {

struct MemoryOptions {
    int cores = 0;               // 0 = all
    bool include_launch = true;
    bool detail = false;
};

KernelEstimate memory_copy(const hw::ChipSpec& chip, units::Bytes bytes, const MemoryOptions& options = {});
inline KernelEstimate memory_copy(const hw::ChipSpec& chip, units::Bytes bytes, int cores) {
    MemoryOptions o;
    o.cores = cores;
    return memory_copy(chip, bytes, o);
}

}  // namespace rackplan::kernels
