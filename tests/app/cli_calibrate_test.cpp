#include "cli_test_support.h"

#include <nlohmann/json.hpp>

using namespace rackplan::test;
using nlohmann::json;

namespace {

// A sandbox seeded from the shipped catalog (data/catalog/*.json): the measured files in
// data/calibration are for its parts.
struct SeededSandbox : Sandbox {
    SeededSandbox() {
        const fs::path catalog = dir() / "data" / "catalog";
        fs::remove_all(catalog);
        fs::create_directories(catalog);
        for (const auto& e : fs::directory_iterator(fs::path(RACKPLAN_SOURCE_DIR) / "data" / "catalog"))
            if (e.path().extension() == ".json") fs::copy_file(e.path(), catalog / e.path().filename());
    }
};

const std::string kSweep = (fs::path(RACKPLAN_SOURCE_DIR) / "data" / "calibration" / "h100-sxm-gemm.csv").string();
const std::string kNccl = test_data("nccl_allreduce_h100.txt").string();

json point(const Sandbox& sb, std::vector<std::string> args) {
    args.insert(args.begin(), "microbench");
    args.insert(args.end(), {"--format", "json"});
    const RunResult r = sb.run(args);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out);
}

const std::vector<std::string> kGemm{"gemm", "--chip", "h100-sxm", "--m", "4096", "--n", "4096", "--k", "4096"};
const std::vector<std::string> kSmallGemm{"gemm", "--chip", "h100-sxm", "--m", "256", "--n", "256", "--k", "256"};

std::string write(const Sandbox& sb, const std::string& name, const std::string& text) {
    const fs::path p = sb / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
}

}  // namespace

TEST_CASE("calibrate import of the H100 GEMM sweep calibrates microbench gemm, clear restores it", "[cli][calibrate]") {
    SeededSandbox sb;
    const json before = point(sb, kGemm);
    const json small_before = point(sb, kSmallGemm);
    CHECK(before["calibrated"] == false);

    RunResult r = sb.run({"calibrate", "import", "--chip", "h100-sxm", kSweep});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(contains(r.out, "imported 171 GEMM points for h100-sxm"));
    CHECK(contains(r.out, "sustained clock"));

    const json after = point(sb, kGemm);
    CHECK(after["calibrated"] == true);
    CHECK(after["tflops"].get<double>() != Approx(before["tflops"].get<double>()).epsilon(0.01));
    // The sweep was timed from Python: the fitted host time per call floors small GEMMs.
    CHECK(point(sb, kSmallGemm)["time_s"].get<double>() > small_before["time_s"].get<double>());
    // The readable output says which.
    r = sb.run({"microbench", "gemm", "--chip", "h100-sxm", "--m", "4096", "--n", "4096", "--k", "4096"});
    CHECK(contains(r.out, "calibration: calibrated from 171 measured GEMM points"));
    // --uncalibrated gives the emulator's own figure back; other chips are untouched.
    std::vector<std::string> raw = kGemm;
    raw.push_back("--uncalibrated");
    const json ignored = point(sb, raw);
    CHECK(ignored["calibrated"] == false);
    CHECK(ignored["time_s"].get<double>() == before["time_s"].get<double>());
    CHECK(point(sb, {"gemm", "--chip", "b200", "--m", "4096", "--n", "4096", "--k", "4096"})["calibrated"] == false);

    r = sb.run({"calibrate", "show", "--chip", "h100-sxm", "--format", "json"});
    REQUIRE(r.exit_code == 0);
    const json shown = json::parse(r.out);
    REQUIRE(shown.size() == 1);
    CHECK(shown[0]["kind"] == "gemm");
    CHECK(shown[0]["points"] == 171);
    const double clock = shown[0]["fit"]["clock_fraction"]["value"].get<double>();
    CHECK(clock > 0.5);
    CHECK(clock < 1.0);
    CHECK(shown[0]["fit"]["clock_fraction"]["plausible"] == true);
    CHECK(shown[0]["fit"]["rms_log_error"].get<double>() < shown[0]["fit"]["rms_log_error_default"].get<double>());
    r = sb.run({"calibrate", "show"});
    CHECK(contains(r.out, "h100-sxm  gemm  171 points"));
    CHECK(contains(r.out, "plausible"));

    r = sb.run({"calibrate", "clear", "--chip", "h100-sxm", "--kind", "gemm"});
    REQUIRE(r.exit_code == 0);
    CHECK(contains(r.out, "removed 171 points"));
    const json cleared = point(sb, kGemm);
    CHECK(cleared["calibrated"] == false);
    CHECK(cleared["time_s"].get<double>() == before["time_s"].get<double>());
    CHECK(contains(sb.run({"calibrate", "show"}).out, "no calibration points"));
}

namespace {

// Llama 3 8B on one DGX H100 at a fixed layout: compute-bound, evaluates in milliseconds.
const std::vector<std::string> kTrainH100{"evaluate", "--mode", "train", "--system", "dgx-h100", "--chips", "8",
                                          "--model", "llama3-8b", "--seq-len", "4096", "--global-batch", "64",
                                          "--dtype", "bf16", "--tp", "1", "--pp", "1", "--dp", "8", "--cp", "1",
                                          "--ep", "1", "--vpp", "1", "--micro-batch", "1", "--zero", "1", "--sp", "0",
                                          "--recompute", "none"};

json evaluate_json(const Sandbox& sb, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = kTrainH100;
    args.insert(args.end(), extra.begin(), extra.end());
    args.insert(args.end(), {"--format", "json"});
    const RunResult r = sb.run(args);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out);
}

}  // namespace

TEST_CASE("evaluate, compare and plan apply the imported GEMM sweep, --uncalibrated and clear undo it",
          "[cli][calibrate]") {
    SeededSandbox sb;
    const json before = evaluate_json(sb);
    CHECK(before["calibration"]["calibrated"] == false);
    CHECK(before["calibration"]["gemm_points"] == 0);
    CHECK(contains(sb.run(kTrainH100).out, "Calibration: uncalibrated (no measured points for h100-sxm"));
    const double step = before["best"]["step_time_s"].get<double>();

    RunResult r = sb.run({"calibrate", "import", "--chip", "h100-sxm", kSweep});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);

    const json after = evaluate_json(sb);
    CHECK(after["calibration"]["calibrated"] == true);
    CHECK(after["calibration"]["chip"] == "h100-sxm");
    CHECK(after["calibration"]["gemm_points"] == 171);
    CHECK(after["best"]["step_time_s"].get<double>() != Approx(step).epsilon(0.01));
    r = sb.run(kTrainH100);
    CHECK(contains(r.out, "Calibration: calibrated from 171 measured GEMM points (chip h100-sxm)"));

    const json ignored = evaluate_json(sb, {"--uncalibrated"});
    CHECK(ignored["calibration"]["calibrated"] == false);
    CHECK(ignored["calibration"]["ignored"] == true);
    CHECK(ignored["best"]["step_time_s"].get<double>() == step);
    CHECK(contains(sb.run([] {
                             auto a = kTrainH100;
                             a.push_back("--uncalibrated");
                             return a;
                         }())
                       .out,
                   "Calibration: uncalibrated (--uncalibrated; 171 measured GEMM points for h100-sxm ignored)"));

    // A system built from another chip is evaluated as before.
    const std::vector<std::string> b200{"evaluate", "--mode", "train", "--system", "p6-b200.48xlarge", "--chips", "8",
                                        "--model", "llama3-8b", "--seq-len", "4096", "--global-batch", "64",
                                        "--format", "json"};
    r = sb.run(b200);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(json::parse(r.out)["calibration"]["calibrated"] == false);
    CHECK(json::parse(r.out)["calibration"]["chip"] == "b200");

    // compare and plan say at the top level what they applied.
    r = sb.run({"compare", "--systems", "dgx-h100,p5.48xlarge", "--chips", "8", "--mode", "train", "--model",
                "llama3-8b", "--seq-len", "4096", "--global-batch", "64", "--format", "json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const json cmp = json::parse(r.out);
    CHECK(cmp["calibration"]["calibrated"] == true);
    CHECK(cmp["calibration"]["gemm"][0]["chip"] == "h100-sxm");
    CHECK(cmp["calibration"]["gemm"][0]["points"] == 171);
    r = sb.run({"compare", "--systems", "dgx-h100", "--chips", "8", "--mode", "train", "--model", "llama3-8b",
                "--seq-len", "4096", "--global-batch", "64", "--format", "json", "--uncalibrated"});
    REQUIRE(r.exit_code == 0);
    CHECK(json::parse(r.out)["calibration"]["calibrated"] == false);
    // Saved with --uncalibrated, the scenario says so and its command line repeats the flag.
    r = sb.run({"compare", "--systems", "dgx-h100", "--chips", "8", "--mode", "train", "--model", "llama3-8b",
                "--seq-len", "4096", "--global-batch", "64", "--uncalibrated", "--save", "bare"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    r = sb.run({"scenario", "show", "bare"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(contains(r.out, " --uncalibrated"));

    r = sb.run({"calibrate", "clear", "--chip", "h100-sxm"});
    REQUIRE(r.exit_code == 0);
    const json cleared = evaluate_json(sb);
    CHECK(cleared["calibration"]["calibrated"] == false);
    CHECK(cleared["best"]["step_time_s"].get<double>() == step);
}

TEST_CASE("a bad GEMM sweep imports nothing and lists its problems by line", "[cli][calibrate]") {
    SeededSandbox sb;
    const std::string bad = write(sb, "bad.csv",
                                  "m,n,k,dtype,tflops\n"
                                  "4096,4096,4096,bf16,700\n"
                                  "# a comment line\n"
                                  "0,4096,4096,bf16,700\n"
                                  "4096,4096,4096,bf17,700\n"
                                  "4096,4096,4096,bf16,-3\n");
    RunResult r = sb.run({"calibrate", "import", "--chip", "h100-sxm", bad});
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "row 4, column m"));
    CHECK(contains(r.err, "row 5, column dtype"));
    CHECK(contains(r.err, "row 6, column tflops"));
    CHECK(contains(r.err, "nothing was imported"));
    // Parses, but H100 has no fp4 tensor rate: refused by the emulator, with the row.
    const std::string fp4 = write(sb, "fp4.csv", "m,n,k,dtype,tflops\n4096,4096,4096,bf16,700\n\n4096,4096,4096,fp4,900\n");
    r = sb.run({"calibrate", "import", "--chip", "h100-sxm", fp4});
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "row 4, column dtype"));
    CHECK(contains(sb.run({"calibrate", "show"}).out, "no calibration points"));
    CHECK(point(sb, kGemm)["calibrated"] == false);

    const std::string prose = write(sb, "notes.txt", "these are my notes\nabout some GPUs\n");
    r = sb.run({"calibrate", "import", "--chip", "h100-sxm", prose});
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "cannot tell what"));
    r = sb.run({"calibrate", "import", "--chip", "h100-sxm", (sb / "missing.csv").string()});
    CHECK(r.exit_code == 1);
    r = sb.run({"calibrate", "import", "--chip", "no-such-chip", kSweep});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "--chip"));
    r = sb.run({"calibrate", "import", "--chip", "h100-sxm", "--system", "dgx-h100", kSweep});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "--system"));
}

TEST_CASE("nccl-tests output calibrates the system's collectives", "[cli][calibrate]") {
    SeededSandbox sb;
    const std::vector<std::string> ring{"allreduce", "--system", "dgx-h100", "--ranks", "8",
                                        "--bytes",   "8GiB",     "--algorithm", "ring"};
    const json before = point(sb, ring);

    RunResult r = sb.run({"calibrate", "import", "--chip", "h100-sxm", "--collective", "allreduce", kNccl});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "--system"));
    // The synthetic file prints no "Collective test starting" banner.
    r = sb.run({"calibrate", "import", "--chip", "h100-sxm", "--system", "dgx-h100", kNccl});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "--collective"));
    r = sb.run({"calibrate", "import", "--chip", "trn2", "--system", "dgx-h100", "--collective", "allreduce", kNccl});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "--chip"));

    r = sb.run({"calibrate", "import", "--chip", "h100-sxm", "--system", "dgx-h100", "--collective", "allreduce",
                "--algorithm", "ring", kNccl});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(contains(r.out, "imported 62 points of allreduce on 8 ranks, ring"));
    CHECK(contains(r.out, "scale-up tier"));

    const json after = point(sb, ring);
    CHECK(after["calibrated"] == true);
    // The file was generated at 80 % of NVLink with 1.5 us per step: ~360 GB/s busbw at 8 GiB.
    CHECK(after["busbw_gbps"].get<double>() == Approx(360.0).epsilon(0.03));
    CHECK(after["busbw_gbps"].get<double>() != Approx(before["busbw_gbps"].get<double>()).epsilon(0.01));

    r = sb.run({"calibrate", "show", "--chip", "h100-sxm", "--format", "json"});
    const json shown = json::parse(r.out);
    REQUIRE(shown.size() == 1);
    CHECK(shown[0]["kind"] == "collective");
    CHECK(shown[0]["system"] == "dgx-h100");
    CHECK(shown[0]["runs"][0]["efficiency"]["value"].get<double>() == Approx(0.8).epsilon(0.02));
    CHECK(shown[0]["runs"][0]["efficiency"]["plausible"] == true);

    // Every evaluation on dgx-h100 builds its network with the fit.
    const json evaluated = evaluate_json(sb);
    CHECK(evaluated["calibration"]["collective_applied"] == true);
    CHECK(evaluated["calibration"]["collective_points"] == 62);
    CHECK(evaluated["calibration"]["gemm_applied"] == false);
    CHECK(contains(sb.run(kTrainH100).out, "calibrated from 62 measured collective points (system dgx-h100)"));

    r = sb.run({"calibrate", "clear", "--chip", "h100-sxm", "--kind", "collective"});
    REQUIRE(r.exit_code == 0);
    const json cleared = point(sb, ring);
    CHECK(cleared["calibrated"] == false);
    CHECK(cleared["time_s"].get<double>() == before["time_s"].get<double>());
}

TEST_CASE("a broken nccl-tests table imports nothing", "[cli][calibrate]") {
    SeededSandbox sb;
    const std::string text =
        "# Collective test starting: all_gather_perf\n"
        "#  Rank  0 Group  0 Pid  1 on node device  0 [0x18] NVIDIA H100 80GB HBM3\n"
        "#  Rank  1 Group  0 Pid  2 on node device  1 [0x28] NVIDIA H100 80GB HBM3\n"
        "#       size         count      type   redop    root     time   algbw   busbw #wrong     time   algbw   busbw "
        "#wrong\n"
        "     1048576        262144     float    none      -1    20.00   52.43   26.21      0    20.00   52.43   26.21      0\n"
        "     2097152        524288     float    none      -1    oops    69.90   34.95      0    30.00   69.90   34.95      0\n";
    const std::string file = write(sb, "ag.txt", text);
    RunResult r = sb.run({"calibrate", "import", "--chip", "h100-sxm", "--system", "dgx-h100", file});
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "line 6, column out-of-place time"));
    CHECK(contains(r.err, "nothing was imported"));
    CHECK(contains(sb.run({"calibrate", "show"}).out, "no calibration points"));
}

TEST_CASE("calibrate clear and show refuse bad flags", "[cli][calibrate]") {
    SeededSandbox sb;
    RunResult r = sb.run({"calibrate", "clear", "--chip", "h100-sxm", "--kind", "fft"});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "--kind"));
    r = sb.run({"calibrate", "clear"});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "--chip"));
    r = sb.run({"calibrate", "show", "--chip", "no-such-chip"});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "--chip"));
    r = sb.run({"calibrate", "clear", "--chip", "h100-sxm"});
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, "removed 0 points"));
}
