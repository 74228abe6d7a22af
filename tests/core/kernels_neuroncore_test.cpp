#include <catch2/catch.hpp>

#include "kernels/gemm.h"
#include "kernels_fixtures.h"

using namespace rackplan;
using namespace rackplan::kernels;
namespace fx = rackplan::kernels::fixtures;
using hw::Dtype;

namespace {
KernelResult run(const hw::ChipSpec& chip, GemmShape s, int cores = 0, bool launch = true) {
    GemmOptions o;
    o.cores = cores;
    o.include_launch = launch;
    KernelEstimate e = gemm(chip, s, o);
    REQUIRE(e.ok());
    return *e.result;
}
}  // namespace

TEST_CASE("NeuronCore GEMM: full 128x128 stationary and 128x512 moving tiles fill TensorE", "[kernels][neuroncore]") {
    const hw::ChipSpec trn1 = fx::trainium(1);
    const KernelResult r = run(trn1, {4096, 8192, 8192, 1, Dtype::bf16}, 1);
    // TensorE time = 32 x 16 x 64 instructions x (512 cycles + 84 issue overhead) at 2.8 GHz:
    // 85.9 % of the array's peak, as the NKI tutorial measures (C60).
    CHECK(r.time.value() == Approx(32.0 * 16 * 64 * (512 + 84) / 2.8e9).epsilon(0.02));
    CHECK(r.bound == "compute");
}

TEST_CASE("NeuronCore GEMM: one core of two takes twice as long", "[kernels][neuroncore]") {
    const hw::ChipSpec trn1 = fx::trainium(1);
    const double one = run(trn1, {4096, 8192, 8192, 1, Dtype::bf16}, 1).time.value();
    const double two = run(trn1, {4096, 8192, 8192, 1, Dtype::bf16}, 2).time.value();
    CHECK(one / two == Approx(2.0).epsilon(0.03));
    // Efficiency is against the peak of the cores used.
    CHECK(run(trn1, {4096, 8192, 8192, 1, Dtype::bf16}, 1).efficiency ==
          Approx(run(trn1, {4096, 8192, 8192, 1, Dtype::bf16}, 2).efficiency).epsilon(0.03));
}

TEST_CASE("NeuronCore GEMM: partial tiles and the 64-cycle issue interval waste the array", "[kernels][neuroncore]") {
    const hw::ChipSpec trn1 = fx::trainium(1);
    // 32 tokens against a weight: the stationary tile is 32 of 128 columns, or the moving
    // tile 32 < 64 columns; either way the instruction costs what 64-128 columns would.
    const KernelResult n32 = run(trn1, {32, 8192, 8192, 1, Dtype::bf16}, 1, false);
    const KernelResult n64 = run(trn1, {64, 8192, 8192, 1, Dtype::bf16}, 1, false);
    CHECK(n32.time.value() == Approx(n64.time.value()).epsilon(0.02));
    CHECK(n64.achieved.value() == Approx(2.0 * n32.achieved.value()).epsilon(0.05));
    // K = 160 takes two 128-row passes, as K = 256 does.
    const double k160 = run(trn1, {4096, 4096, 160, 1, Dtype::bf16}, 1, false).time.value();
    const double k256 = run(trn1, {4096, 4096, 256, 1, Dtype::bf16}, 1, false).time.value();
    CHECK(k160 == Approx(k256).epsilon(0.05));
}

TEST_CASE("NeuronCore GEMM: FP8 double-row on Trn2 and MX quad mode on Trn3", "[kernels][neuroncore]") {
    const hw::ChipSpec trn2 = fx::trainium(2);
    const double bf16 = run(trn2, {8192, 8192, 8192, 1, Dtype::bf16}).achieved.value();
    const double fp8 = run(trn2, {8192, 8192, 8192, 1, Dtype::fp8}).achieved.value();
    CHECK(fp8 / bf16 == Approx(2.0).epsilon(0.1));
    // With K = 128 the double row has nothing to pair: no gain.
    const double bf16_k128 = run(trn2, {8192, 8192, 128, 1, Dtype::bf16}, 1, false).time.value();
    const double fp8_k128 = run(trn2, {8192, 8192, 128, 1, Dtype::fp8}, 1, false).time.value();
    CHECK(fp8_k128 == Approx(bf16_k128).epsilon(0.1));
    const hw::ChipSpec trn3 = fx::trainium(3);
    const double mx = run(trn3, {8192, 8192, 8192, 1, Dtype::mxfp8}).achieved.value();
    const double b3 = run(trn3, {8192, 8192, 8192, 1, Dtype::bf16}).achieved.value();
    CHECK(mx / b3 > 3.0);
    // FP32 takes four passes.
    const double f32 = run(trn2, {4096, 4096, 4096, 1, Dtype::fp32}, 1, false).time.value();
    const double b16 = run(trn2, {4096, 4096, 4096, 1, Dtype::bf16}, 1, false).time.value();
    CHECK(f32 / b16 > 3.0);
}

TEST_CASE("NeuronCore GEMM: the dI/dt ramp slows short bursts on Trn2 only", "[kernels][neuroncore]") {
    hw::ChipSpec trn2 = fx::trainium(2);
    hw::ChipSpec no_ramp = trn2;  // same core without FP8 double-row reads as NeuronCore-v2
    fixtures::set_peak(no_ramp, hw::Engine::tensor, Dtype::fp8, 667);
    // ~27 µs of TensorE work: the ramp's first 3 µs at 50-100 % cost 0.75 µs more.
    const GemmShape burst{1024, 1024, 1024, 1, Dtype::bf16};
    const double ramped = run(trn2, burst, 1, false).time.value();
    const double flat = run(no_ramp, burst, 1, false).time.value();
    CHECK(ramped - flat == Approx(0.75e-6).epsilon(0.01));
    // A long GEMM barely notices (< 1 µs on many ms).
    const GemmShape big{8192, 8192, 8192, 1, Dtype::bf16};
    CHECK(run(trn2, big).time.value() == Approx(run(no_ramp, big).time.value()).epsilon(0.001));
}

TEST_CASE("NeuronCore GEMM: short K is limited by PSUM evacuation", "[kernels][neuroncore]") {
    const hw::ChipSpec trn1 = fx::trainium(1);
    GemmOptions o;
    o.cores = 1;
    o.detail = true;
    KernelEstimate e = gemm(trn1, {8192, 8192, 128, 1, Dtype::bf16}, o);
    REQUIRE(e.ok());
    // One 512-cycle instruction per 128x512 output tile, but evacuating that tile takes
    // 512 cycles of the slower Vector/Scalar clock (shared by two engines).
    CHECK(e.result->efficiency < 0.8);
}
