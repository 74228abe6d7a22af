#pragma once
// Which blocks a pipeline rank holds. Layers split evenly into pp·vpp chunks; rank r holds
// chunks r, r + pp, r + 2·pp, ... (Megatron's interleaved assignment; vpp = 1 is one chunk).
// An MoE model's leading dense blocks land on the first chunks.
#include "parallel/layout.h"

namespace rackplan::parallel {

struct StageBlocks {
    double dense = 0.0;  // blocks with a dense FFN
    double moe = 0.0;    // blocks with routed experts
};

// layers and dense_layers as Model::layers and Model::dense_blocks().
StageBlocks stage_blocks(int layers, int dense_layers, const Layout& l, int rank);

}  // namespace rackplan::parallel
