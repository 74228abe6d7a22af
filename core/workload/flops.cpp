#include "workload/flops.h"

#include "workload/params.h"

namespace rackplan::workload {

TrainFlops train_flops_per_token(const Model& m, const TrainJob& job) {
    const ParamCounts p = parameter_counts(m);
    const double blocks = static_cast<double>(p.blocks_matmul_active);
    const double head = static_cast<double>(p.head_matmul);
    const double attn = 4.0 * m.layers * static_cast<double>(m.q_width()) * job.seq_len;
    TrainFlops f;
    f.attention_fwd = units::Flops(attn);
    f.attention_bwd = units::Flops(2.0 * attn);  // dQ, dK, dV: activations, trained or not
    f.head_fwd = units::Flops(2.0 * head);
    if (job.fine_tune == FineTune::lora) {
        const double adapters = static_cast<double>(lora_adapter_params(m, job.lora_rank).active);
        f.block_fwd = units::Flops(2.0 * (blocks + adapters));
        f.block_bwd = units::Flops(2.0 * blocks + 4.0 * adapters);
        f.head_bwd = units::Flops(2.0 * head);  // dgrad only: the head is frozen
    } else {
        f.block_fwd = units::Flops(2.0 * blocks);
        f.block_bwd = units::Flops(4.0 * blocks);
        f.head_bwd = units::Flops(4.0 * head);
    }
    return f;
}

units::Flops forward_flops_per_token(const Model& m, double context) {
    const ParamCounts p = parameter_counts(m);
    return units::Flops(2.0 * static_cast<double>(p.matmul_active()) +
                        4.0 * m.layers * static_cast<double>(m.q_width()) * context);
}

units::Flops narayanan_model_flops(double B, double s, double L, double h, double V) {
    return units::Flops(72.0 * B * s * L * h * h * (1.0 + s / (6.0 * h) + V / (12.0 * L * h)));
}

units::Flops narayanan_hardware_flops_full_recompute(double B, double s, double L, double h, double V) {
    return units::Flops(96.0 * B * s * L * h * h * (1.0 + s / (6.0 * h) + V / (16.0 * L * h)));
}

}  // namespace rackplan::workload
