#include "cli_test_support.h"

#include <cmath>

#include <nlohmann/json.hpp>

using namespace rackplan::test;
using nlohmann::json;

namespace {

// A sandbox seeded from the shipped catalog (data/catalog/*.json), for the real parts.
struct SeededSandbox : Sandbox {
    SeededSandbox() {
        const fs::path catalog = dir() / "data" / "catalog";
        fs::remove_all(catalog);
        fs::create_directories(catalog);
        for (const auto& e : fs::directory_iterator(fs::path(RACKPLAN_SOURCE_DIR) / "data" / "catalog"))
            if (e.path().extension() == ".json") fs::copy_file(e.path(), catalog / e.path().filename());
    }
};

json one_object(const RunResult& r) {
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    // One object per point: exactly one line.
    REQUIRE(std::count(r.out.begin(), r.out.end(), '\n') == 1);
    return json::parse(r.out);
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream ss(text);
    for (std::string l; std::getline(ss, l);) out.push_back(l);
    return out;
}

}  // namespace

TEST_CASE("microbench gemm --format json: time_s and TFLOP/s with 1e12", "[cli][microbench]") {
    SeededSandbox sb;
    const json j = one_object(
        sb.run({"microbench", "gemm", "--chip", "h100-sxm", "--m", "4096", "--n", "8192", "--k", "2048", "--format", "json"}));
    CHECK(j["kernel"] == "gemm");
    CHECK(j["chip"] == "h100-sxm");
    CHECK(j["dtype"] == "bf16");
    CHECK(j["calibrated"] == false);
    const double t = j["time_s"].get<double>();
    REQUIRE(t > 0.0);
    CHECK(j["tflops"].get<double>() == Approx(2.0 * 4096.0 * 8192.0 * 2048.0 / t / 1e12));
    CHECK(j["efficiency"].get<double>() > 0.3);
    CHECK(j["efficiency"].get<double>() <= 1.0);

    // Fewer cores, fewer FLOP/s; fp8 faster than bf16 on a Hopper.
    const json half = one_object(sb.run({"microbench", "gemm", "--chip", "h100-sxm", "--m", "4096", "--n", "8192", "--k",
                                         "2048", "--cores", "66", "--format", "json"}));
    CHECK(half["cores"] == 66);
    CHECK(half["tflops"].get<double>() < j["tflops"].get<double>());
    const json fp8 = one_object(sb.run({"microbench", "gemm", "--chip", "h100-sxm", "--m", "4096", "--n", "8192", "--k",
                                        "2048", "--dtype", "fp8", "--format", "json"}));
    CHECK(fp8["tflops"].get<double>() > j["tflops"].get<double>());
}

TEST_CASE("microbench memory and attention report gbps and tflops", "[cli][microbench]") {
    SeededSandbox sb;
    const json m = one_object(sb.run({"microbench", "memory", "--chip", "h100-sxm", "--bytes", "1GiB", "--format", "json"}));
    CHECK(m["bytes"] == 1073741824);
    // The copy reads and writes every byte; GB = 1e9.
    CHECK(m["gbps"].get<double>() == Approx(2.0 * 1073741824.0 / m["time_s"].get<double>() / 1e9));
    CHECK(m["gbps"].get<double>() < 3350.0);  // never above the HBM peak
    CHECK(m["bound"] == "memory");
    const json small = one_object(sb.run({"microbench", "memory", "--chip", "h100-sxm", "--bytes", "4KB", "--format", "json"}));
    CHECK(small["bytes"] == 4000);
    CHECK(small["bound"] == "latency");

    const json a = one_object(sb.run({"microbench", "attention", "--chip", "h100-sxm", "--heads", "32", "--kv-heads", "8",
                                      "--q-len", "4096", "--no-causal", "--format", "json"}));
    CHECK(a["kv_len"] == 4096);
    CHECK(a["causal"] == false);
    CHECK(a["tflops"].get<double>() == Approx(4.0 * 32 * 128 * 4096.0 * 4096.0 / a["time_s"].get<double>() / 1e12));
    const json decode = one_object(sb.run({"microbench", "attention", "--chip", "h100-sxm", "--batch", "8", "--heads", "32",
                                           "--kv-heads", "8", "--q-len", "1", "--kv-len", "8192", "--format", "json"}));
    CHECK(decode["bound"] == "memory");
}

TEST_CASE("microbench collectives: nccl-tests algbw and busbw and the algorithm chosen", "[cli][microbench]") {
    SeededSandbox sb;
    const json j = one_object(sb.run(
        {"microbench", "allreduce", "--system", "dgx-h100", "--ranks", "16", "--bytes", "1GiB", "--format", "json"}));
    const double t = j["time_s"].get<double>();
    CHECK(j["kernel"] == "allreduce");
    CHECK(j["chip"] == "h100-sxm");
    CHECK(j["ranks_per_node"] == 8);
    CHECK(j["algbw_gbps"].get<double>() == Approx(1073741824.0 / t / 1e9));
    CHECK(j["busbw_gbps"].get<double>() == Approx(j["algbw_gbps"].get<double>() * 2.0 * 15.0 / 16.0));
    CHECK_FALSE(j["algorithm"].get<std::string>().empty());

    const json ring = one_object(sb.run({"microbench", "allreduce", "--system", "dgx-h100", "--ranks", "16", "--bytes",
                                         "1GiB", "--algorithm", "ring", "--format", "json"}));
    CHECK(ring["algorithm"] == "ring");
    CHECK(ring["time_s"].get<double>() >= t);  // the default is the fastest
    const json no_nvls = one_object(sb.run({"microbench", "allreduce", "--system", "dgx-h100", "--ranks", "8", "--bytes",
                                            "1GiB", "--no-nvls", "--format", "json"}));
    CHECK(no_nvls["algorithm"] != "nvls");
    const json spread = one_object(sb.run({"microbench", "allgather", "--system", "dgx-h100", "--ranks", "8",
                                           "--ranks-per-node", "1", "--bytes", "256M", "--format", "json"}));
    const json packed = one_object(
        sb.run({"microbench", "allgather", "--system", "dgx-h100", "--ranks", "8", "--bytes", "256M", "--format", "json"}));
    CHECK(spread["ranks_per_node"] == 1);
    CHECK(spread["busbw_gbps"].get<double>() < packed["busbw_gbps"].get<double>());  // NICs are slower than NVLink

    for (const char* op : {"reducescatter", "alltoall", "sendrecv", "broadcast"}) {
        const json x = one_object(
            sb.run({"microbench", op, "--system", "trn2.48xlarge", "--ranks", "16", "--bytes", "64MiB", "--format", "json"}));
        CHECK(x["kernel"] == op);
        CHECK(x["time_s"].get<double>() > 0.0);
    }
}

TEST_CASE("microbench prints a readable figure by default and says it is uncalibrated", "[cli][microbench]") {
    SeededSandbox sb;
    auto r = sb.run({"microbench", "gemm", "--chip", "h100-sxm", "--m", "4096", "--n", "4096", "--k", "4096"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(contains(r.out, "gemm 4096 x 4096 x 4096, bf16, on h100-sxm"));
    CHECK(contains(r.out, "TFLOP/s"));
    CHECK(contains(r.out, "calibration: uncalibrated"));
    r = sb.run({"microbench", "allreduce", "--system", "dgx-h100", "--ranks", "8", "--bytes", "1G"});
    REQUIRE(r.exit_code == 0);
    CHECK(contains(r.out, "busbw"));
    CHECK(contains(r.out, "algorithm"));
}

TEST_CASE("microbench --sweep writes CSV curves, to stdout or a file", "[cli][microbench]") {
    SeededSandbox sb;
    auto gemm = parse_csv(sb.run({"microbench", "gemm", "--chip", "h100-sxm", "--sweep"}).out);
    REQUIRE(gemm.size() == 1 + 15);  // 128, 192, ... 16384
    const auto& head = gemm.front();
    const auto col = [&](const std::string& name) {
        const auto it = std::find(head.begin(), head.end(), name);
        REQUIRE(it != head.end());
        return static_cast<std::size_t>(it - head.begin());
    };
    CHECK(gemm[1][col("m")] == "128");
    CHECK(gemm.back()[col("k")] == "16384");
    CHECK(std::stod(gemm.back()[col("tflops")]) > std::stod(gemm[1][col("tflops")]));

    auto dim = parse_csv(sb.run({"microbench", "gemm", "--chip", "h100-sxm", "--sweep", "--sweep-dim", "k", "--m", "1024",
                                 "--n", "2048"})
                             .out);
    REQUIRE(dim.size() == 16);
    CHECK(dim[3][col("m")] == "1024");
    CHECK(dim[3][col("n")] == "2048");
    CHECK(dim[3][col("k")] == "256");

    const fs::path file = sb / "memory.csv";
    auto r = sb.run({"microbench", "memory", "--chip", "h100-sxm", "--sweep", "-o", file.string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.empty());
    auto mem = parse_csv(read_file(file));
    REQUIRE(mem.size() == 1 + 21);  // 4 KiB .. 4 GiB doubling
    CHECK(mem[1][2] == "4096");
    CHECK(mem.back()[2] == "4294967296");
    for (const auto& e : fs::directory_iterator(sb.dir()))  // the temporary of the atomic write is gone
        CHECK(e.path().filename().string().find(".tmp") == std::string::npos);

    auto coll = parse_csv(sb.run({"microbench", "allreduce", "--system", "dgx-h100", "--ranks", "64", "--sweep"}).out);
    REQUIRE(coll.size() == 1 + 31);  // 8 B .. 8 GiB doubling
    CHECK(coll[1][5] == "8");
    CHECK(coll.back()[5] == "8589934592");

    // --format json on a sweep: one object per point.
    r = sb.run({"microbench", "broadcast", "--system", "dgx-h100", "--ranks", "8", "--sweep", "--format", "json"});
    REQUIRE(r.exit_code == 0);
    const auto objects = lines(r.out);
    REQUIRE(objects.size() == 31);
    for (const auto& l : objects) CHECK(json::parse(l).contains("busbw_gbps"));
}

TEST_CASE("microbench bad input: one line naming the flag, exit 2, no figure", "[cli][microbench]") {
    SeededSandbox sb;
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
        {{"gemm", "--chip", "no-such-chip", "--m", "8", "--n", "8", "--k", "8"}, "--chip"},
        {{"gemm", "--chip", "h100-sxm", "--m", "0", "--n", "8", "--k", "8"}, "--m"},
        {{"gemm", "--chip", "h100-sxm", "--m", "8", "--n", "-8", "--k", "8"}, "--n"},
        {{"gemm", "--chip", "h100-sxm", "--m", "8", "--n", "8", "--k", "x"}, "--k"},
        {{"gemm", "--chip", "h100-sxm", "--m", "8", "--n", "8", "--k", "8", "--dtype", "fp4"}, "--dtype"},
        {{"gemm", "--chip", "h100-sxm", "--m", "8", "--n", "8", "--k", "8", "--cores", "1000"}, "--cores"},
        {{"gemm", "--chip", "h100-sxm", "--m", "8", "--n", "8"}, "--k"},
        {{"memory", "--chip", "h100-sxm", "--bytes", "0"}, "--bytes"},
        {{"memory", "--chip", "h100-sxm", "--bytes", "-1MB"}, "--bytes"},
        {{"memory", "--chip", "h100-sxm", "--bytes", "1TB"}, "--bytes"},
        {{"attention", "--chip", "h100-sxm", "--heads", "32", "--kv-heads", "7", "--q-len", "128"}, "--kv-heads"},
        {{"allreduce", "--system", "no-such-system", "--ranks", "8", "--bytes", "1M"}, "--system"},
        {{"allreduce", "--system", "dgx-h100", "--ranks", "1", "--bytes", "1M"}, "--ranks"},
        {{"allreduce", "--system", "dgx-h100", "--ranks", "9999999", "--bytes", "1M"}, "--ranks"},
        {{"allreduce", "--system", "dgx-h100", "--ranks", "8", "--bytes", "0"}, "--bytes"},
        {{"allreduce", "--system", "dgx-h100", "--ranks", "8", "--bytes", "1M", "--algorithm", "carrier-pigeon"},
         "--algorithm"},
        {{"allreduce", "--system", "dgx-h100", "--ranks", "6", "--bytes", "1M", "--algorithm", "rhd"}, "--algorithm"},
        {{"allreduce", "--system", "dgx-h100", "--ranks", "16", "--bytes", "1M", "--ranks-per-node", "9"},
         "--ranks-per-node"},
        {{"sendrecv", "--system", "dgx-h100", "--chip", "trn2", "--ranks", "2", "--bytes", "1M"}, "--chip"},
    };
    for (const auto& [args, flag] : cases) {
        std::vector<std::string> all{"microbench"};
        all.insert(all.end(), args.begin(), args.end());
        const RunResult r = sb.run(all);
        INFO(args[0] << " " << args[args.size() - 2] << " " << args.back() << ": " << r.err);
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        REQUIRE(r.err_lines().size() == 1);
        CHECK(contains(r.err, flag + ":"));
    }
    const RunResult unknown = sb.run({"microbench", "fft", "--chip", "h100-sxm"});
    CHECK(unknown.exit_code == 2);
    CHECK(contains(unknown.err, "unknown command 'fft'"));
}
