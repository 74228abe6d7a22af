#include "engine/scenario.h"

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

}  // namespace rackplan::engine
