#pragma once
// What every command shares: the global options, the errors that map to exit codes, the
// database opening and file helpers. main.cpp turns the errors into one stderr line.
#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "hw/issue.h"
#include "store/database.h"

namespace CLI {
class App;
}

namespace rackplan::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // I/O, database, invalid input file
inline constexpr int kExitUsage = 2;    // bad flag or argument, unknown id

// Bad command line: exit 2. `hint` is appended in parentheses ("try: rackplan catalog list").
class UsageError : public std::runtime_error {
public:
    explicit UsageError(const std::string& what, std::string hint = {})
        : std::runtime_error(what), hint_(std::move(hint)) {}
    [[nodiscard]] const std::string& hint() const { return hint_; }

private:
    std::string hint_;
};

// The command could not do its work (unreadable file, invalid catalog): exit 1.
class Failure : public std::runtime_error {
public:
    explicit Failure(const std::string& what, std::string hint = {})
        : std::runtime_error(what), hint_(std::move(hint)) {}
    [[nodiscard]] const std::string& hint() const { return hint_; }

private:
    std::string hint_;
};

struct GlobalOptions {
    std::optional<std::filesystem::path> db;  // --db
};

// Commands register an action for their (leaf) subcommand; main runs the one that parsed.
struct Registry {
    GlobalOptions* global = nullptr;
    std::vector<std::pair<CLI::App*, std::function<int()>>> actions;
    void add(CLI::App* app, std::function<int()> run) { actions.emplace_back(app, std::move(run)); }
};

// "catalog show" for the subcommand `app` (empty for the top level).
std::string command_path(const CLI::App* app);

// Opens the database of --db / $RACKPLAN_DB / the XDG path, migrated and seeded.
store::Database open_db(const GlobalOptions& g);
// The same without seeding (an import that replaces the whole catalog).
store::Database open_db_unseeded(const GlobalOptions& g);

// Whole file as text; throws Failure naming the file.
std::string read_text_file(const std::filesystem::path& path);
// Writes through a temporary file in the same folder and renames it over `path`, so a reader
// never sees half a file and a failed write leaves the old one in place.
void write_file_atomically(const std::filesystem::path& path, const std::string& content);

// One line per issue: `FILE: PATH: MESSAGE`.
void print_issues(std::ostream& out, const std::string& file, const Issues& issues);

// The hint for a store error a user can act on (locked, not a database); empty if none.
std::string hint_for(const store::Error& e);

}  // namespace rackplan::cli
