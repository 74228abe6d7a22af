#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "io/batch_runner.h"

using namespace rackplan::io;
namespace fs = std::filesystem;

namespace {

struct TempDir {
    fs::path path;
    TempDir() {
        path = fs::temp_directory_path() / ("rackplan-batch-" + std::to_string(::getpid()) + "-" +
                                            std::to_string(reinterpret_cast<std::uintptr_t>(this)));
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
    fs::path write(const std::string& name, const std::string& text) const {
        std::ofstream(path / name, std::ios::binary) << text;
        return path / name;
    }
};

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Evaluates "chips" into tokens_per_s = 2*chips; chips "x" is a bad cell.
RowResult doubling(const RowView& row) {
    const std::string& chips = row.cell("chips");
    if (chips == "x") return {RowStatus::error, "column chips: not a number: 'x'", {}};
    if (chips == "0") return {RowStatus::infeasible, "nothing fits", {}};
    return {RowStatus::ok, "", {{"tokens_per_s", std::to_string(2 * std::stoi(chips))}}};
}

}  // namespace

TEST_CASE("batch: echoes inputs and x_ columns, appends outputs, keeps order", "[batch]") {
    TempDir d;
    auto in = d.write("in.csv", "x_note,id,mode,system,chips\n\"a, b\",r1,train,dgx-h100,8\nz,r2,train,dgx-h100,16\n");
    auto out = d.path / "out.csv";
    BatchOptions opt;
    opt.jobs = 2;
    opt.chunk_rows = 1;  // several chunks
    BatchSummary s = run_batch(in, out, doubling, opt);
    REQUIRE(s.file_error.empty());
    CHECK(s.exit_code == 0);
    CHECK(s.rows == 2);
    CsvTable t = read_csv_text(read(out));
    REQUIRE(t.rows.size() == 2);
    CHECK(t.header[0] == "x_note");
    CHECK(t.header[5] == "status");
    CHECK(t.rows[0][0] == "a, b");
    CHECK(t.rows[0][1] == "r1");
    auto col = [&](const std::string& name) {
        return std::find(t.header.begin(), t.header.end(), name) - t.header.begin();
    };
    CHECK(t.rows[0][col("tokens_per_s")] == "16");
    CHECK(t.rows[1][col("tokens_per_s")] == "32");
    CHECK(t.rows[1][col("status")] == "ok");
    CHECK(t.header.size() == 5 + batch_output_columns().size());
}

TEST_CASE("batch: unknown, duplicate or missing column rejects the file, writes nothing", "[batch]") {
    TempDir d;
    auto out = d.path / "out.csv";
    for (const char* header : {"id,mode,system,chips,colour", "id,mode,system,chips,chips", "id,mode,system"}) {
        INFO(header);
        auto in = d.write("in.csv", std::string(header) + "\n1,train,dgx-h100,8\n");
        BatchSummary s = run_batch(in, out, doubling);
        CHECK(s.exit_code == 2);
        CHECK_FALSE(s.file_error.empty());
        CHECK_FALSE(fs::exists(out));
    }
    auto in = d.write("in.csv", "id,mode,system,chips,colour\n1,train,dgx-h100,8,red\n");
    CHECK(run_batch(in, out, doubling).file_error.find("unknown column 'colour'") != std::string::npos);
}

TEST_CASE("batch: a bad cell fails that row only, exit 3", "[batch]") {
    TempDir d;
    auto in = d.write("in.csv", "id,mode,system,chips\na,train,s,8\nb,train,s,x\nc,train,s,0\nc,train,s,4\nd,train,s\n");
    auto out = d.path / "out.csv";
    BatchSummary s = run_batch(in, out, doubling);
    CHECK(s.exit_code == 3);
    CHECK(s.ok == 1);
    CHECK(s.infeasible == 1);
    CHECK(s.errors == 3);
    CsvTable t = read_csv_text(read(out));
    REQUIRE(t.rows.size() == 5);
    CHECK(t.rows[1][4] == "error");
    CHECK(t.rows[1][5].find("column chips") != std::string::npos);
    CHECK(t.rows[3][5].find("repeats the id of line 4") != std::string::npos);
    CHECK(t.rows[4][5].find("3 fields but the header has 4") != std::string::npos);
}

TEST_CASE("batch: an existing output survives a failed run", "[batch]") {
    TempDir d;
    auto out = d.write("out.csv", "precious\n");
    auto in = d.write("in.csv", "id,mode,bogus\n");
    CHECK(run_batch(in, out, doubling).exit_code == 2);
    CHECK(read(out) == "precious\n");
    std::atomic<bool> cancel{true};
    BatchOptions opt;
    opt.cancel = &cancel;
    auto good = d.write("good.csv", "id,mode,system,chips\na,train,s,8\n");
    BatchSummary s = run_batch(good, out, doubling, opt);
    CHECK(s.cancelled);
    CHECK(s.exit_code == 1);
    CHECK(read(out) == "precious\n");
    // No temporary file is left behind.
    for (const auto& e : fs::directory_iterator(d.path)) CHECK(e.path().filename().string().find(".tmp.") == std::string::npos);
}

TEST_CASE("batch: malformed CSV is a file error", "[batch]") {
    TempDir d;
    auto in = d.write("in.csv", "id,mode,system,chips\na,train,\"open,8\n");
    BatchSummary s = run_batch(in, d.path / "out.csv", doubling);
    CHECK(s.exit_code == 2);
    CHECK(s.file_error.find("quoted field is not closed") != std::string::npos);
    CHECK_FALSE(fs::exists(d.path / "out.csv"));
    CHECK(run_batch(d.path / "missing.csv", d.path / "out.csv", doubling).exit_code == 2);
}
