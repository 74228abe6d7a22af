#include "kernels/kernel_result.h"

namespace rackplan::kernels {

std::string_view to_string(Bound b) {
    switch (b) {
        case Bound::compute: return "compute";
        case Bound::memory: return "memory";
        case Bound::latency: return "latency";
    }
    return "compute";
}

}  // namespace rackplan::kernels
