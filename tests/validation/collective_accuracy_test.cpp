// Predicted all-reduce busbw against the published measurements in
// shared/validation/public-microbench.csv, with the seed catalog as shipped (uncalibrated).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "hw/catalog.h"
#include "io/csv_reader.h"
#include "io/seed.h"
#include "kernels/collective.h"

using namespace rackplan;

namespace {

std::string shared_dir() {
    if (const char* env = std::getenv("RACKPLAN_SHARED_DIR"); env && *env) return env;
    return RACKPLAN_SHARED_DIR;
}

struct Row {
    std::string id, system, variant;
    int ranks = 0;
    int nodes = 1;
    double bytes = 0.0;
    double measured = 0.0;
    double predicted = 0.0;
    double error = 0.0;
    std::string algorithm;
};

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

}  // namespace

TEST_CASE("all-reduce busbw predictions match published nccl-tests measurements", "[validation][collective]") {
    const std::string path = shared_dir() + "/validation/public-microbench.csv";
    std::ifstream in(path);
    REQUIRE(in.good());
    std::stringstream text;
    text << in.rdbuf();
    const io::CsvTable table = io::read_csv_text(text.str());
    REQUIRE(table.error.empty());
    std::map<std::string, std::size_t> col;
    for (std::size_t i = 0; i < table.header.size(); ++i) col[table.header[i]] = i;
    for (const char* c : {"id", "kernel", "system", "ranks", "nodes", "bytes", "variant", "metric", "measured"})
        REQUIRE(col.count(c) == 1);

    const io::SeedLoad seed = io::load_seed_catalog();
    for (const Issue& i : seed.parse.issues) INFO(i.path << ": " << i.message);
    REQUIRE(seed.parse.issues.empty());
    const hw::Catalog& catalog = seed.parse.catalog;

    std::map<std::string, std::unique_ptr<kernels::CollectiveModel>> models;
    std::vector<Row> rows;
    std::vector<std::string> skipped;
    std::vector<std::string> failed;
    for (const io::CsvRow& r : table.rows) {
        auto at = [&](const char* c) -> const std::string& { return r.at(col.at(c)); };
        if (at("kernel") != "allreduce") continue;
        Row row;
        row.id = at("id");
        row.system = at("system");
        row.variant = at("variant");
        if (at("bytes").empty()) {
            skipped.push_back(row.id + " (no bytes: large-message plateau without a size)");
            continue;
        }
        row.bytes = std::stod(at("bytes"));
        if (row.bytes < 1048576.0) {
            skipped.push_back(row.id + " (below 1 MiB)");
            continue;
        }
        REQUIRE(at("metric") == "busbw_gbps");
        row.ranks = std::stoi(at("ranks"));
        row.nodes = at("nodes").empty() ? 1 : std::stoi(at("nodes"));
        row.measured = std::stod(at("measured"));

        const hw::System* system = catalog.find_system(row.system);
        const hw::Chip* chip = system ? catalog.find_chip(system->chip) : nullptr;
        if (!system || !chip) {
            failed.push_back(row.id + " (system '" + row.system + "' not in the seed catalog)");
            continue;
        }
        const hw::SystemSpec spec = hw::make_spec(*system);
        const int cluster = std::max(row.ranks, row.nodes * spec.chips_per_node);
        const std::string key = row.system + "/" + std::to_string(cluster);
        auto& model = models[key];
        if (!model) model = std::make_unique<kernels::CollectiveModel>(spec, hw::make_spec(*chip), cluster);

        kernels::CollectiveRequest q;
        q.op = kernels::Collective::all_reduce;
        q.group.ranks = row.ranks;
        if (row.nodes > 1) q.group.ranks_per_node = (row.ranks + row.nodes - 1) / row.nodes;
        q.bytes = units::Bytes(row.bytes);
        q.allow_in_switch_reduction = row.variant != "no_nvls";
        const kernels::CollectiveEstimate e = model->estimate(q);
        if (!e.result) {
            std::string why;
            for (const Issue& i : e.issues) why += " " + i.path + ": " + i.message;
            failed.push_back(row.id + " (" + why + ")");
            continue;
        }
        row.predicted = units::to_gbps(e.result->busbw);
        row.error = row.predicted / row.measured - 1.0;
        row.algorithm = e.result->algorithm;
        rows.push_back(row);
    }

    std::printf("\nall-reduce busbw, seed catalog %s, uncalibrated\n", seed.origin.c_str());
    std::printf("%-5s %-10s %5s %11s %-8s %9s %9s %7s  %s\n", "id", "system", "ranks", "bytes", "variant", "measured",
                "predicted", "error", "algorithm");
    std::vector<double> abs_errors;
    std::string worst;
    double worst_error = 0.0;
    for (const Row& r : rows) {
        std::printf("%-5s %-10s %5d %11.0f %-8s %9.1f %9.1f %+6.1f%%  %s\n", r.id.c_str(), r.system.c_str(), r.ranks,
                    r.bytes, r.variant.empty() ? "-" : r.variant.c_str(), r.measured, r.predicted, 100.0 * r.error,
                    r.algorithm.c_str());
        abs_errors.push_back(std::abs(r.error));
        if (std::abs(r.error) > worst_error) {
            worst_error = std::abs(r.error);
            worst = r.id;
        }
    }
    for (const std::string& s : skipped) std::printf("skipped: %s\n", s.c_str());
    for (const std::string& s : failed) std::printf("error:   %s\n", s.c_str());
    REQUIRE(!abs_errors.empty());
    const double med = median(abs_errors);
    std::printf("rows %zu, median |error| %.1f%%, max |error| %.1f%% (%s)\n", abs_errors.size(), 100.0 * med,
                100.0 * worst_error, worst.c_str());

    CHECK(failed.empty());
    CHECK(rows.size() >= 11);  // C63a-j and C66a
    CHECK(med <= 0.15);
    CHECK(worst_error <= 0.35);
}
