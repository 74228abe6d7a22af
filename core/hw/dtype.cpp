#include "hw/dtype.h"

namespace rackplan::hw {

std::string_view to_string(Dtype d) {
    switch (d) {
        case Dtype::fp32: return "fp32";
        case Dtype::tf32: return "tf32";
        case Dtype::bf16: return "bf16";
        case Dtype::fp16: return "fp16";
        case Dtype::fp8: return "fp8";
        case Dtype::mxfp8: return "mxfp8";
        case Dtype::fp4: return "fp4";
        case Dtype::mxfp4: return "mxfp4";
        case Dtype::int8: return "int8";
    }
    return "?";
}

std::string_view to_string(Engine e) {
    switch (e) {
        case Engine::tensor: return "tensor";
        case Engine::vector: return "vector";
        case Engine::scalar: return "scalar";
        case Engine::gpsimd: return "gpsimd";
    }
    return "?";
}

std::optional<Dtype> dtype_from(std::string_view s) {
    for (Dtype d : kAllDtypes)
        if (to_string(d) == s) return d;
    return std::nullopt;
}

std::optional<Engine> engine_from(std::string_view s) {
    for (Engine e : kAllEngines)
        if (to_string(e) == s) return e;
    return std::nullopt;
}

double bytes_per_element(Dtype d) {
    switch (d) {
        case Dtype::fp32: case Dtype::tf32: return 4.0;
        case Dtype::bf16: case Dtype::fp16: return 2.0;
        case Dtype::fp8: case Dtype::int8: return 1.0;
        case Dtype::mxfp8: return 1.0 + 1.0 / 32.0;
        case Dtype::fp4: return 0.5;
        case Dtype::mxfp4: return 0.5 + 1.0 / 32.0;
    }
    return 2.0;
}

}  // namespace rackplan::hw
