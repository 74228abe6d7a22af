#include "kernels/memory.h"

#include <cstdio>
#include <string>

#include "kernels/chip_traits.h"

namespace rackplan::kernels {

KernelEstimate memory_copy(const hw::ChipSpec& chip, units::Bytes bytes, const MemoryOptions& o) {
    KernelEstimate out;
    if (!(bytes.value() > 0.0))
        out.issues.push_back({"memory.bytes", "bytes must be positive, got " + std::to_string(bytes.value())});
    if (o.cores < 0 || o.cores > chip.cores)
        out.issues.push_back({"memory.cores", "cores must be between 1 and " + std::to_string(chip.cores) + " for " + chip.id +
                                                  " (0 = all), got " + std::to_string(o.cores)});
    if (chip.hbm_bandwidth.value() <= 0.0)
        out.issues.push_back({"chips." + chip.id + ".hbm.bandwidth", "chip has no HBM bandwidth"});
    if (!out.issues.empty()) return out;

    const int cores = o.cores == 0 ? chip.cores : o.cores;
    const double traffic = 2.0 * bytes.value();
    const double bw = achievable_hbm_bandwidth(chip, cores);
    const double stream = traffic / bw;
    const double fixed = first_data_latency_s(chip) + (o.include_launch ? launch_overhead_s(chip) : 0.0);
    KernelResult r;
    r.time = units::Seconds(stream + fixed);
    r.bandwidth = units::BytesPerSecond(traffic / r.time.value());
    r.efficiency = r.bandwidth.value() / chip.hbm_bandwidth.value();
    r.bound = fixed > stream ? "latency" : "memory";
    if (o.detail) {
        char buf[120];
        std::snprintf(buf, sizeof buf, "%.0f GB/s streaming on %d core%s, %.1f µs fixed", bw / 1e9, cores,
                      cores == 1 ? "" : "s", fixed * 1e6);
        r.detail = buf;
    }
    out.result = std::move(r);
    return out;
}

}  // namespace rackplan::kernels
