#pragma once
// What a training comparison (or plan) asks: one workload (a catalog model or a custom
// architecture, sequence length, global batch, precision), the what-if assumptions the engine
// and the cost model accept (utilization, $/kWh, PUE, years, each system's chips and
// pricing) and the candidate systems. Saved scenarios hold it as the request JSON the CLI
// writes too (io/run_request.h); older GUI and CLI forms are read and converted. Each
// candidate becomes an engine::Scenario through io::parse_scenario, the same reader as a
// batch row, so the GUI checks its input exactly as `rackplan batch` does.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hw/catalog.h"
#include "hw/dtype.h"
#include "engine/scenario.h"
#include "hw/issue.h"
#include "io/run_request.h"
#include "io/scenario_row.h"
#include "parallel/layout.h"
#include "workload/model.h"

namespace rackplan::gui {

// search: every system's layout space is searched (background). keep: each system keeps the
// layout of its last search with dp following the chip count, so edits re-time in
// microseconds; a system without one is searched.
enum class LayoutPolicy { search, keep };

struct Candidate {
    std::string system;  // catalog system id
    int chips = 0;
    std::optional<parallel::Layout> layout;  // kept layout (dp ignored); used under LayoutPolicy::keep
    engine::Pricing pricing = engine::Pricing::own;
    friend bool operator==(const Candidate&, const Candidate&) = default;
};

struct ComparisonInput {
    std::string model;        // catalog model id; empty: the custom architecture below
    workload::Model custom;   // read when model is empty; its name is shown, its id is "custom"
    int seq_len = 8192;
    int global_batch = 256;
    hw::Dtype dtype = hw::Dtype::bf16;
    std::optional<double> train_tokens;  // tokens of the whole run (time to train)
    std::optional<double> utilization;   // empty: the catalog's cost default
    std::optional<double> usd_per_kwh;   // cost what-ifs, empty: catalog defaults
    std::optional<double> pue;
    std::optional<double> years;
    // Batch cells of a request the editors do not show (a CLI scenario's --fine-tune or fixed
    // --tp): kept, run and saved as they are.
    std::vector<std::pair<std::string, std::string>> extra_cells;
    LayoutPolicy layouts = LayoutPolicy::search;
    std::vector<Candidate> candidates;
    std::optional<double> demand_days;   // a plan: train train_tokens within this many days
    int top = 3;                         // layouts kept per system (Pareto candidates)
};

// The scenario kinds under which comparisons and plans are saved.
inline constexpr std::string_view kComparisonKind = "compare";
inline constexpr std::string_view kPlanKind = "plan";

// The request form (kind "compare", or "plan" with the demand) and back. from_request fails
// with the JSON path of what the desktop application cannot show ("workload.mode: ...").
io::RunRequest to_request(const ComparisonInput& input, std::string_view kind = kComparisonKind);
struct InputParse {
    std::optional<ComparisonInput> input;
    std::string kind = std::string(kComparisonKind);
    std::string error;  // "systems[1].chips: must be a whole number" when input is empty
};
InputParse from_request(const io::RunRequest& request);

// Canonical text of to_request: equal inputs give equal strings (the store compares them
// to keep history).
std::string to_json(const ComparisonInput& input, std::string_view kind = kComparisonKind);

// Reads the request form, the CLI's command-and-flags form and the GUI's first form
// ("format": "rackplan-comparison").
InputParse input_from_json(std::string_view json);

// The cost cells of the input (pricing is per candidate): what a what-if on costs changes.
std::vector<std::pair<std::string, std::string>> cost_cells(const ComparisonInput& input);

// The batch cells (column, text) of one candidate; the layout columns only under keep.
std::vector<std::pair<std::string, std::string>> scenario_cells(const ComparisonInput& input, const Candidate& c);

// The engine scenario of one candidate, or the issues of its cells (path = column name).
io::ScenarioParse scenario_for(const ComparisonInput& input, const Candidate& c, const hw::Catalog& catalog);

// Issues of the workload alone (columns other than system and chips), to show at the editor.
Issues workload_issues(const ComparisonInput& input, const hw::Catalog& catalog);

// A custom architecture to start editing from: the catalog model `id`, renamed.
workload::Model custom_from(const hw::Catalog& catalog, std::string_view id);

}  // namespace rackplan::gui
