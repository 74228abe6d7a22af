#pragma once
// The user's measured points (rackplan calibrate import) fitted into the engine's calibrations:
// every front end that evaluates (CLI commands, the GUI) loads them the same way, so a chip
// calibrated once is calibrated in every number. A database without points costs one query
// and no fit.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/evaluate.h"
#include "hw/catalog.h"
#include "store/database.h"

namespace rackplan::store {

// One chip's GEMM points or one system's collective runs, as found in the database.
struct CalibrationSource {
    std::string id;  // the chip (GEMM) or the system (collective) the points were measured on
    int points = 0;
    bool applied = false;  // fitted and used; false when ignored or the fit could not move anything
};

struct LoadedCalibrations {
    engine::Calibrations fits;
    std::vector<CalibrationSource> gemm, collective;
    bool ignored = false;  // asked to ignore them (--uncalibrated)
};

// Systems a run evaluates (compare, plan, evaluate); empty: any (batch, the GUI).
using SystemFilter = std::optional<std::set<std::string>>;

// Every chip's GEMM points and every system's collective runs in the database, fitted once
// (about 0.1 s per chip or system with points); with `uncalibrated` only counted. With
// `systems`, only their chips and themselves. Points for parts the catalog lacks are skipped.
LoadedCalibrations load_calibrations(Database& db, const hw::Catalog& catalog, bool uncalibrated,
                                     const SystemFilter& systems = {});

}  // namespace rackplan::store
