#pragma once
// What a saved comparison or plan asks, in the one JSON form the CLI (`compare|plan --save`)
// and the GUI both write and read:
//   {"kind": "compare" | "plan",
//    "workload": {batch column: value as text, ...},       mode, model or architecture, seq_len, cost columns...
//    "systems": [{"system": ID, "chips": N, "pricing": P, "layout": {layout column: text}}, ...],
//    "demand": {"days": D} | {"requests_per_s": R},          plan only
//    "assumptions": {"sustained_clock": 0.8},                engine what-ifs, absent when none is set
//    "options": {"top": 3, "layouts": "search" | "keep", "model_name": label of a custom model,
//                "uncalibrated": true when the database's measured points are to be ignored}}
// The workload cells go through the batch row reader (io::parse_scenario) like a CSV row or
// CLI flags, so every front end checks them the same way. Older stored forms (the CLI's
// command and flags, the GUI's own comparison document) are converted on read.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/scenario.h"
#include "hw/issue.h"

namespace rackplan::io {

// One system of the request. `layout` holds layout columns (tp, pp, cp, ep, vpp, micro_batch,
// zero, sp, recompute) as text: a layout kept from an earlier search, dp following the chips.
struct SystemRequest {
    std::string system;
    std::optional<int> chips;                 // empty: the workload's chips
    std::optional<engine::Pricing> pricing;   // empty: the workload's pricing
    std::vector<std::pair<std::string, std::string>> layout;
    friend bool operator==(const SystemRequest&, const SystemRequest&) = default;
};

struct RunRequest {
    std::string kind = "compare";  // "compare" or "plan"
    // Batch input columns other than id and system, in the batch contract's column order.
    std::vector<std::pair<std::string, std::string>> workload;
    std::vector<SystemRequest> systems;
    std::optional<double> demand_days;      // plan, training
    std::optional<double> requests_per_s;   // plan, serving
    engine::EngineAssumptions assumptions;  // not batch columns; applied to every system's scenario
    int top = 3;                            // layouts kept per system
    bool keep_layouts = false;              // GUI: re-time each system's kept layout instead of searching
    std::string model_name;                 // a custom architecture's label (the engine never reads it)
    bool uncalibrated = false;              // run without the database's measured calibration (--uncalibrated)
    friend bool operator==(const RunRequest&, const RunRequest&) = default;

    // The workload cell of `column`, or nullptr.
    [[nodiscard]] const std::string* cell(std::string_view column) const;
    // Sets (or with an empty value removes) a cell, keeping the column order.
    void set_cell(const std::string& column, const std::string& value);
};

// The batch cells of one system's row: the workload, then its system, chips, pricing and
// layout cells over the workload's; what io::parse_scenario reads.
std::vector<std::pair<std::string, std::string>> system_cells(const RunRequest& request, const SystemRequest& system);

// The layout columns a system may carry.
const std::vector<std::string>& layout_columns();

// Canonical JSON: equal requests give equal text (the store compares inputs to keep history).
nlohmann::json to_json(const RunRequest& request);

struct RequestParse {
    std::optional<RunRequest> request;  // set when issues is empty
    Issues issues;                      // path: "systems[1].chips", "workload.seq_len", "assumptions.sustained_clock"
};

// Reads the form above. Each problem names its JSON path ("systems[1].chips: must be a whole
// number"); every problem found is reported.
RequestParse parse_request(const nlohmann::json& j);

// The CLI's first stored form, {"command": "compare", "flags": [["--seq-len", "8192"], ...]}.
bool is_command_input(const nlohmann::json& j);
RequestParse request_from_command(const nlohmann::json& j);

// The desktop application's first stored form, {"format": "rackplan-comparison",
// "version": 1, "workload": {...}, "candidates": [...]}: a comparison of kind "compare".
bool is_gui_comparison(const nlohmann::json& j);
RequestParse request_from_gui_comparison(const nlohmann::json& j);

// Any stored form: the CLI's first form, the desktop application's first form, else the
// request form above (whose issues come back when it is none of them).
RequestParse parse_stored_request(const nlohmann::json& j);

// `--systems` text: comma-separated ID[:CHIPS][@PRICING]. Issues have path `path`. The
// systems are not looked up in a catalog.
std::vector<SystemRequest> parse_systems_text(std::string_view text, Issues& issues, const std::string& path = "systems");
// The same text from systems (layouts are not part of it).
std::string systems_text(const std::vector<SystemRequest>& systems);

// A number as the shortest text that reads back to it ("8192", "1e+12", "0.35").
std::string number_text(double v);

}  // namespace rackplan::io
