// Every `gemm` row of shared/validation/public-microbench.csv, predicted UNCALIBRATED with
// the seed catalog's chip: the emulator must stay within 10 % median and 25 % max error.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "hw/chip.h"
#include "io/seed.h"
#include "kernels/gemm.h"
#include "validation_support.h"

using namespace rackplan;

namespace {

double median_of(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

}  // namespace

TEST_CASE("GEMM emulation matches the published GEMM microbenchmarks", "[validation][gemm]") {
    const io::CsvTable table = validation::read_table("public-microbench.csv");
    REQUIRE(table.error.empty());
    std::vector<io::CsvRow> rows{table.header};
    rows.insert(rows.end(), table.rows.begin(), table.rows.end());
    REQUIRE(rows.size() > 1);
    std::map<std::string, std::size_t> col;
    for (std::size_t i = 0; i < rows[0].size(); ++i) col[rows[0][i]] = i;
    for (const char* name : {"id", "kernel", "chip", "cores", "m", "n", "k", "batch", "dtype", "metric", "measured"})
        REQUIRE(col.count(name) == 1);

    const io::SeedLoad seed = io::load_seed_catalog();
    std::vector<double> abs_errors;
    std::string worst;
    double worst_error = 0.0;
    std::printf("\n%-5s %-13s %-22s %-5s %-6s %12s %12s %8s  %s\n", "id", "chip", "shape (b x m x n x k)", "dtype", "metric",
                "measured", "predicted", "error", "model detail");
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const auto& row = rows[r];
        auto at = [&](const char* name) { return col.at(name) < row.size() ? row[col.at(name)] : std::string(); };
        if (at("kernel") != "gemm") continue;
        INFO("row " << at("id"));
        const hw::Chip* chip = seed.parse.catalog.find_chip(at("chip"));
        REQUIRE(chip != nullptr);
        const hw::ChipSpec spec = hw::make_spec(*chip);
        const auto dtype = hw::dtype_from(at("dtype"));
        REQUIRE(dtype.has_value());
        kernels::GemmShape shape{std::stoll(at("m")), std::stoll(at("n")), std::stoll(at("k")),
                                 at("batch").empty() ? 1 : std::stoll(at("batch")), *dtype};
        kernels::GemmOptions options;
        options.cores = at("cores").empty() ? 0 : std::stoi(at("cores"));
        options.detail = true;
        const kernels::KernelEstimate est = kernels::gemm(spec, shape, options);
        REQUIRE(est.ok());
        const double measured = std::stod(at("measured"));
        double predicted = 0.0;
        if (at("metric") == "tflops") predicted = est.result->achieved.value() / 1e12;
        else if (at("metric") == "time_s") predicted = est.result->time.value();
        else FAIL("unknown metric " << at("metric"));
        const double error = predicted / measured - 1.0;
        abs_errors.push_back(std::abs(error));
        if (std::abs(error) > worst_error) {
            worst_error = std::abs(error);
            worst = at("id");
        }
        char shape_text[64];
        std::snprintf(shape_text, sizeof shape_text, "%lldx%lldx%lldx%lld", static_cast<long long>(shape.batch),
                      static_cast<long long>(shape.m), static_cast<long long>(shape.n), static_cast<long long>(shape.k));
        std::printf("%-5s %-13s %-22s %-5s %-6s %12.5g %12.5g %+7.1f%%  %s%s\n", at("id").c_str(), at("chip").c_str(), shape_text,
                    at("dtype").c_str(), at("metric").c_str(), measured, predicted, 100.0 * error,
                    options.cores ? ("cores " + at("cores") + ", ").c_str() : "", est.result->detail.c_str());
    }
    REQUIRE(abs_errors.size() >= 13);
    const double median = median_of(abs_errors);
    std::printf("gemm rows %zu: median |error| %.1f %%, max |error| %.1f %% (%s)\n", abs_errors.size(), 100.0 * median,
                100.0 * worst_error, worst.c_str());
    CHECK(median <= 0.10);
    CHECK(worst_error <= 0.25);
}
