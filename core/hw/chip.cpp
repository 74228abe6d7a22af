#include "hw/chip.h"

#include <string>

namespace rackplan::hw {

std::string_view to_string(Architecture a) {
    switch (a) {
        case Architecture::gpu_sm: return "gpu-sm";
        case Architecture::neuroncore: return "neuroncore";
        case Architecture::tpu_mxu: return "tpu-mxu";
        case Architecture::amd_cdna: return "amd-cdna";
    }
    return "gpu-sm";
}

std::optional<Architecture> architecture_from(std::string_view s) {
    for (Architecture a : {Architecture::gpu_sm, Architecture::neuroncore, Architecture::tpu_mxu,
                           Architecture::amd_cdna})
        if (to_string(a) == s) return a;
    return std::nullopt;
}

ChipSpec make_spec(const Chip& chip) {
    using namespace units;
    const Figures& f = chip.figures;
    ChipSpec s;
    s.id = chip.id;
    s.architecture = chip.architecture;
    for (Engine e : kAllEngines)
        for (Dtype d : kAllDtypes) {
            std::string path = "peak." + std::string(to_string(e)) + "." + std::string(to_string(d));
            s.peak[static_cast<int>(e)][static_cast<int>(d)] = FlopsPerSecond(base_or(f, path, 0.0));
        }
    s.cores = static_cast<int>(base_or(f, "cores", 1.0));
    s.tensor_clock = Hertz(base_or(f, "clocks.tensor", 0.0));
    s.vector_clock = Hertz(base_or(f, "clocks.vector", s.tensor_clock.value()));
    s.matrix_rows = static_cast<int>(base_or(f, "matrix_unit.rows", 0.0));
    s.matrix_cols = static_cast<int>(base_or(f, "matrix_unit.cols", 0.0));
    s.units_per_core = static_cast<int>(base_or(f, "matrix_unit.units_per_core", 1.0));
    s.fma_per_clock = base_or(f, "matrix_unit.fma_per_clock", 0.0);
    s.sbuf_per_core = Bytes(base_or(f, "sram.sbuf_per_core", 0.0));
    s.psum_per_core = Bytes(base_or(f, "sram.psum_per_core", 0.0));
    s.smem_per_core = Bytes(base_or(f, "sram.smem_per_core", 0.0));
    s.l2 = Bytes(base_or(f, "sram.l2", 0.0));
    s.hbm_capacity = Bytes(base_or(f, "hbm.capacity", 0.0));
    s.hbm_bandwidth = BytesPerSecond(base_or(f, "hbm.bandwidth", 0.0));
    s.dma_engines = static_cast<int>(base_or(f, "dma.engines", 0.0));
    s.dma_bandwidth = BytesPerSecond(base_or(f, "dma.bandwidth", 0.0));
    s.tdp = Watts(base_or(f, "power.tdp", 0.0));
    s.idle_power = Watts(base_or(f, "power.idle", 0.0));
    return s;
}

}  // namespace rackplan::hw
