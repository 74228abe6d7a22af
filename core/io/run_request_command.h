#pragma once
// The `rackplan compare|plan` command line a request stands for: what `scenario show` prints
// and every report (CLI or GUI export) shows as its "Command", so a reader can rerun it.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "io/run_request.h"

namespace rackplan::io {

// "--seq-len" for the batch column "seq_len".
std::string flag_of(std::string_view column);

// A value as a POSIX shell word: as it is when it holds nothing the shell reads specially,
// else in single quotes ("it's" -> 'it'\''s').
std::string shell_quoted(const std::string& value);

// "rackplan compare --mode train ... --systems a:64@own,b:64" (values with spaces or quotes
// quoted), with a second line for what the command line cannot say (kept per-system layouts).
std::string command_line(const RunRequest& request);
// The command line of a stored input (any form parse_stored_request reads); an input that is
// no request as its JSON text.
std::string command_line(const nlohmann::json& input);

}  // namespace rackplan::io
