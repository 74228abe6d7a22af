#include "io/seed.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "hw/catalog_checks.h"
#include "io/embedded_seed.h"

namespace rackplan::io {
namespace fs = std::filesystem;

namespace {

// Merges one document into `into`, reporting ids that two files both define.
void merge_file(SeedLoad& load, const std::string& name, std::string_view text) {
    CatalogParse one = parse_catalog(text);
    for (auto& i : one.issues) load.parse.issues.push_back({name + ": " + i.path, i.message});
    auto dup = [&](const auto& have, const auto& add, const char* kind) {
        for (const auto& x : add)
            if (std::any_of(have.begin(), have.end(), [&](const auto& y) { return y.id == x.id; }))
                load.parse.issues.push_back({name + ": " + kind, "id '" + x.id + "' is defined in another seed file too"});
    };
    dup(load.parse.catalog.chips, one.catalog.chips, "chips");
    dup(load.parse.catalog.systems, one.catalog.systems, "systems");
    dup(load.parse.catalog.models, one.catalog.models, "models");
    dup(load.parse.catalog.fabrics, one.catalog.fabrics, "fabrics");
    load.parse.catalog.merge(one.catalog);
}

void finish(SeedLoad& load) {
    for (auto& i : hw::check_catalog(load.parse.catalog)) load.parse.issues.push_back(std::move(i));
}

}  // namespace

std::optional<fs::path> find_data_dir() {
    std::error_code ec;
    if (const char* env = std::getenv("RACKPLAN_DATA_DIR"); env && *env) {
        if (fs::is_directory(fs::path(env) / "catalog", ec)) return fs::path(env);
    }
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        fs::path installed = exe.parent_path().parent_path() / RACKPLAN_INSTALL_DATA_SUBDIR;
        if (fs::is_directory(installed / "catalog", ec)) return installed;
    }
    fs::path source = RACKPLAN_SOURCE_DATA_DIR;
    if (fs::is_directory(source / "catalog", ec)) return source;
    return std::nullopt;
}

SeedLoad load_catalog_dir(const fs::path& catalog_dir) {
    SeedLoad load;
    load.origin = catalog_dir.string();
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(catalog_dir, ec))
        if (e.path().extension() == ".json") files.push_back(e.path());
    if (ec) load.parse.issues.push_back({catalog_dir.string(), "cannot read: " + ec.message()});
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        if (!in) {
            load.parse.issues.push_back({f.string(), "cannot read file"});
            continue;
        }
        merge_file(load, f.filename().string(), ss.str());
    }
    finish(load);
    return load;
}

SeedLoad load_embedded_catalog() {
    SeedLoad load;
    load.origin = "embedded";
    for (const auto& f : embedded_seed()) merge_file(load, std::string(f.name), f.text);
    finish(load);
    return load;
}

SeedLoad load_seed_catalog() {
    if (auto dir = find_data_dir()) return load_catalog_dir(*dir / "catalog");
    return load_embedded_catalog();
}

std::string version_string() { return RACKPLAN_VERSION; }

}  // namespace rackplan::io
