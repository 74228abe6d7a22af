#pragma once
// The catalog in SQLite: read it whole, replace it whole or import a document into it. An
// import is validated whole (the merged catalog must pass hw::check_catalog) and applied in
// one transaction: a bad file changes nothing.
#include <filesystem>
#include <optional>

#include "hw/catalog.h"
#include "hw/issue.h"
#include "store/database.h"

namespace rackplan::store {

// --db PATH, else $RACKPLAN_DB, else $XDG_DATA_HOME/rackplan/rackplan.db (~/.local/share/...).
std::filesystem::path default_db_path(const std::optional<std::filesystem::path>& flag);

// Opens or creates the database at `path`, migrates it, and seeds an empty catalog from the
// installed data/ (io::load_seed_catalog). Throws store::Error on I/O trouble (locked,
// corrupt, not a database, unwritable) with a message that names the file.
Database open_catalog_db(const std::filesystem::path& path);

hw::Catalog load_catalog(Database& db);

enum class ImportMode { merge, replace };  // merge: add/replace by id; replace: whole catalog

// Validates `incoming` merged into (or replacing) the stored catalog; on any issue nothing
// is written and the issues are returned. Empty result = applied.
Issues import_catalog(Database& db, const hw::Catalog& incoming, ImportMode mode = ImportMode::merge);

}  // namespace rackplan::store
