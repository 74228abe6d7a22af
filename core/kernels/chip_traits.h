#pragma once
// Structure the kernel emulators derive from a ChipSpec: clocks, per-core matrix rates,
// the architecture generation (read off the matrix-unit width, not a chip-id table) and the
// tensor clock a chip sustains under its power cap.
#include <optional>

#include "hw/chip.h"

namespace rackplan::kernels {

enum class Generation {
    ampere, hopper, blackwell,  // gpu-sm: 2048 / 4096 / 8192 dense BF16 FLOP per SM-clock
    cdna3, cdna4,               // amd-cdna: 2048 / 4096 per CU-clock
    neuron_v2, neuron_v3, neuron_v4,  // FP8 at the BF16 rate / FP8 double-row / MX quad mode
    tpu
};

Generation generation_of(const hw::ChipSpec& spec);

// Tensor clock in Hz: the catalog's, else solved from the peak and the matrix geometry.
double tensor_clock_hz(const hw::ChipSpec& spec);
// Vector-engine clock in Hz (falls back to the tensor clock).
double vector_clock_hz(const hw::ChipSpec& spec);

// Dense matrix FLOP per clock of one core (SM / CU / NeuronCore / TensorCore) for `d`.
double tensor_flops_per_clock(const hw::ChipSpec& spec, hw::Dtype d);

// Sustained tensor clock / spec clock for dense math in `d` on `active_share` of the cores,
// from a power balance at the TDP (see chip_traits.cpp). `calibrated_bf16` replaces the
// generation's energy figure by the one that yields this fraction for BF16 on all cores.
double sustained_clock_fraction(const hw::ChipSpec& spec, hw::Dtype d, double active_share,
                                std::optional<double> calibrated_bf16 = std::nullopt);

// Operand width in bits as the datapath sees it (MX scales ignored).
double operand_bits(hw::Dtype d);

// Collective ranks the chip's software runs per chip: Neuron runs one rank per NeuronCore as
// the runtime exposes them (Trn1/Inf2: both physical cores; Trn2/Trn3: logical cores at the
// default LNC=2, i.e. half the physical ones, NRN-LNC); GPUs and TPUs one rank per chip.
int collective_ranks_per_chip(const hw::ChipSpec& spec);

// Time a compiled step loses at each blocking collective beyond the collective itself: the
// compute engines hand off to the collective engines and wait for every rank to join. Neuron:
// 65 us (estimate, range 55-85 us), fit to the five published Neuron decode TPOTs (Trn1,
// Inf2, Trn2; transformers-neuronx and NxD Inference, see tests/validation): each needs
// 55-84 us per TP all-reduce beyond the collective's own time. Collective-only benchmarks do
// not see it (a 4-core all-reduce bottoms out at 8.4 us, shared/reference/peers.md); no
// published figure isolates it. GPUs and TPUs: 0 (the kernel launch inside a CUDA graph or
// XLA program is in the collective's step cost).
units::Seconds collective_sync_s(const hw::ChipSpec& spec);

// Device-side fixed cost of one kernel on this family (launch, scheduling, completion).
double launch_overhead_s(const hw::ChipSpec& spec);

// Streaming HBM bandwidth a kernel on `cores` of the chip's cores achieves, in B/s: ~90 % of
// peak on GPUs and TPUs; on a NeuronCore the DMA engines of the cores used, at most the HBM.
double achievable_hbm_bandwidth(const hw::ChipSpec& spec, int cores);

// Time before the first bytes of a streamed operand land on chip: an HBM round trip on GPUs
// and TPUs; DMA descriptor processing plus the round trip on a NeuronCore.
double first_data_latency_s(const hw::ChipSpec& spec);

}  // namespace rackplan::kernels
