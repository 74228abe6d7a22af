#pragma once
// The one evaluation API every front end calls (CLI evaluate, batch, GUI, reports), so a
// number on screen and the same row in a CSV cannot differ. A scenario with every layout
// column given is evaluated as is; otherwise the layout space is searched exhaustively
// (sound pruning, all valid layouts timed, deterministic) and the fastest is returned.
#include <array>
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/performance.h"
#include "engine/scenario.h"
#include "engine/train_engine.h"
#include "hw/catalog.h"
#include "kernels/collective.h"
#include "kernels/gemm_calibration.h"
#include "parallel/search_space.h"

namespace rackplan::engine {

enum class Status { ok, infeasible, error };
std::string_view to_string(Status s);

struct SearchStats {
    parallel::SpaceCounts counts;  // the space, the valid layouts and why the rest were cut
    std::uint64_t evaluated = 0;   // layouts timed by the engine
    std::uint64_t over_memory = 0; // valid by rules, rejected by the full memory check
    double seconds = 0.0;          // wall time of the search
};

struct TrainResult {
    Status status = Status::ok;
    std::string message;  // why error / infeasible; "column X: ..." when a column is to blame
    std::optional<TrainPerformance> best;
    std::vector<TrainPerformance> top;  // best first, up to EvaluateOptions::top
    std::optional<SearchStats> search;  // set when a search ran
};

struct EvaluateOptions {
    int threads = 1;       // search threads (batch rows are already parallel)
    int top = 1;           // how many of the best layouts to keep
    bool detail = false;   // per-operator times of the best layout
    const std::atomic<bool>* cancel = nullptr;
    std::function<void(double)> progress;  // 0..1 during a search
};

// Fits of a user's measured points (rackplan calibrate import), applied to every evaluation
// on the chip or system they were measured on. Empty: the emulators' own estimates.
struct Calibrations {
    std::map<std::string, kernels::GemmCalibration, std::less<>> gemm;  // by chip id
    // By system id: the tiers the nccl-tests fits moved, as CollectiveOptions::params.
    std::map<std::string, std::array<std::optional<kernels::LinkParams>, topology::kTierCount>, std::less<>> collective;
    [[nodiscard]] bool empty() const { return gemm.empty() && collective.empty(); }
};

// Caches what is costly to build per (system, chips): chip and system specs, the network
// model and engines. Thread-safe; owned by the caller (a batch run, a GUI session). The
// calibrations are fixed at construction, so the cached (calibrated) hardware stays valid.
class EvaluationContext {
public:
    explicit EvaluationContext(hw::Catalog catalog, Calibrations calibrations = {});
    [[nodiscard]] const hw::Catalog& catalog() const { return catalog_; }
    [[nodiscard]] const Calibrations& calibrations() const { return calibrations_; }
    // The GEMM fit of the chip `system_id` is built from; nullptr when none (or no such system).
    [[nodiscard]] const kernels::GemmCalibration* gemm_calibration(std::string_view system_id) const;

    struct Hardware {
        hw::ChipSpec chip;
        hw::SystemSpec system;
        std::shared_ptr<kernels::CollectiveModel> network;
    };
    // nullptr when the system id is unknown.
    std::shared_ptr<const Hardware> hardware(const std::string& system_id, int chips) const;

private:
    hw::Catalog catalog_;
    Calibrations calibrations_;
    mutable std::mutex mutex_;
    mutable std::map<std::pair<std::string, int>, std::shared_ptr<const Hardware>> cache_;
};

// Assumptions out of range (check_assumptions) are an error naming the field ("sustained_clock: ...").
TrainResult evaluate_train(const EvaluationContext& ctx, const Scenario& scenario, const EvaluateOptions& options = {});

// Engine options for a scenario (cost inputs such as utilization feed time-to-train; the
// context's GEMM fit for the scenario's chip, if any; the scenario's engine assumptions, which
// evaluate_train checks with check_assumptions first).
EngineOptions engine_options_for(const EvaluationContext& ctx, const Scenario& scenario);

}  // namespace rackplan::engine
