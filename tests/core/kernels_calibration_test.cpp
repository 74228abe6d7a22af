#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "kernels/gemm_calibration.h"
#include "kernels_fixtures.h"

using namespace rackplan;
using namespace rackplan::kernels;
namespace fx = rackplan::kernels::fixtures;

TEST_CASE("GEMM points parse with header-selected columns and located issues", "[kernels][calibration]") {
    const GemmPointsParse ok = parse_gemm_points("dtype,m,n,k,tflops,batch\nbf16,1,2,3,4.5,\nfp8,8,8,8,1,2\r\n");
    REQUIRE(ok.issues.empty());
    REQUIRE(ok.points.size() == 2);
    CHECK(ok.points[0].k == 3);
    CHECK(ok.points[0].batch == 1);
    CHECK(ok.points[1].batch == 2);
    CHECK(ok.points[1].measured.value() == Approx(1e12));

    const GemmPointsParse bad = parse_gemm_points("m,n,k,dtype,tflops\n1,2,3,bf17,4\n0,2,3,bf16,4\n1,2,3,bf16,-1\n");
    CHECK(bad.points.empty());
    REQUIRE(bad.issues.size() == 3);
    CHECK(bad.issues[0].path == "row 2, column dtype");
    CHECK(bad.issues[1].path == "row 3, column m");
    CHECK(bad.issues[2].path == "row 4, column tflops");
    CHECK(parse_gemm_points("m,n,dtype\n1,2,bf16\n").issues.size() == 2);  // no k, no tflops
}

namespace {
// Both sweeps were taken with data/calibration/measure_gpu.py (torch eager, cuBLAS) on
// 2026-11-26; the H200 one after the emulator was set, so its fit is out of sample.
void check_sweep_fit(const hw::ChipSpec& chip, const char* file) {
    std::ifstream in(std::string(RACKPLAN_TEST_DATA_DIR) + "/../../data/calibration/" + file);
    REQUIRE(in.good());
    std::stringstream text;
    text << in.rdbuf();
    const GemmPointsParse parsed = parse_gemm_points(text.str());
    REQUIRE(parsed.issues.empty());
    REQUIRE(parsed.points.size() > 100);

    const GemmFitError before = gemm_fit_error(chip, parsed.points);
    const GemmCalibration cal = fit_gemm_calibration(chip, parsed.points);
    const GemmFitError after = gemm_fit_error(chip, parsed.points, &cal);
    INFO("before: rms log " << before.rms_log << ", median " << before.median_abs_rel << ", max " << before.max_abs_rel);
    INFO("after: rms log " << after.rms_log << ", median " << after.median_abs_rel << ", max " << after.max_abs_rel);
    INFO("fit: clock " << *cal.clock_fraction << ", launch " << cal.launch_overhead->value() * 1e6 << " us, host "
                       << cal.host_overhead->value() * 1e6 << " us");
    CHECK(after.points == before.points);
    CHECK(after.rms_log < 0.6 * before.rms_log);
    CHECK(after.median_abs_rel < before.median_abs_rel);
    CHECK(after.max_abs_rel < before.max_abs_rel);
    CHECK(cal.chip_id == chip.id);
    REQUIRE(cal.clock_fraction.has_value());
    // Both Hoppers hold 700 W: the long, large GEMMs settle near 1.4 GHz of 1.83-1.98 GHz.
    CHECK(*cal.clock_fraction > 0.7);
    CHECK(*cal.clock_fraction <= 0.9);
    for (const auto& overhead : {cal.launch_overhead, cal.host_overhead}) {
        REQUIRE(overhead.has_value());
        CHECK(overhead->value() >= 0.0);
        CHECK(overhead->value() <= 50e-6);
    }
    // The sweep's small shapes are floored by torch's per-call host time (~5-30 µs).
    CHECK(cal.host_overhead->value() > 5e-6);
}
}  // namespace

TEST_CASE("fitting the H100 sweep improves its error with physical values", "[kernels][calibration]") {
    check_sweep_fit(fx::h100(), "h100-sxm-gemm.csv");
}

TEST_CASE("fitting the H200 sweep improves its error with physical values", "[kernels][calibration]") {
    check_sweep_fit(fx::h200(), "h200-sxm-gemm.csv");
}

TEST_CASE("a calibration moves only what it sets", "[kernels][calibration]") {
    const hw::ChipSpec h100 = fx::h100();
    const GemmShape big{8192, 8192, 8192, 1, hw::Dtype::bf16};
    const GemmShape tiny{64, 64, 64, 1, hw::Dtype::bf16};
    GemmCalibration slow;
    slow.clock_fraction = 0.7;
    GemmOptions o;
    o.calibration = &slow;
    const double base_big = gemm(h100, big).result->time.value();
    CHECK(gemm(h100, big, o).result->time.value() > 1.15 * base_big);
    GemmCalibration host;
    host.host_overhead = units::microseconds(20);
    o.calibration = &host;
    CHECK(gemm(h100, tiny, o).result->time.value() == Approx(20e-6));
    CHECK(gemm(h100, big, o).result->time.value() == Approx(base_big));
    // A calibration belongs to the chip it was measured on.
    GemmCalibration other;
    other.chip_id = "b200";
    other.clock_fraction = 0.9;
    o.calibration = &other;
    const KernelEstimate wrong = gemm(h100, big, o);
    CHECK_FALSE(wrong.result.has_value());
    REQUIRE(wrong.issues.size() == 1);
    CHECK(wrong.issues[0].path == "gemm.calibration");
}
