#pragma once
// What the training engine returns for one layout: step time and where it goes, throughput,
// FLOP utilisation and memory. Plain data; front ends format it.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parallel/layout.h"
#include "parallel/memory.h"
#include "units/quantity.h"
#include "workload/ops.h"

namespace rackplan::engine {

// Exposed communication by kind (the part not hidden under compute).
struct CommTimes {
    units::Seconds tp{};   // tensor-parallel all-reduce / all-gather / reduce-scatter
    units::Seconds cp{};   // context-parallel KV exchange
    units::Seconds ep{};   // expert all-to-all
    units::Seconds pp{};   // pipeline send/recv
    units::Seconds dp{};   // gradient reduction, ZeRO parameter gathers
    [[nodiscard]] units::Seconds total() const { return tp + cp + ep + pp + dp; }
};

// One step, split so that compute + comm + bubble + optimizer == step.
struct StepBreakdown {
    units::Seconds compute{};    // kernels of forward, backward and recompute on the critical path
    CommTimes exposed;           // communication left exposed
    units::Seconds bubble{};     // pipeline fill and drain, stage imbalance
    units::Seconds optimizer{};  // optimizer update
    units::Seconds step{};
};

// Time of one operator of one block for one micro-batch (per chip), for reports and charts.
struct OpTime {
    std::string_view name;
    workload::OpKind kind = workload::OpKind::gemm;
    units::Seconds forward{};
    units::Seconds backward{};
    units::Flops flops{};         // forward FLOPs
    units::Bytes bytes{};         // forward bytes moved
    std::string bound;            // compute | memory | latency (forward)
};

struct TrainPerformance {
    parallel::Layout layout;
    int micro_batches = 0;
    StepBreakdown breakdown;
    parallel::MemoryBreakdown memory;
    units::Bytes hbm_capacity{};
    double tokens_per_s = 0.0;
    double model_tflops_per_chip = 0.0;  // 6·N_active + attention (full square) per token
    double mfu = 0.0;                    // model FLOP/s over the dense peak at the job's dtype
    double hfu = 0.0;                    // with recomputed forward FLOPs
    std::optional<double> time_to_train_days;  // at utilization, when train_tokens is given
    std::vector<OpTime> block_ops;       // filled when EngineOptions::detail is set
};

// A layout's outcome: performance, or why it cannot run (memory, rules).
struct TrainOutcome {
    std::optional<TrainPerformance> performance;
    std::string infeasible;  // reason when performance is empty
};

}  // namespace rackplan::engine
