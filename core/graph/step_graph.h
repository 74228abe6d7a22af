#pragma once
// An operator DAG of (part of) one training step and its critical path. Nodes are kernels,
// collectives and the optimizer update, each with a duration the engine got from the kernel
// emulators; edges are data dependencies and stream order. Boost.Graph stays in the .cpp.
//
// Streams work like CUDA streams / Neuron queues: nodes on one stream run one after another in
// the order they were added (add() links a node after the previous node of its stream), nodes
// on different streams overlap unless an edge orders them.
#include <array>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "units/quantity.h"

namespace rackplan::graph {

// What a node's time counts as in the step breakdown.
enum class Kind : std::uint8_t { compute, optimizer, tp, cp, ep, pp, dp };
inline constexpr int kKinds = 7;
std::string_view to_string(Kind k);

// The queue a node runs on: compute and the optimizer share the compute engines, each kind of
// communication has its own (separate NCCL communicators / DMA queues in the frameworks).
enum class Stream : std::uint8_t { compute, tp, cp, ep, pp, dp };
Stream stream_of(Kind k);

using NodeId = std::uint32_t;

struct Node {
    std::string_view name;  // static text ("qkv_proj", "tp_all_reduce", ...)
    Kind kind = Kind::compute;
    units::Seconds duration{};
};

// Longest path through the DAG, and where its time goes. The compute stream is busy (compute,
// optimizer) or stalled; a stall is charged to the kind of the node the stalled compute node
// waited for, and the time after the last compute node to the kind of the node finishing last.
// So by_kind sums to total, and a collective hidden under compute costs nothing.
struct CriticalPath {
    units::Seconds total{};
    std::array<units::Seconds, kKinds> by_kind{};
    std::vector<NodeId> path;  // the critical path, first node to last
    [[nodiscard]] units::Seconds of(Kind k) const { return by_kind[static_cast<int>(k)]; }
};

class StepGraph {
public:
    // Adds a node after the previous node of its stream. Durations must be finite and >= 0.
    NodeId add(std::string_view name, Kind kind, units::Seconds duration);
    // `node` starts after `before` finishes.
    void depend(NodeId node, NodeId before);

    [[nodiscard]] std::size_t node_count() const { return nodes_.size(); }
    [[nodiscard]] std::size_t edge_count() const { return edges_.size(); }
    [[nodiscard]] const Node& node(NodeId id) const { return nodes_.at(id); }
    [[nodiscard]] const std::vector<Node>& nodes() const { return nodes_; }

    // Throws std::logic_error on a cycle, an edge to an unknown node or a bad duration: the
    // builders are code, so either is a programming error, not a user input problem.
    [[nodiscard]] CriticalPath critical_path() const;

private:
    std::vector<Node> nodes_;
    std::vector<std::pair<NodeId, NodeId>> edges_;  // before → node
    std::array<std::int64_t, 6> stream_tail_{-1, -1, -1, -1, -1, -1};
};

}  // namespace rackplan::graph
