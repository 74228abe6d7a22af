#pragma once
// The DAG of one unit of a pipeline chunk for one micro-batch on one chip: a transformer block,
// the embedding or the LM head. Forward, recompute (re-run before the backward) and backward
// run on the compute stream; blocking collectives (TP all-reduce / all-gather / reduce-scatter,
// EP all-to-all, the vocabulary-parallel all-reduce) sit between the operators that produce
// and consume them; the CP ring exchange runs beside the attention kernel it feeds.
//
// Why a unit is enough for a whole step: every collective of a unit waits only on that unit's
// operators and every operator after it waits on the collective (Megatron's TP/EP
// communication is blocking; the ring exchange of a block feeds only that block's attention).
// No node spans two units, so the critical path of a micro-batch on a pipeline rank (its units
// in a chain on one compute stream) is the sum of the units' critical paths, kind by kind. The
// engine therefore builds each distinct unit once (memoized per layout shape) and composes
// over blocks, micro-batches and stages; append_unit() builds the expanded chain for reports.
#include <optional>
#include <string_view>
#include <vector>

#include "graph/step_graph.h"
#include "units/quantity.h"

namespace rackplan::graph {

// One operator or blocking collective, in forward order, with the time of each phase.
struct UnitItem {
    std::string_view name;
    Kind kind = Kind::compute;   // compute, tp, ep (a blocking collective)
    units::Seconds forward{};    // 0: absent in that phase (Megatron's f/g: identity one way)
    units::Seconds backward{};
    bool recomputed = false;     // re-run (forward) before the backward
    bool attention = false;      // the CP ring exchange runs beside it
};

struct Unit {
    std::vector<UnitItem> items;
    // Ring exchange of K/V beside the attention's forward and its backward (0: no CP).
    units::Seconds cp_forward{};
    units::Seconds cp_backward{};
};

// Appends the unit's DAG after node `after` (and after what the graph's streams already hold),
// every duration times `scale` (a fraction of a block on a stage is the block's DAG scaled:
// a DAG's critical path scales with its durations). Returns the unit's last node.
NodeId append_unit(StepGraph& g, const Unit& u, std::optional<NodeId> after = std::nullopt, double scale = 1.0);

// The unit alone.
StepGraph unit_graph(const Unit& u);

}  // namespace rackplan::graph
