#include "store/migrations.h"

#include <array>
#include <string>

namespace rackplan::store {
namespace {

// Never edit a migration once released: a database in the field has already applied it.
// Add a new one and raise kSchemaVersion.
constexpr std::array<std::string_view, kSchemaVersion> kMigrations{
    // 1: the catalog. `spec` holds each entry's canonical JSON (io::chip_to_json and friends),
    // the source of truth; `figures` is a queryable copy of every figure, rewritten in the
    // same transaction as the entries.
    R"sql(
CREATE TABLE sources (
    tag      TEXT PRIMARY KEY,
    citation TEXT NOT NULL
);
CREATE TABLE chips (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    vendor       TEXT NOT NULL,
    architecture TEXT NOT NULL,
    spec         TEXT NOT NULL
);
CREATE TABLE systems (
    id      TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    vendor  TEXT NOT NULL,
    kind    TEXT NOT NULL,
    chip_id TEXT NOT NULL REFERENCES chips(id),
    spec    TEXT NOT NULL
);
CREATE INDEX systems_chip ON systems(chip_id);
CREATE TABLE fabrics (
    id   TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    spec TEXT NOT NULL
);
CREATE TABLE models (
    id   TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    spec TEXT NOT NULL
);
CREATE TABLE cost_defaults (
    name TEXT PRIMARY KEY,
    spec TEXT NOT NULL
);
CREATE TABLE figures (
    entity_kind TEXT NOT NULL CHECK (entity_kind IN ('chip', 'system', 'fabric', 'cost_default')),
    entity_id   TEXT NOT NULL,
    path        TEXT NOT NULL,
    value       REAL NOT NULL,
    unit        TEXT NOT NULL,
    low         REAL,
    high        REAL,
    source      TEXT NOT NULL,
    confidence  TEXT NOT NULL CHECK (confidence IN ('documented', 'derived', 'estimate')),
    note        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (entity_kind, entity_id, path)
) WITHOUT ROWID;
)sql",

    // 2: saved scenarios and their results.
    R"sql(
CREATE TABLE scenarios (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL,
    input_json TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE TABLE results (
    id             INTEGER PRIMARY KEY,
    scenario_id    INTEGER NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,
    created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    engine_version TEXT NOT NULL,
    output_json    TEXT NOT NULL
);
CREATE INDEX results_scenario ON results(scenario_id);
)sql",

    // 3: measured points that calibrate the kernel emulators. chip_id is plain text, not a
    // foreign key: replacing the catalog must not delete a user's measurements.
    R"sql(
CREATE TABLE calibration_points (
    id             INTEGER PRIMARY KEY,
    chip_id        TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('gemm', 'collective', 'memory')),
    system_id      TEXT,
    dtype          TEXT,
    m              INTEGER,
    n              INTEGER,
    k              INTEGER,
    ranks          INTEGER,
    bytes          INTEGER,
    algorithm      TEXT,
    measured_value REAL NOT NULL,
    metric         TEXT NOT NULL,
    source_file    TEXT,
    imported_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX calibration_chip_kind ON calibration_points(chip_id, kind);
)sql",
};

}  // namespace

std::string_view migration_sql(int n) {
    if (n < 1 || n > kSchemaVersion) throw std::out_of_range("no migration " + std::to_string(n));
    return kMigrations[static_cast<size_t>(n - 1)];
}

void migrate(Database& db) {
    auto too_new = [&](int v) {
        if (v > kSchemaVersion)
            throw Error(db.path().string() + ": database schema version " + std::to_string(v) +
                            " is newer than this build of rackplan understands (" + std::to_string(kSchemaVersion) +
                            "); use a newer rackplan",
                        Error::Kind::newer_schema);
    };
    int v = db.user_version();
    too_new(v);
    while (v < kSchemaVersion) {
        auto tx = db.transaction();
        // Another process may have migrated while we waited for the write lock.
        int now = db.user_version();
        too_new(now);
        if (now == v) {
            db.exec(migration_sql(v + 1));
            db.set_user_version(v + 1);
        }
        tx.commit();
        v = db.user_version();
    }
}

}  // namespace rackplan::store
