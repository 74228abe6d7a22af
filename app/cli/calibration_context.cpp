#include "calibration_context.h"

#include <CLI/CLI.hpp>

#include "kernels/collective_calibration.h"
#include "kernels/gemm_calibration.h"
#include "store/calibration_store.h"
#include "store/catalog_store.h"

namespace rackplan::cli {
namespace {

const CalibrationSource* find(const std::vector<CalibrationSource>& v, std::string_view id) {
    for (const auto& s : v)
        if (s.id == id) return &s;
    return nullptr;
}

std::string points_text(int n, const char* what) {
    return std::to_string(n) + " measured " + what + " point" + (n == 1 ? "" : "s");
}

}  // namespace

CalibratedContext make_calibrated_context(store::Database& db, hw::Catalog catalog, bool uncalibrated,
                                          const SystemFilter& systems) {
    LoadedCalibrations cal = load_calibrations(db, catalog, uncalibrated, systems);
    engine::Calibrations fits = cal.fits;
    return CalibratedContext{std::move(cal), engine::EvaluationContext(std::move(catalog), std::move(fits))};
}

std::string calibration_text(const LoadedCalibrations& c, const hw::Catalog& catalog, const std::string& system_id) {
    const hw::System* sys = catalog.find_system(system_id);
    const std::string chip = sys ? sys->chip : std::string();
    const CalibrationSource* g = find(c.gemm, chip);
    const CalibrationSource* n = find(c.collective, system_id);
    if (c.ignored) {
        std::string measured;
        if (g) measured = points_text(g->points, "GEMM") + " for " + chip;
        if (n) measured += (measured.empty() ? "" : ", ") + points_text(n->points, "collective") + " on " + system_id;
        return measured.empty() ? "uncalibrated (--uncalibrated)" : "uncalibrated (--uncalibrated; " + measured + " ignored)";
    }
    std::string applied;
    if (g && g->applied) applied = points_text(g->points, "GEMM") + " (chip " + chip + ")";
    if (n && n->applied)
        applied += (applied.empty() ? "" : " and ") + points_text(n->points, "collective") + " (system " + system_id + ")";
    if (!applied.empty()) return "calibrated from " + applied;
    if (n) return "uncalibrated (" + points_text(n->points, "collective") + " on " + system_id +
                  " could not be fitted; see rackplan calibrate show)";
    return "uncalibrated (no measured points for " + (chip.empty() ? system_id : chip) +
           "; see rackplan calibrate import)";
}

nlohmann::json calibration_json(const LoadedCalibrations& c, const hw::Catalog& catalog, const std::string& system_id) {
    const hw::System* sys = catalog.find_system(system_id);
    const std::string chip = sys ? sys->chip : std::string();
    const CalibrationSource* g = find(c.gemm, chip);
    const CalibrationSource* n = find(c.collective, system_id);
    const bool gemm = g && g->applied;
    const bool collective = n && n->applied;
    return {{"calibrated", gemm || collective},
            {"ignored", c.ignored},
            {"chip", chip},
            {"gemm_points", g ? g->points : 0},
            {"gemm_applied", gemm},
            {"system", system_id},
            {"collective_points", n ? n->points : 0},
            {"collective_applied", collective},
            {"text", calibration_text(c, catalog, system_id)}};
}

std::string calibration_summary_text(const LoadedCalibrations& c) {
    std::string applied, ignored;
    auto add = [](std::string& s, const CalibrationSource& src, const char* what, const char* part) {
        s += (s.empty() ? "" : ", ") + points_text(src.points, what) + " (" + part + " " + src.id + ")";
    };
    for (const auto& g : c.gemm) add(g.applied ? applied : ignored, g, "GEMM", "chip");
    for (const auto& n : c.collective) add(n.applied ? applied : ignored, n, "collective", "system");
    if (!applied.empty()) return "calibrated from " + applied;
    if (ignored.empty()) return "uncalibrated (no measured points; see rackplan calibrate import)";
    return std::string("uncalibrated (") + (c.ignored ? "--uncalibrated; " : "") + ignored +
           (c.ignored ? " ignored)" : " could not be fitted)");
}

nlohmann::json calibration_summary_json(const LoadedCalibrations& c) {
    auto list = [](const std::vector<CalibrationSource>& v, const char* key) {
        nlohmann::json a = nlohmann::json::array();
        for (const auto& s : v) a.push_back({{key, s.id}, {"points", s.points}, {"applied", s.applied}});
        return a;
    };
    bool any = false;
    for (const auto& g : c.gemm) any = any || g.applied;
    for (const auto& n : c.collective) any = any || n.applied;
    return {{"calibrated", any},
            {"ignored", c.ignored},
            {"gemm", list(c.gemm, "chip")},
            {"collective", list(c.collective, "system")},
            {"text", calibration_summary_text(c)}};
}

void add_uncalibrated_flag(CLI::App& cmd, bool& uncalibrated) {
    cmd.add_flag("--uncalibrated", uncalibrated,
                 "ignore the measured points in the database (rackplan calibrate import): the emulators' own estimates");
}

}  // namespace rackplan::cli
