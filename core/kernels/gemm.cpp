#include "kernels/gemm.h"

#include <algorithm>
#include <string>

#include "kernels/gemm_calibration.h"
#include "kernels/gemm_families.h"

namespace rackplan::kernels {
namespace {

std::string supported_dtypes(const hw::ChipSpec& chip) {
    std::string list;
    for (hw::Dtype d : hw::kAllDtypes)
        if (detail::matrix_peak(chip, d) > 0.0) {
            if (!list.empty()) list += ", ";
            list += hw::to_string(d);
        }
    return list.empty() ? "none" : list;
}

Issues check(const hw::ChipSpec& chip, const GemmShape& s, const GemmOptions& o) {
    Issues issues;
    auto positive = [&](std::int64_t v, const char* name) {
        if (v <= 0) issues.push_back({std::string("gemm.") + name, std::string(name) + " must be positive, got " + std::to_string(v)});
    };
    positive(s.m, "m");
    positive(s.n, "n");
    positive(s.k, "k");
    positive(s.batch, "batch");
    if (o.cores < 0 || o.cores > chip.cores)
        issues.push_back({"gemm.cores", "cores must be between 1 and " + std::to_string(chip.cores) + " for " + chip.id +
                                            " (0 = all), got " + std::to_string(o.cores)});
    if (detail::matrix_peak(chip, s.dtype) <= 0.0)
        issues.push_back({"gemm.dtype", chip.id + " has no dense " + std::string(hw::to_string(s.dtype)) +
                                            " matrix rate; it has: " + supported_dtypes(chip)});
    if (o.calibration && !o.calibration->chip_id.empty() && o.calibration->chip_id != chip.id)
        issues.push_back({"gemm.calibration", "calibration was fitted on " + o.calibration->chip_id + ", not on " + chip.id});
    if (chip.cores < 1) issues.push_back({"chips." + chip.id + ".cores", "chip has no core count"});
    if (chip.hbm_bandwidth.value() <= 0.0)
        issues.push_back({"chips." + chip.id + ".hbm.bandwidth", "chip has no HBM bandwidth; a GEMM cannot be timed"});
    return issues;
}

}  // namespace

double gemm_flops(const GemmShape& s) {
    return 2.0 * static_cast<double>(s.batch) * static_cast<double>(s.m) * static_cast<double>(s.n) * static_cast<double>(s.k);
}

KernelEstimate gemm(const hw::ChipSpec& chip, const GemmShape& shape, const GemmOptions& options) {
    KernelEstimate out;
    out.issues = check(chip, shape, options);
    if (!out.issues.empty()) return out;

    const int cores = options.cores == 0 ? chip.cores : options.cores;
    KernelResult r;
    switch (chip.architecture) {
        case hw::Architecture::gpu_sm:
        case hw::Architecture::amd_cdna: r = detail::gemm_gpu(chip, shape, options, cores); break;
        case hw::Architecture::neuroncore: r = detail::gemm_neuroncore(chip, shape, options, cores); break;
        case hw::Architecture::tpu_mxu: r = detail::gemm_tpu(chip, shape, options, cores); break;
    }
    const GemmCalibration* cal = options.calibration;
    if (cal && cal->host_overhead && cal->host_overhead->value() > r.time.value()) {
        r.bandwidth = r.bandwidth * (r.time.value() / cal->host_overhead->value());
        r.time = *cal->host_overhead;
        r.bound = "latency";
    }
    r.achieved = units::FlopsPerSecond(gemm_flops(shape) / r.time.value());
    const double peak = detail::matrix_peak(chip, shape.dtype) * cores / chip.cores;
    r.efficiency = r.achieved.value() / peak;
    out.result = std::move(r);
    return out;
}

}  // namespace rackplan::kernels
