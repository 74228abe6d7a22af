#include "cost/parameters.h"

namespace rackplan::cost {

Parameter from_figure(const hw::Figure& f, std::string path, std::string group) {
    Parameter p;
    p.group = group.empty() ? path : std::move(group);
    p.path = std::move(path);
    p.value = f.base();
    p.confidence = f.confidence;
    // Only estimates carry a range; documented and derived figures are exact.
    const bool ranged = f.confidence == hw::Confidence::estimate && f.has_range();
    p.low = ranged ? f.base_low() : p.value;
    p.high = ranged ? f.base_high() : p.value;
    p.unit = f.unit;
    p.to_base = f.to_base;
    p.source = f.source;
    return p;
}

Parameter given_value(std::string column, double in_unit, std::string unit, double to_base) {
    Parameter p;
    p.group = column;
    p.path = std::move(column);
    p.value = p.low = p.high = in_unit * to_base;
    p.unit = std::move(unit);
    p.to_base = to_base;
    p.confidence = hw::Confidence::documented;
    p.source = "given";
    return p;
}

}  // namespace rackplan::cost
