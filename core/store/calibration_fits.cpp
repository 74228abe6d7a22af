#include "store/calibration_fits.h"

#include "kernels/collective_calibration.h"
#include "kernels/gemm_calibration.h"
#include "store/calibration_store.h"

namespace rackplan::store {

LoadedCalibrations load_calibrations(Database& db, const hw::Catalog& catalog, bool uncalibrated,
                                     const SystemFilter& systems) {
    LoadedCalibrations out;
    out.ignored = uncalibrated;
    std::set<std::string> chips;
    if (systems)
        for (const auto& id : *systems)
            if (const hw::System* sys = catalog.find_system(id)) chips.insert(sys->chip);
    // One query tells whether there is anything at all; only groups with points are loaded.
    for (const CalibrationGroup& g : calibration_groups(db)) {
        const hw::Chip* chip = catalog.find_chip(g.chip_id);
        if (!chip) continue;
        if (g.kind == CalibrationKind::gemm) {
            if (systems && !chips.count(g.chip_id)) continue;
            CalibrationSource src{g.chip_id, g.points, false};
            if (!uncalibrated) {
                const std::vector<kernels::GemmPoint> points = load_gemm_points(db, g.chip_id);
                if (!points.empty()) {
                    kernels::GemmCalibration fit = kernels::fit_gemm_calibration(hw::make_spec(*chip), points);
                    fit.chip_id = g.chip_id;
                    out.fits.gemm.insert_or_assign(g.chip_id, std::move(fit));
                    src.applied = true;
                }
            }
            out.gemm.push_back(std::move(src));
            continue;
        }
        if (systems && !systems->count(g.system_id)) continue;
        const hw::System* sys = catalog.find_system(g.system_id);
        if (!sys || sys->chip != g.chip_id) continue;  // the catalog no longer builds it with that chip
        CalibrationSource src{g.system_id, g.points, false};
        if (!uncalibrated) {
            const std::vector<kernels::CollectiveRun> runs = load_collective_runs(db, g.chip_id, g.system_id);
            if (!runs.empty()) {
                const kernels::CollectiveCalibration cal =
                    kernels::fit_collective_runs(hw::make_spec(*sys), hw::make_spec(*chip), runs);
                if (cal.applied()) {
                    out.fits.collective.insert_or_assign(g.system_id, cal.params);
                    src.applied = true;
                }
            }
        }
        out.collective.push_back(std::move(src));
    }
    return out;
}

}  // namespace rackplan::store
