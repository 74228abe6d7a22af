#pragma once
// Scenario: one evaluation request — what a batch row, `rackplan evaluate` flags or the GUI
// ask for: a system and chip count, a model, a training or serving job, the layout columns
// that were fixed (the rest are searched) and the cost inputs.
#include <optional>
#include <string>

#include "hw/issue.h"
#include "parallel/layout.h"
#include "workload/jobs.h"
#include "workload/model.h"

namespace rackplan::engine {

enum class Mode { train, infer };
enum class Pricing { own, on_demand, reserved_1y, reserved_3y, capacity_block };

std::string_view to_string(Mode m);
std::string_view to_string(Pricing p);
std::optional<Pricing> pricing_from(std::string_view s);

// Layout columns as given; an empty optional is searched.
struct LayoutRequest {
    std::optional<int> tp, pp, dp, cp, ep, vpp, micro_batch, zero;
    std::optional<bool> sp;
    std::optional<parallel::Recompute> recompute;
    std::optional<int> batch, replicas;  // inference
};

struct CostRequest {
    Pricing pricing = Pricing::own;
    std::optional<double> usd_per_kwh, pue, years, utilization;  // empty: catalog default
};

// The tensor clock a power-capped chip holds in long dense phases, as a fraction of the burst
// clock the kernel emulators give for a benchmark-length run: 8192³ BF16 held 25 s on H100 SXM
// at 700 W settles at 1365 of 1610 MHz (data/calibration/h100-sxm-sustained.csv). The default
// of EngineOptions and InferOptions::sustained_clock_derate.
inline constexpr double kDefaultSustainedClock = 0.85;

// Engine assumptions a request may set in place of the stack's defaults (EngineOptions,
// InferOptions). They are what-ifs of a comparison or plan, not batch columns: a batch row
// keeps the defaults.
struct EngineAssumptions {
    // Sustained tensor clock (kDefaultSustainedClock above), in (0, 1]; applies to chips that
    // are at their power cap in bursts (the others keep their clock). Empty: the default.
    std::optional<double> sustained_clock;
    [[nodiscard]] bool empty() const { return !sustained_clock; }
    friend bool operator==(const EngineAssumptions&, const EngineAssumptions&) = default;
};

// Every problem of the assumptions, path = the field ("sustained_clock"); empty when valid.
Issues check_assumptions(const EngineAssumptions& a);

struct Scenario {
    std::string id;
    Mode mode = Mode::train;
    std::string system;  // catalog system id (checked to exist)
    int chips = 0;
    workload::Model model;
    workload::TrainJob train;
    workload::InferJob infer;
    LayoutRequest layout;
    CostRequest cost;
    EngineAssumptions assumptions;
};

}  // namespace rackplan::engine
