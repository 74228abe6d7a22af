#pragma once
// Private to the collective model: algorithms as schedules of transfers on the topology,
// and their size-independent costs (bottleneck seconds per byte per tier, step latencies).
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "hw/system.h"
#include "kernels/collective.h"
#include "kernels/collective_params.h"
#include "topology/topology.h"

namespace rackplan::kernels::detail {

enum class Algorithm { ring, tree, rhd, direct, nvls, hierarchical, nvls_tree };
std::string_view name(Algorithm a);
std::optional<Algorithm> algorithm_from(std::string_view canonical);

// A latency path sample: `steps` sequential steps whose hop is the route src -> dst.
struct Leg {
    double steps = 0;
    int src = 0;
    int dst = 0;
};

// Steps that run back to back with the same traffic pattern. Transfer bytes are per byte of
// the buffer S and summed over all the phase's steps, so load / bandwidth is the phase's
// bandwidth time per byte of S.
struct Phase {
    int steps = 1;
    std::vector<topology::Transfer> transfers;
    bool in_switch = false;
    std::vector<Leg> legs;  // empty: every step pays the slowest route of the transfers
    int same_as = -1;       // >= 0: repeats the traffic of that earlier phase (no transfers kept)
    // Pipelined rings: a chunk's trip crosses every ring edge, so a step costs the mean hop
    // (a ring over 8-GPU nodes crosses the network on one hop in eight), not the slowest.
    bool pipelined = false;
};
using Schedule = std::vector<Phase>;

// Chips of one group, in rank order.
using Members = std::vector<int>;

struct Context {
    const topology::Topology& topology;
    const hw::SystemSpec& system;
};

// Every construction the algorithm has for this group (a torus gets per-dimension rings and
// a snake ring); the model keeps the fastest at each size.
struct Built {
    std::vector<Schedule> variants;
    std::string reason;  // why the algorithm does not apply, when variants is empty
};

// The schedule of `op` run by every group of `groups` at once (congruent groups, e.g. the
// same local rank of every domain), with bytes scaled by `scale`.
Built build_schedule(Algorithm a, Collective op, const std::vector<Members>& groups, const Context& ctx, double scale,
                     bool allow_in_switch);

struct LegCost {
    double steps = 0;
    units::Seconds latency{};
    std::array<bool, topology::kTierCount> tiers{};
};

struct PhaseCost {
    std::array<double, topology::kTierCount> seconds_per_byte{};  // slowest link per tier, at efficiency 1
    std::vector<LegCost> legs;
    bool in_switch = false;
};

struct Option {
    std::string name;
    std::vector<PhaseCost> phases;
};

// Stages run one after the other; each picks its fastest option at the request's size.
struct Stage {
    std::string label;
    std::vector<Option> options;
};

struct Plan {
    std::vector<Stage> stages;
    std::string reason;  // non-empty: not applicable
};

// Routes schedules on the graph (all phases of all schedules in one batch); nullopt for a
// schedule with a transfer that has no route.
std::vector<std::optional<std::vector<PhaseCost>>> cost_of(const std::vector<const Schedule*>& schedules,
                                                           const topology::Topology& topo);

units::Seconds time_of(const std::vector<PhaseCost>& phases, units::Bytes bytes, const TierParams& params);

}  // namespace rackplan::kernels::detail
