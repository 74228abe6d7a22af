#pragma once
// What an emulated microbenchmark returns: the time a user would measure for one kernel on
// the real part, the rate that implies, and which limit set it. Bad input comes back as
// issues and no result, never as a peak figure.
#include <optional>
#include <string>
#include <string_view>

#include "hw/issue.h"
#include "units/quantity.h"

namespace rackplan::kernels {

enum class Bound { compute, memory, latency };
std::string_view to_string(Bound b);

struct KernelResult {
    units::Seconds time{};
    units::FlopsPerSecond achieved{};  // useful FLOPs / time (0 for pure data movement)
    double efficiency = 0.0;           // achieved / dense peak of the cores used (copies: of HBM peak)
    std::string bound;                 // "compute" | "memory" | "latency"
    std::string detail;                // filled only when the options ask for it
    units::BytesPerSecond bandwidth{}; // HBM bytes moved (read + written) / time
};

struct KernelEstimate {
    std::optional<KernelResult> result;
    Issues issues;
    [[nodiscard]] bool ok() const { return result.has_value() && issues.empty(); }
};

}  // namespace rackplan::kernels
