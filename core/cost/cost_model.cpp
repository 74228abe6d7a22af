#include "cost/cost_model.h"

#include <algorithm>
#include <cmath>

namespace rackplan::cost {

double annuity_factor(double r, double n) {
    if (std::abs(r) < 1e-12) return 1.0 / n;
    return r / (1.0 - std::pow(1.0 + r, -n));
}

double sinking_fund_factor(double r, double n) {
    if (std::abs(r) < 1e-12) return 1.0 / n;
    return r / (std::pow(1.0 + r, n) - 1.0);
}

ModelOutputs run_model(const Structure& s, const Roles& roles, std::span<const double> values) {
    using namespace units;
    auto at = [&](int i, double fallback) { return i < 0 ? fallback : values[static_cast<size_t>(i)]; };
    ModelOutputs o;
    const double nodes = s.nodes;

    // Power. Accelerators fall from TDP to idle when the fleet is not working; the rest of
    // the node (host, NICs, fans) and the switches do not.
    const double wall = at(roles.wall_power, 0.0);
    const double tdp = at(roles.chip_tdp, 0.0);
    const double idle_chip = std::min(at(roles.chip_idle, tdp), tdp);
    const double idle_node = std::max(0.0, wall - s.chips_per_node * (tdp - idle_chip));
    double net_power = 0.0, net_capex = 0.0;
    for (size_t t = 0; t < s.tier_ports.size(); ++t) {
        const int ti = static_cast<int>(t);
        auto tier = [&](const std::vector<int>& idx) { return ti < static_cast<int>(idx.size()) ? at(idx[t], 0.0) : 0.0; };
        net_power += s.tier_ports[t] * tier(roles.port_power);
        net_capex += s.tier_ports[t] * (tier(roles.switch_cost) + tier(roles.optics_cost));
        if (t == 0) net_capex += s.nic_ports * tier(roles.optics_cost);
    }
    const double u = at(roles.utilization, 1.0);
    const double pue = at(roles.pue, 1.0);
    o.it_load = Watts(nodes * wall + net_power);
    o.it_idle = Watts(nodes * idle_node + net_power);
    o.it_average = u * o.it_load + (1.0 - u) * o.it_idle;
    o.avg_power = o.it_average * pue;
    o.provisioned = o.it_load;

    if (s.owned) {
        o.capex_nodes = Usd(nodes * at(roles.capex, 0.0));
        o.capex_network = Usd(net_capex);
        const Usd hardware = o.capex_nodes + o.capex_network;
        o.installation = hardware * at(roles.installation_share, 0.0);
        const double r = at(roles.cost_of_capital, 0.0) * kSecondsPerYear;  // per year
        const double n = at(roles.years, 0.0) / kSecondsPerYear;            // years
        const Seconds year(kSecondsPerYear);
        o.rates.capital = (hardware + o.installation) * annuity_factor(r, n) / year;
        o.rates.residual_credit = hardware * at(roles.residual_share, 0.0) * sinking_fund_factor(r, n) / year;
        o.rates.maintenance = UsdPerSecond(hardware.value() * at(roles.maintenance_share, 0.0));
        o.rates.facility = UsdPerSecond(at(roles.facility, 0.0) * o.provisioned.value());
        o.rates.electricity = UsdPerJoule(at(roles.usd_per_kwh, 0.0)) * o.avg_power;
    } else {
        o.rates.rental = UsdPerSecond(nodes * at(roles.rate, 0.0));
    }
    o.cost_rate = o.rates.total();

    const TokenRate throughput(at(roles.throughput, 0.0));
    o.useful_throughput = throughput * u;
    o.per_mtok = o.cost_rate / o.useful_throughput * 1e6;
    if (s.tokens_per_step) {
        o.step_time = *s.tokens_per_step / throughput;
        o.per_step = o.cost_rate * *o.step_time / u;
    }
    if (s.train_tokens) {
        o.run_time = *s.train_tokens / o.useful_throughput;
        o.per_run = o.cost_rate * *o.run_time;
        o.run_energy = o.avg_power * *o.run_time;
    }
    o.perf_per_watt = o.useful_throughput / o.avg_power;
    o.perf_per_usd = o.useful_throughput / o.cost_rate;
    return o;
}

}  // namespace rackplan::cost
