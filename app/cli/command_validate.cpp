// `rackplan validate FILE... [--format table|csv|json] [-o FILE] [--bar MEDIAN/MAX]`: the model
// against published measurements (shared/validation/README.md's procedure, in one command).
// Each file is a case file (batch columns + x_metric, x_measured) or a microbenchmark file
// (kernel, metric, measured), told apart by its header. Exit 0; 3 when --bar is missed; 2 bad
// flags; 1 a file that cannot be read or is neither kind.
#include <CLI/CLI.hpp>

#include <unistd.h>

#include <cmath>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>

#include "calibration_context.h"
#include "commands.h"
#include "io/validation_run.h"
#include "store/catalog_store.h"
#include "table_format.h"

namespace rackplan::cli {
namespace {

struct ValidateArgs {
    std::vector<std::string> files;
    std::string format = "table";
    std::string output;
    std::string bar;
    int jobs = 0;
    bool uncalibrated = false;
};

struct Bar {
    double median = 0.0, max = 0.0;  // fractions
};

// "10/25" (percent): median and max |error| every group must stay within.
Bar parse_bar(const std::string& text) {
    const auto slash = text.find('/');
    auto pct = [&](const std::string& s) {
        try {
            std::size_t used = 0;
            const double v = std::stod(s, &used);
            if (used == s.size() && std::isfinite(v) && v > 0.0) return v / 100.0;
        } catch (const std::exception&) {
        }
        throw UsageError("--bar: expected MEDIAN/MAX in percent (e.g. 10/25), got '" + text + "'");
    };
    if (slash == std::string::npos) pct("");
    return {pct(text.substr(0, slash)), pct(text.substr(slash + 1))};
}

// One line per row; with `excluded`, the rows not compared follow with their reason (CSV).
Table rows_table(const std::vector<io::ValidationRow>& rows, const std::vector<io::ValidationExcluded>* excluded) {
    Table t;
    t.columns = {{"id", "id"},
                 {"family", "fam"},
                 {"metric", "metric"},
                 {"trust", "trust"},
                 {"measured", "measured", 6},
                 {"predicted", "predicted", 6},
                 {"error_pct", "error %", 1},
                 {"subject", "what ran"},
                 {"used", "used"}};
    for (const auto& r : rows)
        t.rows.push_back({r.id, r.family, r.metric, r.trust, r.measured, r.predicted, 100.0 * r.rel_error, r.subject, r.used});
    if (!excluded) return t;
    t.columns.push_back({"not_compared", "not compared because"});
    for (auto& row : t.rows) row.push_back(Cell::missing());
    for (const auto& e : *excluded)
        t.rows.push_back({e.id, e.family, e.metric, Cell::missing(), Cell::missing(), Cell::missing(), Cell::missing(),
                          Cell::missing(), Cell::missing(), e.reason});
    return t;
}

Table summary_table(const std::vector<io::ValidationGroup>& groups) {
    Table t;
    t.columns = {{"family", "family"},
                 {"metric", "metric"},
                 {"rows", "rows", 0},
                 {"median_abs_error_pct", "median |error| %", 1},
                 {"max_abs_error_pct", "max |error| %", 1},
                 {"worst", "worst"}};
    for (const auto& g : groups)
        t.rows.push_back({g.family, g.metric, g.rows, 100.0 * g.median_abs, 100.0 * g.max_abs, g.worst});
    return t;
}

nlohmann::json rows_json(const std::vector<io::ValidationRow>& rows) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& r : rows)
        a.push_back({{"id", r.id},
                     {"family", r.family},
                     {"metric", r.metric},
                     {"trust", r.trust},
                     {"subject", r.subject},
                     {"measured", r.measured},
                     {"predicted", r.predicted},
                     {"rel_error", r.rel_error},
                     {"used", r.used}});
    return a;
}

nlohmann::json groups_json(const std::vector<io::ValidationGroup>& groups) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& g : groups)
        a.push_back({{"family", g.family},
                     {"metric", g.metric},
                     {"rows", g.rows},
                     {"median_abs_error", g.median_abs},
                     {"max_abs_error", g.max_abs},
                     {"worst", g.worst}});
    return a;
}

int run_validate(const ValidateArgs& args, const GlobalOptions& global) {
    const auto format = format_from(args.format);
    if (!format) throw UsageError("--format: '" + args.format + "' is not one of table, csv, json");
    const bool gated = !args.bar.empty();
    const Bar bar = gated ? parse_bar(args.bar) : Bar{};

    // Read and classify every file before evaluating anything.
    std::vector<std::pair<std::string, io::CsvTable>> tables;
    std::vector<io::ValidationKind> kinds;
    for (const std::string& f : args.files) {
        io::CsvTable t = io::read_csv_text(read_text_file(f));
        if (!t.error.empty()) throw Failure(f + ": " + t.error);
        const io::ValidationKindGuess k = io::validation_kind(t.header);
        if (!k.kind) throw Failure(f + ": " + k.error);
        kinds.push_back(*k.kind);
        tables.emplace_back(f, std::move(t));
    }

    store::Database db = open_db(global);
    const CalibratedContext calibrated = make_calibrated_context(db, store::load_catalog(db), args.uncalibrated);
    std::vector<io::ValidationRow> rows;
    std::vector<io::ValidationExcluded> excluded;
    for (std::size_t i = 0; i < tables.size(); ++i) {
        const auto& [file, table] = tables[i];
        // Rows evaluated so far on a terminal's stderr (a search row can take seconds).
        std::mutex shown;
        auto progress = [&, total = table.rows.size()](std::size_t done) {
            std::lock_guard lock(shown);
            std::cerr << "\rrackplan validate: " << file << ": " << done << " of " << total << " rows" << std::flush;
        };
        const bool tty = ::isatty(STDERR_FILENO);
        io::ValidationRun run = kinds[i] == io::ValidationKind::cases
                                    ? io::validate_cases(calibrated.context, table, args.jobs,
                                                         tty ? std::function<void(std::size_t)>(progress) : nullptr)
                                    : io::validate_microbench(calibrated.context, table);
        if (tty) std::cerr << "\r\033[K" << std::flush;
        if (!run.file_error.empty()) throw Failure(file + ": " + run.file_error);
        rows.insert(rows.end(), run.rows.begin(), run.rows.end());
        excluded.insert(excluded.end(), run.excluded.begin(), run.excluded.end());
    }
    const auto groups = io::summarize(rows);
    const auto groups_ab = io::summarize(rows, true);

    std::string out;
    if (*format == Format::json) {
        nlohmann::json excl = nlohmann::json::array();
        for (const auto& e : excluded)
            excl.push_back({{"id", e.id}, {"family", e.family}, {"metric", e.metric}, {"reason", e.reason}});
        nlohmann::json j{{"files", args.files},
                         {"calibration", calibration_summary_json(calibrated.calibrations)},
                         {"rows", rows_json(rows)},
                         {"excluded", excl},
                         {"summary", groups_json(groups)},
                         {"summary_trust_ab", groups_json(groups_ab)}};
        out = j.dump(2) + "\n";
    } else if (*format == Format::csv) {
        out = render_csv(rows_table(rows, &excluded));
    } else {
        out = std::to_string(rows.size()) + " rows compared, " + std::to_string(excluded.size()) +
              " not compared; rel_error = predicted / measured - 1 (times: > 0 slower than measured; rates: > 0 "
              "faster)\nCalibration: " +
              calibration_summary_text(calibrated.calibrations) + "\n\n" + render_text(rows_table(rows, nullptr));
        if (!excluded.empty()) {
            out += "\nNot compared (never counted as zero error):\n";
            for (const auto& e : excluded) out += "  " + e.id + ": " + e.reason + "\n";
        }
        out += "\nMedian and max |error| by family and metric, then over all families:\n" + render_text(summary_table(groups));
        // Shown when it differs: rows of trust C or D are in the file.
        const auto total = [](const std::vector<io::ValidationGroup>& g) { return g.empty() ? 0 : g.back().rows; };
        if (groups_ab.size() != groups.size() || total(groups_ab) != total(groups))
            out += "\nThe same, trust A and B rows only:\n" + render_text(summary_table(groups_ab));
    }
    if (args.output.empty()) std::cout << out;
    else write_file_atomically(args.output, out);

    if (!gated) return kExitOk;
    if (rows.empty()) {
        std::cerr << "rackplan: validate: bar " << args.bar << " % missed: no row could be compared\n";
        return 3;
    }
    std::string missed;
    for (const auto& g : groups)
        if (g.median_abs > bar.median + 1e-12 || g.max_abs > bar.max + 1e-12) {
            char buf[200];
            std::snprintf(buf, sizeof buf, "%sfamily %s %s: median %.1f %%, max %.1f %% (%s)", missed.empty() ? "" : "; ",
                          g.family.c_str(), g.metric.c_str(), 100.0 * g.median_abs, 100.0 * g.max_abs, g.worst.c_str());
            missed += buf;
        }
    if (missed.empty()) return kExitOk;
    std::cerr << "rackplan: validate: bar " << args.bar << " % missed: " << missed << "\n";
    return 3;
}

}  // namespace

void register_validate_command(CLI::App& app, Registry& registry) {
    auto args = std::make_shared<ValidateArgs>();
    CLI::App* cmd = app.add_subcommand(
        "validate", "Compare the model with published measurements (case and microbenchmark CSVs, shared/validation)");
    cmd->add_option("files", args->files, "case files (batch columns + x_metric, x_measured) and microbenchmark files")
        ->required();
    cmd->add_option("--format", args->format, "table (default), csv (one line per row) or json");
    cmd->add_option("-o,--output", args->output, "write to this file (atomically) instead of stdout");
    cmd->add_option("--bar", args->bar,
                    "MEDIAN/MAX in percent (e.g. 10/25): exit 3 when a family's median or max |error| exceeds it");
    cmd->add_option("--jobs", args->jobs, "case rows evaluated in parallel (default: all cores)")->check(CLI::Range(1, 1024));
    add_uncalibrated_flag(*cmd, args->uncalibrated);
    cmd->footer(
        "Each row's prediction is the output column it names (x_metric, or metric for microbenchmarks); rows that "
        "come back error or infeasible, or lack an input, are listed apart and never counted.");
    registry.add(cmd, [args, &registry]() { return run_validate(*args, *registry.global); });
}

}  // namespace rackplan::cli
