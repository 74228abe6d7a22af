#include "graph/step_graph.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <stdexcept>
#include <string>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/exception.hpp>
#include <boost/graph/topological_sort.hpp>

namespace rackplan::graph {

std::string_view to_string(Kind k) {
    switch (k) {
        case Kind::compute: return "compute";
        case Kind::optimizer: return "optimizer";
        case Kind::tp: return "tp";
        case Kind::cp: return "cp";
        case Kind::ep: return "ep";
        case Kind::pp: return "pp";
        case Kind::dp: return "dp";
    }
    return "?";
}

Stream stream_of(Kind k) {
    switch (k) {
        case Kind::compute:
        case Kind::optimizer: return Stream::compute;
        case Kind::tp: return Stream::tp;
        case Kind::cp: return Stream::cp;
        case Kind::ep: return Stream::ep;
        case Kind::pp: return Stream::pp;
        case Kind::dp: return Stream::dp;
    }
    return Stream::compute;
}

NodeId StepGraph::add(std::string_view name, Kind kind, units::Seconds duration) {
    if (!std::isfinite(duration.value()) || duration.value() < 0)
        throw std::logic_error("graph: node '" + std::string(name) + "' has duration " +
                               std::to_string(duration.value()));
    const auto id = static_cast<NodeId>(nodes_.size());
    nodes_.push_back({name, kind, duration});
    auto& tail = stream_tail_[static_cast<int>(stream_of(kind))];
    if (tail >= 0) edges_.emplace_back(static_cast<NodeId>(tail), id);
    tail = id;
    return id;
}

void StepGraph::depend(NodeId node, NodeId before) {
    if (node >= nodes_.size() || before >= nodes_.size())
        throw std::logic_error("graph: edge " + std::to_string(before) + " -> " + std::to_string(node) +
                               " names a node that does not exist (" + std::to_string(nodes_.size()) + " nodes)");
    edges_.emplace_back(before, node);
}

CriticalPath StepGraph::critical_path() const {
    using G = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
    const std::size_t n = nodes_.size();
    G g(n);
    for (auto [from, to] : edges_) boost::add_edge(from, to, g);
    std::vector<std::size_t> reverse_order;
    reverse_order.reserve(n);
    try {
        boost::topological_sort(g, std::back_inserter(reverse_order));
    } catch (const boost::not_a_dag&) {
        throw std::logic_error("graph: the step graph has a cycle");
    }

    // Earliest start/finish in topological order; `binding` is the predecessor a node waited
    // for last (on a tie a compute-stream predecessor, so a fully hidden collective is free).
    constexpr std::int64_t kNone = -1;
    std::vector<double> start(n, 0.0), finish(n, 0.0);
    std::vector<std::int64_t> binding(n, kNone);
    auto on_compute = [&](std::int64_t v) { return v != kNone && stream_of(nodes_[v].kind) == Stream::compute; };
    for (auto it = reverse_order.rbegin(); it != reverse_order.rend(); ++it) {
        const std::size_t u = *it;
        finish[u] = start[u] + nodes_[u].duration.value();
        for (auto [e, end] = boost::out_edges(u, g); e != end; ++e) {
            const std::size_t v = boost::target(*e, g);
            const bool later = finish[u] > start[v];
            const bool prefer = binding[v] == kNone ||
                                (on_compute(static_cast<std::int64_t>(u)) && !on_compute(binding[v]));
            const bool tie = finish[u] == start[v] && prefer;
            if (later || tie) {
                start[v] = finish[u];
                binding[v] = static_cast<std::int64_t>(u);
            }
        }
    }

    CriticalPath cp;
    std::int64_t last = kNone;  // the node finishing last (ties: compute stream)
    for (std::size_t u = 0; u < n; ++u)
        if (last == kNone || finish[u] > finish[last] ||
            (finish[u] == finish[last] && on_compute(static_cast<std::int64_t>(u)) && !on_compute(last)))
            last = static_cast<std::int64_t>(u);
    if (last == kNone) return cp;
    cp.total = units::Seconds(finish[last]);

    // Walk the compute stream in time order: busy time by node kind, stalls by the kind waited for.
    double clock = 0.0;
    for (auto it = reverse_order.rbegin(); it != reverse_order.rend(); ++it) {
        const std::size_t u = *it;
        if (!on_compute(static_cast<std::int64_t>(u))) continue;
        if (start[u] > clock) {
            const Kind waited = binding[u] == kNone ? Kind::compute : nodes_[binding[u]].kind;
            cp.by_kind[static_cast<int>(waited)] += units::Seconds(start[u] - clock);
        }
        cp.by_kind[static_cast<int>(nodes_[u].kind)] += nodes_[u].duration;
        clock = finish[u];
    }
    if (finish[last] > clock) cp.by_kind[static_cast<int>(nodes_[last].kind)] += units::Seconds(finish[last] - clock);

    for (std::int64_t v = last; v != kNone; v = binding[v]) cp.path.push_back(static_cast<NodeId>(v));
    std::reverse(cp.path.begin(), cp.path.end());
    return cp;
}

}  // namespace rackplan::graph
