#include "store/database.h"

#include <sqlite3.h>

#include <utility>

namespace rackplan::store {
namespace {

constexpr int kBusyTimeoutMs = 2000;

Error::Kind kind_of(int code) {
    switch (code & 0xff) {  // primary result code
        case SQLITE_BUSY:
        case SQLITE_LOCKED: return Error::Kind::locked;
        case SQLITE_NOTADB:
        case SQLITE_CORRUPT: return Error::Kind::not_a_database;
        case SQLITE_CANTOPEN:
        case SQLITE_IOERR:
        case SQLITE_READONLY:
        case SQLITE_FULL:
        case SQLITE_PERM: return Error::Kind::io;
        default: return Error::Kind::other;
    }
}

std::string file_of(sqlite3* db) {
    const char* name = db ? sqlite3_db_filename(db, "main") : nullptr;
    return name && *name ? name : ":memory:";
}

[[noreturn]] void fail(sqlite3* db, int code, std::string_view doing = {}) {
    std::string msg = file_of(db) + ": ";
    if (!doing.empty()) msg += std::string(doing) + ": ";
    msg += db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    throw Error(msg, kind_of(code));
}

}  // namespace

// ---- Statement ----------------------------------------------------------------------------

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
    int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
    if (rc != SQLITE_OK) fail(db, rc);
}

Statement::Statement(Statement&& o) noexcept
    : db_(std::exchange(o.db_, nullptr)), stmt_(std::exchange(o.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& o) noexcept {
    if (this != &o) {
        sqlite3_finalize(stmt_);
        db_ = std::exchange(o.db_, nullptr);
        stmt_ = std::exchange(o.stmt_, nullptr);
    }
    return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, std::string_view text) {
    int rc = sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) fail(db_, rc);
    return *this;
}

Statement& Statement::bind(int index, double value) {
    int rc = sqlite3_bind_double(stmt_, index, value);
    if (rc != SQLITE_OK) fail(db_, rc);
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    int rc = sqlite3_bind_int64(stmt_, index, value);
    if (rc != SQLITE_OK) fail(db_, rc);
    return *this;
}

Statement& Statement::bind_null(int index) {
    int rc = sqlite3_bind_null(stmt_, index);
    if (rc != SQLITE_OK) fail(db_, rc);
    return *this;
}

bool Statement::step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(db_, rc);
}

void Statement::run() {
    while (step()) {
    }
    reset();
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

std::string Statement::text(int column) const {
    const auto* p = sqlite3_column_text(stmt_, column);
    if (!p) return {};
    return {reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(stmt_, column))};
}

double Statement::real(int column) const { return sqlite3_column_double(stmt_, column); }
std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }
bool Statement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

std::optional<double> Statement::optional_real(int column) const {
    if (is_null(column)) return std::nullopt;
    return real(column);
}

// ---- Transaction --------------------------------------------------------------------------

// IMMEDIATE takes the write lock up front: a deferred transaction that later upgrades from
// read to write can fail with SQLITE_BUSY without ever waiting on the busy timeout.
Transaction::Transaction(Database& db) : db_(&db) { db.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
    if (!done_) sqlite3_exec(db_->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
    db_->exec("COMMIT");
    done_ = true;
}

// ---- Database -----------------------------------------------------------------------------

Database Database::open(const std::filesystem::path& path, Mode mode) {
    int flags = SQLITE_OPEN_NOMUTEX;
    switch (mode) {
        case Mode::read_write_create: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE; break;
        case Mode::read_write: flags |= SQLITE_OPEN_READWRITE; break;
        case Mode::read_only: flags |= SQLITE_OPEN_READONLY; break;
    }
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = path.string() + ": cannot open: " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc));
        sqlite3_close_v2(raw);
        throw Error(msg, kind_of(rc));
    }
    Database db(raw, path);
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, kBusyTimeoutMs);
    // The first statements read the header: a file that is not a database fails here, before
    // anything could be written to it.
    db.exec("PRAGMA foreign_keys = ON");
    if (mode != Mode::read_only) {
        Statement wal = db.prepare("PRAGMA journal_mode = WAL");
        wal.step();
    } else {
        db.exec("SELECT count(*) FROM sqlite_schema");
    }
    return db;
}

Database::Database(Database&& o) noexcept : db_(std::exchange(o.db_, nullptr)), path_(std::move(o.path_)) {}

Database& Database::operator=(Database&& o) noexcept {
    if (this != &o) {
        sqlite3_close_v2(db_);
        db_ = std::exchange(o.db_, nullptr);
        path_ = std::move(o.path_);
    }
    return *this;
}

Database::~Database() { sqlite3_close_v2(db_); }

void Database::exec(std::string_view sql) {
    std::string copy(sql);  // sqlite3_exec wants a NUL-terminated string
    char* err = nullptr;
    int rc = sqlite3_exec(db_, copy.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string msg = file_of(db_) + ": " + (err ? err : sqlite3_errstr(rc));
        sqlite3_free(err);
        throw Error(msg, kind_of(rc));
    }
}

Statement Database::prepare(std::string_view sql) { return Statement(db_, sql); }

std::int64_t Database::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }

int Database::user_version() {
    Statement s = prepare("PRAGMA user_version");
    s.step();
    return static_cast<int>(s.integer(0));
}

void Database::set_user_version(int v) {
    // PRAGMA takes no parameters; v is an integer of ours, never text from input.
    exec("PRAGMA user_version = " + std::to_string(v));
}

}  // namespace rackplan::store
