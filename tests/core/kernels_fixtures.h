#pragma once
// Hand-built ChipSpecs from shared/reference/hardware.md §1-2 and §4, for kernel tests that
// must not depend on the seed catalog's current contents.
#include "hw/chip.h"
#include "units/quantity.h"

namespace rackplan::kernels::fixtures {

inline void set_peak(hw::ChipSpec& s, hw::Engine e, hw::Dtype d, double tflops) {
    s.peak[static_cast<int>(e)][static_cast<int>(d)] = units::teraflops_per_second(tflops);
}

inline hw::ChipSpec hopper(const char* id, double hbm_tbps, double hbm_gb) {
    using namespace units;
    hw::ChipSpec s;
    s.id = id;
    s.architecture = hw::Architecture::gpu_sm;
    set_peak(s, hw::Engine::tensor, hw::Dtype::bf16, 989);
    set_peak(s, hw::Engine::tensor, hw::Dtype::fp16, 989);
    set_peak(s, hw::Engine::tensor, hw::Dtype::tf32, 494.5);
    set_peak(s, hw::Engine::tensor, hw::Dtype::fp8, 1979);
    set_peak(s, hw::Engine::tensor, hw::Dtype::int8, 1979);
    set_peak(s, hw::Engine::vector, hw::Dtype::fp32, 67);
    s.cores = 132;
    s.tensor_clock = gigahertz(1.83);
    s.vector_clock = gigahertz(1.83);
    s.units_per_core = 4;
    s.fma_per_clock = 512;
    s.smem_per_core = kibibytes(228);
    s.l2 = mebibytes(50);
    s.hbm_capacity = gigabytes(hbm_gb);
    s.hbm_bandwidth = terabytes_per_second(hbm_tbps);
    s.tdp = watts(700);
    s.idle_power = watts(75);
    return s;
}
inline hw::ChipSpec h100() { return hopper("h100-sxm", 3.35, 80); }
inline hw::ChipSpec h200() { return hopper("h200-sxm", 4.8, 141); }

inline hw::ChipSpec a100() {
    using namespace units;
    hw::ChipSpec s;
    s.id = "a100-sxm-80g";
    s.architecture = hw::Architecture::gpu_sm;
    set_peak(s, hw::Engine::tensor, hw::Dtype::bf16, 312);
    set_peak(s, hw::Engine::tensor, hw::Dtype::fp16, 312);
    set_peak(s, hw::Engine::tensor, hw::Dtype::tf32, 156);
    set_peak(s, hw::Engine::tensor, hw::Dtype::int8, 624);
    set_peak(s, hw::Engine::vector, hw::Dtype::fp32, 19.5);
    s.cores = 108;
    s.tensor_clock = gigahertz(1.41);
    s.units_per_core = 4;
    s.fma_per_clock = 256;
    s.smem_per_core = kibibytes(164);
    s.l2 = mebibytes(40);
    s.hbm_capacity = gigabytes(80);
    s.hbm_bandwidth = gigabytes_per_second(2039);
    s.tdp = watts(400);
    return s;
}

inline hw::ChipSpec blackwell(const char* id, double bf16, double clock_ghz, double tdp) {
    using namespace units;
    hw::ChipSpec s;
    s.id = id;
    s.architecture = hw::Architecture::gpu_sm;
    set_peak(s, hw::Engine::tensor, hw::Dtype::bf16, bf16);
    set_peak(s, hw::Engine::tensor, hw::Dtype::fp16, bf16);
    set_peak(s, hw::Engine::tensor, hw::Dtype::tf32, bf16 / 2);
    set_peak(s, hw::Engine::tensor, hw::Dtype::fp8, bf16 * 2);
    set_peak(s, hw::Engine::tensor, hw::Dtype::fp4, bf16 * 4);
    set_peak(s, hw::Engine::vector, hw::Dtype::fp32, 80);
    s.cores = 148;
    s.tensor_clock = gigahertz(clock_ghz);
    s.units_per_core = 4;
    s.smem_per_core = kibibytes(228);
    s.l2 = mebibytes(126);
    s.hbm_capacity = gigabytes(180);
    s.hbm_bandwidth = terabytes_per_second(8);
    s.tdp = watts(tdp);
    return s;
}
inline hw::ChipSpec b200() { return blackwell("b200", 2250, 1.965, 1000); }
inline hw::ChipSpec gb200() { return blackwell("gb200", 2500, 2.062, 1200); }

inline hw::ChipSpec mi300x() {
    using namespace units;
    hw::ChipSpec s;
    s.id = "mi300x";
    s.architecture = hw::Architecture::amd_cdna;
    set_peak(s, hw::Engine::tensor, hw::Dtype::bf16, 1307);
    set_peak(s, hw::Engine::tensor, hw::Dtype::fp16, 1307);
    set_peak(s, hw::Engine::tensor, hw::Dtype::fp8, 2615);
    set_peak(s, hw::Engine::vector, hw::Dtype::fp32, 163.4);
    s.cores = 304;
    s.tensor_clock = gigahertz(2.1);
    s.units_per_core = 4;
    s.fma_per_clock = 256;
    s.smem_per_core = kibibytes(64);
    s.l2 = mebibytes(256);
    s.hbm_capacity = gigabytes(192);
    s.hbm_bandwidth = terabytes_per_second(5.3);
    s.tdp = watts(750);
    return s;
}

inline hw::ChipSpec trainium(int gen) {
    using namespace units;
    hw::ChipSpec s;
    s.architecture = hw::Architecture::neuroncore;
    s.matrix_rows = 128;
    s.matrix_cols = 128;
    s.psum_per_core = mebibytes(2);
    if (gen == 1) {
        s.id = "trn1";
        set_peak(s, hw::Engine::tensor, hw::Dtype::bf16, 190);
        set_peak(s, hw::Engine::tensor, hw::Dtype::fp16, 190);
        set_peak(s, hw::Engine::tensor, hw::Dtype::tf32, 190);
        set_peak(s, hw::Engine::tensor, hw::Dtype::fp8, 190);
        set_peak(s, hw::Engine::tensor, hw::Dtype::fp32, 47.5);
        set_peak(s, hw::Engine::vector, hw::Dtype::fp32, 2.3);
        s.cores = 2;
        s.tensor_clock = gigahertz(2.8);
        s.vector_clock = gigahertz(1.12);
        s.sbuf_per_core = mebibytes(24);
        s.hbm_capacity = gibibytes(32);
        s.hbm_bandwidth = BytesPerSecond(820.0 * 1073741824.0);
        s.dma_engines = 32;
        s.dma_bandwidth = terabytes_per_second(1.0);
    } else if (gen == 2) {
        s.id = "trn2";
        set_peak(s, hw::Engine::tensor, hw::Dtype::bf16, 667);
        set_peak(s, hw::Engine::tensor, hw::Dtype::fp16, 667);
        set_peak(s, hw::Engine::tensor, hw::Dtype::tf32, 667);
        set_peak(s, hw::Engine::tensor, hw::Dtype::fp8, 1299);
        set_peak(s, hw::Engine::tensor, hw::Dtype::fp32, 181);
        set_peak(s, hw::Engine::vector, hw::Dtype::fp32, 8.0);
        s.cores = 8;
        s.tensor_clock = gigahertz(2.4);
        s.vector_clock = gigahertz(0.96);
        s.sbuf_per_core = mebibytes(28);
        s.hbm_capacity = gibibytes(96);
        s.hbm_bandwidth = terabytes_per_second(2.9);
        s.dma_engines = 128;
        s.dma_bandwidth = terabytes_per_second(3.5);
        s.tdp = watts(500);
    } else {
        s.id = "trn3";
        set_peak(s, hw::Engine::tensor, hw::Dtype::bf16, 671);
        set_peak(s, hw::Engine::tensor, hw::Dtype::fp16, 671);
        set_peak(s, hw::Engine::tensor, hw::Dtype::mxfp8, 2517);
        set_peak(s, hw::Engine::tensor, hw::Dtype::mxfp4, 2517);
        set_peak(s, hw::Engine::tensor, hw::Dtype::fp32, 183);
        set_peak(s, hw::Engine::vector, hw::Dtype::fp32, 9.6);
        s.cores = 8;
        s.tensor_clock = gigahertz(2.4);
        s.vector_clock = gigahertz(1.2);
        s.sbuf_per_core = mebibytes(32);
        s.hbm_capacity = gibibytes(144);
        s.hbm_bandwidth = terabytes_per_second(4.9);
        s.dma_engines = 128;
        s.dma_bandwidth = terabytes_per_second(4.9);
    }
    return s;
}

inline hw::ChipSpec tpu_v6e() {
    using namespace units;
    hw::ChipSpec s;
    s.id = "tpu-v6e";
    s.architecture = hw::Architecture::tpu_mxu;
    set_peak(s, hw::Engine::tensor, hw::Dtype::bf16, 918);
    set_peak(s, hw::Engine::tensor, hw::Dtype::fp8, 918);
    set_peak(s, hw::Engine::tensor, hw::Dtype::int8, 1836);
    s.cores = 1;
    s.matrix_rows = 256;
    s.matrix_cols = 256;
    s.units_per_core = 2;
    s.hbm_capacity = gigabytes(32);
    s.hbm_bandwidth = gigabytes_per_second(1638);
    return s;
}

}  // namespace rackplan::kernels::fixtures
