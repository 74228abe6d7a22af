#include "kernels/collective_params.h"

namespace rackplan::kernels {

std::string_view to_string(LinkTechnology t) {
    switch (t) {
        case LinkTechnology::nvlink4:
            return "nvlink4";
        case LinkTechnology::nvlink5:
            return "nvlink5";
        case LinkTechnology::neuronlink:
            return "neuronlink";
        case LinkTechnology::xgmi:
            return "xgmi";
        case LinkTechnology::ici:
            return "ici";
        case LinkTechnology::nic:
            return "nic";
        case LinkTechnology::generic:
            return "generic";
    }
    return "generic";
}

std::string_view to_string(CollectiveStack s) {
    switch (s) {
        case CollectiveStack::nccl:
            return "nccl";
        case CollectiveStack::rccl:
            return "rccl";
        case CollectiveStack::neuron:
            return "neuron";
        case CollectiveStack::xla:
            return "xla";
    }
    return "nccl";
}

CollectiveStack collective_stack(const hw::ChipSpec& chip) {
    switch (chip.architecture) {
        case hw::Architecture::gpu_sm:
            return CollectiveStack::nccl;
        case hw::Architecture::amd_cdna:
            return CollectiveStack::rccl;
        case hw::Architecture::neuroncore:
            return CollectiveStack::neuron;
        case hw::Architecture::tpu_mxu:
            return CollectiveStack::xla;
    }
    return CollectiveStack::nccl;
}

LinkParams default_link_params(LinkTechnology t) {
    using units::microseconds;
    LinkParams p;
    p.technology = t;
    switch (t) {
        case LinkTechnology::nvlink4:
            // NCCL ring all-reduce on 8x H100 NVSwitch reaches ~370 GB/s busbw against 450 GB/s
            // per direction (hardware.md §3, MLE-NET). A ring crosses each GPU link once per
            // byte of busbw, so the ratio is the link efficiency: NVLink packet headers and
            // flow-control credits plus NCCL's Simple-protocol flag writes. 370/450 = 0.822.
            p.efficiency = 370.0 / 450.0;
            // NVLS all-reduce reaches ~480 GB/s busbw at 8 GPUs (same source). In-switch
            // reduction moves S(n+1)/n per GPU and direction, so busbw = 2(n-1)/(n+1) x eff x 450
            // and eff = 480 x 9 / (14 x 450) = 0.686: multimem ld_reduce/st move 16-byte
            // vectors through the switch's reduction units, below bulk-copy packet efficiency.
            p.in_switch_efficiency = 480.0 * 9.0 / (14.0 * 450.0);
            // NCCL's own tuning model charges 0.6 us (LL) to 1.9 us (LL128) per ring step on
            // NVLink on top of the hop; 0.8 us is the small-message (LL) end, where it matters.
            p.step_overhead = microseconds(0.8);
            // An NVLS call synchronises the group through multicast memory-semantic flags and
            // NCCL's tuning model charges it tens of microseconds of base latency, so NCCL
            // takes NVLS only from hundreds of KB up. Estimate 20 us (range 10-30).
            p.in_switch_overhead = microseconds(20.0);
            break;
        case LinkTechnology::nvlink5:
            // GB200 NVL72: ~680 GB/s ring busbw of 900 GB/s per direction (hardware.md §3,
            // MLE-NET): 680/900 = 0.756.
            p.efficiency = 680.0 / 900.0;
            // ~850 GB/s NVLS busbw at 72 GPUs: eff = 850 x 73 / (2 x 71 x 900) = 0.486 (the
            // in-switch rate of NVLink 5 switches does not double with the link rate).
            p.in_switch_efficiency = 850.0 * 73.0 / (2.0 * 71.0 * 900.0);
            p.step_overhead = microseconds(0.8);
            p.in_switch_overhead = microseconds(20.0);
            break;
        case LinkTechnology::neuronlink:
            // The one published Neuron collective-vs-size table (mmcclean-aws/LLM-Viewer
            // trainium2.csv, an AWS author; shared/reference/peers.md) reaches ~167 GB/s algbw
            // for a 1 GB all-reduce over the 64 logical cores of a trn2.48xlarge. The torus's
            // per-dimension rings at the catalog's 128 GB/s per link and direction give 217 GB/s
            // at efficiency 0.80, so NeuronLink-v3 sustains 0.80 x 167 / 217 = 0.62 of it
            // (estimate, range 0.55-0.80; NeuronLink-v2 on Trn1/Inf2 taken as the same, no
            // published figure). The 1-2 us per hop measured by Neuron (NRN-CC) is the
            // catalog's link latency; 0.3 us adds the CC-core step semaphore handshake.
            p.efficiency = 0.62;
            p.in_switch_efficiency = 0.62;
            p.step_overhead = microseconds(0.3);
            p.in_switch_overhead = microseconds(2.0);
            // Neuron runs one collective rank per NeuronCore, so a TP group over whole chips
            // also exchanges between the cores of each chip, by DMA through HBM. The only
            // published Neuron collective-vs-size table (mmcclean-aws/LLM-Viewer trainium2.csv,
            // shared/reference/peers.md) has an all-reduce over the 4 logical cores of one
            // Trainium2 bottoming out at ~8.4 us for 8 KB: a 4-rank ring's 6 steps at 1.4 us
            // each, inside NRN-CC's 1-2 us per hop (estimate, range 1.0-2.0 us). The same
            // table saturates at ~80 GB/s algbw from 64 MB: 80 x 2(n-1)/n = 120 GB/s per rank
            // and direction on the on-chip ring (estimate, range 80-160 GB/s).
            p.on_chip_step = microseconds(1.4);
            p.on_chip_bandwidth = units::gigabytes_per_second(120.0);
            break;
        case LinkTechnology::xgmi:
            // RCCL over Infinity Fabric point-to-point links: no measurement in the reference;
            // estimate 0.80 like other copy-engine/SM-driven GPU links, 1 us per step.
            p.efficiency = 0.80;
            p.in_switch_efficiency = 0.80;
            p.step_overhead = microseconds(1.0);
            p.in_switch_overhead = microseconds(4.0);
            break;
        case LinkTechnology::ici:
            // TPU ICI driven by XLA collectives: estimate 0.85, 1 us per step (no measurement).
            p.efficiency = 0.85;
            p.in_switch_efficiency = 0.85;
            p.step_overhead = microseconds(1.0);
            p.in_switch_overhead = microseconds(4.0);
            break;
        case LinkTechnology::nic:
            // InfiniBand NDR / EFA / RoCE NICs: 4 KiB MTU packets carry ~60 B of transport
            // headers and NCCL's network proxy keeps several chunks in flight, so ~0.9 of line
            // rate is sustained (estimate, range 0.85-0.95). The catalog's scale_out.latency is
            // end-to-end; 1 us per step adds proxy progress and completion polling.
            p.efficiency = 0.90;
            p.in_switch_efficiency = 0.90;
            p.step_overhead = microseconds(1.0);
            p.in_switch_overhead = microseconds(4.0);
            break;
        case LinkTechnology::generic:
            p.efficiency = 0.80;
            p.in_switch_efficiency = 0.80;
            p.step_overhead = microseconds(1.0);
            p.in_switch_overhead = microseconds(4.0);
            break;
    }
    return p;
}

LinkTechnology link_technology(const hw::SystemSpec& system, const hw::ChipSpec& chip, topology::Tier tier) {
    if (tier == topology::Tier::scale_out) return LinkTechnology::nic;
    switch (chip.architecture) {
        case hw::Architecture::gpu_sm: {
            // NVLink generations differ by per-link rate: NVLink 3/4 run 25 GB/s per link and
            // direction, NVLink 5 runs 50 GB/s (hardware.md §3: 12 x 25, 18 x 25, 18 x 50).
            const auto& links = tier == topology::Tier::inter_node ? system.inter_node_links : system.scale_up_links;
            return units::to_gbps(links.link_bandwidth) >= 40.0 ? LinkTechnology::nvlink5 : LinkTechnology::nvlink4;
        }
        case hw::Architecture::amd_cdna:
            return LinkTechnology::xgmi;
        case hw::Architecture::neuroncore:
            return LinkTechnology::neuronlink;
        case hw::Architecture::tpu_mxu:
            return LinkTechnology::ici;
    }
    return LinkTechnology::generic;
}

TierParams default_tier_params(const hw::SystemSpec& system, const hw::ChipSpec& chip) {
    TierParams p;
    for (int t = 0; t < topology::kTierCount; ++t)
        p[static_cast<std::size_t>(t)] =
            default_link_params(link_technology(system, chip, static_cast<topology::Tier>(t)));
    return p;
}

}  // namespace rackplan::kernels
