#include "graph/unit_graph.h"

namespace rackplan::graph {

NodeId append_unit(StepGraph& g, const Unit& u, std::optional<NodeId> after, double scale) {
    std::vector<NodeId> frontier;  // what the next item waits for
    if (after) frontier.push_back(*after);
    auto step = [&](const UnitItem& item, units::Seconds d, units::Seconds ring, std::string_view ring_name) {
        const bool exchange = item.attention && ring.value() > 0;
        if (d.value() <= 0 && !exchange) return;
        std::vector<NodeId> next;
        // The exchange starts with the attention kernel and both must end before what follows.
        if (d.value() > 0) next.push_back(g.add(item.name, item.kind, d * scale));
        if (exchange) next.push_back(g.add(ring_name, Kind::cp, ring * scale));
        for (NodeId n : next)
            for (NodeId f : frontier) g.depend(n, f);
        frontier = std::move(next);
    };
    for (const UnitItem& item : u.items) step(item, item.forward, u.cp_forward, "cp_kv_exchange");
    // Recompute re-runs the forward of what the backward needs; the ring exchange is not
    // repeated (as the closed form had it, see core/graph/DESIGN.md).
    for (const UnitItem& item : u.items)
        if (item.recomputed) step(item, item.forward, units::Seconds(0.0), "");
    for (auto it = u.items.rbegin(); it != u.items.rend(); ++it)
        step(*it, it->backward, u.cp_backward, "cp_kv_exchange_backward");
    if (frontier.size() == 1) return frontier.front();
    // Nothing at all, or the attention and its exchange last: one zero-length join.
    NodeId join = g.add("join", Kind::compute, units::Seconds(0.0));
    for (NodeId f : frontier) g.depend(join, f);
    return join;
}

StepGraph unit_graph(const Unit& u) {
    StepGraph g;
    append_unit(g, u);
    return g;
}

}  // namespace rackplan::graph
