#include "workload/jobs.h"

namespace rackplan::workload {

std::string_view to_string(FineTune f) {
    switch (f) {
        case FineTune::full: return "full";
        case FineTune::lora: return "lora";
    }
    return "?";
}

std::optional<FineTune> fine_tune_from(std::string_view s) {
    if (s == "full") return FineTune::full;
    if (s == "lora") return FineTune::lora;
    return std::nullopt;
}

}  // namespace rackplan::workload
