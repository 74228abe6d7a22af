#include "plan/ownership.h"

#include <array>
#include <cmath>

#include "plan/candidate.h"

namespace rackplan::plan {

std::optional<double> break_even_months(units::Usd upfront, units::UsdPerSecond running, units::UsdPerSecond rent) {
    const double saving = (rent - running).value() * kSecondsPerMonth;  // USD per month
    if (!(upfront.value() > 0.0) || !(saving > 0.0) || !std::isfinite(upfront.value() / saving)) return std::nullopt;
    return upfront.value() / saving;
}

namespace {

bool same_hardware(const hw::System& a, const hw::System& b) {
    if (a.chip != b.chip) return false;
    const hw::SystemSpec x = hw::make_spec(a), y = hw::make_spec(b);
    return x.chips_per_node == y.chips_per_node && x.nodes_per_domain == y.nodes_per_domain;
}

std::string price_path(engine::Pricing p) {
    return p == engine::Pricing::own ? "price.capex" : "price." + std::string(engine::to_string(p));
}

template <class Q>
cost::Range<Q> scaled(const cost::Range<units::UsdPerSecond>& r, double seconds) {
    return {Q(r.point.value() * seconds), Q(r.p10.value() * seconds), Q(r.p50.value() * seconds),
            Q(r.p90.value() * seconds)};
}

}  // namespace

const hw::System* priced_twin(const hw::Catalog& catalog, const hw::System& system, std::string_view path) {
    if (hw::find_figure(system.figures, path)) return &system;
    for (const hw::System& other : catalog.systems)
        if (other.id != system.id && hw::find_figure(other.figures, path) && same_hardware(system, other)) return &other;
    return nullptr;
}

std::optional<RentalChoice> rental_for(const hw::Catalog& catalog, const hw::System& system, engine::Pricing preferred) {
    using P = engine::Pricing;
    std::vector<P> order;
    if (preferred != P::own) order.push_back(preferred);
    for (P p : {P::on_demand, P::reserved_1y, P::reserved_3y, P::capacity_block})
        if (p != preferred) order.push_back(p);
    // The system's own rates first, then its twin's.
    for (P p : order)
        if (hw::find_figure(system.figures, price_path(p))) return RentalChoice{p, &system};
    for (P p : order)
        if (const hw::System* twin = priced_twin(catalog, system, price_path(p))) return RentalChoice{p, twin};
    return std::nullopt;
}

BuyVsRent buy_vs_rent(const hw::Catalog& catalog, const hw::System& system, int chips, const engine::Scenario& s,
                      const cost::PerformanceSummary& performance, double years, const cost::CostOptions& options) {
    BuyVsRent out;
    const double horizon = years * cost::kSecondsPerYear;
    cost::CostOptions quiet = options;
    quiet.sensitivity = false;

    if (const hw::System* owner = priced_twin(catalog, system, "price.capex")) {
        engine::CostRequest req = s.cost;
        req.pricing = engine::Pricing::own;
        req.years = years;  // the hardware is paid off over the horizon
        cost::CostResult r = cost::evaluate_cost(catalog, *owner, chips, req, performance, quiet);
        if (r.evaluation) {
            const cost::ModelOutputs& o = r.evaluation->point;
            Ownership own;
            own.priced_as = owner->id;
            own.upfront = o.capex_nodes + o.capex_network + o.installation;
            own.network = o.capex_network;
            own.running = o.rates.maintenance + o.rates.facility + o.rates.electricity;
            own.upfront_range = r.evaluation->capex;
            own.running_range = r.evaluation->running;
            own.years = years;
            own.tco = scaled<units::Usd>(r.evaluation->cost_rate, horizon);
            out.own = own;
        } else {
            out.own_note = join_issues(r.issues);
        }
    } else {
        out.own_note = system.id + " is not sold and no system of the same hardware has a price.capex";
    }

    if (auto choice = rental_for(catalog, system, s.cost.pricing)) {
        engine::CostRequest req = s.cost;
        req.pricing = choice->pricing;
        cost::CostResult r = cost::evaluate_cost(catalog, *choice->priced_as, chips, req, performance, quiet);
        if (r.evaluation) {
            Rental rent;
            rent.priced_as = choice->priced_as->id;
            rent.pricing = choice->pricing;
            rent.rate = r.evaluation->cost_rate;
            rent.years = years;
            rent.total = scaled<units::Usd>(r.evaluation->cost_rate, horizon);
            out.rent = rent;
        } else {
            out.rent_note = join_issues(r.issues);
        }
    } else {
        out.rent_note = system.id + " has no rental rate and no system of the same hardware has one";
    }

    if (out.own && out.rent) {
        out.break_even_months = break_even_months(out.own->upfront, out.own->running, out.rent->rate.point);
        if (!out.break_even_months)
            out.break_even_note = "renting costs no more per month than running an owned fleet: buying never pays back";
    } else {
        out.break_even_note = out.own ? "no rental to compare with" : "cannot be owned";
    }
    return out;
}

}  // namespace rackplan::plan
