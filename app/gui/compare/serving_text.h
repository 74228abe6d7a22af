#pragma once
// Serving figures in words for the table, the detail pane and the page headers: a replica
// layout, latencies in milliseconds, and a serving workload in one line.
#include <QString>

#include "compare/comparison_input.h"
#include "engine/infer_engine.h"

namespace rackplan::gui {

// Compact: "TP 8 · PP 2 · EP 4" (EP only when experts are split).
QString serving_layout_summary(const engine::InferLayout& l);

// Every figure of the deployment in words, for the detail pane.
QString serving_layout_description(const engine::InferPerformance& p);

// "12.3 ms", "0.842 ms", "1,234 ms".
QString ms_text(units::Seconds s);

// "2048 in + 256 out tokens · TTFT ≤ 500 ms · TPOT ≤ 50 ms · weights fp8 · KV bf16"; the
// limits read "max throughput" when none is given.
QString serving_workload_text(const ComparisonInput& input);

}  // namespace rackplan::gui
