#pragma once
// Comparisons and plans as JSON documents: what `rackplan compare|plan --format json` prints,
// what a saved scenario stores as its result, and what reports and the GUI read back. Numbers
// in base-free display units named by their keys (_s, _ms, _days, usd_, _kw, _mw); a range is
// {"point", "p10", "p50", "p90"}.
//
// Beside the figures the tables show, each candidate carries what a report needs to explain
// them (keys are only ever added): training "step_breakdown_s" (compute, exposed_comm by
// kind, bubble, optimizer: they add up to step), "memory_gib" by kind and, when the engine
// ran with detail, "block_ops" (one block per micro-batch: forward/backward ms, GFLOP, MB,
// bound); serving "serving" (decode iteration split) and "memory_gib". A priced candidate's
// "cost" also holds the point cost lines ("usd_per_hour_lines", "capex_lines_usd",
// "power_kw_lines"), the network plan, the ±20 % "tornado" of usd_per_mtok and "inputs":
// every number used with its unit, low/high, confidence and source tag.
#include <nlohmann/json.hpp>

#include "plan/capacity.h"
#include "plan/compare.h"

namespace rackplan::plan {

nlohmann::json workload_json(const engine::Scenario& s);
nlohmann::json candidate_json(const Candidate& c);
nlohmann::json to_json(const CompareResult& r);  // {"kind": "compare", ...}
nlohmann::json to_json(const PlanResult& r);     // {"kind": "plan", ...}

}  // namespace rackplan::plan
