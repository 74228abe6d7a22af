#pragma once
// Finds the installed data/ folder and loads the seed catalog from it (or from the copy
// embedded in the library when no folder is found).
#include <filesystem>
#include <optional>
#include <string>

#include "io/catalog_json.h"

namespace rackplan::io {

// $RACKPLAN_DATA_DIR, then <exe>/../share/rackplan/data, then the source tree's data/.
std::optional<std::filesystem::path> find_data_dir();

struct SeedLoad {
    CatalogParse parse;   // merged catalog and every issue (file name prefixed to paths)
    std::string origin;   // the folder read, or "embedded"
};

// Reads every data/catalog/*.json in name order, merges, then runs hw::check_catalog.
SeedLoad load_seed_catalog();
SeedLoad load_catalog_dir(const std::filesystem::path& catalog_dir);
SeedLoad load_embedded_catalog();

std::string version_string();

}  // namespace rackplan::io
