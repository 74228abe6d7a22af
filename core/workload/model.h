#pragma once
// Model: a decoder transformer's architecture (dense or MoE). Exact integers, so no figures.
#include <cstdint>
#include <string>

namespace rackplan::workload {

enum class FfnActivation { gelu, swiglu };

struct Model {
    std::string id;
    std::string name;
    std::string source;         // tag in the catalog's sources
    std::string note;
    int layers = 0;
    int hidden = 0;
    int heads = 0;
    int kv_heads = 0;
    int head_dim = 0;
    int ffn = 0;                // dense FFN inner width (0 = no dense FFN)
    FfnActivation ffn_act = FfnActivation::gelu;
    int vocab = 0;
    int max_context = 0;
    bool tied_embeddings = false;
    int experts = 0;            // routed experts per MoE layer; 0 = dense
    int experts_per_token = 0;
    int expert_ffn = 0;
    int shared_experts = 0;
    int dense_layers = 0;       // leading dense blocks of an MoE model

    [[nodiscard]] bool is_moe() const { return experts > 0; }
    // Width of the attention projections: queries (and output) and each of K and V.
    [[nodiscard]] std::int64_t q_width() const { return static_cast<std::int64_t>(heads) * head_dim; }
    [[nodiscard]] std::int64_t kv_width() const { return static_cast<std::int64_t>(kv_heads) * head_dim; }
    // Weight matrices of one FFN (or one expert): GELU up + down, SwiGLU gate + up + down.
    [[nodiscard]] int ffn_matrices() const { return ffn_act == FfnActivation::swiglu ? 3 : 2; }
    // Blocks with a dense FFN and blocks with routed experts (the leading dense_layers of an MoE).
    [[nodiscard]] int dense_blocks() const { return is_moe() ? dense_layers : layers; }
    [[nodiscard]] int moe_blocks() const { return is_moe() ? layers - dense_layers : 0; }
};

}  // namespace rackplan::workload
