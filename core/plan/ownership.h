#pragma once
// Owning versus renting a fleet: upfront capex, the running cost of owning, TCO over a
// horizon, the same fleet rented, and the month at which buying pays back. Rules: DESIGN.md.
#include <optional>
#include <string>
#include <string_view>

#include "cost/cost_evaluation.h"
#include "engine/scenario.h"
#include "hw/catalog.h"

namespace rackplan::plan {

inline constexpr double kSecondsPerMonth = cost::kSecondsPerYear / 12.0;

// Months until owning (upfront, then `running` per second) has cost no more than renting
// (`rent` per second): upfront / ((rent - running) x a month). Empty when renting costs no
// more per month than running an owned fleet, or the upfront is not positive.
std::optional<double> break_even_months(units::Usd upfront, units::UsdPerSecond running, units::UsdPerSecond rent);

// `system` when it has the figure at `price_path` ("price.capex", "price.on_demand"), else the
// first catalog system with the same chip, chips_per_node and nodes_per_domain that has it;
// nullptr when none does.
const hw::System* priced_twin(const hw::Catalog& catalog, const hw::System& system, std::string_view price_path);

// The rental a fleet of `system` is compared with: `preferred` when it is a rental, else the
// first of on_demand, reserved_1y, reserved_3y, capacity_block that the system, else its twin,
// has. Returns the pricing and the system that carries the rate.
struct RentalChoice {
    engine::Pricing pricing = engine::Pricing::on_demand;
    const hw::System* priced_as = nullptr;
};
std::optional<RentalChoice> rental_for(const hw::Catalog& catalog, const hw::System& system, engine::Pricing preferred);

struct Ownership {
    std::string priced_as;             // the system whose capex, power and fabric price it
    units::Usd upfront{};              // nodes x capex + network + installation
    units::Usd network{};              // of which scale-out network
    units::UsdPerSecond running{};     // maintenance + facility + electricity at utilization
    cost::Range<units::Usd> upfront_range;           // upfront with its P10-P90 (point = upfront)
    cost::Range<units::UsdPerSecond> running_range;  // running with its P10-P90 (point = running)
    double years = 3.0;
    cost::Range<units::Usd> tco;       // owned cost rate (amortized over `years`) x years
};

struct Rental {
    std::string priced_as;
    engine::Pricing pricing = engine::Pricing::on_demand;
    cost::Range<units::UsdPerSecond> rate;  // the whole fleet, all wall time
    double years = 3.0;
    cost::Range<units::Usd> total;          // rate x years
};

struct BuyVsRent {
    std::optional<Ownership> own;
    std::string own_note;  // why there is none
    std::optional<Rental> rent;
    std::string rent_note;
    std::optional<double> break_even_months;
    std::string break_even_note;
};

// Both ways of paying for `chips` chips of `system` running `performance` for `years`.
BuyVsRent buy_vs_rent(const hw::Catalog& catalog, const hw::System& system, int chips, const engine::Scenario& s,
                      const cost::PerformanceSummary& performance, double years, const cost::CostOptions& options);

}  // namespace rackplan::plan
