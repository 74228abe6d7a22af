#include "parallel/layout.h"

namespace rackplan::parallel {

std::string_view to_string(Recompute r) {
    switch (r) {
        case Recompute::none: return "none";
        case Recompute::selective: return "selective";
        case Recompute::full: return "full";
    }
    return "?";
}

std::optional<Recompute> recompute_from(std::string_view s) {
    if (s == "none") return Recompute::none;
    if (s == "selective") return Recompute::selective;
    if (s == "full") return Recompute::full;
    return std::nullopt;
}

}  // namespace rackplan::parallel
