#include "workload/ops.h"

#include <cmath>

namespace rackplan::workload {

namespace {

// Rough vector FLOPs per output element (bandwidth bound ops; only the order matters).
constexpr double kNormFwd = 4.0;        // square, accumulate, scale, weight
constexpr double kGeluFwd = 8.0;        // tanh approximation
constexpr double kSwigluFwd = 6.0;      // sigmoid, two multiplies
constexpr double kSoftmaxFwd = 5.0;     // max, subtract, exp, sum, divide/log
constexpr double kVectorBwdFactor = 2.0;

double storage_bytes(hw::Dtype d) { return (d == hw::Dtype::fp32 || d == hw::Dtype::tf32) ? 4.0 : 2.0; }

std::int64_t round_up(double x) { return static_cast<std::int64_t>(std::ceil(x - 1e-9)); }

struct Ctx {
    const Model& m;
    const OpConfig& c;
    double tokens;      // T = b·s/cp
    double vec_tokens;  // T/tp with SP, else T
    double st;          // storage bytes per element
    double ob;          // GEMM operand bytes per element
    int tp;
    bool lora;
    std::vector<Op>& out;
};

// A GEMM with `rows` (possibly fractional: expected expert load) of m; batch problems.
void gemm(Ctx& x, std::string_view name, double rows, std::int64_t n, std::int64_t k, std::int64_t batch,
          bool trainable, OpKind kind = OpKind::gemm) {
    Op op;
    op.name = name;
    op.kind = kind;
    op.dtype = x.c.dtype;
    op.gemm = {round_up(rows), n, k, batch};
    op.trainable = trainable;
    const double b = static_cast<double>(batch);
    const double mk = rows * k * b, mn = rows * n * b, kn = static_cast<double>(k) * n * b;
    op.fwd_flops = units::Flops(2.0 * rows * n * k * b);
    op.bwd_flops = op.fwd_flops * (trainable ? 2.0 : 1.0);
    op.weight_bytes = units::Bytes(kn * x.ob);
    op.fwd_read = units::Bytes(mk * x.ob);
    op.fwd_written = units::Bytes(mn * x.st);
    // dgrad reads dY and W, writes dX; wgrad reads X and dY, writes dW.
    op.bwd_read = units::Bytes(mn * x.st + kn * x.ob + (trainable ? mk * x.ob + mn * x.st : 0.0));
    op.bwd_written = units::Bytes(mk * x.st + (trainable ? kn * x.st : 0.0));
    x.out.push_back(op);
}

void vector_op(Ctx& x, std::string_view name, OpKind kind, double elements, double flops_per_element,
               double inputs_per_output, units::Bytes weights, bool trainable) {
    Op op;
    op.name = name;
    op.kind = kind;
    op.dtype = x.c.dtype;
    op.elements = round_up(elements);
    op.trainable = trainable;
    op.fwd_flops = units::Flops(elements * flops_per_element);
    op.bwd_flops = op.fwd_flops * kVectorBwdFactor;
    op.weight_bytes = weights;
    op.fwd_read = units::Bytes(elements * inputs_per_output * x.st);
    op.fwd_written = units::Bytes(elements * x.st);
    // Backward reads the output gradient and the saved inputs, writes the input gradients.
    op.bwd_read = units::Bytes(elements * (1.0 + inputs_per_output) * x.st);
    op.bwd_written = units::Bytes(elements * inputs_per_output * x.st) + (trainable ? weights : units::Bytes{});
    x.out.push_back(op);
}

void norm(Ctx& x, std::string_view name) {
    vector_op(x, name, OpKind::norm, x.vec_tokens * x.m.hidden, kNormFwd, 1.0,
              units::Bytes(x.m.hidden * x.st), !x.lora);
}

void residual(Ctx& x, std::string_view name) {
    vector_op(x, name, OpKind::elementwise, x.vec_tokens * x.m.hidden, 1.0, 2.0, {}, false);
}

// LoRA adapters beside a column-parallel projection (A replicated, B split n/tp) or a
// row-parallel one (A split k/tp, B replicated). `matrices` fused projections share the op:
// their A's are concatenated, their B's act block-diagonally.
void lora_column(Ctx& x, std::string_view a, std::string_view b, double rows, std::int64_t out_per_chip,
                 int matrices, std::int64_t batch = 1) {
    const std::int64_t r = x.c.lora_rank;
    gemm(x, a, rows, r * matrices, x.m.hidden, batch, true);
    gemm(x, b, rows, out_per_chip, r, batch, true);
}
void lora_row(Ctx& x, std::string_view a, std::string_view b, double rows, std::int64_t in_per_chip,
              std::int64_t batch = 1) {
    const std::int64_t r = x.c.lora_rank;
    gemm(x, a, rows, r, in_per_chip, batch, true);
    gemm(x, b, rows, x.m.hidden, r, batch, true);
}

void attention_part(Ctx& x) {
    const Model& m = x.m;
    const int tp = x.tp;
    const std::int64_t heads = m.heads / tp;
    const std::int64_t kvc = kv_heads_per_chip(m, tp);
    const std::int64_t qkv_n = (heads + 2 * kvc) * m.head_dim;
    const double T = x.tokens;

    norm(x, "attn_norm");
    gemm(x, "qkv_proj", T, qkv_n, m.hidden, 1, !x.lora);
    if (x.lora) lora_column(x, "qkv_proj.lora_a", "qkv_proj.lora_b", T, qkv_n, 3);

    Op op;
    op.name = "attention";
    op.kind = OpKind::attention;
    op.dtype = x.c.dtype;
    const double s = x.c.seq_len;
    const double q_len = s / x.c.split.cp;
    op.attention = {x.c.micro_batch, heads, kvc, round_up(q_len), x.c.seq_len, m.head_dim, x.c.causal};
    const double span = x.c.causal ? 0.5 : 1.0;
    op.fwd_flops = units::Flops(4.0 * x.c.micro_batch * q_len * s * m.head_dim * heads * span);
    op.bwd_flops = op.fwd_flops * 2.0;
    op.bwd_kernel_recompute = op.fwd_flops * 0.5;
    const double q_bytes = T * heads * m.head_dim * x.st;
    const double kv_bytes = 2.0 * x.c.micro_batch * s * kvc * m.head_dim * x.st;  // every key over the ring
    const double lse = T * heads * 4.0;
    op.fwd_read = units::Bytes(q_bytes + kv_bytes);
    op.fwd_written = units::Bytes(q_bytes + lse);
    op.bwd_read = units::Bytes(3.0 * q_bytes + kv_bytes + lse);  // Q, O, dO, K, V, lse
    op.bwd_written = units::Bytes(q_bytes + kv_bytes);            // dQ, dK, dV
    x.out.push_back(op);

    gemm(x, "o_proj", T, m.hidden, heads * m.head_dim, 1, !x.lora);
    if (x.lora) lora_row(x, "o_proj.lora_a", "o_proj.lora_b", T, heads * m.head_dim);
    residual(x, "attn_residual");
}

// One FFN (dense, shared or routed experts) of inner width `width` split by tp.
void ffn_part(Ctx& x, double rows, std::int64_t width, std::int64_t batch, bool trainable, std::string_view up,
              std::string_view act, std::string_view down, std::string_view up_a, std::string_view up_b,
              std::string_view down_a, std::string_view down_b) {
    const Model& m = x.m;
    const std::int64_t f = width / x.tp;
    const bool swiglu = m.ffn_act == FfnActivation::swiglu;
    const int up_matrices = swiglu ? 2 : 1;
    gemm(x, up, rows, f * up_matrices, m.hidden, batch, trainable);
    if (x.lora) lora_column(x, up_a, up_b, rows, f * up_matrices, up_matrices, batch);
    const double elements = rows * static_cast<double>(f) * batch;
    vector_op(x, act, OpKind::activation, elements, swiglu ? kSwigluFwd : kGeluFwd, swiglu ? 2.0 : 1.0, {}, false);
    gemm(x, down, rows, m.hidden, f, batch, trainable);
    if (x.lora) lora_row(x, down_a, down_b, rows, f, batch);
}

void dense_ffn(Ctx& x) {
    norm(x, "ffn_norm");
    ffn_part(x, x.tokens, x.m.ffn, 1, !x.lora, "ffn_up", "ffn_act", "ffn_down", "ffn_up.lora_a", "ffn_up.lora_b",
             "ffn_down.lora_a", "ffn_down.lora_b");
    residual(x, "ffn_residual");
}

void moe_ffn(Ctx& x) {
    const Model& m = x.m;
    const double T = x.tokens;
    const double k = m.experts_per_token;
    const double routed = T * k * x.c.capacity_factor;  // token copies this chip's experts receive
    const std::int64_t local = m.experts / x.c.split.ep;
    norm(x, "ffn_norm");

    // Router: logits GEMM over the (SP-sharded) tokens plus softmax/top-k; frozen under LoRA.
    Op r;
    r.name = "router";
    r.kind = OpKind::router;
    r.dtype = x.c.dtype;
    r.gemm = {round_up(x.vec_tokens), m.experts, m.hidden, 1};
    r.trainable = !x.lora;
    const double logits = x.vec_tokens * m.experts;
    r.fwd_flops = units::Flops(2.0 * logits * m.hidden + kSoftmaxFwd * logits);
    r.bwd_flops = units::Flops(2.0 * logits * m.hidden * (r.trainable ? 2.0 : 1.0) + kSoftmaxFwd * logits * 2.0);
    r.weight_bytes = units::Bytes(static_cast<double>(m.hidden) * m.experts * x.ob);
    r.fwd_read = units::Bytes(x.vec_tokens * m.hidden * x.ob);
    r.fwd_written = units::Bytes(logits * 4.0 + x.vec_tokens * k * 8.0);  // fp32 probs, top-k ids
    r.bwd_read = units::Bytes(logits * 8.0 + x.vec_tokens * m.hidden * x.ob) + r.weight_bytes;
    r.bwd_written = units::Bytes(x.vec_tokens * m.hidden * x.st) + (r.trainable ? r.weight_bytes : units::Bytes{});
    x.out.push_back(r);

    // Local permutation before dispatch and after combine (the all-to-all is the engine's).
    vector_op(x, "moe_permute", OpKind::permute, routed * m.hidden, 0.0, 1.0, {}, false);
    ffn_part(x, routed / static_cast<double>(local), m.expert_ffn, local, !x.lora, "expert_up", "expert_act",
             "expert_down", "expert_up.lora_a", "expert_up.lora_b", "expert_down.lora_a", "expert_down.lora_b");
    // Combine: weighted sum of each token's k expert outputs.
    vector_op(x, "moe_unpermute", OpKind::permute, T * m.hidden, 2.0 * k * x.c.capacity_factor,
              k * x.c.capacity_factor, {}, false);
    if (m.shared_experts > 0)
        ffn_part(x, T, static_cast<std::int64_t>(m.shared_experts) * m.expert_ffn, 1, !x.lora, "shared_up",
                 "shared_act", "shared_down", "shared_up.lora_a", "shared_up.lora_b", "shared_down.lora_a",
                 "shared_down.lora_b");
    residual(x, "ffn_residual");
}

Ctx make_ctx(const Model& m, const OpConfig& c, std::vector<Op>& out) {
    const double tokens = static_cast<double>(c.micro_batch) * c.seq_len / c.split.cp;
    return Ctx{m,
               c,
               tokens,
               c.split.sp ? tokens / c.split.tp : tokens,
               storage_bytes(c.dtype),
               hw::bytes_per_element(c.dtype),
               c.split.tp,
               c.fine_tune == FineTune::lora,
               out};
}

}  // namespace

std::string_view to_string(OpKind k) {
    switch (k) {
        case OpKind::gemm: return "gemm";
        case OpKind::attention: return "attention";
        case OpKind::norm: return "norm";
        case OpKind::activation: return "activation";
        case OpKind::elementwise: return "elementwise";
        case OpKind::router: return "router";
        case OpKind::permute: return "permute";
        case OpKind::embedding: return "embedding";
        case OpKind::cross_entropy: return "cross_entropy";
    }
    return "?";
}

GemmShape dgrad_shape(const GemmShape& f) { return {f.m, f.k, f.n, f.batch}; }
GemmShape wgrad_shape(const GemmShape& f) { return {f.k, f.n, f.m, f.batch}; }

int kv_heads_per_chip(const Model& m, int tp) {
    if (tp <= 0) return m.kv_heads;
    return m.kv_heads >= tp ? (m.kv_heads + tp - 1) / tp : 1;
}

OpConfig op_config(const TrainJob& job, int micro_batch, Split split) {
    OpConfig c;
    c.micro_batch = micro_batch;
    c.seq_len = job.seq_len;
    c.dtype = job.dtype;
    c.fine_tune = job.fine_tune;
    c.lora_rank = job.lora_rank;
    c.split = split;
    return c;
}

void append_block_ops(const Model& m, const OpConfig& c, BlockKind kind, std::vector<Op>& out) {
    Ctx x = make_ctx(m, c, out);
    attention_part(x);
    if (kind == BlockKind::moe && m.is_moe()) moe_ffn(x);
    else dense_ffn(x);
}

void append_embedding_ops(const Model& m, const OpConfig& c, std::vector<Op>& out) {
    Ctx x = make_ctx(m, c, out);
    // Vocabulary-parallel lookup: each TP rank gathers the rows it holds for all T tokens.
    Op op;
    op.name = "embedding";
    op.kind = OpKind::embedding;
    op.dtype = c.dtype;
    op.elements = round_up(x.tokens * m.hidden);
    op.trainable = !x.lora;
    const double bytes = x.tokens * m.hidden * x.st;
    op.fwd_read = units::Bytes(bytes);
    op.fwd_written = units::Bytes(bytes);
    op.bwd_read = units::Bytes(bytes);
    op.bwd_written = op.trainable ? units::Bytes(bytes) : units::Bytes{};  // scatter-add into the table grad
    op.bwd_flops = op.trainable ? units::Flops(x.tokens * m.hidden) : units::Flops{};
    out.push_back(op);
}

void append_head_ops(const Model& m, const OpConfig& c, std::vector<Op>& out) {
    Ctx x = make_ctx(m, c, out);
    norm(x, "final_norm");
    const std::int64_t vocab = (m.vocab + x.tp - 1) / x.tp;
    gemm(x, "lm_head", x.tokens, vocab, m.hidden, 1, !x.lora);
    // Cross-entropy over this chip's vocabulary slice, in fp32.
    Op op;
    op.name = "cross_entropy";
    op.kind = OpKind::cross_entropy;
    op.dtype = hw::Dtype::fp32;
    const double elements = x.tokens * static_cast<double>(vocab);
    op.elements = round_up(elements);
    op.fwd_flops = units::Flops(kSoftmaxFwd * elements);
    op.bwd_flops = units::Flops(2.0 * elements);  // softmax minus one-hot, scaled
    op.fwd_read = units::Bytes(elements * x.st);
    op.fwd_written = units::Bytes(x.tokens * 8.0);  // per-token max and sum
    op.bwd_read = units::Bytes(elements * x.st);
    op.bwd_written = units::Bytes(elements * x.st);
    out.push_back(op);
}

std::vector<Op> block_ops(const Model& m, const OpConfig& c, BlockKind kind) {
    std::vector<Op> out;
    out.reserve(32);
    append_block_ops(m, c, kind, out);
    return out;
}

}  // namespace rackplan::workload
