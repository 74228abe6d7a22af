#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "collective_fixtures.h"
#include "kernels/collective_calibration.h"
#include "kernels/nccl_tests_parser.h"

using namespace rackplan;
using namespace rackplan::kernels;

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    REQUIRE(in.good());
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

const std::string kSynthetic = std::string(RACKPLAN_TEST_DATA_DIR) + "/nccl_allreduce_h100.txt";

}  // namespace

TEST_CASE("nccl-tests output parses into out-of-place and in-place points", "[collective][nccl-tests]") {
    const NcclTestsRun run = parse_nccl_tests(read_file(kSynthetic));
    for (const Issue& i : run.issues) INFO(i.path << ": " << i.message);
    CHECK(run.issues.empty());
    CHECK(run.ranks == 8);
    REQUIRE(run.points.size() == 2 * 31);  // 8 B .. 8 GiB in powers of two
    const NcclTestsPoint& first = run.points.front();
    CHECK(first.bytes.value() == 8.0);
    CHECK_FALSE(first.in_place);
    CHECK(units::to_us(first.time) == Approx(35.00));
    CHECK(run.points[1].in_place);
    const NcclTestsPoint& last = run.points[run.points.size() - 2];
    CHECK(last.bytes.value() == 8589934592.0);
    CHECK(units::to_gbps(last.busbw) == Approx(356.12));
    CHECK(units::to_gbps(last.algbw) == Approx(203.50));
}

TEST_CASE("malformed nccl-tests lines come back with their line numbers", "[collective][nccl-tests]") {
    const std::string text =
        "# Collective test starting: all_gather_perf\n"
        "#       size         count      type   redop    root     time   algbw   busbw #wrong     time   algbw   busbw "
        "#wrong\n"
        "        1024           256     float    none      -1    12.50    0.08    0.07    N/A    12.40    0.08    0.07 "
        "   N/A\n"
        "        2048           512     float    none      -1    abc    0.16    0.14      0    12.40    0.17    0.15   "
        "   0\n"
        "this line is not a table row\n"
        "host:1:2 [0] NCCL INFO Channel 00/32 : 0 1 2 3\n"
        "          -8             2     float    none      -1    12.50    0.00    0.00      0    12.40    0.00    0.00 "
        "     0\n";
    const NcclTestsRun run = parse_nccl_tests(text);
    CHECK(run.collective == "all_gather_perf");
    REQUIRE(run.points.size() == 2);
    CHECK(run.points[0].line == 3);
    REQUIRE(run.issues.size() == 3);
    CHECK(run.issues[0].path == "line 4, column out-of-place time");
    CHECK(run.issues[1].path == "line 5");
    CHECK(run.issues[2].path == "line 7, column size");
    CHECK_FALSE(run.ok());
    CHECK_FALSE(parse_nccl_tests("# only comments\n#\n").ok());
}

TEST_CASE("calibration fits plausible link efficiency and step latency from nccl-tests points",
          "[collective][calibration]") {
    const NcclTestsRun run = parse_nccl_tests(read_file(kSynthetic));
    REQUIRE(run.ok());
    const CollectiveModel model(fixtures::dgx_h100(), fixtures::h100(), 8);
    CollectiveRequest shape;
    shape.op = Collective::all_reduce;
    shape.group.ranks = 8;
    shape.algorithm = "ring";  // the synthetic run is NCCL_ALGO=Ring
    const CollectiveFit fit = fit_collective_calibration(model, shape, run.points);
    for (const Issue& i : fit.issues) INFO(i.path << ": " << i.message);
    REQUIRE(fit.ok());
    CHECK(fit.tier == topology::Tier::scale_up);
    CHECK_FALSE(fit.in_switch);
    CHECK(fit.points == 62);
    // The file was generated with efficiency 0.80 and 1.5 us per step (+-1.5 % noise).
    CHECK(fit.params.efficiency == Approx(0.80).epsilon(0.02));
    CHECK(units::to_us(fit.params.step_overhead) == Approx(1.5).epsilon(0.1));
    CHECK(fit.rms_log_error < 0.015);
    CHECK(fit.rms_log_error < fit.rms_log_error_default);

    // The fitted parameters plug back into the model.
    CollectiveOptions o;
    o.params[0] = fit.params;
    const CollectiveModel calibrated(fixtures::dgx_h100(), fixtures::h100(), 8, o);
    shape.bytes = units::gibibytes(8);
    const CollectiveEstimate e = calibrated.estimate(shape);
    REQUIRE(e.result);
    CHECK(units::to_gbps(e.result->busbw) == Approx(360.0).epsilon(0.02));
}

TEST_CASE("calibration refuses what it cannot fit", "[collective][calibration]") {
    const CollectiveModel model(fixtures::dgx_h100(), fixtures::h100(), 8);
    CollectiveRequest shape;
    shape.group.ranks = 8;
    std::vector<NcclTestsPoint> one(1);
    one[0].bytes = units::Bytes(1024);
    one[0].time = units::microseconds(30);
    const CollectiveFit too_few = fit_collective_calibration(model, shape, one);
    CHECK_FALSE(too_few.ok());
    REQUIRE_FALSE(too_few.issues.empty());
    CHECK(too_few.issues.back().path == "points");
    shape.group.ranks = 64;  // the model's cluster has 8 chips
    const CollectiveFit misfit = fit_collective_calibration(model, shape, one);
    CHECK_FALSE(misfit.ok());
    REQUIRE_FALSE(misfit.issues.empty());
    CHECK(misfit.issues.front().path == "group.ranks");
}
