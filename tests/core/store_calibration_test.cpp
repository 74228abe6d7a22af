#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "collective_fixtures.h"
#include "kernels_fixtures.h"
#include "store/calibration_store.h"
#include "store/catalog_store.h"
#include "store_test_support.h"

using namespace rackplan;
using test::TempDir;

namespace {

kernels::GemmPoint gemm_point(std::int64_t m, std::int64_t n, std::int64_t k, std::int64_t batch, hw::Dtype d,
                              double tflops) {
    kernels::GemmPoint p;
    p.m = m;
    p.n = n;
    p.k = k;
    p.batch = batch;
    p.dtype = d;
    p.measured = units::teraflops_per_second(tflops);
    return p;
}

kernels::CollectiveRun allreduce_run(int ranks, const std::string& algorithm, std::initializer_list<double> sizes) {
    kernels::CollectiveRun run;
    run.shape.op = kernels::Collective::all_reduce;
    run.shape.group.ranks = ranks;
    run.shape.algorithm = algorithm;
    for (double b : sizes) {
        kernels::NcclTestsPoint p;
        p.bytes = units::Bytes(b);
        p.time = units::microseconds(20.0 + b / 2e5);
        run.points.push_back(p);
    }
    return run;
}

int rows(store::Database& db) {
    store::Statement s = db.prepare("SELECT COUNT(*) FROM calibration_points");
    s.step();
    return static_cast<int>(s.integer(0));
}

}  // namespace

TEST_CASE("GEMM points round-trip through calibration_points, batch included", "[store][calibration]") {
    TempDir dir;
    store::Database db = store::open_database_unseeded(dir / "c.db");
    const std::vector<kernels::GemmPoint> points{gemm_point(4096, 4096, 4096, 1, hw::Dtype::bf16, 712.5),
                                                 gemm_point(1, 8192, 8192, 1, hw::Dtype::fp8, 2.84),
                                                 gemm_point(512, 512, 512, 16, hw::Dtype::fp16, 98.25)};
    CHECK(store::import_gemm_points(db, "h100-sxm", points, "sweep.csv") == 3);
    CHECK(store::import_gemm_points(db, "trn2", {&points[0], 1}, "other.csv") == 1);

    const auto back = store::load_gemm_points(db, "h100-sxm");
    REQUIRE(back.size() == 3);
    for (std::size_t i = 0; i < back.size(); ++i) {
        CHECK(back[i].m == points[i].m);
        CHECK(back[i].n == points[i].n);
        CHECK(back[i].k == points[i].k);
        CHECK(back[i].batch == points[i].batch);
        CHECK(back[i].dtype == points[i].dtype);
        CHECK(units::to_tflops(back[i].measured) == Approx(units::to_tflops(points[i].measured)));
    }
    // The row layout the header documents.
    store::Statement s = db.prepare(
        "SELECT kind, dtype, measured_value, metric, source_file, system_id FROM calibration_points"
        " WHERE chip_id = 'h100-sxm' ORDER BY id");
    REQUIRE(s.step());
    CHECK(s.text(0) == "gemm");
    CHECK(s.text(1) == "bf16");
    CHECK(s.real(2) == Approx(712.5));
    CHECK(s.text(3) == "tflops");
    CHECK(s.text(4) == "sweep.csv");
    CHECK(s.is_null(5));
    REQUIRE(s.step());
    REQUIRE(s.step());
    CHECK(s.text(3) == "tflops batch=16");
    CHECK(store::load_gemm_points(db, "mi300x").empty());
}

TEST_CASE("nccl-tests points come back as runs per collective, ranks and algorithm", "[store][calibration]") {
    TempDir dir;
    store::Database db = store::open_database_unseeded(dir / "c.db");
    const auto ring8 = allreduce_run(8, "ring", {1024, 1048576, 1073741824});
    const auto any16 = allreduce_run(16, "", {4096, 8388608});
    CHECK(store::import_collective_run(db, "h100-sxm", "dgx-h100", ring8, "ring.txt") == 3);
    CHECK(store::import_collective_run(db, "h100-sxm", "dgx-h100", any16, "any.txt") == 2);
    CHECK(store::import_collective_run(db, "h100-sxm", "p5.48xlarge", ring8, "p5.txt") == 3);
    kernels::CollectiveRun gather = ring8;
    gather.shape.op = kernels::Collective::all_gather;
    CHECK(store::import_collective_run(db, "h100-sxm", "dgx-h100", gather, "ag.txt") == 3);

    const auto runs = store::load_collective_runs(db, "h100-sxm", "dgx-h100");
    REQUIRE(runs.size() == 3);
    CHECK(runs[0].shape.op == kernels::Collective::all_reduce);
    CHECK(runs[0].shape.group.ranks == 8);
    CHECK(runs[0].shape.algorithm == "ring");
    REQUIRE(runs[0].points.size() == 3);
    CHECK(runs[0].points[2].bytes.value() == 1073741824.0);
    CHECK(runs[0].points[2].time.value() == Approx(ring8.points[2].time.value()));
    // nccl-tests' definitions: algbw = S / t, busbw = algbw x 2(n-1)/n for an all-reduce.
    CHECK(runs[0].points[2].algbw.value() == Approx(1073741824.0 / ring8.points[2].time.value()));
    CHECK(runs[0].points[2].busbw.value() == Approx(runs[0].points[2].algbw.value() * 2.0 * 7.0 / 8.0));
    CHECK(runs[1].shape.group.ranks == 16);
    CHECK(runs[1].shape.algorithm.empty());  // stored as NULL: the library's choice
    CHECK(runs[2].shape.op == kernels::Collective::all_gather);
    CHECK(store::load_collective_runs(db, "h100-sxm", "p5.48xlarge").size() == 1);
    CHECK(store::load_collective_runs(db, "trn2", "dgx-h100").empty());

    store::Statement s = db.prepare("SELECT metric, algorithm FROM calibration_points WHERE source_file = 'any.txt'");
    REQUIRE(s.step());
    CHECK(s.text(0) == "allreduce.time_s");
    CHECK(s.is_null(1));
}

TEST_CASE("groups count points per chip, kind and system, clear removes one kind or all", "[store][calibration]") {
    TempDir dir;
    store::Database db = store::open_database_unseeded(dir / "c.db");
    const std::vector<kernels::GemmPoint> points{gemm_point(256, 256, 256, 1, hw::Dtype::bf16, 10.0),
                                                 gemm_point(512, 512, 512, 1, hw::Dtype::bf16, 60.0)};
    store::import_gemm_points(db, "h100-sxm", points, "a.csv");
    store::import_gemm_points(db, "trn2", points, "b.csv");
    store::import_collective_run(db, "h100-sxm", "dgx-h100", allreduce_run(8, "ring", {1e3, 1e6, 1e9}), "c.txt");

    auto all = store::calibration_groups(db);
    REQUIRE(all.size() == 3);
    CHECK(all[0].chip_id == "h100-sxm");
    CHECK(all[0].kind == store::CalibrationKind::collective);
    CHECK(all[0].system_id == "dgx-h100");
    CHECK(all[0].points == 3);
    CHECK(all[1].kind == store::CalibrationKind::gemm);
    CHECK(all[1].points == 2);
    CHECK(all[1].system_id.empty());
    CHECK(all[1].last_import.size() >= 20);
    CHECK(all[2].chip_id == "trn2");
    CHECK(store::calibration_groups(db, std::string_view("trn2")).size() == 1);
    CHECK(store::calibration_groups(db, std::string_view("mi300x")).empty());

    CHECK(store::clear_calibration(db, "h100-sxm", store::CalibrationKind::gemm) == 2);
    CHECK(store::load_gemm_points(db, "h100-sxm").empty());
    CHECK(store::load_collective_runs(db, "h100-sxm", "dgx-h100").size() == 1);
    CHECK(store::load_gemm_points(db, "trn2").size() == 2);
    CHECK(store::clear_calibration(db, "h100-sxm") == 3);
    CHECK(store::clear_calibration(db, "h100-sxm") == 0);
    CHECK(rows(db) == 2);
    CHECK(store::calibration_kind_from("collective") == store::CalibrationKind::collective);
    CHECK_FALSE(store::calibration_kind_from("memory"));
}

TEST_CASE("an import that fails part way writes nothing", "[store][calibration]") {
    TempDir dir;
    store::Database db = store::open_database_unseeded(dir / "c.db");
    std::vector<kernels::GemmPoint> points{gemm_point(256, 256, 256, 1, hw::Dtype::bf16, 10.0),
                                           gemm_point(512, 512, 512, 1, hw::Dtype::bf16, 60.0),
                                           gemm_point(1024, 1024, 1024, 1, hw::Dtype::bf16, 300.0)};
    // SQLite stores a NaN as NULL, which measured_value's NOT NULL refuses: the third insert
    // fails after two succeeded, and the transaction takes those back.
    points[2].measured = units::FlopsPerSecond(std::numeric_limits<double>::quiet_NaN());
    CHECK_THROWS_AS(store::import_gemm_points(db, "h100-sxm", points, "bad.csv"), store::Error);
    CHECK(rows(db) == 0);
    auto run = allreduce_run(8, "ring", {1e3, 1e6});
    run.points[1].time = units::Seconds(std::numeric_limits<double>::quiet_NaN());
    CHECK_THROWS_AS(store::import_collective_run(db, "h100-sxm", "dgx-h100", run, "bad.txt"), store::Error);
    CHECK(rows(db) == 0);
}

TEST_CASE("stored points feed the emulators' fits, never a raw point", "[store][calibration]") {
    TempDir dir;
    store::Database db = store::open_database_unseeded(dir / "c.db");
    // The GEMM sweep of data/calibration, stored and read back, fits what the file fits.
    const kernels::GemmPointsParse sweep = kernels::parse_gemm_points(
        test::read_file(std::filesystem::path(RACKPLAN_TEST_DATA_DIR) / "../../data/calibration/h100-sxm-gemm.csv"));
    REQUIRE(sweep.issues.empty());
    REQUIRE(sweep.points.size() > 100);
    const hw::ChipSpec gpu = kernels::fixtures::h100();
    store::import_gemm_points(db, gpu.id, sweep.points, "h100-sxm-gemm.csv");
    const auto stored = store::load_gemm_points(db, gpu.id);
    REQUIRE(stored.size() == sweep.points.size());
    const kernels::GemmCalibration from_file = kernels::fit_gemm_calibration(gpu, sweep.points);
    const kernels::GemmCalibration from_db = kernels::fit_gemm_calibration(gpu, stored);
    CHECK(*from_db.clock_fraction == Approx(*from_file.clock_fraction).epsilon(1e-6));
    CHECK(from_db.launch_overhead->value() == Approx(from_file.launch_overhead->value()).epsilon(1e-6));
    CHECK(kernels::gemm_fit_error(gpu, stored, &from_db).rms_log < kernels::gemm_fit_error(gpu, stored).rms_log);

    // A synthetic nccl-tests run from the collective model itself at efficiency 0.7 and 2 us per
    // step: the fit from the stored points recovers those parameters.
    const hw::SystemSpec dgx = fixtures::dgx_h100();
    const hw::ChipSpec chip = fixtures::chip_of("h100-sxm", hw::Architecture::gpu_sm);
    kernels::CollectiveOptions truth;
    kernels::LinkParams p = kernels::default_tier_params(dgx, chip)[0];
    p.efficiency = 0.7;
    p.step_overhead = units::microseconds(2.0);
    truth.params[0] = p;
    const kernels::CollectiveModel model(dgx, chip, 8, truth);
    kernels::CollectiveRun run;
    run.shape.op = kernels::Collective::all_reduce;
    run.shape.group.ranks = 8;
    run.shape.algorithm = "ring";
    for (double b = 1024; b <= 8589934592.0; b *= 4) {
        kernels::CollectiveRequest q = run.shape;
        q.bytes = units::Bytes(b);
        const auto e = model.estimate(q);
        REQUIRE(e.ok());
        kernels::NcclTestsPoint pt;
        pt.bytes = q.bytes;
        pt.time = e.result->time;
        run.points.push_back(pt);
    }
    store::import_collective_run(db, chip.id, dgx.id, run, "synthetic");
    const auto runs = store::load_collective_runs(db, chip.id, dgx.id);
    const kernels::CollectiveCalibration cal = kernels::fit_collective_runs(dgx, chip, runs);
    REQUIRE(cal.applied());
    REQUIRE(cal.fits.size() == 1);
    CHECK(cal.fits[0].ok());
    REQUIRE(cal.params[0]);
    CHECK_FALSE(cal.params[1]);
    CHECK(cal.params[0]->efficiency == Approx(0.7).epsilon(0.01));
    CHECK(units::to_us(cal.params[0]->step_overhead) == Approx(2.0).epsilon(0.05));
}
