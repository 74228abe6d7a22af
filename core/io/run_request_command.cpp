#include "io/run_request_command.h"

#include <algorithm>
#include <cmath>

namespace rackplan::io {

std::string flag_of(std::string_view column) {
    std::string f = "--" + std::string(column);
    std::replace(f.begin(), f.end(), '_', '-');
    return f;
}

std::string shell_quoted(const std::string& v) {
    if (!v.empty() && v.find_first_of(" \t'\"$\\;&|<>()*?`") == std::string::npos) return v;
    std::string q = "'";
    for (char c : v) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

namespace {

// A flag's number as a person types it: "20" days, not number_text's equally exact "2e+01".
std::string flag_number(double v) {
    if (std::isfinite(v) && v == std::trunc(v) && std::fabs(v) < 1e6) return std::to_string(static_cast<long>(v));
    return number_text(v);
}

}  // namespace

std::string command_line(const RunRequest& r) {
    std::string s = "rackplan " + r.kind;
    for (const auto& [column, value] : r.workload) s += " " + flag_of(column) + " " + shell_quoted(value);
    if (r.assumptions.sustained_clock) s += " --sustained-clock " + flag_number(*r.assumptions.sustained_clock);
    s += " --systems " + shell_quoted(systems_text(r.systems));
    if (r.demand_days) s += " --demand-days " + flag_number(*r.demand_days);
    if (r.requests_per_s) s += " --requests-per-s " + flag_number(*r.requests_per_s);
    if (r.top != 3) s += " --top " + std::to_string(r.top);
    if (r.uncalibrated) s += " --uncalibrated";
    // Per-system layouts (kept by the desktop application) have no flag: say them beside it.
    std::string kept;
    for (const SystemRequest& sys : r.systems) {
        if (sys.layout.empty()) continue;
        kept += (kept.empty() ? "" : "; ") + sys.system + ":";
        for (const auto& [k, v] : sys.layout) kept += " " + k + "=" + v;
    }
    if (!kept.empty()) s += "\n  (layouts kept per system: " + kept + ")";
    return s;
}

std::string command_line(const nlohmann::json& input) {
    const RequestParse p = parse_stored_request(input);
    return p.request ? command_line(*p.request) : input.dump();
}

}  // namespace rackplan::io
