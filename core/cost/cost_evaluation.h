#pragma once
// The cost of one evaluated deployment: a system, a chip count, the cost inputs of a scenario
// (engine::CostRequest, empty = catalog cost_defaults) and what the engine measured
// (PerformanceSummary). Returns $/hour, $/step, $/run, $/M tokens, energy, average power,
// perf/W and perf/$, each with a P10/P50/P90 range drawn from the catalog's estimate ranges,
// plus a ±20 % tornado of $/M tokens. Bad input (no rate for the pricing, no capex to own,
// zero throughput) comes back as Issues naming the column.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cost/cost_model.h"
#include "cost/cost_units.h"
#include "cost/network.h"
#include "cost/parameters.h"
#include "cost/uncertainty.h"
#include "engine/scenario.h"
#include "hw/catalog.h"
#include "hw/issue.h"

namespace rackplan::cost {

// What the engine measured, in the form cost needs. Training gives a step time and the
// tokens of a step; serving gives output tokens per second directly.
struct PerformanceSummary {
    std::optional<units::Seconds> step_time;  // train: one optimizer step
    double tokens_per_step = 0.0;             // train: seq_len x global_batch
    std::optional<TokenRate> tokens_per_s;    // whole deployment while working; derived from the step when empty
    std::optional<double> train_tokens;       // train: tokens of the whole run

    static PerformanceSummary training(units::Seconds step_time, double tokens_per_step,
                                       std::optional<double> train_tokens = std::nullopt);
    static PerformanceSummary serving(TokenRate output_tokens_per_s);
};

struct CostOptions {
    std::uint64_t seed = 0x5eedc0575eedc057ULL;  // the same seed gives the same ranges
    int samples = 2000;                          // draws; 0 = no sampling (ranges = point)
    bool sensitivity = true;                     // compute the tornado
    double sensitivity_step = 0.2;               // ±20 %
    std::optional<std::string> fabric;           // scale-out fabric id instead of the rule's
    std::optional<double> residual_share;        // resale value at the end of `years`, share of hardware capex
};

template <class Q>
struct Range {
    Q point{};
    Q p10{}, p50{}, p90{};
    [[nodiscard]] bool collapsed() const { return p10 == point && p50 == point && p90 == point; }
};

struct CostEvaluation {
    engine::Pricing pricing = engine::Pricing::own;
    int chips = 0;
    int nodes = 0;
    NetworkPlan network;
    ModelOutputs point;  // every figure at the point values (breakdown, capex, power)

    Range<units::UsdPerSecond> cost_rate;          // the deployment ($/hour: units::to_usd_per_hour)
    std::optional<Range<units::Usd>> per_step;     // when a step time is known
    std::optional<Range<units::Usd>> per_run;      // with train_tokens
    Range<units::Usd> per_mtok;                    // $ per million tokens trained / generated
    Range<units::Usd> capex;                       // owned: nodes + network + installation (0 rented)
    Range<units::UsdPerSecond> running;            // owned: maintenance + facility + electricity (0 rented)
    Range<units::Watts> avg_power;                 // wall incl. PUE, at utilization
    std::optional<Range<units::Joules>> run_energy;  // with train_tokens
    Range<TokensPerJoule> perf_per_watt;
    Range<TokensPerUsd> perf_per_usd;

    std::vector<Parameter> inputs;      // every number used, with provenance and range
    std::vector<TornadoBar> tornado;    // of per_mtok (USD per million tokens, base units)
    int samples = 0;                    // draws made (0 when nothing was uncertain)
    std::uint64_t seed = 0;
};

// Power and energy do not depend on the price: a system that cannot be priced the way asked
// (Trn3 has no published price) still draws power, so a pricing failure keeps these.
struct PowerEvaluation {
    units::Watts wall_peak{};                        // IT power at load x PUE (point)
    Range<units::Watts> avg_power;                   // wall incl. PUE, at utilization
    std::optional<Range<units::Joules>> run_energy;  // with train_tokens
    Range<TokensPerJoule> perf_per_watt;
};

struct CostResult {
    std::optional<CostEvaluation> evaluation;  // set when issues is empty
    Issues issues;
    // Set with the evaluation, and also when the only issues are the pricing's (path "pricing").
    std::optional<PowerEvaluation> power;
};

// The same checks as evaluate_cost without a performance (rates, capex, power, cost columns,
// fabric): a front end can fail a row on `pricing` before spending time on a layout search.
Issues check_cost_inputs(const hw::Catalog& catalog, const hw::System& system, int chips, const engine::CostRequest& request,
                         const CostOptions& options = {});

CostResult evaluate_cost(const hw::Catalog& catalog, const hw::System& system, int chips, const engine::CostRequest& request,
                         const PerformanceSummary& performance, const CostOptions& options = {});

}  // namespace rackplan::cost
