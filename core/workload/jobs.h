#pragma once
// TrainJob and InferJob: what a batch row asks of a model, in the units the engine uses.
// Parallel layout columns (tp, pp, ...) are not here: they belong to parallel::Layout.
#include <cstdint>
#include <optional>
#include <string_view>

#include "hw/dtype.h"
#include "units/quantity.h"

namespace rackplan::workload {

enum class FineTune { full, lora };

std::string_view to_string(FineTune f);
std::optional<FineTune> fine_tune_from(std::string_view s);

struct TrainJob {
    int seq_len = 0;                          // tokens per sequence
    int global_batch = 0;                     // sequences per optimizer step
    hw::Dtype dtype = hw::Dtype::bf16;        // compute precision of the GEMMs
    std::optional<double> train_tokens;       // total tokens of the run; empty: per-step figures only
    FineTune fine_tune = FineTune::full;
    int lora_rank = 16;                       // read only when fine_tune == lora

    [[nodiscard]] double tokens_per_step() const {
        return static_cast<double>(seq_len) * static_cast<double>(global_batch);
    }
};

struct InferJob {
    int input_len = 0;                        // prompt tokens per request
    int output_len = 0;                       // generated tokens per request
    std::optional<int> batch;                 // concurrent sequences per replica; empty: searched
    hw::Dtype weight_dtype = hw::Dtype::bf16;
    hw::Dtype kv_dtype = hw::Dtype::bf16;
    std::optional<units::Seconds> ttft_slo;   // time to first token limit
    std::optional<units::Seconds> tpot_slo;   // time per output token limit
};

}  // namespace rackplan::workload
