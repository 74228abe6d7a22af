#pragma once
// The cost arithmetic: one pure function from the structure of a deployment (nodes, network
// ports, owned or rented, workload) and a vector of input values to every cost and power
// figure. The point evaluation, every uncertainty draw and every tornado bar call it, so
// they can never disagree. Formulas: DESIGN.md.
#include <optional>
#include <span>
#include <vector>

#include "cost/cost_units.h"
#include "cost/parameters.h"
#include "units/quantity.h"

namespace rackplan::cost {

// What does not vary between draws.
struct Structure {
    bool owned = true;
    int chips = 0;
    int nodes = 0;
    int chips_per_node = 1;
    std::vector<double> tier_ports;          // switch ports per fabric tier in use
    double nic_ports = 0.0;                  // NIC ends of the links, in fabric ports (one optic each)
    std::optional<double> tokens_per_step;   // train: step time = tokens_per_step / throughput
    std::optional<double> train_tokens;      // train: the run
};

// Cost per second of wall time, by what it pays for.
struct CostRates {
    units::UsdPerSecond capital{};          // upfront (hardware + installation) x annuity
    units::UsdPerSecond residual_credit{};  // resale value at the end, as a yearly credit
    units::UsdPerSecond maintenance{};
    units::UsdPerSecond facility{};
    units::UsdPerSecond electricity{};
    units::UsdPerSecond rental{};
    [[nodiscard]] units::UsdPerSecond total() const {
        return capital - residual_credit + maintenance + facility + electricity + rental;
    }
};

struct ModelOutputs {
    units::Usd capex_nodes{};    // owned: nodes x price.capex
    units::Usd capex_network{};  // owned: switch ports and optics
    units::Usd installation{};   // owned: installation_share x hardware
    CostRates rates;
    units::UsdPerSecond cost_rate{};  // the deployment, all of it (rates.total())
    units::Watts it_load{};      // nodes at power.wall + switch ports, before PUE
    units::Watts it_idle{};      // accelerators at idle
    units::Watts it_average{};   // at utilization, before PUE
    units::Watts avg_power{};    // at utilization, incl. PUE
    units::Watts provisioned{};  // what the facility charges for (= it_load)
    TokenRate useful_throughput{};  // tokens_per_s x utilization
    std::optional<units::Seconds> step_time;
    std::optional<units::Usd> per_step;
    units::Usd per_mtok{};       // USD per million tokens
    std::optional<units::Seconds> run_time;  // wall time of the run
    std::optional<units::Usd> per_run;
    std::optional<units::Joules> run_energy;
    TokensPerJoule perf_per_watt{};
    TokensPerUsd perf_per_usd{};
};

// r / (1 - (1 + r)^-n): the yearly payment that repays 1 over n years at rate r (1/n at r = 0).
double annuity_factor(double rate_per_year, double years);
// r / ((1 + r)^n - 1): the yearly saving that grows to 1 after n years (1/n at r = 0).
double sinking_fund_factor(double rate_per_year, double years);

// `values` holds one number per parameter, in base units, indexed by `roles`.
ModelOutputs run_model(const Structure& s, const Roles& roles, std::span<const double> values);

}  // namespace rackplan::cost
