#include "parallel/stages.h"

#include <algorithm>

namespace rackplan::parallel {

StageBlocks stage_blocks(int layers, int dense_layers, const Layout& l, int rank) {
    const double per_chunk = static_cast<double>(layers) / (static_cast<double>(l.pp) * l.vpp);
    StageBlocks b;
    for (int j = 0; j < l.vpp; ++j) {
        const double first = (rank + static_cast<double>(j) * l.pp) * per_chunk;
        b.dense += std::clamp(static_cast<double>(dense_layers) - first, 0.0, per_chunk);
    }
    b.moe = static_cast<double>(layers) / l.pp - b.dense;
    return b;
}

}  // namespace rackplan::parallel
