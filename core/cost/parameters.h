#pragma once
// The numeric inputs of one cost evaluation, each with where it came from: a catalog figure
// (path, source, confidence, range) or a value the user gave. Estimates with a range are
// what the uncertainty sampler draws and every input is a bar of the tornado.
#include <limits>
#include <string>
#include <vector>

#include "hw/figure.h"

namespace rackplan::cost {

struct Parameter {
    std::string path;    // "dgx-h100.price.capex", "cost_defaults.pue", "pue" (a given column)
    std::string group;   // inputs of one group share a draw and a tornado bar
    double value = 0.0;  // base units: USD, USD/s, W, s, 1/s, USD/(W s), ratio, tokens/s
    double low = 0.0;    // estimate range in base units; equal to value otherwise
    double high = 0.0;
    std::string unit = "ratio";  // the unit to show it in (the catalog's)
    double to_base = 1.0;        // value / to_base is in `unit`
    hw::Confidence confidence = hw::Confidence::documented;
    std::string source;          // catalog source tag(s); "given" for a value the user typed
    double floor = -std::numeric_limits<double>::infinity();  // valid values (tornado clamps)
    double ceiling = std::numeric_limits<double>::infinity();

    [[nodiscard]] bool uncertain() const { return confidence == hw::Confidence::estimate && low < high; }
    [[nodiscard]] double shown(double base) const { return base / to_base; }
};

// A catalog figure as a parameter (range only for estimates).
Parameter from_figure(const hw::Figure& f, std::string path, std::string group = {});
// A value the user gave (exact), in `unit` with its base factor.
Parameter given_value(std::string column, double in_unit, std::string unit, double to_base);

// Index of each role in ParameterSet::items; -1 where the role is not part of this evaluation
// (a rental has no capex, an owned system no rate, a single domain no network).
struct Roles {
    int capex = -1, rate = -1, wall_power = -1, chip_tdp = -1, chip_idle = -1;
    int usd_per_kwh = -1, pue = -1, years = -1, cost_of_capital = -1, maintenance_share = -1;
    int facility = -1, installation_share = -1, residual_share = -1, utilization = -1, throughput = -1;
    std::vector<int> switch_cost, optics_cost, port_power;  // per fabric tier in use
};

struct ParameterSet {
    std::vector<Parameter> items;
    Roles roles;

    int add(Parameter p) {
        items.push_back(std::move(p));
        return static_cast<int>(items.size()) - 1;
    }
    [[nodiscard]] std::vector<double> values() const {
        std::vector<double> v;
        v.reserve(items.size());
        for (const auto& p : items) v.push_back(p.value);
        return v;
    }
};

}  // namespace rackplan::cost
