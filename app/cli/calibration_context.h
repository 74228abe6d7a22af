#pragma once
// The user's measured points (rackplan calibrate import) as the fits every evaluating command
// (evaluate, batch, compare, plan) hands its EvaluationContext, so a chip calibrated once is
// calibrated in every number, not only in microbench. --uncalibrated ignores them. A database
// without points costs one query and no fit.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/evaluate.h"
#include "hw/catalog.h"
#include "store/database.h"

namespace CLI {
class App;
}

namespace rackplan::cli {

// One chip's GEMM points or one system's collective runs, as found in the database.
struct CalibrationSource {
    std::string id;  // the chip (GEMM) or the system (collective) the points were measured on
    int points = 0;
    bool applied = false;  // fitted and used; false when ignored or the fit could not move anything
};

struct LoadedCalibrations {
    engine::Calibrations fits;
    std::vector<CalibrationSource> gemm, collective;
    bool ignored = false;  // --uncalibrated
};

// Systems a run evaluates (compare, plan, evaluate); empty: any (batch).
using SystemFilter = std::optional<std::set<std::string>>;

// Every chip's GEMM points and every system's collective runs in the database, fitted once
// (about 0.1 s per chip or system with points); with `uncalibrated` only counted. With
// `systems`, only their chips and themselves. Points for parts the catalog lacks are skipped.
LoadedCalibrations load_calibrations(store::Database& db, const hw::Catalog& catalog, bool uncalibrated,
                                     const SystemFilter& systems = {});

// The context for one run: the catalog and, unless `uncalibrated`, the fits of its points.
struct CalibratedContext {
    LoadedCalibrations calibrations;
    engine::EvaluationContext context;
};
CalibratedContext make_calibrated_context(store::Database& db, hw::Catalog catalog, bool uncalibrated,
                                          const SystemFilter& systems = {});

// For one system: "calibrated from 171 measured GEMM points (chip h100-sxm)" or "uncalibrated (...)".
std::string calibration_text(const LoadedCalibrations& c, const hw::Catalog& catalog, const std::string& system_id);
nlohmann::json calibration_json(const LoadedCalibrations& c, const hw::Catalog& catalog, const std::string& system_id);

// For a run over several systems (compare, plan, batch): what was applied, what was ignored.
std::string calibration_summary_text(const LoadedCalibrations& c);
nlohmann::json calibration_summary_json(const LoadedCalibrations& c);

// The --uncalibrated flag, named as microbench names it.
void add_uncalibrated_flag(CLI::App& cmd, bool& uncalibrated);

}  // namespace rackplan::cli
