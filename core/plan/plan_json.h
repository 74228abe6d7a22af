#pragma once
// Comparisons and plans as JSON documents: what `rackplan compare|plan --format json` prints,
// what a saved scenario stores as its result, and what reports and the GUI read back. Numbers
// in base-free display units named by their keys (_s, _ms, _days, usd_, _kw, _mw); a range is
// {"point", "p10", "p50", "p90"}.
#include <nlohmann/json.hpp>

#include "plan/capacity.h"
#include "plan/compare.h"

namespace rackplan::plan {

nlohmann::json workload_json(const engine::Scenario& s);
nlohmann::json candidate_json(const Candidate& c);
nlohmann::json to_json(const CompareResult& r);  // {"kind": "compare", ...}
nlohmann::json to_json(const PlanResult& r);     // {"kind": "plan", ...}

}  // namespace rackplan::plan
