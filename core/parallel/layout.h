#pragma once
// Layout: how one training job is split over chips. Compact (32 bytes, no heap) so the search
// space can be walked and stored flat.
//
// Conventions:
// - tp·pp·dp·cp = chips. EP does not multiply: it sub-divides the dp·cp ranks for the expert
//   layers (Megatron-style), so ep divides dp·cp; expert weights are then replicated over
//   dp·cp/ep ranks (the expert-data-parallel group) and split by tp inside each (expert TP = TP).
// - vpp is the number of model chunks per pipeline rank (1 = plain 1F1B, > 1 = interleaved).
// - zero: 0 none, 1 optimizer states, 2 + gradients, 3 + weights (FSDP), sharded over the
//   data-parallel group (dp·cp ranks for dense weights, dp·cp/ep for experts).
#include <cstdint>
#include <optional>
#include <string_view>

#include "workload/ops.h"

namespace rackplan::parallel {

enum class Recompute : std::uint8_t { none, selective, full };
inline constexpr int kRecomputeCount = 3;

std::string_view to_string(Recompute r);
std::optional<Recompute> recompute_from(std::string_view s);

struct Layout {
    std::int32_t tp = 1;
    std::int32_t pp = 1;
    std::int32_t dp = 1;
    std::int32_t cp = 1;
    std::int32_t ep = 1;
    std::int32_t vpp = 1;
    std::int32_t micro_batch = 1;
    std::int8_t zero = 0;
    bool sp = false;
    Recompute recompute = Recompute::none;

    [[nodiscard]] std::int64_t chips() const { return std::int64_t{tp} * pp * dp * cp; }
    // Micro-batches per pipeline per optimizer step: global_batch / (dp·micro_batch).
    [[nodiscard]] int micro_batches(int global_batch) const {
        const std::int64_t per = std::int64_t{dp} * micro_batch;
        return per > 0 ? static_cast<int>(global_batch / per) : 0;
    }
    [[nodiscard]] workload::Split split() const { return {tp, cp, ep, sp}; }
    friend bool operator==(const Layout&, const Layout&) = default;
};

}  // namespace rackplan::parallel
