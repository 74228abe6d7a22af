#include "cli_common.h"

#include <CLI/CLI.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sys/stat.h>
#include <sstream>
#include <unistd.h>

#include "store/catalog_store.h"

namespace rackplan::cli {
namespace fs = std::filesystem;

std::string command_path(const CLI::App* app) {
    std::vector<std::string> names;
    for (const CLI::App* a = app; a && a->get_parent(); a = a->get_parent()) names.push_back(a->get_name());
    std::string s;
    for (auto it = names.rbegin(); it != names.rend(); ++it) s += (s.empty() ? "" : " ") + *it;
    return s;
}

store::Database open_db(const GlobalOptions& g) { return store::open_catalog_db(store::default_db_path(g.db)); }

store::Database open_db_unseeded(const GlobalOptions& g) {
    return store::open_database_unseeded(store::default_db_path(g.db));
}

std::string read_text_file(const fs::path& path) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) throw Failure("cannot read " + path.string() + ": is a folder");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Failure("cannot read " + path.string() + ": " + std::strerror(errno));
    std::stringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw Failure("cannot read " + path.string() + ": " + std::strerror(errno));
    return ss.str();
}

void write_file_atomically(const fs::path& path, const std::string& content) {
    fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
    std::string tmpl = (dir / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
    int fd = mkstemp(tmpl.data());
    if (fd < 0) throw Failure("cannot write " + path.string() + ": " + std::strerror(errno));
    auto fail = [&](const char* doing) {
        int err = errno;
        ::close(fd);
        ::unlink(tmpl.c_str());
        throw Failure("cannot write " + path.string() + ": " + doing + ": " + std::strerror(err));
    };
    size_t done = 0;
    while (done < content.size()) {
        ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail("write");
        }
        done += static_cast<size_t>(n);
    }
    // mkstemp makes the file 0600; an exported catalog is an ordinary document.
    mode_t mask = ::umask(0);
    ::umask(mask);
    if (::fchmod(fd, 0666 & ~mask) != 0) fail("chmod");
    if (::fsync(fd) != 0) fail("fsync");
    if (::close(fd) != 0) {
        int err = errno;
        ::unlink(tmpl.c_str());
        throw Failure("cannot write " + path.string() + ": close: " + std::strerror(err));
    }
    if (std::rename(tmpl.c_str(), path.c_str()) != 0) {
        int err = errno;
        ::unlink(tmpl.c_str());
        throw Failure("cannot write " + path.string() + ": " + std::strerror(err));
    }
}

void print_issues(std::ostream& out, const std::string& file, const Issues& issues) {
    for (const auto& i : issues) out << file << ": " << (i.path.empty() ? "$" : i.path) << ": " << i.message << "\n";
}

std::string hint_for(const store::Error& e) {
    switch (e.kind()) {
        case store::Error::Kind::locked:
            return "another program is writing the database; try again when it has finished";
        case store::Error::Kind::not_a_database:
            return "the file was left as it is; move it aside or pass another --db PATH";
        default: return {};
    }
}

}  // namespace rackplan::cli
