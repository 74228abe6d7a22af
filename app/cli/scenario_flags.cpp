#include "scenario_flags.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>

#include "cli_common.h"
#include "io/batch_runner.h"
#include "io/run_request_command.h"
#include "io/scenario_row.h"

namespace rackplan::cli {

std::string flag_of(std::string_view column) { return io::flag_of(column); }

void add_scenario_flags(CLI::App& cmd, const std::shared_ptr<ScenarioCells>& cells, const std::set<std::string>& skip) {
    for (const auto& col : io::batch_input_columns()) {
        if (col == "id" || skip.count(col)) continue;
        cmd.add_option_function<std::string>(flag_of(col), [cells, col](const std::string& v) { (*cells)[col] = v; },
                                             "batch column " + col);
    }
}

std::vector<std::pair<std::string, std::string>> ordered_flags(const ScenarioCells& cells) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& col : io::batch_input_columns())
        if (auto it = cells.find(col); it != cells.end()) out.emplace_back(flag_of(col), it->second);
    return out;
}

engine::Scenario scenario_from_cells(const ScenarioCells& cells, const hw::Catalog& catalog) {
    std::vector<std::string> header{"id"};
    io::CsvRow row{"cli"};
    for (const auto& [k, v] : cells) {
        header.push_back(k);
        row.push_back(v);
    }
    io::RowView view(header, row, 0);
    io::ScenarioParse parse = io::parse_scenario(view, catalog);
    if (!parse.scenario) {
        const Issue& first = parse.issues.front();
        std::string more = parse.issues.size() > 1 ? " (and " + std::to_string(parse.issues.size() - 1) + " more)" : "";
        throw UsageError(flag_of(first.path) + ": " + first.message + more);
    }
    return *parse.scenario;
}

void add_assumption_flags(CLI::App& cmd, AssumptionFlags& flags) {
    char help[320];
    std::snprintf(help, sizeof help,
                  "tensor clock in long dense phases as a fraction of the benchmark burst clock, in (0, 1]; applies to "
                  "chips at their power cap in bursts (GPUs), the others keep their clock (default %g, measured on "
                  "H100 SXM: data/calibration/h100-sxm-sustained.csv)",
                  engine::kDefaultSustainedClock);
    cmd.add_option("--sustained-clock", flags.sustained_clock, help)->type_name("F");
}

engine::EngineAssumptions assumptions_from(const AssumptionFlags& flags) {
    engine::EngineAssumptions a;
    if (flags.sustained_clock) {
        const std::string& t = *flags.sustained_clock;
        char* end = nullptr;
        const double v = std::strtod(t.c_str(), &end);
        if (t.empty() || *end != '\0') throw UsageError("--sustained-clock: must be a number in (0, 1], got '" + t + "'");
        a.sustained_clock = v;
    }
    if (const Issues bad = engine::check_assumptions(a); !bad.empty())
        throw UsageError(flag_of(bad.front().path) + ": " + bad.front().message);
    return a;
}

std::string flag_message(std::string msg) {
    if (msg.rfind("column ", 0) == 0) {
        auto colon = msg.find(':');
        if (colon != std::string::npos) msg = flag_of(msg.substr(7, colon - 7)) + msg.substr(colon);
    }
    return msg;
}

std::vector<plan::SystemChoice> parse_systems(std::string_view text, const hw::Catalog& catalog) {
    std::vector<plan::SystemChoice> out;
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t comma = text.find(',', pos);
        std::string_view item = text.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
        pos = comma == std::string_view::npos ? text.size() + 1 : comma + 1;
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (item.empty()) {
            if (text.find_first_not_of(", ") == std::string_view::npos) break;
            throw UsageError("--systems: empty entry in '" + std::string(text) + "'");
        }
        plan::SystemChoice c;
        std::string_view rest = item;
        if (auto at = rest.find('@'); at != std::string_view::npos) {
            const std::string name(rest.substr(at + 1));
            auto p = engine::pricing_from(name);
            if (!p)
                throw UsageError("--systems: '" + std::string(item) + "': unknown pricing '" + name +
                                 "' (own, on_demand, reserved_1y, reserved_3y or capacity_block)");
            c.pricing = *p;
            rest = rest.substr(0, at);
        }
        if (auto colon = rest.find(':'); colon != std::string_view::npos) {
            std::string_view n = rest.substr(colon + 1);
            int chips = 0;
            auto [end, ec] = std::from_chars(n.data(), n.data() + n.size(), chips);
            if (ec != std::errc() || end != n.data() + n.size() || chips < 1)
                throw UsageError("--systems: '" + std::string(item) + "': chips must be a whole number of at least 1");
            c.chips = chips;
            rest = rest.substr(0, colon);
        }
        c.system = std::string(rest);
        if (catalog.find_system(c.system) == nullptr)
            throw UsageError("--systems: unknown system '" + c.system + "'", "see: rackplan catalog list systems");
        out.push_back(std::move(c));
    }
    if (out.empty()) throw UsageError("--systems: give at least one system (ID[:CHIPS][@PRICING], comma-separated)");
    return out;
}

}  // namespace rackplan::cli
