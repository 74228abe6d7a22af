#pragma once
// The model against the published training and serving runs shipped in data/validation/ (a
// copy of shared/validation/), for reports that say how far to trust their estimates on each
// hardware family. The rows come from validate_cases, so they are what `rackplan validate`
// prints for the same catalog.
#include <filesystem>
#include <string>
#include <vector>

#include "engine/evaluate.h"
#include "hw/catalog.h"
#include "io/validation_run.h"

namespace rackplan::io {

struct PublishedAccuracy {
    std::vector<ValidationRow> rows;  // compared case rows (training and serving)
    int not_compared = 0;             // rows the catalog could not run (error, infeasible)
    std::string source;               // the file read, with its row count
    std::string unavailable;          // why there are no rows (no file, unreadable, wrong shape)
};

// Reads validation_dir/public-cases.csv and compares every row with the catalog of `ctx`.
PublishedAccuracy published_accuracy(const engine::EvaluationContext& ctx, const std::filesystem::path& validation_dir);
// The same for the catalog as it is (uncalibrated), from the data folder the program found
// (find_data_dir()/validation): what reports show.
PublishedAccuracy installed_published_accuracy(const hw::Catalog& catalog);

// Every published file the program found (find_data_dir()/validation: public-cases.csv and
// public-microbench.csv) against the model of `ctx`, rows in file order: what `rackplan
// validate` prints for them, for the GUI's Validation page.
struct InstalledValidation {
    ValidationRun run;               // rows and excluded rows of both files
    std::vector<std::string> files;  // the file names read
    std::string unavailable;         // why nothing was compared (no folder, a bad file)
};
InstalledValidation validate_installed(const engine::EvaluationContext& ctx);

// One metric of one hardware family: how far the model has been from published runs and which
// way it leans (the median signed error: for a time < 0 is optimistic, for a rate > 0 is).
struct FamilyAccuracy {
    std::string metric;
    int rows = 0;
    double median_abs = 0.0, max_abs = 0.0, median_signed = 0.0;
    [[nodiscard]] bool optimistic() const;  // the model predicts faster than measured
};

// The rows of `mode` (train, infer) on chips of architecture `family`, by metric (sorted).
std::vector<FamilyAccuracy> family_accuracy(const PublishedAccuracy& a, const hw::Catalog& catalog, const std::string& mode,
                                            hw::Architecture family);

// "NVIDIA GPU", "AWS Trainium / Inferentia", ...: the family as a buyer names it.
std::string hardware_family_label(hw::Architecture a);
// "optimistic: predicted times 39 % shorter than measured (median)", "no clear lean (median -2 %)".
std::string accuracy_reading(const FamilyAccuracy& f);

}  // namespace rackplan::io
