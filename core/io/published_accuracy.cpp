#include "io/published_accuracy.h"

#include <fstream>
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
    return out;
}

PublishedAccuracy installed_published_accuracy(const hw::Catalog& catalog) {
    const auto dir = find_data_dir();
    if (!dir) return {{}, 0, {}, "no data folder with published runs beside the program"};
    return published_accuracy(engine::EvaluationContext(catalog), *dir / "validation");
}

}  // namespace rackplan::io
