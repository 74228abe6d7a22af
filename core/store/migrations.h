#pragma once
// Schema versions, applied in order by number (PRAGMA user_version). A database of any
// earlier version is brought to kSchemaVersion in one transaction per step.
#include <string_view>

#include "store/database.h"

namespace rackplan::store {

inline constexpr int kSchemaVersion = 3;  // raise with each new migration

// Applies the missing migrations. Throws store::Error if the file is newer than this build.
void migrate(Database& db);

// SQL of migration `n` (1-based), for tests that build a database of an older version.
std::string_view migration_sql(int n);

}  // namespace rackplan::store
