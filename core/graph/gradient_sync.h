#pragma once
// The end of a step on the data-parallel side: gradient reduction beside the backward, the
// optimizer update, and (ZeRO-1/2) the gather of updated weights beside the next forward, or
// (ZeRO-3) the per-micro-batch weight gathers and gradient reduce-scatter. The windows are
// compute the pipeline already holds (the last micro-batch's backward and forward of the rank
// that finishes last); only the communication that does not fit under them, and the update,
// add to the step.
#include "graph/step_graph.h"
#include "units/quantity.h"

namespace rackplan::graph {

struct GradientSync {
    int zero = 0;                         // ZeRO stage: 0 all-reduce, 1-2 reduce-scatter + all-gather, 3 FSDP
    bool overlap = true;                  // reduction overlaps the backward (DDP buckets, overlap_grad_reduce)
    units::Seconds forward_window{};      // one micro-batch's forward on the rank
    units::Seconds backward_window{};     // its backward with recompute
    units::Seconds all_reduce{};          // zero 0: the gradients
    units::Seconds reduce_scatter{};      // zero >= 1: the gradients (zero 3: per micro-batch)
    units::Seconds all_gather{};          // zero >= 1: the weights (zero 3: before forward and backward)
    units::Seconds optimizer{};           // the update
};

// Nodes: the windows (compute), the collectives (dp), the update (optimizer). For zero 3 the
// graph holds one micro-batch; the engine repeats its dp time per micro-batch.
StepGraph gradient_sync_graph(const GradientSync& s);

// What the step adds: exposed dp time (zero 3: per micro-batch) and the optimizer update.
struct SyncCost {
    units::Seconds dp{};
    units::Seconds optimizer{};
};
SyncCost gradient_sync_cost(const GradientSync& s);

}  // namespace rackplan::graph
