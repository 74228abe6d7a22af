#include "workload/params.h"

namespace rackplan::workload {

namespace {

std::int64_t ffn_params(const Model& m, std::int64_t width) {
    return static_cast<std::int64_t>(m.ffn_matrices()) * m.hidden * width;
}

// LoRA adapter parameters on the FFN matrices of one FFN (or expert) of inner width f.
std::int64_t ffn_adapters(const Model& m, std::int64_t f, std::int64_t r) {
    return static_cast<std::int64_t>(m.ffn_matrices()) * r * (m.hidden + f);
}

std::int64_t attention_adapters(const Model& m, std::int64_t r) {
    const std::int64_t h = m.hidden;
    return r * (h + m.q_width()) + 2 * r * (h + m.kv_width()) + r * (m.q_width() + h);
}

}  // namespace

BlockParams dense_block_params(const Model& m) {
    BlockParams b;
    const std::int64_t h = m.hidden;
    b.attention = 2 * h * m.q_width() + 2 * h * m.kv_width();
    b.norms = 2 * h;
    b.ffn = ffn_params(m, m.ffn);
    return b;
}

BlockParams moe_block_params(const Model& m) {
    BlockParams b;
    if (!m.is_moe()) return b;
    const std::int64_t h = m.hidden;
    b.attention = 2 * h * m.q_width() + 2 * h * m.kv_width();
    b.norms = 2 * h;
    b.router = h * m.experts;
    b.expert = ffn_params(m, m.expert_ffn);
    b.shared = static_cast<std::int64_t>(m.shared_experts) * b.expert;
    b.experts = m.experts;
    b.experts_per_token = m.experts_per_token;
    return b;
}

ParamCounts parameter_counts(const Model& m) {
    ParamCounts p;
    const std::int64_t vh = static_cast<std::int64_t>(m.vocab) * m.hidden;
    p.embedding = vh;
    p.lm_head = m.tied_embeddings ? 0 : vh;
    p.head_matmul = vh;
    p.final_norm = m.hidden;
    const BlockParams d = dense_block_params(m);
    const BlockParams e = moe_block_params(m);
    const std::int64_t nd = m.dense_blocks();
    const std::int64_t ne = m.moe_blocks();
    p.blocks_total = nd * d.total() + ne * e.total();
    p.blocks_active = nd * d.active() + ne * e.active();
    p.blocks_matmul_active = nd * d.matmul_active() + ne * e.matmul_active();
    return p;
}

AdapterParams lora_adapter_params(const Model& m, int rank) {
    AdapterParams a;
    const std::int64_t r = rank;
    const std::int64_t attn = attention_adapters(m, r);
    const std::int64_t dense = attn + ffn_adapters(m, m.ffn, r);
    a.total = m.dense_blocks() * dense;
    a.active = a.total;
    if (m.is_moe()) {
        const std::int64_t expert = ffn_adapters(m, m.expert_ffn, r);
        // Shared experts run as one fused FFN of width shared_experts·expert_ffn (DeepSeek, Qwen).
        const std::int64_t shared =
            m.shared_experts > 0 ? ffn_adapters(m, std::int64_t{m.shared_experts} * m.expert_ffn, r) : 0;
        const std::int64_t base = attn + shared;
        a.total += m.moe_blocks() * (base + m.experts * expert);
        a.active += m.moe_blocks() * (base + m.experts_per_token * expert);
    }
    return a;
}

}  // namespace rackplan::workload
