#include "workload/kv_cache.h"

namespace rackplan::workload {

units::Bytes kv_cache_bytes_per_token(const Model& m, hw::Dtype kv_dtype) {
    return units::Bytes(2.0 * m.layers * static_cast<double>(m.kv_width()) * hw::bytes_per_element(kv_dtype));
}

}  // namespace rackplan::workload
