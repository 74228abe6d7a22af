#pragma once
// The catalog in SQLite: read it whole, replace it whole or import a document into it. An
// import is validated whole (the merged catalog must pass hw::check_catalog) and applied in
// one transaction: a bad file changes nothing.
#include <filesystem>
#include <functional>
#include <optional>

#include "hw/catalog.h"
#include "hw/issue.h"
#include "io/seed.h"
#include "store/database.h"

namespace rackplan::store {

// --db PATH, else $RACKPLAN_DB, else $XDG_DATA_HOME/rackplan/rackplan.db (~/.local/share/...).
std::filesystem::path default_db_path(const std::optional<std::filesystem::path>& flag);

// Opens or creates the database at `path`, migrates it, and seeds an empty catalog from the
// installed data/ (io::load_seed_catalog). Throws store::Error on I/O trouble (locked,
// corrupt, not a database, unwritable) with a message that names the file.
Database open_catalog_db(const std::filesystem::path& path);

// The same without seeding: creates the parent folders, opens and migrates. For a database
// that will receive a whole catalog by import (tests, `catalog import --replace` into a new file).
Database open_database_unseeded(const std::filesystem::path& path);

// Writes the catalog that `load_seed` returns when every catalog table is empty (checked again
// under the write lock, so two processes cannot both seed). `load_seed` runs only then.
// Throws store::Error listing the first few issues when the seed is invalid. True = seeded.
bool seed_if_empty(Database& db, const std::function<io::SeedLoad()>& load_seed);

// True when no catalog table holds a row.
bool catalog_is_empty(Database& db);

// The stored catalog, every list ordered by id (so exports are deterministic).
hw::Catalog load_catalog(Database& db);

enum class ImportMode { merge, replace };  // merge: add/replace by id; replace: whole catalog

// Validates `incoming` merged into (or replacing) the stored catalog; on any issue nothing
// is written and the issues are returned. Empty result = applied. Issue paths index into
// `incoming` (`systems[2].chip`); an issue in a stored entry that the import keeps is
// reported as `(database) systems['id']...`.
Issues import_catalog(Database& db, const hw::Catalog& incoming, ImportMode mode = ImportMode::merge);

// The same checks as import_catalog without writing anything (`catalog validate --against-db`).
Issues check_import(Database& db, const hw::Catalog& incoming, ImportMode mode = ImportMode::merge);

// Writes an edited catalog (the GUI's pending edits) in one transaction. `base` is the catalog
// the edits started from, as load_catalog returned it: when the database no longer holds it
// (another program imported or saved meanwhile) nothing is written and one issue says so,
// rather than silently undoing the other program's change. `edited` must pass every rule of a
// catalog file (io::check_catalog_document); its issues come back otherwise. Empty = saved.
Issues save_catalog(Database& db, const hw::Catalog& base, const hw::Catalog& edited);

}  // namespace rackplan::store
