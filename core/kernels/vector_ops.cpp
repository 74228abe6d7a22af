#include "kernels/vector_ops.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "kernels/chip_traits.h"

namespace rackplan::kernels {
namespace {

// NeuronCore engine passes over the data per kind: {VectorE, ScalarE}. Elementwise runs on
// one engine; a norm sums squares on ScalarE (activation with accumulate) and scales on
// VectorE; softmax takes the row max and the final scale on VectorE and exp-with-sum on
// ScalarE (NKI-A1 engine roles).
struct Passes {
    double vector, scalar;
};
Passes passes_of(VectorKind k, int inputs) {
    switch (k) {
        case VectorKind::elementwise: return inputs > 1 ? Passes{1, 0} : Passes{0, 1};
        case VectorKind::norm: return {1, 1};
        case VectorKind::softmax: return {2, 1};
    }
    return {1, 0};
}

double default_flops(VectorKind k) {
    switch (k) {
        case VectorKind::elementwise: return 1.0;
        case VectorKind::norm: return 4.0;
        case VectorKind::softmax: return 5.0;
    }
    return 1.0;
}

// NeuronCore instruction shape: 128 partitions x 512 free elements per instruction, with a
// fixed ~100-cycle cost when it depends on the previous instruction's output (NKI-A1).
constexpr double kFreeSize = 512.0;
constexpr double kInstructionCycles = 100.0;
constexpr double kPartitions = 128.0;

}  // namespace

KernelEstimate vector_op(const hw::ChipSpec& chip, const VectorOpShape& s, const VectorOptions& o) {
    KernelEstimate out;
    if (s.elements <= 0)
        out.issues.push_back({"vector.elements", "elements must be positive, got " + std::to_string(s.elements)});
    if (s.inputs < 1) out.issues.push_back({"vector.inputs", "inputs must be at least 1, got " + std::to_string(s.inputs)});
    if (s.flops_per_element < 0.0) out.issues.push_back({"vector.flops_per_element", "must not be negative"});
    if (o.cores < 0 || o.cores > chip.cores)
        out.issues.push_back({"vector.cores", "cores must be between 1 and " + std::to_string(chip.cores) + " for " + chip.id +
                                                  " (0 = all), got " + std::to_string(o.cores)});
    if (chip.hbm_bandwidth.value() <= 0.0)
        out.issues.push_back({"chips." + chip.id + ".hbm.bandwidth", "chip has no HBM bandwidth"});
    if (!out.issues.empty()) return out;

    const int cores = o.cores == 0 ? chip.cores : o.cores;
    const double n = static_cast<double>(s.elements);
    const double fpe = s.flops_per_element > 0.0 ? s.flops_per_element : default_flops(s.kind);
    const double flops = n * fpe;
    const double bytes = n * hw::bytes_per_element(s.dtype) * (s.inputs + 1);
    const double t_mem = bytes / achievable_hbm_bandwidth(chip, cores);

    double t_engine = 0.0;
    if (chip.architecture == hw::Architecture::neuroncore) {
        const Passes p = passes_of(s.kind, s.inputs);
        const double per_pass = n / (kPartitions * cores);  // free elements per partition per core
        const double cycles_per_pass = per_pass * (1.0 + kInstructionCycles / kFreeSize);
        t_engine = std::max(p.vector, p.scalar) * cycles_per_pass / vector_clock_hz(chip);
    } else {
        const double vec = chip.peak_of(hw::Engine::vector, hw::Dtype::fp32).value() * cores / std::max(1, chip.cores);
        if (vec > 0.0) t_engine = flops / vec;
    }
    const double fixed = first_data_latency_s(chip) + (o.include_launch ? launch_overhead_s(chip) : 0.0);
    const double body = std::max(t_mem, t_engine);

    KernelResult r;
    r.time = units::Seconds(body + fixed);
    r.achieved = units::FlopsPerSecond(flops / r.time.value());
    r.bandwidth = units::BytesPerSecond(bytes / r.time.value());
    r.efficiency = r.bandwidth.value() / chip.hbm_bandwidth.value();
    r.bound = fixed > body ? "latency" : (t_engine > t_mem ? "compute" : "memory");
    if (o.detail) {
        char buf[120];
        std::snprintf(buf, sizeof buf, "HBM %.3g s, engines %.3g s, fixed %.1f µs", t_mem, t_engine, fixed * 1e6);
        r.detail = buf;
    }
    out.result = std::move(r);
    return out;
}

}  // namespace rackplan::kernels
