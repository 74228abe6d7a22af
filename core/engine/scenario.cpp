#include "engine/scenario.h"

#include <cmath>
#include <cstdio>

namespace rackplan::engine {

std::string_view to_string(Mode m) { return m == Mode::train ? "train" : "infer"; }

std::string_view to_string(Pricing p) {
    switch (p) {
        case Pricing::own: return "own";
        case Pricing::on_demand: return "on_demand";
        case Pricing::reserved_1y: return "reserved_1y";
        case Pricing::reserved_3y: return "reserved_3y";
        case Pricing::capacity_block: return "capacity_block";
    }
    return "own";
}

std::optional<Pricing> pricing_from(std::string_view s) {
    for (Pricing p : {Pricing::own, Pricing::on_demand, Pricing::reserved_1y, Pricing::reserved_3y,
                      Pricing::capacity_block})
        if (to_string(p) == s) return p;
    return std::nullopt;
}

Issues check_assumptions(const EngineAssumptions& a) {
    Issues out;
    if (a.sustained_clock) {
        const double f = *a.sustained_clock;
        // Written as !(in range) so that NaN is refused too.
        if (!(std::isfinite(f) && f > 0.0 && f <= 1.0)) {
            char got[32];
            std::snprintf(got, sizeof got, "%g", f);
            out.push_back({"sustained_clock", std::string("must be a fraction of the burst clock above 0 and at most 1, got ") + got});
        }
    }
    return out;
}

}  // namespace rackplan::engine
