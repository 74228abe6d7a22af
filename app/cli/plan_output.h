#pragma once
// What `compare` and `plan` print and save. Both build a result document (plan::to_json) and
// render it: a readable table, CSV with one row per system, or the JSON itself; `scenario
// show` renders a stored result the same way. The input is kept as the request JSON the GUI
// reads and writes too (io/run_request.h).
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli_common.h"
#include "io/run_request.h"
#include "io/run_request_command.h"
#include "plan/candidate.h"
#include "table_format.h"

namespace rackplan::cli {

// The request of a compare or plan command: its batch-column flags as typed, the systems of
// --systems, the demand and --top.
io::RunRequest run_request(std::string_view kind, const std::map<std::string, std::string>& cells,
                           const std::vector<plan::SystemChoice>& systems, int top);
// A stored input as a request: the request form, or the older forms (the CLI's command and
// flags, the desktop application's first comparison document) converted. Empty when it is
// none of them.
std::optional<io::RunRequest> stored_request(const nlohmann::json& input);
bool is_run_input(const nlohmann::json& input);
bool is_result_document(const nlohmann::json& result);
// command_line (a request's or a stored input's) lives in core: io/run_request_command.h.
using io::command_line;

// A compare or plan result document as a table for people or CSV (one row per system); the
// JSON format is the document itself. Throws Failure for a document of another kind.
std::string render_result(const nlohmann::json& result, Format format);

// Stores the input as scenario `name` (replacing one of that name; a changed input drops the
// old results) and the result as its latest.
void save_run(store::Database& db, const std::string& name, std::string_view kind, const nlohmann::json& input,
              const nlohmann::json& result);

// What compare and plan do with their result: print it in `format` and, with `save`, store the
// request and the result as that scenario.
void print_and_save(store::Database& db, const nlohmann::json& doc, Format format, const std::optional<std::string>& save,
                    const io::RunRequest& request);

}  // namespace rackplan::cli
