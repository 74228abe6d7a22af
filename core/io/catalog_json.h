#pragma once
// Catalog documents in JSON (data/README.md): parse with every problem reported at once,
// each with its JSON path; serialize deterministically (sorted keys) so that an export,
// imported into an empty database and exported again, is identical byte for byte.
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "hw/catalog.h"
#include "hw/issue.h"

namespace rackplan::io {

struct CatalogParse {
    hw::Catalog catalog;
    Issues issues;
    [[nodiscard]] bool ok() const { return issues.empty(); }
};

// Parses one catalog document (syntax, structure, units, ranges). Cross-entry rules
// (source tags, chip ids, topology sizes) are checked by hw::check_catalog.
CatalogParse parse_catalog(std::string_view text);
CatalogParse parse_catalog_json(const nlohmann::json& doc);

nlohmann::json to_json(const hw::Catalog& catalog);
std::string dump_catalog(const hw::Catalog& catalog);  // 2-space indent, trailing newline

// Single entries, as stored in the database (same shape as inside a document).
nlohmann::json chip_to_json(const hw::Chip& chip);
nlohmann::json system_to_json(const hw::System& system);
nlohmann::json fabric_to_json(const hw::Fabric& fabric);
nlohmann::json model_to_json(const workload::Model& model);
nlohmann::json figures_to_json(const hw::Figures& figures);

}  // namespace rackplan::io
