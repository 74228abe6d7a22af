#pragma once
// SQLite through its C API: RAII connection, prepared statements and transactions.
// Foreign keys on, WAL journal, busy timeout. Errors are I/O errors: they throw store::Error
// with SQLite's message and the file name.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace rackplan::store {

class Error : public std::runtime_error {
public:
    // What went wrong, so a front end can add a hint without parsing the message.
    enum class Kind { other, locked, not_a_database, newer_schema, io };

    using std::runtime_error::runtime_error;
    Error(const std::string& what, Kind kind) : std::runtime_error(what), kind_(kind) {}
    [[nodiscard]] Kind kind() const { return kind_; }

private:
    Kind kind_ = Kind::other;
};

class Statement {
public:
    Statement(sqlite3* db, std::string_view sql);
    Statement(Statement&&) noexcept;
    Statement& operator=(Statement&&) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    // Binds 1-based parameters; returns *this for chaining.
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, double value);
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind_null(int index);

    bool step();   // true while a row is available
    void run();    // step to completion (INSERT/UPDATE/DELETE)
    void reset();  // ready to bind and step again

    [[nodiscard]] std::string text(int column) const;
    [[nodiscard]] double real(int column) const;
    [[nodiscard]] std::int64_t integer(int column) const;
    [[nodiscard]] bool is_null(int column) const;
    [[nodiscard]] std::optional<double> optional_real(int column) const;

private:
    sqlite3* db_ = nullptr;
    sqlite3_stmt* stmt_ = nullptr;
};

class Database;

// Rolls back unless commit() was called.
class Transaction {
public:
    explicit Transaction(Database& db);
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();
    void commit();

private:
    Database* db_;
    bool done_ = false;
};

class Database {
public:
    enum class Mode { read_write_create, read_write, read_only };

    // Opens (creating if asked) and applies the connection settings. Does not migrate.
    static Database open(const std::filesystem::path& path, Mode mode = Mode::read_write_create);

    Database(Database&&) noexcept;
    Database& operator=(Database&&) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    void exec(std::string_view sql);  // one or more statements, no parameters
    Statement prepare(std::string_view sql);
    [[nodiscard]] std::int64_t last_insert_id() const;
    Transaction transaction() { return Transaction(*this); }

    [[nodiscard]] int user_version();
    void set_user_version(int v);
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }
    [[nodiscard]] sqlite3* handle() const { return db_; }

private:
    Database(sqlite3* db, std::filesystem::path path) : db_(db), path_(std::move(path)) {}
    sqlite3* db_ = nullptr;
    std::filesystem::path path_;
};

}  // namespace rackplan::store
