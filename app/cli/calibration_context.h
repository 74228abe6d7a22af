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
#include "store/calibration_fits.h"
#include "store/database.h"

namespace CLI {
class App;
}

namespace rackplan::cli {

using store::CalibrationSource;
using store::LoadedCalibrations;
using store::SystemFilter;
using store::load_calibrations;

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
