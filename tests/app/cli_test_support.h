#pragma once
// Runs the real `rackplan` binary (RACKPLAN_CLI) in a sandbox: its own temporary folder, its
// own --db, a seed catalog of our test data (RACKPLAN_DATA_DIR) and XDG_DATA_HOME inside the
// sandbox, so no test touches the user's files or depends on the shipped seed.
#include <catch2/catch.hpp>

#include <spawn.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace rackplan::test {

namespace fs = std::filesystem;

inline std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline fs::path test_data(const std::string& name) { return fs::path(RACKPLAN_TEST_DATA_DIR) / name; }

struct RunResult {
    int exit_code = -1;
    std::string out;
    std::string err;

    [[nodiscard]] std::vector<std::string> err_lines() const {
        std::vector<std::string> lines;
        std::stringstream ss(err);
        for (std::string l; std::getline(ss, l);) lines.push_back(l);
        return lines;
    }
};

class Sandbox {
public:
    explicit Sandbox(const std::string& seed = "catalog_small.json") {
        std::string pattern = (fs::temp_directory_path() / "rackplan-cli-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
        dir_ = pattern;
        fs::create_directories(dir_ / "data" / "catalog");
        fs::copy_file(test_data(seed), dir_ / "data" / "catalog" / seed);
        db_ = dir_ / "rackplan.db";
    }
    ~Sandbox() {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    Sandbox(const Sandbox&) = delete;
    Sandbox& operator=(const Sandbox&) = delete;

    [[nodiscard]] const fs::path& dir() const { return dir_; }
    [[nodiscard]] const fs::path& db() const { return db_; }
    [[nodiscard]] fs::path operator/(const std::string& name) const { return dir_ / name; }

    // rackplan --db <sandbox db> ARGS...
    RunResult run(const std::vector<std::string>& args) const {
        std::vector<std::string> all{"--db", db_.string()};
        all.insert(all.end(), args.begin(), args.end());
        return run_raw(all);
    }

    // rackplan ARGS... exactly as given.
    RunResult run_raw(const std::vector<std::string>& args) const {
        std::vector<std::string> argv_s{RACKPLAN_CLI};
        argv_s.insert(argv_s.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& a : argv_s) argv.push_back(a.data());
        argv.push_back(nullptr);

        std::vector<std::string> env_s;
        for (char** e = environ; *e; ++e) {
            std::string_view v(*e);
            if (v.rfind("RACKPLAN_", 0) == 0 || v.rfind("XDG_DATA_HOME=", 0) == 0) continue;
            env_s.emplace_back(v);
        }
        env_s.push_back("RACKPLAN_DATA_DIR=" + (dir_ / "data").string());
        env_s.push_back("XDG_DATA_HOME=" + (dir_ / "xdg").string());
        std::vector<char*> envp;
        for (auto& e : env_s) envp.push_back(e.data());
        envp.push_back(nullptr);

        // Output goes to files: no pipe can fill up and block the child.
        fs::path out = dir_ / "stdout.txt", err = dir_ / "stderr.txt";
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        pid_t pid = 0;
        int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
        posix_spawn_file_actions_destroy(&actions);
        REQUIRE(rc == 0);
        int status = 0;
        REQUIRE(waitpid(pid, &status, 0) == pid);
        RunResult r;
        r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        r.out = read_file(out);
        r.err = read_file(err);
        return r;
    }

private:
    fs::path dir_;
    fs::path db_;
};

// RFC 4180: fields separated by commas, quoted fields may hold commas, "" and line breaks.
inline std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false, any = false;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += '"', ++i;
            else if (c == '"') quoted = false;
            else field += c;
        } else if (c == '"') {
            quoted = true;
            any = true;
        } else if (c == ',') {
            row.push_back(field), field.clear();
            any = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            row.push_back(field), field.clear();
            rows.push_back(row), row.clear();
            any = false;
        } else {
            field += c;
            any = true;
        }
    }
    REQUIRE_FALSE(quoted);  // an unterminated quote is malformed CSV
    if (any || !field.empty()) row.push_back(field), rows.push_back(row);
    return rows;
}

inline bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

}  // namespace rackplan::test
