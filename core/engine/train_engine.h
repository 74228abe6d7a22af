#pragma once
// The training step-time engine: for a model, a job and a system, times one optimizer step
// of a layout. Every operator is timed by the kernel emulators (never at peak) and every
// collective by the topology-aware collective model; the step adds what real software
// leaves exposed and the pipeline schedule's bubble.
//
// Per micro-batch and pipeline rank: the critical path of the rank's chain of units (blocks,
// embedding/LM head on the first/last rank, each a DAG of kernels and collectives built by
// core/graph) + pipeline send/recv. Step = m·T_max + (pp−1)/vpp·T_mean (1F1B and interleaved
// schedules) + the gradient-sync DAG's exposed reduction (what does not fit under the last
// micro-batch's backward) and optimizer update.
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>

#include "engine/performance.h"
#include "engine/scenario.h"
#include "graph/step_graph.h"
#include "graph/unit_graph.h"
#include "hw/chip.h"
#include "hw/system.h"
#include "kernels/collective.h"
#include "kernels/gemm_calibration.h"
#include "parallel/memory.h"
#include "parallel/rules.h"
#include "workload/jobs.h"
#include "workload/model.h"

namespace rackplan::engine {

// Software behaviour the engine assumes. Each is a property of the training stack, the same
// for every case on that stack; defaults follow Megatron-LM / NeMo / NxD as commonly run.
struct EngineOptions {
    // Gradient reduction overlaps the backward pass (DDP buckets, Megatron overlap_grad_reduce,
    // FSDP prefetch). Only what does not fit under the overlapping compute is exposed.
    bool overlap_dp = true;
    // Fraction of tensor-parallel communication hidden under GEMMs. 0: Megatron's blocking
    // all-reduce. NeMo's userbuffers overlap (with sequence parallelism) hides most of it.
    double tp_overlap = 0.0;
    // Bytes per gradient element in the data-parallel reduction (bf16 grads: 2; fp32 reduction: 4).
    double grad_reduce_bytes = 2.0;
    // Tensor clock in long dense phases relative to the burst clock the kernel emulators give
    // for a benchmark-length run, on a chip that is power-limited: at thermal equilibrium static
    // power rises and the clock settles lower. Measured on H100 SXM at 700 W (2026-11-26,
    // data/calibration/h100-sxm-sustained.csv): 8192³ BF16 held for 25 s settles at 1365 MHz
    // and 678 TFLOP/s where the emulator's burst clock is 1.61 GHz → 0.85. Chips that are not
    // at their power cap in bursts keep their clock. A request may set it (Scenario::assumptions).
    double sustained_clock_derate = kDefaultSustainedClock;
    // Bandwidth of the framework's kernels relative to the streaming bound the vector emulator
    // assumes (data/calibration/h100-sxm-framework-ops.csv, torch eager on H100): activations
    // and residual adds stream at the copy rate (0.95-1.04), RMSNorm/LayerNorm reach 0.60-0.78
    // (mean 0.68), softmax over a row 0.34-0.70 (0.5).
    double elementwise_efficiency = 1.0;
    double norm_efficiency = 0.68;
    double softmax_efficiency = 0.5;
    // Flash-attention backward runs at a lower FLOP rate than its forward (more non-matmul work,
    // atomics on dQ): torch SDPA on H100 took 3.3-4.2x the forward time for 2.5x the FLOPs
    // (data/calibration/h100-sxm-attention.csv) → backward rate 0.67 of forward.
    double attention_backward_rate = 0.67;
    // 8-bit training casts every GEMM input activation (forward) and output gradient
    // (backward) to FP8 and writes a transposed copy for the weight gradient (Transformer
    // Engine): 2-byte read + two 1-byte writes per element, bandwidth bound.
    bool fp8_cast_kernels = true;
    // Selective recompute (Korthikanti et al. 2022) recomputes the materialised attention core:
    // scores QKᵀ in memory, scale-mask-softmax, dropout, then PV. A layout that asks for it runs
    // that attention path (with flash attention there is nothing left to recompute selectively).
    bool selective_means_materialized = true;
    parallel::MemoryOptions memory;
    const kernels::GemmCalibration* calibration = nullptr;
    // Added to every collective the step waits on or overlaps (kernels::collective_sync_s:
    // Neuron's compute-to-collective hand-off); empty: the chip family's figure.
    std::optional<units::Seconds> collective_sync;
    double utilization = 1.0;  // fraction of wall time doing useful work, for time-to-train
    bool detail = false;       // fill TrainPerformance::block_ops
};

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

class TrainEngine {
public:
    TrainEngine(const hw::ChipSpec& chip, const hw::SystemSpec& system, const workload::Model& model,
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

    // One block for one micro-batch as a DAG (core/graph) and its critical path by kind,
    // memoized by (tp, cp, ep, sp, micro_batch, recompute): forward, recompute and backward
    // kernels with the blocking TP/EP collectives between them and the CP exchange beside
    // attention. The embedding and LM head units ride on the dense entry.
    struct BlockTimes {
        units::Seconds fwd{}, bwd{}, recompute{};        // kernel time by phase (DP overlap windows)
        graph::Unit unit;                                // the block's DAG input
        units::Seconds compute{};                        // critical path: kernels
        units::Seconds tp_comm{}, cp_comm{}, ep_comm{};  // critical path: exposed communication
        graph::Unit head, embed;                         // LM head (final norm, loss), embedding
        units::Seconds head_compute{}, head_tp{};
        units::Seconds embed_compute{}, embed_tp{};
        double recompute_flops_per_token = 0.0;          // for HFU
        std::vector<OpTime> ops;                         // one dense block (detail only)
    };
    [[nodiscard]] std::shared_ptr<const BlockTimes> block_times(const parallel::Layout& l, bool moe) const;

    // One micro-batch of the slowest pipeline rank as one expanded DAG (every unit of the rank's
    // chunks and the pipeline send/recv), for reports and for checking the composition: its
    // critical path is what evaluate() composes from the memoized unit paths. Rules and memory
    // are not checked.
    [[nodiscard]] graph::StepGraph micro_batch_graph(const parallel::Layout& l) const;

private:
    struct RankTime {
        units::Seconds compute{};
        CommTimes comm;
    };
    CostContext cost_context() const;
    units::Seconds pipeline_send(const parallel::Layout& l) const;
    RankTime rank_time(const parallel::Layout& l, int rank, const BlockTimes& dense, const BlockTimes* moe,
                       units::Seconds p2p) const;
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

}  // namespace rackplan::engine
