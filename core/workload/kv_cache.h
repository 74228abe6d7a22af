#pragma once
// Inference KV cache: K and V of every layer for each token held (modeling.md).
#include "hw/dtype.h"
#include "units/quantity.h"
#include "workload/model.h"

namespace rackplan::workload {

// 2·L·kv_heads·head_dim·bytes(kv_dtype), whole model (divide by the chips that share it).
units::Bytes kv_cache_bytes_per_token(const Model& m, hw::Dtype kv_dtype);

}  // namespace rackplan::workload
