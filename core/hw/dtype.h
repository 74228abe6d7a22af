#pragma once
// Numeric formats and compute engines, with their names as written in catalogs and CSVs.
#include <array>
#include <optional>
#include <string_view>

namespace rackplan::hw {

enum class Dtype { fp32, tf32, bf16, fp16, fp8, mxfp8, fp4, mxfp4, int8 };
inline constexpr std::array kAllDtypes{Dtype::fp32, Dtype::tf32, Dtype::bf16, Dtype::fp16, Dtype::fp8,
                                       Dtype::mxfp8, Dtype::fp4, Dtype::mxfp4, Dtype::int8};
inline constexpr int kDtypeCount = static_cast<int>(kAllDtypes.size());

// NeuronCore: Tensor/Vector/Scalar/GpSimd engines. GPU: tensor cores and vector ALUs.
enum class Engine { tensor, vector, scalar, gpsimd };
inline constexpr std::array kAllEngines{Engine::tensor, Engine::vector, Engine::scalar, Engine::gpsimd};
inline constexpr int kEngineCount = static_cast<int>(kAllEngines.size());

std::string_view to_string(Dtype d);
std::string_view to_string(Engine e);
std::optional<Dtype> dtype_from(std::string_view s);
std::optional<Engine> engine_from(std::string_view s);

// Storage size of one element (fp4 = 0.5 byte; MX scales add 1 byte per 32 elements).
double bytes_per_element(Dtype d);

}  // namespace rackplan::hw
