// `rackplan calibrate import|show|clear`: a user's measured points (a GEMM sweep CSV, an
// nccl-tests run) stored per chip, and the physical parameters the emulators fit from them.
// An import is checked whole (parsed, every point estimable, the fit possible) and written in
// one transaction; a bad file imports nothing and lists its problems with line numbers.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "kernels/collective_calibration.h"
#include "kernels/gemm_calibration.h"
#include "kernels/nccl_tests_parser.h"
#include "store/calibration_store.h"
#include "store/catalog_store.h"

namespace rackplan::cli {
namespace {

using Json = nlohmann::ordered_json;

std::string fmt(double v, int digits = 4) {
    char b[64];
    std::snprintf(b, sizeof b, "%.*g", digits, v);
    return b;
}

std::string us_text(double s) { return fmt(s * 1e6, 3) + " us"; }

std::string plural(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

[[noreturn]] void refuse_import(const std::string& file, const Issues& issues) {
    print_issues(std::cerr, file, issues);
    throw Failure(file + ": " + plural(issues.size(), "problem", "problems") + "; nothing was imported");
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

// Lines of a text with their 1-based numbers.
std::vector<std::pair<int, std::string_view>> lines_of(std::string_view text) {
    std::vector<std::pair<int, std::string_view>> out;
    int n = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        out.emplace_back(++n, text.substr(pos, end - pos));
        pos = end + 1;
    }
    return out;
}

enum class FileKind { gemm_sweep, nccl_tests };

// A GEMM sweep's first line that is not blank or a comment is a CSV header naming tflops (or
// m, n and k); nccl-tests output has its banner or table rows.
std::optional<FileKind> detect(std::string_view text) {
    for (const auto& [n, raw] : lines_of(text)) {
        const std::string_view line = trim(raw);
        if (line.empty() || line.front() == '#') continue;
        if (line.find(',') != std::string_view::npos) {
            std::vector<std::string> fields;
            std::size_t start = 0;
            for (std::size_t i = 0; i <= line.size(); ++i)
                if (i == line.size() || line[i] == ',') {
                    std::string f(trim(line.substr(start, i - start)));
                    f.erase(std::remove(f.begin(), f.end(), '"'), f.end());
                    fields.push_back(f);
                    start = i + 1;
                }
            auto has = [&](const char* f) { return std::find(fields.begin(), fields.end(), f) != fields.end(); };
            if (has("tflops") || (has("m") && has("n") && has("k"))) return FileKind::gemm_sweep;
        }
        break;
    }
    for (std::string_view mark : {"out-of-place", "nThread", "Collective test starting", "Avg bus bandwidth"})
        if (text.find(mark) != std::string_view::npos) return FileKind::nccl_tests;
    if (!kernels::parse_nccl_tests(text).points.empty()) return FileKind::nccl_tests;
    return std::nullopt;
}

// Line numbers of a sweep's data rows, in the order parse_gemm_points returns its points.
std::vector<int> gemm_data_lines(std::string_view text) {
    std::vector<int> rows;
    bool header = false;
    for (const auto& [n, raw] : lines_of(text)) {
        const std::string_view line = trim(raw);
        if (line.empty() || line.front() == '#') continue;
        if (!header) {
            header = true;
            continue;
        }
        rows.push_back(n);
    }
    return rows;
}

struct ImportArgs {
    std::string chip, file, system, collective, ranks, algorithm;
};

int import_gemm(const ImportArgs& a, store::Database& db, const hw::ChipSpec& chip, const std::string& text) {
    for (auto [flag, value] : {std::pair{"--system", &a.system}, {"--collective", &a.collective},
                               {"--ranks", &a.ranks}, {"--algorithm", &a.algorithm}})
        if (!value->empty())
            throw UsageError(std::string(flag) + ": " + a.file +
                             " is a GEMM sweep (per chip); this flag is for nccl-tests output");
    const kernels::GemmPointsParse parse = kernels::parse_gemm_points(text);
    if (!parse.issues.empty()) refuse_import(a.file, parse.issues);
    if (parse.points.empty()) refuse_import(a.file, {{"row 2", "the sweep has a header but no points"}});
    // Every point must be one the emulator can time on this chip (a dtype it has, ...).
    const std::vector<int> rows = gemm_data_lines(text);
    Issues issues;
    for (std::size_t i = 0; i < parse.points.size(); ++i) {
        const kernels::GemmPoint& p = parse.points[i];
        const kernels::KernelEstimate e = kernels::gemm(chip, {p.m, p.n, p.k, p.batch, p.dtype});
        const std::string row = "row " + std::to_string(i < rows.size() ? rows[i] : 0);
        for (const Issue& is : e.issues) {
            const std::string column = is.path.rfind("gemm.", 0) == 0 ? ", column " + is.path.substr(5) : "";
            issues.push_back({row + column, is.message});
        }
    }
    if (!issues.empty()) refuse_import(a.file, issues);

    const int stored = store::import_gemm_points(db, chip.id, parse.points, a.file);
    const std::vector<kernels::GemmPoint> all = store::load_gemm_points(db, chip.id);
    const kernels::GemmCalibration fit = kernels::fit_gemm_calibration(chip, all);
    const kernels::GemmFitError before = kernels::gemm_fit_error(chip, all);
    const kernels::GemmFitError after = kernels::gemm_fit_error(chip, all, &fit);
    std::cout << "imported " << plural(static_cast<std::size_t>(stored), "GEMM point", "GEMM points") << " for "
              << chip.id << " from " << a.file << " (" << all.size() << " in all)\n"
              << "fit: sustained clock " << fmt(fit.clock_fraction.value_or(1.0), 3) << " of spec, launch overhead "
              << us_text(fit.launch_overhead.value_or(units::Seconds(0)).value()) << ", host overhead "
              << us_text(fit.host_overhead.value_or(units::Seconds(0)).value()) << "; rms log error "
              << fmt(before.rms_log, 3) << " with the defaults, " << fmt(after.rms_log, 3) << " fitted\n";
    return kExitOk;
}

int import_nccl(const ImportArgs& a, store::Database& db, const hw::Catalog& catalog, const hw::ChipSpec& chip,
                const std::string& text) {
    if (a.system.empty())
        throw UsageError("--system: required for nccl-tests output (the system the run measured)",
                         "try: rackplan catalog list systems");
    const hw::System* system = catalog.find_system(a.system);
    if (!system) throw UsageError("--system: unknown system '" + a.system + "'", "try: rackplan catalog list systems");
    if (system->chip != chip.id)
        throw UsageError("--chip: " + a.system + " is built from " + system->chip + ", not " + chip.id);
    kernels::NcclTestsRun parsed = kernels::parse_nccl_tests(text);
    if (!parsed.issues.empty()) refuse_import(a.file, parsed.issues);

    kernels::CollectiveRun run;
    // The collective: --collective, else the banner ("all_reduce_perf").
    std::string from_file = parsed.collective;
    if (from_file.size() > 5 && from_file.substr(from_file.size() - 5) == "_perf") from_file.resize(from_file.size() - 5);
    std::optional<kernels::Collective> op;
    if (!a.collective.empty()) {
        op = kernels::collective_from_string(a.collective);
        if (!op)
            throw UsageError("--collective: unknown collective '" + a.collective +
                             "'; known: allreduce, allgather, reducescatter, alltoall, sendrecv, broadcast");
        const auto named = kernels::collective_from_string(from_file);
        if (!from_file.empty() && named && *named != *op)
            throw UsageError("--collective: " + a.file + " says it measured " + parsed.collective + ", not " + a.collective);
    } else if (!from_file.empty()) {
        op = kernels::collective_from_string(from_file);
        if (!op)
            throw UsageError("--collective: " + a.file + " measured " + parsed.collective +
                             ", a collective rackplan does not model");
    } else {
        throw UsageError("--collective: " + a.file + " does not say which collective it measured; pass --collective NAME");
    }
    run.shape.op = *op;
    // The ranks: --ranks, else the "#  Rank N ..." device lines.
    if (!a.ranks.empty()) {
        std::size_t used = 0;
        int r = 0;
        try {
            r = std::stoi(a.ranks, &used);
        } catch (...) {
            used = 0;
        }
        if (used != a.ranks.size() || r < 2) throw UsageError("--ranks: expected a whole number >= 2, got '" + a.ranks + "'");
        if (parsed.ranks > 0 && parsed.ranks != r)
            throw UsageError("--ranks: " + a.file + " lists " + std::to_string(parsed.ranks) + " ranks, not " + a.ranks);
        run.shape.group.ranks = r;
    } else if (parsed.ranks > 0) {
        run.shape.group.ranks = parsed.ranks;
    } else {
        throw UsageError("--ranks: " + a.file + " lists no '# Rank' lines; pass --ranks N");
    }
    if (!a.algorithm.empty()) {
        const auto canonical = kernels::canonical_algorithm(a.algorithm);
        if (!canonical) {
            std::string known;
            for (const auto& n : kernels::algorithm_names()) known += (known.empty() ? "" : ", ") + n;
            throw UsageError("--algorithm: unknown algorithm '" + a.algorithm + "'; known: " + known);
        }
        run.shape.algorithm = *canonical;
    }
    run.points = parsed.points;

    // The run must fit: its points estimable on the system and enough of them.
    const hw::SystemSpec spec = hw::make_spec(*system);
    const kernels::CollectiveCalibration check = kernels::fit_collective_runs(spec, chip, {&run, 1});
    const kernels::CollectiveFit& fit = check.fits.front();
    if (!fit.ok()) refuse_import(a.file, fit.issues);

    const int stored = store::import_collective_run(db, chip.id, a.system, run, a.file);
    std::cout << "imported " << plural(static_cast<std::size_t>(stored), "point", "points") << " of "
              << kernels::to_string(run.shape.op) << " on " << run.shape.group.ranks << " ranks"
              << (run.shape.algorithm.empty() ? "" : ", " + run.shape.algorithm) << " for " << chip.id << " on "
              << a.system << " from " << a.file << "\n"
              << "fit: " << topology::to_string(fit.tier) << " tier" << (fit.in_switch ? " (in-switch)" : "")
              << " efficiency " << fmt(fit.in_switch ? fit.params.in_switch_efficiency : fit.params.efficiency, 3)
              << ", step overhead "
              << us_text((fit.in_switch ? fit.params.in_switch_overhead : fit.params.step_overhead).value())
              << "; rms log error " << fmt(fit.rms_log_error_default, 3) << " with the defaults, "
              << fmt(fit.rms_log_error, 3) << " fitted\n";
    return kExitOk;
}

// --- show ------------------------------------------------------------------------------

// A fitted parameter with a verdict: is it physically believable, or did the fit run into
// the edge of its search box (the points do not pin it down)?
Json judged(double value, const std::string& note, bool plausible) {
    return Json{{"value", value}, {"plausible", plausible}, {"note", note}};
}

Json gemm_view(const hw::ChipSpec& chip, const std::vector<kernels::GemmPoint>& points) {
    const kernels::GemmCalibration fit = kernels::fit_gemm_calibration(chip, points);
    const kernels::GemmFitError before = kernels::gemm_fit_error(chip, points);
    const kernels::GemmFitError after = kernels::gemm_fit_error(chip, points, &fit);
    const double clock = fit.clock_fraction.value_or(1.0);
    const double launch = fit.launch_overhead.value_or(units::Seconds(0)).value();
    const double host = fit.host_overhead.value_or(units::Seconds(0)).value();
    Json j;
    // Fit box: clock 0.3..1, launch 0..50 us, host 0..100 us (gemm_calibration.h).
    if (clock <= 0.301)
        j["clock_fraction"] = judged(clock, "at the fit's lower bound 0.3: the points do not pin the clock down", false);
    else if (clock < 0.5)
        j["clock_fraction"] = judged(clock, "below half the spec clock: check the dtype and the timing method", false);
    else if (clock >= 0.999)
        j["clock_fraction"] = judged(clock, "at the bound 1.0: the part would need to run above its spec clock", false);
    else
        j["clock_fraction"] = judged(clock, "sustained tensor clock under the power cap", true);
    if (launch >= 49.9e-6)
        j["launch_overhead_s"] = judged(launch, "at the fit's bound 50 us", false);
    else if (launch > 20e-6)
        j["launch_overhead_s"] = judged(launch, "over 20 us per kernel: device launches take a few us", false);
    else
        j["launch_overhead_s"] = judged(launch, "device-side cost per kernel", true);
    if (host >= 99.9e-6)
        j["host_overhead_s"] = judged(host, "at the fit's bound 100 us", false);
    else
        j["host_overhead_s"] = judged(host, host > 0.0 ? "host time per call floors small GEMMs (eager framework)"
                                                      : "none: the points are device-bound",
                                      true);
    j["rms_log_error_default"] = before.rms_log;
    j["rms_log_error"] = after.rms_log;
    j["median_abs_rel_error"] = after.median_abs_rel;
    j["improves"] = after.rms_log <= before.rms_log;
    return j;
}

Json collective_view(const hw::SystemSpec& system, const hw::ChipSpec& chip, const std::vector<kernels::CollectiveRun>& runs) {
    const kernels::CollectiveCalibration cal = kernels::fit_collective_runs(system, chip, runs);
    Json list = Json::array();
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const kernels::CollectiveRun& r = runs[i];
        const kernels::CollectiveFit& f = cal.fits[i];
        Json j{{"collective", kernels::to_string(r.shape.op)},
               {"ranks", r.shape.group.ranks},
               {"algorithm", r.shape.algorithm.empty() ? "fastest" : r.shape.algorithm},
               {"points", r.points.size()}};
        if (!f.ok()) {
            Json issues = Json::array();
            for (const Issue& is : f.issues) issues.push_back(is.path + ": " + is.message);
            j["issues"] = issues;
            list.push_back(j);
            continue;
        }
        const double eff = f.in_switch ? f.params.in_switch_efficiency : f.params.efficiency;
        const double step = (f.in_switch ? f.params.in_switch_overhead : f.params.step_overhead).value();
        j["tier"] = topology::to_string(f.tier);
        j["in_switch"] = f.in_switch;
        // Fit box: efficiency e^-3.5..1, step 10 ns..1 ms (collective_calibration.cpp).
        if (eff >= 0.999)
            j["efficiency"] = judged(eff, "at the bound 1.0: faster than the links allow", false);
        else if (eff < 0.3)
            j["efficiency"] = judged(eff, "under 30 % of the link rate: check the ranks, placement and algorithm", false);
        else
            j["efficiency"] = judged(eff, "share of the link bandwidth the library sustains", true);
        if (step >= 0.99e-3)
            j["step_overhead_s"] = judged(step, "at the fit's bound 1 ms", false);
        else if (step <= 1.01e-8)
            j["step_overhead_s"] = judged(step, "at the fit's lower bound: the points do not resolve the latency", false);
        else if (step > 50e-6)
            j["step_overhead_s"] = judged(step, "over 50 us per step: check for a slow network or host", false);
        else
            j["step_overhead_s"] = judged(step, "software and protocol cost per algorithm step", true);
        j["rms_log_error_default"] = f.rms_log_error_default;
        j["rms_log_error"] = f.rms_log_error;
        j["improves"] = f.rms_log_error <= f.rms_log_error_default;
        list.push_back(j);
    }
    return list;
}

std::string value_text(const std::string& key, double v) {
    if (key.size() > 2 && key.substr(key.size() - 2) == "_s") return us_text(v);
    return fmt(v, 3);
}

void print_judged(std::ostream& out, const Json& parent, const std::string& key, const std::string& label) {
    const Json& j = parent.at(key);
    std::string line = "  " + label;
    line.resize(std::max<std::size_t>(line.size(), 20), ' ');
    std::string value = value_text(key, j.at("value").get<double>());
    value.resize(std::max<std::size_t>(value.size(), 12), ' ');
    out << line << value << (j.at("plausible").get<bool>() ? "plausible: " : "check: ") << j.at("note").get<std::string>()
        << "\n";
}

void print_view(std::ostream& out, const Json& v) {
    out << v.at("chip").get<std::string>() << "  " << v.at("kind").get<std::string>();
    if (v.contains("system")) out << " on " << v.at("system").get<std::string>();
    out << "  " << v.at("points").get<int>() << " points, last imported " << v.at("last_import").get<std::string>() << "\n";
    if (v.contains("note")) {
        out << "  " << v.at("note").get<std::string>() << "\n";
        return;
    }
    if (v.at("kind") == "gemm") {
        const Json& f = v.at("fit");
        print_judged(out, f, "clock_fraction", "sustained clock");
        print_judged(out, f, "launch_overhead_s", "launch overhead");
        print_judged(out, f, "host_overhead_s", "host overhead");
        out << "  fit error         rms log " << fmt(f.at("rms_log_error_default").get<double>(), 3)
            << " with the defaults, " << fmt(f.at("rms_log_error").get<double>(), 3) << " fitted"
            << (f.at("improves").get<bool>() ? "" : " (check: worse than the defaults)") << "\n";
        return;
    }
    for (const Json& r : v.at("runs")) {
        out << "  " << r.at("collective").get<std::string>() << " on " << r.at("ranks").get<int>() << " ranks, "
            << r.at("algorithm").get<std::string>() << ", " << r.at("points").get<std::size_t>() << " points";
        if (r.contains("issues")) {
            out << ": not fitted\n";
            for (const Json& i : r.at("issues")) out << "    " << i.get<std::string>() << "\n";
            continue;
        }
        out << ": " << r.at("tier").get<std::string>() << " tier" << (r.at("in_switch").get<bool>() ? " (in-switch)" : "")
            << "\n";
        print_judged(out, r, "efficiency", "  efficiency");
        print_judged(out, r, "step_overhead_s", "  step overhead");
        out << "    fit error       rms log " << fmt(r.at("rms_log_error_default").get<double>(), 3)
            << " with the defaults, " << fmt(r.at("rms_log_error").get<double>(), 3) << " fitted"
            << (r.at("improves").get<bool>() ? "" : " (check: worse than the defaults)") << "\n";
    }
}

void add_import(CLI::App& parent, Registry& registry) {
    auto a = std::make_shared<ImportArgs>();
    CLI::App* cmd = parent.add_subcommand("import", "Import measured points: a GEMM sweep CSV or nccl-tests output");
    cmd->add_option("--chip", a->chip, "Chip the points were measured on")->required();
    cmd->add_option("file", a->file, "GEMM sweep CSV (m,n,k,dtype,tflops[,batch]) or nccl-tests stdout")->required();
    cmd->add_option("--system", a->system, "System an nccl-tests run measured (required for nccl-tests output)");
    cmd->add_option("--collective", a->collective, "Collective of an nccl-tests run (default: from its banner)");
    cmd->add_option("--ranks", a->ranks, "Ranks of an nccl-tests run (default: its '# Rank' lines); they fill whole nodes");
    cmd->add_option("--algorithm", a->algorithm, "Algorithm the run was forced to (NCCL_ALGO=Ring: ring); default: the fastest");
    cmd->footer("The format is told from the content. The file is checked whole; any problem and nothing is stored.");
    const GlobalOptions* global = registry.global;
    registry.add(cmd, [a, global] {
        store::Database db = open_db(*global);
        const hw::Catalog catalog = store::load_catalog(db);
        const hw::Chip* chip = catalog.find_chip(a->chip);
        if (!chip) throw UsageError("--chip: unknown chip '" + a->chip + "'", "try: rackplan catalog list chips");
        const hw::ChipSpec spec = hw::make_spec(*chip);
        const std::string text = read_text_file(a->file);
        const auto kind = detect(text);
        if (!kind)
            throw Failure("cannot tell what " + a->file +
                          " holds: expected a GEMM sweep CSV (header m,n,k,dtype,tflops) or nccl-tests output");
        return *kind == FileKind::gemm_sweep ? import_gemm(*a, db, spec, text)
                                             : import_nccl(*a, db, catalog, spec, text);
    });
}

void add_show(CLI::App& parent, Registry& registry) {
    struct Options {
        std::string chip;
        std::string format = "table";
    };
    auto o = std::make_shared<Options>();
    CLI::App* cmd = parent.add_subcommand("show", "Points per chip and kind, and the physical parameters fitted from them");
    cmd->add_option("--chip", o->chip, "One chip (default: every chip with points)");
    cmd->add_option("--format", o->format, "table (default) or json");
    const GlobalOptions* global = registry.global;
    registry.add(cmd, [o, global] {
        if (o->format != "table" && o->format != "json")
            throw UsageError("--format: expected table or json, got '" + o->format + "'");
        store::Database db = open_db(*global);
        const hw::Catalog catalog = store::load_catalog(db);
        const auto groups =
            store::calibration_groups(db, o->chip.empty() ? std::nullopt : std::optional<std::string_view>(o->chip));
        if (!o->chip.empty() && groups.empty() && !catalog.find_chip(o->chip))
            throw UsageError("--chip: unknown chip '" + o->chip + "'", "try: rackplan catalog list chips");
        Json views = Json::array();
        for (const store::CalibrationGroup& g : groups) {
            Json v{{"chip", g.chip_id}, {"kind", store::to_string(g.kind)}};
            if (g.kind == store::CalibrationKind::collective) v["system"] = g.system_id;
            v["points"] = g.points;
            v["last_import"] = g.last_import;
            const hw::Chip* chip = catalog.find_chip(g.chip_id);
            const hw::System* system =
                g.kind == store::CalibrationKind::collective ? catalog.find_system(g.system_id) : nullptr;
            if (!chip) {
                v["note"] = "chip not in the catalog: the points are kept, nothing is fitted";
            } else if (g.kind == store::CalibrationKind::gemm) {
                v["fit"] = gemm_view(hw::make_spec(*chip), store::load_gemm_points(db, g.chip_id));
            } else if (!system) {
                v["note"] = "system not in the catalog: the points are kept, nothing is fitted";
            } else {
                v["runs"] = collective_view(hw::make_spec(*system), hw::make_spec(*chip),
                                            store::load_collective_runs(db, g.chip_id, g.system_id));
            }
            views.push_back(v);
        }
        if (o->format == "json") {
            std::cout << views.dump(2) << "\n";
            return kExitOk;
        }
        if (views.empty()) {
            std::cout << "no calibration points" << (o->chip.empty() ? "" : " for " + o->chip)
                      << " (add some with rackplan calibrate import)\n";
            return kExitOk;
        }
        for (const Json& v : views) print_view(std::cout, v);
        return kExitOk;
    });
}

void add_clear(CLI::App& parent, Registry& registry) {
    struct Options {
        std::string chip;
        std::string kind;
    };
    auto o = std::make_shared<Options>();
    CLI::App* cmd = parent.add_subcommand("clear", "Delete a chip's calibration points (all, or of one kind)");
    cmd->add_option("--chip", o->chip, "Chip whose points go")->required();
    cmd->add_option("--kind", o->kind, "gemm or collective (default: both)");
    const GlobalOptions* global = registry.global;
    registry.add(cmd, [o, global] {
        std::optional<store::CalibrationKind> kind;
        if (!o->kind.empty()) {
            kind = store::calibration_kind_from(o->kind);
            if (!kind) throw UsageError("--kind: expected gemm or collective, got '" + o->kind + "'");
        }
        store::Database db = open_db(*global);
        const int removed = store::clear_calibration(db, o->chip, kind);
        if (removed == 0 && !store::load_catalog(db).find_chip(o->chip))
            throw UsageError("--chip: unknown chip '" + o->chip + "' and no points stored for it",
                             "try: rackplan calibrate show");
        std::cout << "removed " << plural(static_cast<std::size_t>(removed), "point", "points")
                  << (kind ? " (" + std::string(store::to_string(*kind)) + ")" : "") << " for " << o->chip << "\n";
        return kExitOk;
    });
}

}  // namespace

void register_calibrate_command(CLI::App& app, Registry& registry) {
    CLI::App* cmd = app.add_subcommand("calibrate", "Import, show and clear measured points that calibrate the emulators");
    cmd->require_subcommand(1);
    cmd->fallthrough();
    add_import(*cmd, registry);
    add_show(*cmd, registry);
    add_clear(*cmd, registry);
}

}  // namespace rackplan::cli
