#pragma once
// Scenario: one evaluation request — what a batch row, `rackplan evaluate` flags or the GUI
// ask for: a system and chip count, a model, a training or serving job, the layout columns
// that were fixed (the rest are searched) and the cost inputs.
#include <optional>
#include <string>

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
};

}  // namespace rackplan::engine
