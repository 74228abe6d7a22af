#include "io/published_accuracy.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "io/seed.h"

namespace rackplan::io {

PublishedAccuracy published_accuracy(const engine::EvaluationContext& ctx, const std::filesystem::path& validation_dir) {
    PublishedAccuracy out;
    const std::filesystem::path file = validation_dir / "public-cases.csv";
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        out.unavailable = "no published cases at " + file.string();
        return out;
    }
    std::stringstream text;
    text << in.rdbuf();
    const CsvTable table = read_csv_text(text.str());
    if (!table.error.empty()) {
        out.unavailable = file.string() + ": " + table.error;
        return out;
    }
    ValidationRun run = validate_cases(ctx, table);
    if (!run.file_error.empty()) {
        out.unavailable = file.string() + ": " + run.file_error;
        return out;
    }
    out.rows = std::move(run.rows);
    out.not_compared = static_cast<int>(run.excluded.size());
    out.source = file.filename().string() + " (" + std::to_string(table.rows.size()) + " published rows)";
    if (out.rows.empty())
        out.unavailable = "none of the " + std::to_string(table.rows.size()) + " published rows in " + file.string() +
                          " runs with this catalog";
    return out;
}

namespace {

bool is_time(const std::string& metric) {
    return metric == "step_time_s" || metric == "ttft_ms" || metric == "tpot_ms" || metric == "time_s";
}

}  // namespace

bool FamilyAccuracy::optimistic() const { return (median_signed < 0.0) == is_time(metric); }

std::vector<FamilyAccuracy> family_accuracy(const PublishedAccuracy& a, const hw::Catalog& catalog, const std::string& mode,
                                            hw::Architecture family) {
    std::map<std::string, std::vector<double>> by_metric;
    for (const ValidationRow& r : a.rows) {
        const hw::Chip* chip = catalog.find_chip(r.chip);
        if (r.mode == mode && chip && chip->architecture == family) by_metric[r.metric].push_back(r.rel_error);
    }
    std::vector<FamilyAccuracy> out;
    for (const auto& [metric, errors] : by_metric) {
        std::vector<double> abs;
        for (double e : errors) abs.push_back(std::abs(e));
        out.push_back({metric, static_cast<int>(errors.size()), median_of(abs), *std::max_element(abs.begin(), abs.end()),
                       median_of(errors)});
    }
    return out;
}

std::string hardware_family_label(hw::Architecture a) {
    switch (a) {
        case hw::Architecture::gpu_sm: return "NVIDIA GPU";
        case hw::Architecture::amd_cdna: return "AMD GPU";
        case hw::Architecture::neuroncore: return "AWS Trainium / Inferentia";
        case hw::Architecture::tpu_mxu: return "Google TPU";
    }
    return "other";
}

std::string accuracy_reading(const FamilyAccuracy& f) {
    char buf[120];
    const double pct = 100.0 * std::abs(f.median_signed);
    const bool time = is_time(f.metric);
    if (pct < 5.0) std::snprintf(buf, sizeof buf, "no clear lean (median %+.0f %%)", 100.0 * f.median_signed);
    else
        std::snprintf(buf, sizeof buf, "%s: predicted %s %.0f %% %s than measured (median)",
                      f.optimistic() ? "optimistic" : "pessimistic", time ? "times" : "rates", pct,
                      f.median_signed < 0 ? (time ? "shorter" : "lower") : (time ? "longer" : "higher"));
    return buf;
}

InstalledValidation validate_installed(const engine::EvaluationContext& ctx) {
    InstalledValidation out;
    const auto dir = find_data_dir();
    if (!dir) {
        out.unavailable = "no data folder with published runs beside the program";
        return out;
    }
    for (const char* name : {"public-cases.csv", "public-microbench.csv"}) {
        const std::filesystem::path file = *dir / "validation" / name;
        std::ifstream in(file, std::ios::binary);
        if (!in) continue;
        std::stringstream text;
        text << in.rdbuf();
        const CsvTable table = read_csv_text(text.str());
        const ValidationKindGuess kind = validation_kind(table.header);
        if (!table.error.empty() || !kind.kind) {
            out.unavailable = file.string() + ": " + (table.error.empty() ? kind.error : table.error);
            return out;
        }
        ValidationRun run = *kind.kind == ValidationKind::cases ? validate_cases(ctx, table) : validate_microbench(ctx, table);
        out.run.rows.insert(out.run.rows.end(), run.rows.begin(), run.rows.end());
        out.run.excluded.insert(out.run.excluded.end(), run.excluded.begin(), run.excluded.end());
        out.files.push_back(name);
    }
    if (out.files.empty()) out.unavailable = "no published runs in " + (*dir / "validation").string();
    return out;
}

PublishedAccuracy installed_published_accuracy(const hw::Catalog& catalog) {
    const auto dir = find_data_dir();
    if (!dir) return {{}, 0, {}, "no data folder with published runs beside the program"};
    return published_accuracy(engine::EvaluationContext(catalog), *dir / "validation");
}

}  // namespace rackplan::io
