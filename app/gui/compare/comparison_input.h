#pragma once
// What a training comparison asks: one workload (a catalog model or a custom architecture,
// sequence length, global batch, precision), the what-if assumptions the engine accepts
// (utilization, chips per system) and the candidate systems. Saved scenarios hold it as JSON.
// Each candidate becomes an engine::Scenario through io::parse_scenario, the same reader as a
// batch row, so the GUI checks its input exactly as `rackplan batch` does.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hw/catalog.h"
#include "hw/dtype.h"
#include "hw/issue.h"
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
    LayoutPolicy layouts = LayoutPolicy::search;
    std::vector<Candidate> candidates;
};

// The scenario kind under which comparisons are saved.
inline constexpr std::string_view kComparisonKind = "compare";

// Canonical text: equal inputs give equal strings (the store compares them to keep history).
std::string to_json(const ComparisonInput& input);

struct InputParse {
    std::optional<ComparisonInput> input;
    std::string error;  // "candidates[1].chips: must be a whole number" when input is empty
};
InputParse input_from_json(std::string_view json);

// The batch cells (column, text) of one candidate; the layout columns only under keep.
std::vector<std::pair<std::string, std::string>> scenario_cells(const ComparisonInput& input, const Candidate& c);

// The engine scenario of one candidate, or the issues of its cells (path = column name).
io::ScenarioParse scenario_for(const ComparisonInput& input, const Candidate& c, const hw::Catalog& catalog);

// Issues of the workload alone (columns other than system and chips), to show at the editor.
Issues workload_issues(const ComparisonInput& input, const hw::Catalog& catalog);

// A custom architecture to start editing from: the catalog model `id`, renamed.
workload::Model custom_from(const hw::Catalog& catalog, std::string_view id);

}  // namespace rackplan::gui
