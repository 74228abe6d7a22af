#pragma once
#include <optional>
// What `compare` and `plan` print and save. Both build a result document (plan::to_json) and
// render it: a readable table, CSV with one row per system, or the JSON itself; `scenario
// show` renders a stored result the same way. The input is kept as the command and its flags.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli_common.h"
#include "table_format.h"

namespace rackplan::cli {

// {"command": "compare", "flags": [["--mode", "train"], ...]} in the order given.
nlohmann::json run_input(std::string_view command, const std::vector<std::pair<std::string, std::string>>& flags);
// Whether a stored input or result is of the form these commands write (the desktop
// application stores its comparisons in a form of its own).
bool is_run_input(const nlohmann::json& input);
bool is_result_document(const nlohmann::json& result);
// "rackplan compare --mode train ..." (values with spaces or quotes are quoted); another
// form of input as its JSON text.
std::string command_line(const nlohmann::json& input);

// A compare or plan result document as a table for people or CSV (one row per system); the
// JSON format is the document itself. Throws Failure for a document of another kind.
std::string render_result(const nlohmann::json& result, Format format);

// Stores the input as scenario `name` (replacing one of that name; a changed input drops the
// old results) and the result as its latest.
void save_run(store::Database& db, const std::string& name, std::string_view kind, const nlohmann::json& input,
              const nlohmann::json& result);

// What compare and plan do with their result: print it in `format` and, with `save`, store the
// command's input (`kind` and its flags) and the result as that scenario.
void print_and_save(store::Database& db, const nlohmann::json& doc, Format format, const std::optional<std::string>& save,
                    std::string_view kind, const std::vector<std::pair<std::string, std::string>>& flags);

}  // namespace rackplan::cli
