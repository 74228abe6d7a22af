#include "graph/gradient_sync.h"

namespace rackplan::graph {

StepGraph gradient_sync_graph(const GradientSync& s) {
    StepGraph g;
    const bool o = s.overlap;
    if (s.zero >= 3) {
        // Prefetch: the forward's gather beside the forward, the backward's gather and the
        // reduce-scatter beside the backward; without overlap each waits for the other.
        const NodeId ag_f = g.add("dp_all_gather_forward", Kind::dp, s.all_gather);
        const NodeId fwd = g.add("forward_window", Kind::compute, s.forward_window);
        if (!o) g.depend(fwd, ag_f);
        const NodeId ag_b = g.add("dp_all_gather_backward", Kind::dp, s.all_gather);
        g.depend(ag_b, fwd);
        const NodeId bwd = g.add("backward_window", Kind::compute, s.backward_window);
        g.depend(bwd, o ? ag_f : ag_b);
        const NodeId rs = g.add("dp_reduce_scatter", Kind::dp, s.reduce_scatter);
        if (!o) g.depend(rs, bwd);
        const NodeId opt = g.add("optimizer", Kind::optimizer, s.optimizer);
        g.depend(opt, rs);
        return g;
    }
    const NodeId bwd = g.add("backward_window", Kind::compute, s.backward_window);
    const NodeId reduce = s.zero >= 1 ? g.add("dp_reduce_scatter", Kind::dp, s.reduce_scatter)
                                      : g.add("dp_all_reduce", Kind::dp, s.all_reduce);
    if (!o) g.depend(reduce, bwd);
    const NodeId opt = g.add("optimizer", Kind::optimizer, s.optimizer);
    g.depend(opt, reduce);
    if (s.zero >= 1) {
        // Updated weight shards gathered beside the next step's first forward.
        const NodeId ag = g.add("dp_all_gather", Kind::dp, s.all_gather);
        g.depend(ag, opt);
        const NodeId fwd = g.add("forward_window", Kind::compute, s.forward_window);
        if (!o) g.depend(fwd, ag);
    }
    return g;
}

SyncCost gradient_sync_cost(const GradientSync& s) {
    CriticalPath cp = gradient_sync_graph(s).critical_path();
    return {cp.of(Kind::dp), cp.of(Kind::optimizer)};
}

}  // namespace rackplan::graph
