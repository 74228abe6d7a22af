#include <catch2/catch.hpp>

#include "kernels/attention.h"
#include "kernels/memory.h"
#include "kernels/vector_ops.h"
#include "kernels_fixtures.h"

using namespace rackplan;
using namespace rackplan::kernels;
namespace fx = rackplan::kernels::fixtures;

TEST_CASE("HBM copy: latency bound when small, ~90 % of peak when large", "[kernels][memory]") {
    const hw::ChipSpec h100 = fx::h100();
    const KernelResult small = *memory_copy(h100, units::kibibytes(4)).result;
    const KernelResult large = *memory_copy(h100, units::gibibytes(4)).result;
    CHECK(small.bound == "latency");
    CHECK(large.bound == "memory");
    CHECK(large.bandwidth.value() == Approx(0.9 * 3.35e12).epsilon(0.01));
    // data/calibration/h100-sxm-memory.csv: 256 MiB copies at 2.98 TB/s.
    CHECK(memory_copy(h100, units::mebibytes(256)).result->bandwidth.value() == Approx(2.98e12).epsilon(0.05));
    // data/calibration/h200-sxm-memory.csv (out of sample): 4 GiB copies at 4.27 TB/s, 89 % of 4.8.
    CHECK(memory_copy(fx::h200(), units::gibibytes(4)).result->bandwidth.value() == Approx(4.27e12).epsilon(0.03));
    CHECK(small.bandwidth.value() < 0.01 * large.bandwidth.value());
    // A NeuronCore copies through its own DMA engines: one of Trn1's two cores drives its 16
    // engines (half of 1 TB/s), both cores are held to the HBM's 820 GiB/s.
    const hw::ChipSpec trn1 = fx::trainium(1);
    const double one = memory_copy(trn1, units::gibibytes(1), 1).result->bandwidth.value();
    const double both = memory_copy(trn1, units::gibibytes(1), 2).result->bandwidth.value();
    CHECK(one == Approx(0.9 * 0.5e12).epsilon(0.02));
    CHECK(both == Approx(0.9 * trn1.hbm_bandwidth.value()).epsilon(0.02));
    CHECK_FALSE(memory_copy(h100, units::Bytes(0)).result.has_value());
    CHECK_FALSE(memory_copy(h100, units::Bytes(1024), 200).result.has_value());
}

TEST_CASE("attention: flash prefill is compute bound below the GEMM ceiling", "[kernels][attention]") {
    const hw::ChipSpec h100 = fx::h100();
    const AttentionShape prefill{1, 32, 0, 16384, 16384, 128, false, hw::Dtype::bf16};
    const KernelResult r = *attention(h100, prefill).result;
    CHECK(r.bound == "compute");
    // FlashAttention-3 forward reaches ~600-750 TFLOP/s on H100 BF16 at head_dim 128.
    CHECK(r.achieved.value() > 550e12);
    CHECK(r.achieved.value() < 800e12);
    // Causal does half the work in about half the time.
    AttentionShape causal = prefill;
    causal.causal = true;
    CHECK(attention_flops(causal) == Approx(0.5 * attention_flops(prefill)).epsilon(0.001));
    CHECK(attention(h100, causal).result->time.value() == Approx(0.5 * r.time.value()).epsilon(0.1));
}

TEST_CASE("attention: decode streams the KV cache at HBM speed", "[kernels][attention]") {
    const hw::ChipSpec h100 = fx::h100();
    const AttentionShape decode{64, 64, 8, 1, 4096, 128, true, hw::Dtype::bf16};
    const KernelResult r = *attention(h100, decode).result;
    CHECK(r.bound == "memory");
    const double kv_bytes = 2.0 * 64 * 8 * 4096 * 128 * 2;
    CHECK(r.time.value() == Approx(kv_bytes / (0.9 * 3.35e12)).epsilon(0.05));
    // GQA: 8x fewer KV heads read 8x fewer bytes than MHA.
    AttentionShape mha = decode;
    mha.kv_heads = 64;
    CHECK(attention(h100, mha).result->time.value() > 6.0 * r.time.value());
}

TEST_CASE("attention: NeuronCore prefill runs on TensorE with Vector/Scalar softmax", "[kernels][attention]") {
    const hw::ChipSpec trn2 = fx::trainium(2);
    const AttentionShape prefill{1, 32, 8, 8192, 8192, 128, true, hw::Dtype::bf16};
    const KernelResult r = *attention(trn2, prefill).result;
    CHECK(r.bound == "compute");
    CHECK(r.efficiency > 0.3);
    CHECK(r.efficiency < 0.8);
    AttentionOptions one;
    one.cores = 1;
    CHECK(attention(trn2, prefill, one).result->time.value() > 7.0 * r.time.value());
}

TEST_CASE("attention: bad shapes are issues", "[kernels][attention]") {
    const hw::ChipSpec h100 = fx::h100();
    CHECK(attention(h100, {1, 32, 5, 128, 128, 128, true}).issues.size() == 1);   // 5 does not divide 32
    CHECK(attention(h100, {1, 32, 8, 256, 128, 128, true}).issues.size() == 1);   // q_len > kv_len
    CHECK(attention(h100, {0, 0, 0, 1, 1, 128, true}).issues.size() == 2);
    CHECK(attention(fx::a100(), {1, 8, 8, 128, 128, 128, true, hw::Dtype::fp8}).issues.size() == 1);
}

TEST_CASE("vector ops: bandwidth bound on GPUs, engine bound on a NeuronCore", "[kernels][vector]") {
    const VectorOpShape softmax{VectorKind::softmax, 32LL * 4096 * 4096, 1, hw::Dtype::bf16};
    const KernelResult gpu = *vector_op(fx::h100(), softmax).result;
    CHECK(gpu.bound == "memory");
    CHECK(gpu.bandwidth.value() > 0.85 * 3.35e12);
    // Trn1: three dependent passes over 128 partitions at 1.12 GHz outrun the DMA.
    const KernelResult trn = *vector_op(fx::trainium(1), softmax).result;
    CHECK(trn.bound == "compute");
    const VectorOpShape add{VectorKind::elementwise, 8192LL * 8192, 2, hw::Dtype::bf16};
    CHECK(vector_op(fx::trainium(1), add).result->bound == "memory");
    CHECK(vector_op(fx::h100(), {VectorKind::norm, 0}).issues.size() == 1);
    CHECK(vector_op(fx::h100(), {VectorKind::norm, 16, 0}).issues.size() == 1);
}
