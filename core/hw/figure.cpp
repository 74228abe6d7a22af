#include "hw/figure.h"

namespace rackplan::hw {

std::string_view to_string(Confidence c) {
    switch (c) {
        case Confidence::documented: return "documented";
        case Confidence::derived: return "derived";
        case Confidence::estimate: return "estimate";
    }
    return "documented";
}

std::optional<Confidence> confidence_from(std::string_view s) {
    if (s == "documented") return Confidence::documented;
    if (s == "derived") return Confidence::derived;
    if (s == "estimate") return Confidence::estimate;
    return std::nullopt;
}

const Figure* find_figure(const Figures& figures, std::string_view path) {
    auto it = figures.find(path);
    return it == figures.end() ? nullptr : &it->second;
}

double base_or(const Figures& figures, std::string_view path, double fallback) {
    const Figure* f = find_figure(figures, path);
    return f ? f->base() : fallback;
}

}  // namespace rackplan::hw
