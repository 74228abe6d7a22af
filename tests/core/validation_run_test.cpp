// io::validate_cases / validate_microbench / summarize: each compared row carries the batch
// output (or kernel figure) it names, every row that cannot be compared is listed with a reason
// naming its column, and the statistics are worked by hand.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "hw/chip.h"
#include "io/batch_evaluator.h"
#include "io/published_accuracy.h"
#include "io/seed.h"
#include "io/validation_run.h"
#include "kernels/gemm.h"

using namespace rackplan;

namespace {

const engine::EvaluationContext& context() {
    static const engine::EvaluationContext ctx(io::load_seed_catalog().parse.catalog);
    return ctx;
}

io::CsvTable table(const std::string& text) {
    io::CsvTable t = io::read_csv_text(text);
    REQUIRE(t.error.empty());
    return t;
}

const char* kCases =
    "id,mode,system,chips,model,seq_len,global_batch,tp,pp,dp,input_len,output_len,batch,x_family,x_metric,x_measured,"
    "x_trust\n"
    "t1,train,dgx-h100,8,llama3-8b,2048,64,1,1,8,,,,2,step_time_s,1.0,A\n"
    "i1,infer,dgx-h100,8,llama3-8b,,,8,1,,512,128,16,3,tpot_ms,10,B\n"
    "bad_measured,train,dgx-h100,8,llama3-8b,2048,64,1,1,8,,,,2,step_time_s,abc,A\n"
    "negative,train,dgx-h100,8,llama3-8b,2048,64,1,1,8,,,,2,step_time_s,-3,A\n"
    "no_system,train,dgx-h999,8,llama3-8b,2048,64,1,1,8,,,,2,step_time_s,1.0,A\n"
    "no_metric,train,dgx-h100,8,llama3-8b,2048,64,1,1,8,,,,2,speed,1.0,A\n"
    "wrong_mode,train,dgx-h100,8,llama3-8b,2048,64,1,1,8,,,,2,ttft_ms,1.0,A\n"
    "no_layout,train,dgx-h100,8,llama3-8b,2048,64,3,1,,,,,2,step_time_s,1.0,A\n";

double output(const io::CsvTable& t, std::size_t row, const std::string& column) {
    const io::RowResult r = io::evaluate_row(context(), io::RowView(t.header, t.rows[row], 2));
    REQUIRE(r.status == io::RowStatus::ok);
    for (const auto& [k, v] : r.values)
        if (k == column) return std::stod(v);
    FAIL("no " << column);
    return 0.0;
}

}  // namespace

TEST_CASE("validate_cases: the named output against the measurement, the rest listed with a reason", "[validation_run]") {
    const io::CsvTable t = table(kCases);
    const io::ValidationRun run = io::validate_cases(context(), t, 3);
    REQUIRE(run.file_error.empty());
    REQUIRE(run.rows.size() == 2);
    const io::ValidationRow& train = run.rows[0];
    CHECK(train.id == "t1");
    CHECK(train.family == "2");
    CHECK(train.trust == "A");
    CHECK(train.predicted == output(t, 0, "step_time_s"));
    CHECK(train.rel_error == Approx(train.predicted / 1.0 - 1.0));
    CHECK(train.used.find("tp1 pp1 dp8") == 0);
    CHECK(train.subject == "train on dgx-h100 x8");
    const io::ValidationRow& serve = run.rows[1];
    CHECK(serve.metric == "tpot_ms");
    CHECK(serve.predicted == output(t, 1, "tpot_ms"));
    CHECK(serve.rel_error == Approx(serve.predicted / 10.0 - 1.0));
    CHECK(serve.used.find("batch 16") != std::string::npos);

    REQUIRE(run.excluded.size() == 6);
    auto reason = [&](const std::string& id) {
        for (const auto& e : run.excluded)
            if (e.id == id) return e.reason;
        FAIL("not excluded: " << id);
        return std::string();
    };
    CHECK(reason("bad_measured").rfind("x_measured: not a positive number ('abc')", 0) == 0);
    CHECK(reason("negative").rfind("x_measured:", 0) == 0);
    CHECK(reason("no_system").rfind("error: ", 0) == 0);
    CHECK(reason("no_system").find("dgx-h999") != std::string::npos);
    CHECK(reason("no_metric") == "x_metric: 'speed' is not an output column");
    CHECK(reason("wrong_mode") == "the row has no ttft_ms output");
    CHECK(reason("no_layout").find("tp") != std::string::npos);

    // The same answer one row at a time, with progress after every row.
    std::vector<std::size_t> seen;
    const io::ValidationRun serial = io::validate_cases(context(), t, 1, [&](std::size_t done) { seen.push_back(done); });
    REQUIRE(seen.size() == t.rows.size());
    for (std::size_t i = 0; i < seen.size(); ++i) CHECK(seen[i] == i + 1);
    REQUIRE(serial.rows.size() == run.rows.size());
    for (std::size_t i = 0; i < run.rows.size(); ++i) CHECK(serial.rows[i].predicted == run.rows[i].predicted);
}

TEST_CASE("validation files: the header tells cases from microbenchmarks, a missing column is a file error",
          "[validation_run]") {
    CHECK(io::validation_kind(table("id,mode,system,chips,x_metric,x_measured\n").header).kind == io::ValidationKind::cases);
    CHECK(io::validation_kind(table("id,kernel,chip,metric,measured\n").header).kind == io::ValidationKind::microbench);
    const auto half = io::validation_kind(table("id,mode,x_metric\n").header);
    CHECK_FALSE(half.kind);
    CHECK(half.error == "a case file needs the columns x_measured");
    const auto neither = io::validation_kind(table("id,mode,system,chips\n").header);
    CHECK_FALSE(neither.kind);
    CHECK(neither.error.find("neither a case file") == 0);
    CHECK(io::validate_cases(context(), table("id,x_metric\nr,step_time_s\n")).file_error == "missing column(s): x_measured");
    CHECK(io::validate_microbench(context(), table("id,kernel,measured\n")).file_error == "missing column(s): metric");
    // Read as `rackplan batch` reads a file: a misspelt input column is an error, not ignored.
    CHECK(io::validate_cases(context(), table("id,mode,system,chips,globl_batch,x_metric,x_measured\n")).file_error ==
          "unknown column 'globl_batch' (annotation columns start with x_)");
    CHECK(io::validate_cases(context(), table("id,system,chips,x_metric,x_measured\n")).file_error ==
          "missing required column 'mode'");
}

TEST_CASE("validate_microbench: kernels as `microbench` runs them, unknown inputs named", "[validation_run]") {
    const io::CsvTable t = table(
        "id,kernel,chip,cores,system,ranks,nodes,bytes,m,n,k,batch,dtype,variant,metric,measured,trust\n"
        "g,gemm,h100-sxm,,,,,,4096,4096,4096,,bf16,,tflops,800,B\n"
        "g1,gemm,trn1,1,,,,,4096,8192,8192,1,bf16,,time_s,0.007,A\n"
        "mem,memory,h100-sxm,,,,,1073741824,,,,,,,gbps,3000,B\n"
        "ar,allreduce,,,dgx-h100,8,1,1073741824,,,,,,no_nvls,busbw_gbps,370,B\n"
        "ar2,allreduce,,,dgx-h100,16,2,1073741824,,,,,,no_nvls,busbw_gbps,300,C\n"
        "nob,allreduce,,,dgx-h100,8,1,,,,,,,,busbw_gbps,370,B\n"
        "p2p,memcpy_p2p,,,dgx-h100,2,1,1073741824,,,,,,,gbps,300,B\n"
        "chip,gemm,h999,,,,,,1,1,1,,bf16,,tflops,1,B\n"
        "shape,gemm,h100-sxm,,,,,,0,1,1,,bf16,,tflops,1,B\n"
        "dtype,gemm,h100-sxm,,,,,,1,1,1,,bf7,,tflops,1,B\n"
        "metric,gemm,h100-sxm,,,,,,64,64,64,,bf16,,gbps,1,B\n"
        "many,allreduce,,,dgx-h100,64,2,1024,,,,,,,busbw_gbps,1,B\n");
    const io::ValidationRun run = io::validate_microbench(context(), t);
    REQUIRE(run.file_error.empty());
    REQUIRE(run.rows.size() == 5);
    const hw::ChipSpec h100 = hw::make_spec(*context().catalog().find_chip("h100-sxm"));
    const auto gemm = kernels::gemm(h100, {4096, 4096, 4096, 1, hw::Dtype::bf16});
    REQUIRE(gemm.ok());
    CHECK(run.rows[0].family == "5");
    CHECK(run.rows[0].predicted == Approx(units::to_tflops(gemm.result->achieved)).epsilon(1e-12));
    CHECK(run.rows[0].rel_error == Approx(run.rows[0].predicted / 800.0 - 1.0));
    CHECK(run.rows[1].subject.find("(1 of 2 cores)") != std::string::npos);
    CHECK(run.rows[1].predicted > 0.005);
    CHECK(run.rows[1].predicted < 0.009);
    CHECK(run.rows[2].predicted > 2000.0);
    CHECK(run.rows[2].predicted < 3350.0);
    CHECK(run.rows[3].used == "ring");  // in-switch reduction off
    CHECK(run.rows[3].predicted > 250.0);
    CHECK(run.rows[4].subject.find("(2 nodes)") != std::string::npos);
    CHECK(run.rows[4].predicted < run.rows[3].predicted);  // a ring across the scale-out fabric

    auto reason = [&](const std::string& id) {
        for (const auto& e : run.excluded)
            if (e.id == id) return e.reason;
        FAIL("not excluded: " << id);
        return std::string();
    };
    REQUIRE(run.excluded.size() == 7);
    CHECK(reason("nob").rfind("bytes: empty", 0) == 0);
    CHECK(reason("p2p") == "kernel: no emulator for 'memcpy_p2p'");
    CHECK(reason("chip") == "chip: 'h999' is not in the catalog");
    CHECK(reason("shape") == "m: not a positive whole number ('0')");
    CHECK(reason("dtype") == "dtype: unknown 'bf7'");
    CHECK(reason("metric").rfind("metric: 'gbps' is not a gemm figure", 0) == 0);
    CHECK(reason("many").rfind("ranks: 64 ranks on 2 node(s)", 0) == 0);
}

TEST_CASE("summarize: median and max |error| per family and metric, worked by hand", "[validation_run]") {
    auto row = [](std::string id, std::string fam, std::string metric, double err, std::string trust = "A") {
        io::ValidationRow r;
        r.id = std::move(id);
        r.family = std::move(fam);
        r.metric = std::move(metric);
        r.trust = std::move(trust);
        r.measured = 1.0;
        r.predicted = 1.0 + err;
        r.rel_error = err;
        return r;
    };
    const std::vector<io::ValidationRow> rows{row("a", "1", "t", 0.10),          row("b", "1", "t", -0.30),
                                              row("c", "1", "t", 0.20),          row("d", "2", "t", -0.05, "C"),
                                              row("e", "2", "t", 0.15),          row("f", "2", "x", 0.40, "D")};
    const auto g = io::summarize(rows);
    REQUIRE(g.size() == 6);  // (1,t) (2,t) (2,x) (all,t) (all,x) (all,all)
    CHECK(g[0].family == "1");
    CHECK(g[0].rows == 3);
    CHECK(g[0].median_abs == Approx(0.20));
    CHECK(g[0].max_abs == Approx(0.30));
    CHECK(g[0].worst == "b");
    CHECK(g[1].median_abs == Approx(0.10));  // 0.05 and 0.15
    CHECK(g[2].worst == "f");
    CHECK(g[3].family == "all");
    CHECK(g[3].metric == "t");
    CHECK(g[3].rows == 5);
    CHECK(g[3].median_abs == Approx(0.15));
    CHECK(g[5].metric == "all");
    CHECK(g[5].rows == 6);
    CHECK(g[5].median_abs == Approx(0.175));
    CHECK(g[5].max_abs == Approx(0.40));

    const auto ab = io::summarize(rows, true);  // d (C) and f (D) out: one metric left, no (all, all)
    REQUIRE(ab.size() == 3);
    CHECK(ab[1].family == "2");
    CHECK(ab[1].rows == 1);
    CHECK(ab[2].family == "all");
    CHECK(ab[2].rows == 4);
    CHECK(io::summarize({}).empty());
}

TEST_CASE("published_accuracy: the case file of a folder, or why there is none", "[validation_run]") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("rackplan-accuracy-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    {
        std::ofstream(dir / "public-cases.csv") << kCases;
    }
    const io::PublishedAccuracy a = io::published_accuracy(context(), dir);
    CHECK(a.unavailable.empty());
    CHECK(a.source == "public-cases.csv (8 published rows)");
    REQUIRE(a.rows.size() == 2);
    CHECK(a.rows[0].mode == "train");
    CHECK(a.rows[0].system == "dgx-h100");
    CHECK(a.rows[0].chip == "h100-sxm");
    CHECK(a.not_compared == 6);
    {
        std::ofstream(dir / "public-cases.csv") << "id,mode,system,chips,x_metric,x_measured\nr,train,nowhere,8,step_time_s,1\n";
    }
    const io::PublishedAccuracy foreign = io::published_accuracy(context(), dir);
    CHECK(foreign.rows.empty());
    CHECK(foreign.unavailable == "none of the 1 published rows in " + (dir / "public-cases.csv").string() +
                                     " runs with this catalog");
    {
        std::ofstream(dir / "public-cases.csv") << "id,mode,system,chips\nr,train,dgx-h100,8\n";
    }
    CHECK(io::published_accuracy(context(), dir).unavailable.find("missing column(s): x_metric, x_measured") !=
          std::string::npos);
    fs::remove_all(dir);
    const io::PublishedAccuracy none = io::published_accuracy(context(), dir);
    CHECK(none.rows.empty());
    CHECK(none.unavailable == "no published cases at " + (dir / "public-cases.csv").string());
}

TEST_CASE("validate_installed: both published files of the data folder, or why there are none", "[validation_run]") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("rackplan-installed-" + std::to_string(::getpid()));
    fs::create_directories(dir / "validation");
    fs::create_directories(dir / "catalog");  // what makes it a data folder
    const engine::EvaluationContext& ctx = context();  // the seed catalog, loaded before the data folder moves
    const char* before = std::getenv("RACKPLAN_DATA_DIR");
    const std::string saved = before ? before : "";
    ::setenv("RACKPLAN_DATA_DIR", dir.c_str(), 1);

    const io::InstalledValidation none = io::validate_installed(ctx);
    CHECK(none.files.empty());
    CHECK(none.unavailable == "no published runs in " + (dir / "validation").string());

    std::ofstream(dir / "validation" / "public-cases.csv") << kCases;
    std::ofstream(dir / "validation" / "public-microbench.csv")
        << "id,kernel,chip,m,n,k,dtype,metric,measured\ng,gemm,h100-sxm,4096,4096,4096,bf16,tflops,800\n";
    const io::InstalledValidation both = io::validate_installed(ctx);
    CHECK(both.unavailable.empty());
    CHECK(both.files == std::vector<std::string>{"public-cases.csv", "public-microbench.csv"});
    REQUIRE(both.run.rows.size() == 3);  // t1, i1, then g
    CHECK(both.run.rows[2].id == "g");
    CHECK(both.run.excluded.size() == 6);

    std::ofstream(dir / "validation" / "public-microbench.csv") << "id,colour\nx,red\n";
    CHECK(io::validate_installed(ctx).unavailable.find("neither a case file") != std::string::npos);

    if (before) ::setenv("RACKPLAN_DATA_DIR", saved.c_str(), 1);
    else ::unsetenv("RACKPLAN_DATA_DIR");
    fs::remove_all(dir);
}
