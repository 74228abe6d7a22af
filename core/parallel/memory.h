#pragma once
// Peak accelerator memory per chip of a training layout, by kind, and the check against HBM.
// Accounting (DESIGN.md has the derivation):
// - Model states per parameter: mixed precision Adam 2 (bf16 weights) + 2 (grads) + 12 (fp32
//   master, m, v); the BF16 + stochastic-rounding recipe drops the master: 2 + 2 + 8; fp32
//   training 4 + 4 + 8. ZeRO-1 shards the optimizer, ZeRO-2 also grads, ZeRO-3 also weights,
//   over the data-parallel group: dp·cp ranks for dense weights, dp·cp/ep for experts.
//   LoRA: frozen base weights only; adapters carry all three.
// - Activations: Korthikanti et al. 2022 per block, generalised to GQA, SwiGLU and MoE.
//   Materialised attention with dropout reproduces s·b·h·(34 + 5·a·s/h) exactly; the default
//   flash model stores no s×s scores and no dropout masks. Pipeline rank r of 1F1B holds
//   min(pp − r, m) micro-batches in flight; interleaved, (2(pp−r−1) + (vpp−1)·pp + 1)/vpp
//   (rank 0: pp·(1 + (pp−1)/(pp·vpp))). Full recompute stores each block's input plus one
//   block's working set.
// - Temporaries (allowance): twice the largest tensor of one block for one micro-batch
//   (produced + its gradient), the fp32 logits of one micro-batch on the last rank, ZeRO-3's
//   two gathered blocks of weights and ZeRO-2/3's one block of unsharded gradients.
// - Reserve: reserve_fixed (runtime context, communication buffers, library workspaces) plus
//   reserve_fraction of everything else (allocator fragmentation).
#include <optional>

#include "hw/chip.h"
#include "hw/system.h"
#include "parallel/layout.h"
#include "parallel/reason.h"
#include "units/quantity.h"
#include "workload/jobs.h"
#include "workload/model.h"

namespace rackplan::parallel {

enum class OptimizerRecipe { mixed_fp32_master, bf16_stochastic_rounding };
enum class AttentionActivations { flash, materialized };

struct MemoryOptions {
    OptimizerRecipe optimizer = OptimizerRecipe::mixed_fp32_master;
    AttentionActivations attention = AttentionActivations::flash;
    bool dropout = false;                       // stores 1-byte masks (Korthikanti's 34 includes them)
    double capacity_factor = 1.0;               // expert tokens relative to perfect balance
    units::Bytes reserve_fixed = units::gibibytes(2.0);
    double reserve_fraction = 0.05;
};

struct BytesPerParam {
    double weight = 2.0;
    double gradient = 2.0;
    double optimizer = 12.0;
};
BytesPerParam bytes_per_param(hw::Dtype dtype, OptimizerRecipe recipe);

struct MemoryBreakdown {
    units::Bytes weights;
    units::Bytes gradients;
    units::Bytes optimizer;
    units::Bytes activations;
    units::Bytes temporaries;
    units::Bytes reserve;
    int pipeline_rank = 0;  // the rank this breakdown is for (the peak one from peak())

    [[nodiscard]] units::Bytes states() const { return weights + gradients + optimizer; }
    [[nodiscard]] units::Bytes total() const {
        return weights + gradients + optimizer + activations + temporaries + reserve;
    }
};

// Precomputes the model's constants once; every query is allocation-free arithmetic.
class MemoryModel {
public:
    MemoryModel(const workload::Model& m, const workload::TrainJob& job, MemoryOptions options = {});

    // The largest per-chip footprint over the pipeline ranks.
    [[nodiscard]] MemoryBreakdown peak(const Layout& l) const;
    [[nodiscard]] MemoryBreakdown at_rank(const Layout& l, int rank) const;
    // A bound no layout with these tp, pp, dp, cp, ep and zero goes below (mean model states
    // over the ranks plus the reserve); used to prune the search soundly.
    [[nodiscard]] units::Bytes lower_bound(const Layout& l) const;

    // Stored activations of one block for one micro-batch under l's split and recompute
    // (full recompute: the block input only).
    [[nodiscard]] units::Bytes block_activations(bool moe, const Layout& l) const;
    // Micro-batches of activations pipeline rank `rank` keeps in flight.
    [[nodiscard]] static double in_flight(const Layout& l, int rank, int micro_batches);

    [[nodiscard]] const MemoryOptions& options() const { return opt_; }

private:
    struct Params {  // per chip
        double dense = 0.0;     // sharded over dp·cp
        double expert = 0.0;    // sharded over dp·cp/ep
        double adapter_dense = 0.0;
        double adapter_expert = 0.0;
    };
    struct StateBytes {
        units::Bytes weights, gradients, optimizer;
    };
    [[nodiscard]] Params block_params(bool moe, int tp, int ep) const;
    [[nodiscard]] StateBytes states(const Params& p, const Layout& l) const;
    [[nodiscard]] units::Bytes block_stored(bool moe, const Layout& l, bool recompute_attention) const;
    [[nodiscard]] units::Bytes largest_tensor(const Layout& l) const;

    MemoryOptions opt_;
    BytesPerParam bpp_;
    double h_, s_, vocab_, heads_, kv_heads_, head_dim_, q_width_;
    double ffn_, expert_ffn_, experts_, top_k_, shared_ffn_, ffn_matrices_, up_matrices_;
    int layers_, dense_layers_, global_batch_;
    double act_;       // bytes per stored activation element
    bool moe_, tied_, lora_;
    double rank_;      // LoRA rank
};

struct MemoryCheck {
    bool fits = false;
    MemoryBreakdown need;
    units::Bytes capacity;
};
MemoryCheck check_memory(const MemoryModel& model, const Layout& l, units::Bytes capacity);
// "needs 93.1 GiB per chip (pipeline rank 0): weights 40.2, ... GiB > 74.5 GiB HBM"; empty when it fits.
std::optional<Reason> memory_reason(const MemoryCheck& c);

// HBM per chip: the system's override when set, else the chip's.
units::Bytes hbm_capacity(const hw::ChipSpec& chip, const hw::SystemSpec& system);

}  // namespace rackplan::parallel
