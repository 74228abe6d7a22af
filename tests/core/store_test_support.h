#pragma once
// Helpers shared by the store tests: a temporary folder per test and the small test catalogs.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "hw/catalog_checks.h"
#include "io/catalog_json.h"
#include "io/seed.h"

namespace rackplan::test {

class TempDir {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "rackplan-store-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }
    [[nodiscard]] std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

inline std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline std::filesystem::path test_data(const std::string& name) {
    return std::filesystem::path(RACKPLAN_TEST_DATA_DIR) / name;
}

// A test catalog file, parsed; the test fails if it has parse issues.
inline hw::Catalog load_test_catalog(const std::string& name) {
    io::CatalogParse p = io::parse_catalog(read_file(test_data(name)));
    INFO(name << ": " << (p.issues.empty() ? "" : p.issues.front().path + ": " + p.issues.front().message));
    REQUIRE(p.ok());
    return p.catalog;
}

// A seed loader that returns one test catalog, for store::seed_if_empty.
inline io::SeedLoad test_seed(const std::string& name) {
    io::SeedLoad s;
    s.origin = name;
    s.parse = io::parse_catalog(read_file(test_data(name)));
    for (auto& i : hw::check_catalog(s.parse.catalog)) s.parse.issues.push_back(i);
    return s;
}

}  // namespace rackplan::test
