#include "store/calibration_store.h"

#include <charconv>
#include <map>
#include <tuple>

namespace rackplan::store {
namespace {

constexpr std::string_view kTflops = "tflops";
constexpr std::string_view kBatchMetric = "tflops batch=";
constexpr std::string_view kTimeSuffix = ".time_s";

std::string gemm_metric(std::int64_t batch) {
    return batch == 1 ? std::string(kTflops) : std::string(kBatchMetric) + std::to_string(batch);
}

// The batch of a GEMM metric, or nullopt when the metric is not one this build writes.
std::optional<std::int64_t> batch_of(std::string_view metric) {
    if (metric == kTflops) return 1;
    if (metric.substr(0, kBatchMetric.size()) != kBatchMetric) return std::nullopt;
    const std::string_view digits = metric.substr(kBatchMetric.size());
    std::int64_t batch = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), batch);
    if (ec != std::errc() || end != digits.data() + digits.size() || batch < 1) return std::nullopt;
    return batch;
}

std::optional<kernels::Collective> collective_of(std::string_view metric) {
    if (metric.size() <= kTimeSuffix.size() || metric.substr(metric.size() - kTimeSuffix.size()) != kTimeSuffix)
        return std::nullopt;
    return kernels::collective_from_string(metric.substr(0, metric.size() - kTimeSuffix.size()));
}

}  // namespace

std::string_view to_string(CalibrationKind k) {
    switch (k) {
        case CalibrationKind::gemm:
            return "gemm";
        case CalibrationKind::collective:
            return "collective";
    }
    return "gemm";
}

std::optional<CalibrationKind> calibration_kind_from(std::string_view s) {
    if (s == "gemm") return CalibrationKind::gemm;
    if (s == "collective") return CalibrationKind::collective;
    return std::nullopt;
}

int import_gemm_points(Database& db, std::string_view chip_id, std::span<const kernels::GemmPoint> points,
                       std::string_view source_file) {
    auto tx = db.transaction();
    Statement ins = db.prepare(
        "INSERT INTO calibration_points (chip_id, kind, dtype, m, n, k, measured_value, metric, source_file)"
        " VALUES (?1, 'gemm', ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    for (const kernels::GemmPoint& p : points) {
        ins.bind(1, chip_id)
            .bind(2, hw::to_string(p.dtype))
            .bind(3, p.m)
            .bind(4, p.n)
            .bind(5, p.k)
            .bind(6, units::to_tflops(p.measured))
            .bind(7, gemm_metric(p.batch))
            .bind(8, source_file);
        ins.run();
        ins.reset();
    }
    tx.commit();
    return static_cast<int>(points.size());
}

int import_collective_run(Database& db, std::string_view chip_id, std::string_view system_id,
                          const kernels::CollectiveRun& run, std::string_view source_file) {
    auto tx = db.transaction();
    Statement ins = db.prepare(
        "INSERT INTO calibration_points (chip_id, kind, system_id, ranks, bytes, algorithm, measured_value, metric,"
        " source_file) VALUES (?1, 'collective', ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    const std::string metric = std::string(kernels::to_string(run.shape.op)) + std::string(kTimeSuffix);
    for (const kernels::NcclTestsPoint& p : run.points) {
        ins.bind(1, chip_id).bind(2, system_id).bind(3, run.shape.group.ranks);
        ins.bind(4, static_cast<std::int64_t>(p.bytes.value()));
        if (run.shape.algorithm.empty())
            ins.bind_null(5);
        else
            ins.bind(5, run.shape.algorithm);
        ins.bind(6, p.time.value()).bind(7, metric).bind(8, source_file);
        ins.run();
        ins.reset();
    }
    tx.commit();
    return static_cast<int>(run.points.size());
}

std::vector<kernels::GemmPoint> load_gemm_points(Database& db, std::string_view chip_id) {
    std::vector<kernels::GemmPoint> out;
    Statement s = db.prepare(
        "SELECT dtype, m, n, k, measured_value, metric FROM calibration_points"
        " WHERE chip_id = ?1 AND kind = 'gemm' ORDER BY id");
    s.bind(1, chip_id);
    while (s.step()) {
        const auto dtype = hw::dtype_from(s.text(0));
        const auto batch = batch_of(s.text(5));
        if (!dtype || !batch || s.is_null(1) || s.is_null(2) || s.is_null(3)) continue;
        kernels::GemmPoint p;
        p.dtype = *dtype;
        p.m = s.integer(1);
        p.n = s.integer(2);
        p.k = s.integer(3);
        p.batch = *batch;
        p.measured = units::teraflops_per_second(s.real(4));
        out.push_back(p);
    }
    return out;
}

std::vector<kernels::CollectiveRun> load_collective_runs(Database& db, std::string_view chip_id,
                                                         std::string_view system_id) {
    std::vector<kernels::CollectiveRun> runs;
    std::map<std::tuple<int, int, std::string>, std::size_t> index;
    Statement s = db.prepare(
        "SELECT ranks, bytes, algorithm, measured_value, metric FROM calibration_points"
        " WHERE chip_id = ?1 AND kind = 'collective' AND system_id = ?2 ORDER BY id");
    s.bind(1, chip_id).bind(2, system_id);
    while (s.step()) {
        const auto op = collective_of(s.text(4));
        if (!op || s.is_null(0) || s.is_null(1)) continue;
        const int ranks = static_cast<int>(s.integer(0));
        const std::string algorithm = s.is_null(2) ? std::string() : s.text(2);
        auto [it, fresh] = index.try_emplace({static_cast<int>(*op), ranks, algorithm}, runs.size());
        if (fresh) {
            kernels::CollectiveRun run;
            run.shape.op = *op;
            run.shape.group.ranks = ranks;
            run.shape.algorithm = algorithm;
            runs.push_back(std::move(run));
        }
        kernels::CollectiveRun& run = runs[it->second];
        kernels::NcclTestsPoint p;
        p.bytes = units::Bytes(static_cast<double>(s.integer(1)));
        p.time = units::Seconds(s.real(3));
        if (p.time.value() > 0.0) {
            p.algbw = p.bytes / p.time;
            p.busbw = p.algbw * kernels::bus_bandwidth_factor(*op, ranks);
        }
        p.line = static_cast<int>(run.points.size()) + 1;  // the point's place in its run
        run.points.push_back(p);
    }
    return runs;
}

std::vector<CalibrationGroup> calibration_groups(Database& db, std::optional<std::string_view> chip_id) {
    std::vector<CalibrationGroup> out;
    Statement s = db.prepare(
        "SELECT chip_id, kind, COALESCE(system_id, ''), COUNT(*), MAX(imported_at) FROM calibration_points"
        " WHERE ?1 IS NULL OR chip_id = ?1 GROUP BY chip_id, kind, COALESCE(system_id, '')"
        " ORDER BY chip_id, kind, COALESCE(system_id, '')");
    if (chip_id)
        s.bind(1, *chip_id);
    else
        s.bind_null(1);
    while (s.step()) {
        const auto kind = calibration_kind_from(s.text(1));
        if (!kind) continue;  // 'memory' rows: no fit reads them yet
        out.push_back({s.text(0), *kind, s.text(2), static_cast<int>(s.integer(3)), s.text(4)});
    }
    return out;
}

int clear_calibration(Database& db, std::string_view chip_id, std::optional<CalibrationKind> kind) {
    auto tx = db.transaction();
    Statement del = db.prepare("DELETE FROM calibration_points WHERE chip_id = ?1 AND (?2 IS NULL OR kind = ?2)");
    del.bind(1, chip_id);
    if (kind)
        del.bind(2, to_string(*kind));
    else
        del.bind_null(2);
    del.run();
    Statement changes = db.prepare("SELECT changes()");
    changes.step();
    const auto deleted = static_cast<int>(changes.integer(0));
    tx.commit();
    return deleted;
}

}  // namespace rackplan::store
