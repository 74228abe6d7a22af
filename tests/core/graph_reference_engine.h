#pragma once
// The training engine's step-time composition as it was before core/graph (closed-form sums
// and maxes), kept verbatim as the oracle of tests/core/graph_engine_equivalence_test.cpp:
// the DAG-based engine must reproduce it on the same build of the same kernels. Retire it
// together with that test when the engine's modelling is changed on purpose.
//
// The training step-time engine: for a model, a job and a system, times one optimizer step
// of a layout. Every operator is timed by the kernel emulators (never at peak) and every
// collective by the topology-aware collective model; the step adds what real software
// leaves exposed and the pipeline schedule's bubble.
//
// Per micro-batch and pipeline rank: Σ blocks (forward, backward, recompute kernels + exposed
// TP/CP/EP communication) + embedding/LM head on the first/last rank + pipeline send/recv.
// Step = m·T_max + (pp−1)/vpp·T_mean (1F1B and interleaved schedules) + exposed gradient
// reduction (what does not fit under the last micro-batch's backward) + optimizer update.
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>

#include "engine/performance.h"
#include "engine/train_engine.h"
#include "hw/chip.h"
#include "hw/system.h"
#include "kernels/collective.h"
#include "kernels/gemm_calibration.h"
#include "parallel/memory.h"
#include "parallel/rules.h"
#include "workload/jobs.h"
#include "workload/model.h"

namespace rackplan::graph_reference {
using engine::OpTime;
using engine::TrainOutcome;
using engine::TrainPerformance;
using engine::CommTimes;
using engine::StepBreakdown;
using engine::EngineOptions;

// What timing one operator needs beyond the chip: calibration and framework efficiencies.
struct CostContext {
    const kernels::GemmCalibration* calibration = nullptr;
    double elementwise_efficiency = 1.0;
    double norm_efficiency = 1.0;
    double softmax_efficiency = 1.0;
    double attention_backward_rate = 1.0;
    bool fp8_casts = false;
    bool materialized_attention = false;
};

class ClosedFormEngine {
public:
    ClosedFormEngine(const hw::ChipSpec& chip, const hw::SystemSpec& system, const workload::Model& model,
                const workload::TrainJob& job, int chips, const kernels::CollectiveModel& network,
                EngineOptions options = {});

    // Evaluates one layout (rules and memory checked). Thread-safe.
    [[nodiscard]] TrainOutcome evaluate(const parallel::Layout& layout) const;
    // The same without the rule check (the search has checked them).
    [[nodiscard]] TrainOutcome evaluate_valid(const parallel::Layout& layout) const;

    [[nodiscard]] const parallel::Placement& placement() const { return placement_; }
    [[nodiscard]] const parallel::MemoryModel& memory() const { return memory_; }
    [[nodiscard]] units::Bytes hbm_capacity() const { return capacity_; }
    [[nodiscard]] const EngineOptions& options() const { return opt_; }

    // Per-block times for one micro-batch (forward, backward incl. recompute kernels, exposed
    // TP/CP/EP communication), memoized by (tp, cp, ep, sp, micro_batch, recompute).
    struct BlockTimes {
        units::Seconds fwd{}, bwd{}, recompute{};
        units::Seconds tp_comm{}, cp_comm{}, ep_comm{};  // exposed, whole block, fwd + bwd (+ recompute)
        units::Seconds head_fwd{}, head_bwd{};           // LM head, final norm, loss
        units::Seconds embed_fwd{}, embed_bwd{};
        double recompute_flops_per_token = 0.0;          // for HFU
        std::vector<OpTime> ops;                         // one dense block (detail only)
    };
    [[nodiscard]] std::shared_ptr<const BlockTimes> block_times(const parallel::Layout& l, bool moe) const;

private:
    CostContext cost_context() const;
    BlockTimes time_block(const parallel::Layout& l, bool moe) const;
    units::Seconds collective_time(kernels::Collective op, int ranks, int stride, units::Bytes bytes) const;

    hw::ChipSpec chip_;
    hw::SystemSpec system_;
    workload::Model model_;
    workload::TrainJob job_;
    int chips_;
    const kernels::CollectiveModel& network_;
    EngineOptions opt_;
    parallel::Placement placement_;
    parallel::MemoryModel memory_;
    units::Bytes capacity_{};
    double model_flops_per_token_ = 0.0;
    double attn_fwd_flops_per_token_ = 0.0;
    double block_fwd_flops_per_token_ = 0.0;
    units::FlopsPerSecond peak_{};
    kernels::GemmCalibration sustained_{};  // the sustained clock, used when no calibration is given

    mutable std::shared_mutex memo_mutex_;
    mutable std::map<std::uint64_t, std::shared_ptr<const BlockTimes>> memo_;
};

}  // namespace rackplan::graph_reference
