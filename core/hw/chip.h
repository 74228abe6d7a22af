#pragma once
// Chip: one accelerator package as the catalog describes it (figures with provenance), and
// ChipSpec, the typed view the kernels and engine read (built once, cheap to copy).
#include <array>
#include <string>
#include <string_view>

#include "hw/dtype.h"
#include "hw/figure.h"
#include "units/quantity.h"

namespace rackplan::hw {

enum class Architecture { gpu_sm, neuroncore, tpu_mxu, amd_cdna };
std::string_view to_string(Architecture a);
std::optional<Architecture> architecture_from(std::string_view s);

struct Chip {
    std::string id;
    std::string name;
    std::string vendor;
    Architecture architecture = Architecture::gpu_sm;
    std::string note;
    Figures figures;  // "peak.tensor.bf16", "hbm.bandwidth", ... (see data/README.md)
};

struct ChipSpec {
    std::string id;
    Architecture architecture = Architecture::gpu_sm;
    // Dense peak per engine and dtype for the whole chip; zero = the engine lacks the dtype.
    std::array<std::array<units::FlopsPerSecond, kDtypeCount>, kEngineCount> peak{};
    int cores = 1;                   // SMs / physical NeuronCores / TPU TensorCores / CUs
    units::Hertz tensor_clock{};
    units::Hertz vector_clock{};
    int matrix_rows = 0;             // systolic array / MXU rows (K direction)
    int matrix_cols = 0;
    int units_per_core = 1;          // tensor cores per SM, MXUs per TensorCore
    double fma_per_clock = 0.0;      // per tensor core, BF16
    units::Bytes sbuf_per_core{};
    units::Bytes psum_per_core{};
    units::Bytes smem_per_core{};
    units::Bytes l2{};
    units::Bytes hbm_capacity{};
    units::BytesPerSecond hbm_bandwidth{};
    int dma_engines = 0;
    units::BytesPerSecond dma_bandwidth{};
    units::Watts tdp{};
    units::Watts idle_power{};

    [[nodiscard]] units::FlopsPerSecond peak_of(Engine e, Dtype d) const {
        return peak[static_cast<int>(e)][static_cast<int>(d)];
    }
    [[nodiscard]] bool supports(Dtype d) const { return peak_of(Engine::tensor, d).value() > 0.0; }
};

ChipSpec make_spec(const Chip& chip);

}  // namespace rackplan::hw
