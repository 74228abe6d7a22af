#pragma once
// Flags named like the batch CSV columns (`--seq-len` for seq_len) and what they describe: a
// scenario, and `--systems A,B:512,C@own`. Shared by the commands that take a workload; every
// problem is a UsageError naming its flag (exit 2).
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/scenario.h"
#include "hw/catalog.h"
#include "plan/candidate.h"

namespace CLI {
class App;
}

namespace rackplan::cli {

// column -> value as typed, for the batch columns given as flags.
using ScenarioCells = std::map<std::string, std::string>;

// "--seq-len" for "seq_len".
std::string flag_of(std::string_view column);

// One option per batch input column, except `id` and those in `skip`.
void add_scenario_flags(CLI::App& cmd, const std::shared_ptr<ScenarioCells>& cells, const std::set<std::string>& skip = {});

// The cells as (flag, value) pairs in the batch contract's column order.
std::vector<std::pair<std::string, std::string>> ordered_flags(const ScenarioCells& cells);

// The scenario the cells describe (io::parse_scenario); throws UsageError naming the first
// bad flag ("--seq-len: must be at least 1, got 0 (and 2 more)").
engine::Scenario scenario_from_cells(const ScenarioCells& cells, const hw::Catalog& catalog);

// Engine assumptions given as flags (`--sustained-clock F`): what-ifs of evaluate, compare and
// plan beside the batch-column flags. Not batch columns: a batch row keeps the engine's defaults.
struct AssumptionFlags {
    std::optional<std::string> sustained_clock;  // as typed
};
// Adds the flags to `cmd`, writing into `flags` (which must outlive the parse).
void add_assumption_flags(CLI::App& cmd, AssumptionFlags& flags);
// The assumptions the flags give; throws UsageError naming the flag for a value that is not a
// number or is out of range (engine::check_assumptions).
engine::EngineAssumptions assumptions_from(const AssumptionFlags& flags);

// An engine message "column tp: ..." with the column written as its flag ("--tp: ...").
std::string flag_message(std::string message);

// `--systems` as typed: comma-separated ID[:CHIPS][@PRICING]. Throws UsageError naming
// --systems for an empty list, an unknown system, bad chips or an unknown pricing.
std::vector<plan::SystemChoice> parse_systems(std::string_view text, const hw::Catalog& catalog);

}  // namespace rackplan::cli
