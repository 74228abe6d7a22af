#pragma once
// Emulated collective microbenchmarks: what nccl-tests (or the Neuron collective tests) would
// measure for one collective on a system's network, derived from the topology graph and the
// link figures. Algorithms (ring, double binary tree, recursive halving-doubling, direct,
// in-switch reduction, hierarchical) become schedules of transfers; their contention comes
// from routing the transfers on the graph; the fastest algorithm per size is chosen as the
// collective library would.
#include <array>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "hw/chip.h"
#include "hw/issue.h"
#include "hw/system.h"
#include "kernels/collective_params.h"
#include "topology/topology.h"
#include "units/quantity.h"

namespace rackplan::kernels {

enum class Collective { all_reduce, all_gather, reduce_scatter, all_to_all, send_recv, broadcast };
// CLI spellings: allreduce, allgather, reducescatter, alltoall, sendrecv, broadcast.
std::string_view to_string(Collective c);
std::optional<Collective> collective_from_string(std::string_view s);

// nccl-tests' busbw factor: busbw = algbw x factor (modeling.md, Collectives).
double bus_bandwidth_factor(Collective c, int ranks);

// How a parallel group's ranks sit on the topology (a TP group of 8 in one node, a DP group
// of 64 with one rank per node...). Ranks fill nodes, then domains, in chip order.
struct Group {
    int ranks = 0;
    int ranks_per_domain = 0;  // 0 = as packed as possible: fill each scale-up domain
    int ranks_per_node = 0;    // 0 = fill each node
    // Ranks the software runs on each of the group's chips when the group holds whole chips
    // (a TP group on Neuron: one rank per NeuronCore, kernels::collective_ranks_per_chip).
    // 1 = one rank per chip, or a group whose chips' other ranks belong to other, concurrent
    // groups (a strided DP group), which the chip-level collective already times. With more,
    // all-reduce, all-gather and reduce-scatter add the on-chip steps between those ranks, and
    // `ranks` = 1 (one chip) is a valid, on-chip-only group.
    int ranks_per_chip = 1;
};

struct CollectiveRequest {
    Collective op = Collective::all_reduce;
    Group group;
    units::Bytes bytes{};   // per rank, as nccl-tests counts it
    std::string algorithm;  // empty = fastest
    bool allow_in_switch_reduction = true;
};

struct CollectiveResult {
    units::Seconds time{};
    units::BytesPerSecond algbw{};
    units::BytesPerSecond busbw{};
    std::string algorithm;  // ring, tree, rhd, direct, nvls, hierarchical, nvls_tree
    std::string detail;     // hierarchical: the algorithm of each stage
};

struct CollectiveEstimate {
    std::optional<CollectiveResult> result;
    Issues issues;
    [[nodiscard]] bool ok() const { return result.has_value() && issues.empty(); }
};

// Algorithm names: canonical spelling, or nullopt when unknown (accepts mesh, rdh, sharp...).
std::optional<std::string> canonical_algorithm(std::string_view name);
const std::vector<std::string>& algorithm_names();

struct CollectiveOptions {
    topology::ScaleOutFabric fabric;
    // Replaces the technology defaults of a tier (e.g. a fit from the user's nccl-tests run).
    std::array<std::optional<LinkParams>, topology::kTierCount> params;
};

namespace detail {
struct Plan;
}

class CollectiveModel {
public:
    // Builds the topology of enough whole systems for `cluster_chips` chips once; collectives
    // are then memoized per (op, group shape, algorithm) and cost a few microseconds.
    CollectiveModel(const hw::SystemSpec& system, const hw::ChipSpec& chip, int cluster_chips,
                    CollectiveOptions options = {});
    ~CollectiveModel();
    CollectiveModel(const CollectiveModel&) = delete;
    CollectiveModel& operator=(const CollectiveModel&) = delete;

    // Safe to call from several threads at once.
    [[nodiscard]] CollectiveEstimate estimate(const CollectiveRequest& request) const;
    // The same with other link parameters (calibration fits use it; nothing is rebuilt).
    [[nodiscard]] CollectiveEstimate estimate(const CollectiveRequest& request, const TierParams& params) const;

    [[nodiscard]] const TierParams& params() const { return params_; }
    [[nodiscard]] CollectiveStack stack() const { return stack_; }
    [[nodiscard]] int cluster_chips() const { return cluster_chips_; }
    // Empty when the system spec could not be turned into a network (see construction issues).
    [[nodiscard]] const topology::Topology* topology() const;
    [[nodiscard]] const Issues& construction_issues() const { return construction_issues_; }
    // The tier whose links carry the group's widest traffic: scale_out when the group spans
    // domains, inter_node when it spans the nodes of a domain joined by one, else scale_up.
    [[nodiscard]] std::optional<topology::Tier> group_tier(const Group& group) const;

private:
    struct Shape;
    using Key = std::tuple<int, int, int, int, std::string, bool>;

    std::optional<Shape> resolve(const Group& group, Issues& issues) const;
    std::shared_ptr<const detail::Plan> build_plan(Collective op, const Shape& shape, const std::string& algorithm,
                                                   bool allow_in_switch) const;
    std::shared_ptr<const detail::Plan> plan(const CollectiveRequest& request, const Shape& shape,
                                             const std::string& algorithm) const;

    hw::SystemSpec system_;
    CollectiveStack stack_;
    int cluster_chips_ = 0;
    TierParams params_{};
    std::optional<topology::Topology> topology_;
    Issues construction_issues_;
    // One slot per key, built once: a thread asking for a plan another thread is building
    // waits for it instead of building it again.
    struct Memo {
        std::once_flag once;
        std::shared_ptr<const detail::Plan> plan;
    };
    mutable std::shared_mutex memo_mutex_;
    mutable std::map<Key, std::shared_ptr<Memo>> memo_;
};

}  // namespace rackplan::kernels
