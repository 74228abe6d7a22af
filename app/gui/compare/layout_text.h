#pragma once
// A layout in words for tables and the detail pane: what is split how, the ZeRO stage, the
// recompute policy and the micro-batch.
#include <QString>

#include "parallel/layout.h"

namespace rackplan::gui {

// Compact: "TP 8 · PP 4 · DP 2 · VPP 3 · SP · ZeRO-1 · selective · mb 1". Degrees of 1 other
// than TP, PP and DP are left out.
QString layout_summary(const parallel::Layout& l);

// Every column with its value, one per line, for the detail pane.
QString layout_description(const parallel::Layout& l, int micro_batches);

}  // namespace rackplan::gui
