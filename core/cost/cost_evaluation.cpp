#include "cost/cost_evaluation.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace rackplan::cost {

PerformanceSummary PerformanceSummary::training(units::Seconds step_time, double tokens_per_step,
                                                std::optional<double> train_tokens) {
    PerformanceSummary p;
    p.step_time = step_time;
    p.tokens_per_step = tokens_per_step;
    p.train_tokens = train_tokens;
    return p;
}

PerformanceSummary PerformanceSummary::serving(TokenRate output_tokens_per_s) {
    PerformanceSummary p;
    p.tokens_per_s = output_tokens_per_s;
    return p;
}

namespace {

using engine::Pricing;
constexpr std::array kRentals{Pricing::on_demand, Pricing::reserved_1y, Pricing::reserved_3y, Pricing::capacity_block};

std::string price_path(Pricing p) { return "price." + std::string(engine::to_string(p)); }

// "on_demand, reserved_3y" — the rental rates a system has in the catalog.
std::string rates_of(const hw::System& s) {
    std::string out;
    for (Pricing p : kRentals)
        if (hw::find_figure(s.figures, price_path(p))) out += (out.empty() ? "" : ", ") + std::string(engine::to_string(p));
    return out;
}

std::string pricing_problem(const hw::System& s, Pricing pricing) {
    const std::string rates = rates_of(s);
    const bool ownable = hw::find_figure(s.figures, "price.capex") != nullptr;
    if (pricing == Pricing::own) {
        std::string m = s.id + " cannot be owned: it is not sold (the catalog has no price.capex for it)";
        return m + (rates.empty() ? " and no rental rate either" : "; rent it instead with pricing " + rates);
    }
    std::string m = s.id + " has no " + std::string(engine::to_string(pricing)) + " rate in the catalog";
    if (!rates.empty()) return m + "; its rates: " + rates + (ownable ? ", or own" : "");
    return m + (ownable ? "; it has no rental rate: use pricing own" : "; it has no rental rate");
}

bool finite_positive(double v) { return std::isfinite(v) && v > 0.0; }

// Resolves the cost inputs (request value, else catalog default) into the parameter set.
class Resolver {
public:
    Resolver(const hw::Catalog& catalog, ParameterSet& set, Issues& issues) : catalog_(catalog), set_(set), issues_(issues) {}

    // A cost column: the request's value when given, else cost_defaults.<name>.
    // `fallback` stands in when neither exists (utilization: 1, as the engine does).
    int input(const std::string& name, std::optional<double> given, const std::string& unit, double to_base, double floor,
              double ceiling, bool floor_open, std::optional<double> fallback = std::nullopt) {
        Parameter p;
        std::string where;
        if (given) {
            p = given_value(name, *given, unit, to_base);
            where = name;
        } else if (const hw::Figure* f = hw::find_figure(catalog_.cost_defaults, name)) {
            p = from_figure(*f, "cost_defaults." + name);
            where = "cost_defaults." + name;
        } else if (fallback) {
            p = given_value(name, *fallback, unit, to_base);
            p.source = "default";
            where = name;
        } else {
            issues_.push_back({name, "not given and the catalog has no cost_defaults." + name});
            return -1;
        }
        const double v = p.value / to_base;  // in `unit`, as the user wrote it
        const bool low_ok = floor_open ? v > floor : v >= floor;
        if (!std::isfinite(v) || !low_ok || v > ceiling) {
            std::string bound = std::string(floor_open ? "above " : "at least ") + num(floor);
            if (std::isfinite(ceiling)) bound += " and at most " + num(ceiling);
            issues_.push_back({where, "must be " + bound + ", got " + num(v)});
            return -1;
        }
        p.floor = floor_open ? std::nextafter(floor, ceiling) * to_base : floor * to_base;
        p.ceiling = ceiling * to_base;
        return set_.add(std::move(p));
    }

    static std::string num(double v) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%g", v);
        return buf;
    }

private:
    const hw::Catalog& catalog_;
    ParameterSet& set_;
    Issues& issues_;
};

constexpr double kInf = HUGE_VAL;

enum Metric : int {
    m_cost_rate, m_per_step, m_per_run, m_per_mtok, m_avg_power, m_run_energy, m_perf_w, m_perf_usd, m_capex, m_running, m_count
};

void metrics_of(const ModelOutputs& o, std::span<double> out) {
    out[m_cost_rate] = o.cost_rate.value();
    out[m_per_step] = o.per_step ? o.per_step->value() : 0.0;
    out[m_per_run] = o.per_run ? o.per_run->value() : 0.0;
    out[m_per_mtok] = o.per_mtok.value();
    out[m_avg_power] = o.avg_power.value();
    out[m_run_energy] = o.run_energy ? o.run_energy->value() : 0.0;
    out[m_perf_w] = o.perf_per_watt.value();
    out[m_perf_usd] = o.perf_per_usd.value();
    out[m_capex] = (o.capex_nodes + o.capex_network + o.installation).value();
    out[m_running] = (o.rates.maintenance + o.rates.facility + o.rates.electricity).value();
}

template <class Q>
Range<Q> range_of(Q point, const Quantiles& q) {
    return {point, Q(q.p10), Q(q.p50), Q(q.p90)};
}

// Everything about the deployment that does not need the engine: prices, power, cost
// columns, nodes and network. Problems go to `issues`.
struct Deployment {
    ParameterSet set;
    Structure structure;
    NetworkPlan network;
};

Deployment resolve_deployment(const hw::Catalog& catalog, const hw::System& system, int chips,
                              const engine::CostRequest& request, const CostOptions& options, Issues& issues) {
    Deployment d;
    const hw::SystemSpec spec = hw::make_spec(system);
    const bool owned = request.pricing == Pricing::own;

    if (chips < 1) issues.push_back({"chips", "must be at least 1, got " + std::to_string(chips)});
    if (spec.chips_per_node < 1) issues.push_back({"system", system.id + " has no chips_per_node"});

    ParameterSet& set = d.set;
    Roles& roles = set.roles;
    Structure& s = d.structure;
    s.owned = owned;
    const std::string& sid = system.id;

    // What the deployment is paid with.
    const hw::Figure* price = hw::find_figure(system.figures, owned ? "price.capex" : price_path(request.pricing));
    if (price == nullptr) {
        issues.push_back({"pricing", pricing_problem(system, request.pricing)});
    } else if (!finite_positive(price->value)) {
        issues.push_back({"pricing", sid + "." + (owned ? "price.capex" : price_path(request.pricing)) + " is not a positive price"});
    } else {
        Parameter p = from_figure(*price, sid + "." + (owned ? "price.capex" : price_path(request.pricing)));
        p.floor = 0.0;
        (owned ? roles.capex : roles.rate) = set.add(std::move(p));
    }

    // Power: the node at load, and the chip's TDP and idle for the idle rule.
    if (const hw::Figure* wall = hw::find_figure(system.figures, "power.wall"); wall && finite_positive(wall->value)) {
        Parameter p = from_figure(*wall, sid + ".power.wall");
        p.floor = 0.0;
        roles.wall_power = set.add(std::move(p));
    } else {
        issues.push_back({"system", sid + " has no power.wall in the catalog: its power and energy are unknown"});
    }
    if (const hw::Chip* chip = catalog.find_chip(system.chip)) {
        if (const hw::Figure* tdp = hw::find_figure(chip->figures, "power.tdp"); tdp && finite_positive(tdp->value)) {
            Parameter p = from_figure(*tdp, chip->id + ".power.tdp");
            p.floor = 0.0;
            roles.chip_tdp = set.add(std::move(p));
            if (const hw::Figure* idle = hw::find_figure(chip->figures, "power.idle")) {
                Parameter q = from_figure(*idle, chip->id + ".power.idle");
                q.floor = 0.0;
                roles.chip_idle = set.add(std::move(q));
            }
        }
    }

    // Cost columns and defaults.
    Resolver in(catalog, set, issues);
    roles.utilization = in.input("utilization", request.utilization, "ratio", 1.0, 0.0, 1.0, true, 1.0);
    roles.pue = in.input("pue", request.pue, "ratio", 1.0, 1.0, kInf, false);
    if (owned) {
        roles.usd_per_kwh = in.input("usd_per_kwh", request.usd_per_kwh, "USD/kWh", 1.0 / 3.6e6, 0.0, kInf, false);
        roles.years = in.input("years", request.years, "years", kSecondsPerYear, 0.0, kInf, true);
        roles.cost_of_capital = in.input("cost_of_capital", std::nullopt, "1/year", 1.0 / kSecondsPerYear, 0.0, kInf, false);
        roles.maintenance_share = in.input("maintenance_share", std::nullopt, "1/year", 1.0 / kSecondsPerYear, 0.0, kInf, false);
        roles.facility = in.input("facility_usd_per_kw_month", std::nullopt, "USD/kW-month", 12.0 / (1e3 * kSecondsPerYear), 0.0,
                                  kInf, false);
        roles.installation_share = in.input("installation_share", std::nullopt, "ratio", 1.0, 0.0, kInf, false);
        if (options.residual_share)
            roles.residual_share = in.input("residual_share", options.residual_share, "ratio", 1.0, 0.0, 1.0, false);
    }

    // Scale-out network: costed when owned, its power counted either way.
    NetworkPlan& network = d.network;
    if (chips >= 1 && spec.chips_per_node >= 1) {
        s.chips = chips;
        s.chips_per_node = spec.chips_per_node;
        s.nodes = (chips + spec.chips_per_node - 1) / spec.chips_per_node;
        std::string fabric_id = options.fabric ? *options.fabric : fabric_rule(system, spec);
        const hw::Fabric* fabric = catalog.find_fabric(fabric_id);
        if (options.fabric && fabric == nullptr) issues.push_back({"fabric", "unknown fabric id '" + fabric_id + "'"});
        network = plan_network(spec, s.nodes, fabric,
                               options.fabric ? "fabric " + fabric_id + " (given)"
                                              : "fabric " + fabric_id + " by the rule for " + sid);
        s.tier_ports = network.ports;
        s.nic_ports = network.endpoints;
        for (int t = 0; t < network.tiers && fabric; ++t) {
            const hw::Figures& tier = fabric->tiers[static_cast<size_t>(t)];
            auto add = [&](const char* name) {
                const hw::Figure* f = hw::find_figure(tier, name);
                if (f == nullptr) return -1;
                Parameter p = from_figure(*f, fabric->id + ".tiers[" + std::to_string(t) + "]." + name,
                                          fabric->id + "." + name);  // the tiers' switch moves as one
                p.floor = 0.0;
                return set.add(std::move(p));
            };
            roles.port_power.push_back(add("power_per_port"));
            if (owned) {
                roles.switch_cost.push_back(add("switch_cost_per_port"));
                roles.optics_cost.push_back(add("optics_cost_per_port"));
            }
        }
    }
    return d;
}

}  // namespace

Issues check_cost_inputs(const hw::Catalog& catalog, const hw::System& system, int chips, const engine::CostRequest& request,
                         const CostOptions& options) {
    Issues issues;
    resolve_deployment(catalog, system, chips, request, options, issues);
    return issues;
}

CostResult evaluate_cost(const hw::Catalog& catalog, const hw::System& system, int chips, const engine::CostRequest& request,
                         const PerformanceSummary& performance, const CostOptions& options) {
    CostResult result;
    Issues& issues = result.issues;
    Deployment d = resolve_deployment(catalog, system, chips, request, options, issues);
    ParameterSet& set = d.set;
    Roles& roles = set.roles;
    Structure& s = d.structure;
    const NetworkPlan& network = d.network;
    const std::string& sid = system.id;

    // Throughput: given, or one step's tokens over its time.
    std::optional<double> tps;
    if (performance.tokens_per_s) {
        tps = performance.tokens_per_s->value();
    } else if (performance.step_time && performance.step_time->value() > 0.0) {
        tps = performance.tokens_per_step / performance.step_time->value();
    }
    if (!tps || !finite_positive(*tps)) {
        issues.push_back({"tokens_per_s", "the throughput is zero or unknown: there is no cost per token"});
    } else {
        Parameter p = given_value("tokens_per_s", *tps, "tokens/s", 1.0);
        p.source = "engine";
        p.floor = 0.0;
        roles.throughput = set.add(std::move(p));
        if (performance.step_time && finite_positive(performance.step_time->value()))
            s.tokens_per_step = *tps * performance.step_time->value();
    }
    if (performance.train_tokens) {
        if (finite_positive(*performance.train_tokens)) s.train_tokens = performance.train_tokens;
        else issues.push_back({"train_tokens", "must be a positive number of tokens"});
    }

    // Only the price is missing: power and energy are still known.
    const bool pricing_only = !issues.empty() && std::all_of(issues.begin(), issues.end(), [](const Issue& i) { return i.path == "pricing"; });
    if (!issues.empty() && !pricing_only) return result;

    const std::vector<double> values = set.values();
    CostEvaluation e;
    e.pricing = request.pricing;
    e.chips = chips;
    e.nodes = s.nodes;
    e.network = network;
    e.point = run_model(s, roles, values);
    std::array<double, m_count> point{};
    metrics_of(e.point, point);
    for (int m : {m_avg_power, m_run_energy, m_perf_w})
        if (!std::isfinite(point[static_cast<size_t>(m)])) {
            issues.push_back({"system", "the power of " + sid + " came out non-finite; check the catalog's power figures"});
            return result;
        }
    if (!pricing_only)
        for (double v : point)
            if (!std::isfinite(v)) {
                issues.push_back({"system", "the cost of " + sid + " came out non-finite; check the catalog's prices and power"});
                return result;
            }

    const bool any_uncertain = std::any_of(set.items.begin(), set.items.end(), [](const Parameter& p) { return p.uncertain(); });
    e.samples = any_uncertain ? std::max(options.samples, 0) : 0;
    e.seed = options.seed;
    const auto q = sample_quantiles(
        set.items, m_count, [&](std::span<const double> v, std::span<double> out) { metrics_of(run_model(s, roles, v), out); },
        options.seed, e.samples);

    e.avg_power = range_of(e.point.avg_power, q[m_avg_power]);
    if (e.point.run_energy) e.run_energy = range_of(*e.point.run_energy, q[m_run_energy]);
    e.perf_per_watt = range_of(e.point.perf_per_watt, q[m_perf_w]);
    const double pue = e.point.it_average.value() > 0.0 ? e.point.avg_power.value() / e.point.it_average.value() : 1.0;
    result.power = PowerEvaluation{e.point.it_load * pue, e.avg_power, e.run_energy, e.perf_per_watt};
    if (pricing_only) return result;

    e.cost_rate = range_of(e.point.cost_rate, q[m_cost_rate]);
    if (e.point.per_step) e.per_step = range_of(*e.point.per_step, q[m_per_step]);
    if (e.point.per_run) e.per_run = range_of(*e.point.per_run, q[m_per_run]);
    e.per_mtok = range_of(e.point.per_mtok, q[m_per_mtok]);
    e.perf_per_usd = range_of(e.point.perf_per_usd, q[m_perf_usd]);
    e.capex = range_of(e.point.capex_nodes + e.point.capex_network + e.point.installation, q[m_capex]);
    e.running = range_of(e.point.rates.maintenance + e.point.rates.facility + e.point.rates.electricity, q[m_running]);

    if (options.sensitivity)
        e.tornado = tornado(
            set.items, [&](std::span<const double> v) { return run_model(s, roles, v).per_mtok.value(); },
            options.sensitivity_step);
    e.inputs = std::move(set.items);
    result.evaluation = std::move(e);
    return result;
}

}  // namespace rackplan::cost
