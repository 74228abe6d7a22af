#pragma once
// What a comparison (or plan) asks: one workload (a catalog model or a custom architecture;
// training: sequence length, global batch, precision; serving: prompt and output lengths,
// latency limits, weight and KV-cache formats), the what-if assumptions the engine
// and the cost model accept (utilization, $/kWh, PUE, years, the sustained tensor clock, each
// system's chips and pricing) and the candidate systems. Saved scenarios hold it as the request JSON the CLI
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
    engine::Mode mode = engine::Mode::train;
    std::string model;        // catalog model id; empty: the custom architecture below
    workload::Model custom;   // read when model is empty; its name is shown, its id is "custom"
    // Training (mode train): the batch columns seq_len, global_batch, dtype, train_tokens.
    int seq_len = 8192;
    int global_batch = 256;
    hw::Dtype dtype = hw::Dtype::bf16;
    std::optional<double> train_tokens;  // tokens of the whole run (time to train)
    // Serving (mode infer): input_len, output_len, ttft_slo_ms, tpot_slo_ms, weight_dtype,
    // kv_dtype, batch. No SLO: the engine's max-throughput point; no batch: searched.
    int input_len = 2048;
    int output_len = 256;
    std::optional<double> ttft_slo_ms;
    std::optional<double> tpot_slo_ms;
    // As written in the batch cell, so a format core does not know reaches its row reader and
    // is marked at its field like any other bad cell.
    std::string weight_dtype = "bf16";
    std::string kv_dtype = "bf16";
    std::optional<int> batch;            // concurrent sequences per replica
    std::optional<double> utilization;   // empty: the catalog's cost default
    std::optional<double> usd_per_kwh;   // cost what-ifs, empty: catalog defaults
    std::optional<double> pue;
    std::optional<double> years;
    // Engine what-if (io::RunRequest::assumptions, not a batch cell): the sustained tensor clock
    // as a fraction of the burst clock; empty: the engine's default (kDefaultSustainedClock).
    std::optional<double> sustained_clock;
    // Run without the database's measured calibration (a CLI scenario saved with --uncalibrated).
    bool uncalibrated = false;
    // Batch cells of a request the editors do not show (a CLI scenario's --fine-tune or fixed
    // --tp, the other mode's columns): kept, run and saved as they are, except where the
    // input's own fields write the same column.
    std::vector<std::pair<std::string, std::string>> extra_cells;
    LayoutPolicy layouts = LayoutPolicy::search;
    std::vector<Candidate> candidates;
    std::optional<double> demand_days;   // a plan, training: train train_tokens within this many days
    std::optional<double> requests_per_s;  // a plan, serving: carry this many requests per second
    int top = 3;                         // layouts kept per system (Pareto candidates)
};

// The scenario kinds under which comparisons and plans are saved.
inline constexpr std::string_view kComparisonKind = "compare";
inline constexpr std::string_view kPlanKind = "plan";

// The request form (kind "compare", or "plan" with the demand of the input's mode) and back.
// from_request fails with the JSON path of what the desktop application cannot show
// ("workload.mode: ...").
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

// The GEMM precision of the input's mode (training dtype, serving weight_dtype): the chip peak
// and microbenchmark curves shown beside a result.
hw::Dtype compute_dtype(const ComparisonInput& input);

// Issues of the workload alone (columns other than system and chips), to show at the editor.
Issues workload_issues(const ComparisonInput& input, const hw::Catalog& catalog);

// A custom architecture to start editing from: the catalog model `id`, renamed.
workload::Model custom_from(const hw::Catalog& catalog, std::string_view id);

}  // namespace rackplan::gui
