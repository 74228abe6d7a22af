#pragma once
// The parts a serving pass (a decode iteration, the passes to the first token) and a serving chip's memory are split into, in the
// order the engine's PassBreakdown and InferMemory define them. The detail pane and the
// decode chart list them from here, so they cannot disagree (kStepParts' serving twin).
#include <array>

#include "engine/infer_engine.h"

namespace rackplan::gui {

struct DecodePart {
    const char* label;        // tooltips
    const char* short_label;  // chart legends and the detail pane
    units::Seconds (*of)(const engine::PassBreakdown&);
};

// gemm + attention + vector + tp_comm + pp_comm == total (the engine scales the stage sums
// onto the pipelined total, so the parts always add up).
inline constexpr std::array<DecodePart, 5> kDecodeParts{{
    {"Block and LM-head GEMMs", "GEMM", [](const engine::PassBreakdown& b) { return b.gemm; }},
    {"Attention over the prompt and the KV cache", "Attention", [](const engine::PassBreakdown& b) { return b.attention; }},
    {"Norms, activations, embedding, sampling", "Vector", [](const engine::PassBreakdown& b) { return b.vector; }},
    {"Tensor-parallel all-reduces and logits gather", "TP comm", [](const engine::PassBreakdown& b) { return b.tp_comm; }},
    {"Pipeline stage-to-stage sends", "PP send/recv", [](const engine::PassBreakdown& b) { return b.pp_comm; }},
}};

struct ServingMemoryPart {
    const char* label;
    units::Bytes (*of)(const engine::InferMemory&);
};

// weights + activations + reserve + kv_used == InferMemory::total().
inline constexpr std::array<ServingMemoryPart, 4> kServingMemoryParts{{
    {"Weights", [](const engine::InferMemory& m) { return m.weights; }},
    {"KV in use", [](const engine::InferMemory& m) { return m.kv_used; }},
    {"Activations", [](const engine::InferMemory& m) { return m.activations; }},
    {"Reserve", [](const engine::InferMemory& m) { return m.reserve; }},
}};

}  // namespace rackplan::gui
