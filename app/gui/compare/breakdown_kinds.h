#pragma once
// The parts a training step and a chip's memory are split into, in the order the engine's
// StepBreakdown and parallel::MemoryBreakdown define them. The detail pane, the stacked chart
// and the result history all list them from here, so they cannot disagree.
#include <array>

#include "engine/performance.h"
#include "parallel/memory.h"

namespace rackplan::gui {

struct StepPart {
    const char* label;
    const char* short_label;  // chart legends
    const char* key;          // result history JSON
    units::Seconds (*of)(const engine::StepBreakdown&);
};

// compute + exposed communication (by kind) + bubble + optimizer == step.
inline constexpr std::array<StepPart, 8> kStepParts{{
    {"Compute", "Compute", "compute", [](const engine::StepBreakdown& b) { return b.compute; }},
    {"Tensor-parallel comm", "TP comm", "tp_comm", [](const engine::StepBreakdown& b) { return b.exposed.tp; }},
    {"Context-parallel comm", "CP comm", "cp_comm", [](const engine::StepBreakdown& b) { return b.exposed.cp; }},
    {"Expert all-to-all", "EP all-to-all", "ep_comm", [](const engine::StepBreakdown& b) { return b.exposed.ep; }},
    {"Pipeline send/recv", "PP send/recv", "pp_comm", [](const engine::StepBreakdown& b) { return b.exposed.pp; }},
    {"Data-parallel comm", "DP comm", "dp_comm", [](const engine::StepBreakdown& b) { return b.exposed.dp; }},
    {"Pipeline bubble", "Bubble", "bubble", [](const engine::StepBreakdown& b) { return b.bubble; }},
    {"Optimizer", "Optimizer", "optimizer", [](const engine::StepBreakdown& b) { return b.optimizer; }},
}};

struct MemoryPart {
    const char* label;
    const char* key;
    units::Bytes (*of)(const parallel::MemoryBreakdown&);
};

inline constexpr std::array<MemoryPart, 6> kMemoryParts{{
    {"Weights", "weights", [](const parallel::MemoryBreakdown& m) { return m.weights; }},
    {"Gradients", "gradients", [](const parallel::MemoryBreakdown& m) { return m.gradients; }},
    {"Optimizer states", "optimizer", [](const parallel::MemoryBreakdown& m) { return m.optimizer; }},
    {"Activations", "activations", [](const parallel::MemoryBreakdown& m) { return m.activations; }},
    {"Temporaries", "temporaries", [](const parallel::MemoryBreakdown& m) { return m.temporaries; }},
    {"Reserve", "reserve", [](const parallel::MemoryBreakdown& m) { return m.reserve; }},
}};

}  // namespace rackplan::gui
