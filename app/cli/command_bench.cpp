// `rackplan bench [--json]`: the engine's own speed — kernel and collective emulations, one
// training evaluation, the exhaustive layout search and batch throughput. Medians of repeated
// timings on this machine (wall clock, all cores where the work is parallel).
#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>
#include <unistd.h>

#include "commands.h"
#include "engine/evaluate.h"
#include "engine/infer_evaluate.h"
#include "io/batch_evaluator.h"
#include "io/scenario_row.h"
#include "kernels/collective.h"
#include "kernels/gemm.h"
#include "store/catalog_store.h"

namespace rackplan::cli {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// Median over `rounds` of the mean time per call of `calls` calls, in microseconds.
template <class F>
double median_us(int rounds, int calls, F&& f) {
    std::vector<double> t;
    for (int r = 0; r < rounds; ++r) {
        auto t0 = Clock::now();
        for (int i = 0; i < calls; ++i) f(i);
        t.push_back(seconds_since(t0) * 1e6 / calls);
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

engine::Scenario scenario(const engine::EvaluationContext& ctx, std::vector<std::pair<std::string, std::string>> cells) {
    std::vector<std::string> header{"id"};
    io::CsvRow row{"bench"};
    for (auto& [k, v] : cells) {
        header.push_back(k);
        row.push_back(v);
    }
    io::ScenarioParse p = io::parse_scenario(io::RowView(header, row, 0), ctx.catalog());
    if (!p.scenario) throw Failure("bench scenario: " + io::join_issues(p.issues));
    return *p.scenario;
}

}  // namespace

void register_bench_command(CLI::App& app, Registry& registry) {
    auto json = std::make_shared<bool>(false);
    CLI::App* cmd = app.add_subcommand("bench", "Measure the engine's speed (evaluations, search, batch rows per second)");
    cmd->add_flag("--json", *json, "machine-readable output");
    registry.add(cmd, [json, &registry]() {
        store::Database db = open_db(*registry.global);
        engine::EvaluationContext ctx(store::load_catalog(db));
        const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
        nlohmann::json out{{"cores", cores}};
        auto say = [&](const std::string& k, double v, const char* unit) {
            out[k] = v;
            if (!*json) std::cerr << "  " << k << " = " << v << " " << unit << "\n";
        };
        if (!*json) std::cerr << "rackplan bench on " << cores << " cores\n";

        // GEMM emulation: a mix of training, decode and odd shapes on H100 and Trn2.
        const hw::ChipSpec h100 = hw::make_spec(*ctx.catalog().find_chip("h100-sxm"));
        const hw::ChipSpec trn2 = hw::make_spec(*ctx.catalog().find_chip("trn2"));
        const std::vector<kernels::GemmShape> shapes{{4096, 4096, 4096, 1, hw::Dtype::bf16},
                                                     {8192, 28672, 8192, 1, hw::Dtype::bf16},
                                                     {1, 8192, 8192, 1, hw::Dtype::fp8},
                                                     {4097, 1000, 333, 4, hw::Dtype::bf16}};
        double sink = 0;
        say("gemm_eval_us", median_us(7, 20000, [&](int i) {
                const auto& c = (i & 1) ? h100 : trn2;
                auto e = kernels::gemm(c, shapes[i % shapes.size()]);
                sink += e.result ? e.result->time.value() : 0;
            }), "us");

        // Collective on a 1,024-chip H100 cluster (memoized per group shape and size).
        auto hwp = ctx.hardware("dgx-h100", 1024);
        kernels::CollectiveRequest req;
        req.op = kernels::Collective::all_reduce;
        req.group.ranks = 1024;
        const double sizes[] = {1e3, 1e6, 64e6, 1e9};
        say("collective_eval_us", median_us(7, 2000, [&](int i) {
                req.bytes = units::bytes(sizes[i % 4]);
                auto e = hwp->network->estimate(req);
                sink += e.result ? e.result->time.value() : 0;
            }), "us");

        // One training evaluation: GPT-3 175B on 1,024 H100 at a fixed layout.
        engine::Scenario gpt = scenario(ctx, {{"mode", "train"}, {"system", "dgx-h100"}, {"chips", "1024"},
                                              {"model", "gpt3-175b"}, {"seq_len", "2048"}, {"global_batch", "1536"}});
        engine::TrainEngine eng(hwp->chip, hwp->system, gpt.model, gpt.train, 1024, *hwp->network,
                                engine::engine_options_for(ctx, gpt));
        parallel::Layout l;
        l.tp = 8;
        l.pp = 8;
        l.dp = 16;
        l.vpp = 3;
        l.sp = true;
        l.zero = 1;
        l.micro_batch = 1;
        (void)eng.evaluate(l);  // fills the memo, as a search or batch would have
        say("train_eval_us", median_us(9, 2000, [&](int) {
                auto o = eng.evaluate(l);
                sink += o.performance ? o.performance->breakdown.step.value() : 0;
            }), "us");

        // Serving: Llama 3 70B on one trn2.48xlarge (tp 16), prompt 2048, output 512. One
        // evaluation at a given batch and the largest batch meeting TTFT 2 s and TPOT 40 ms,
        // each on a fresh engine (no memo carried between calls; the network model is warm).
        auto trn = ctx.hardware("trn2.48xlarge", 16);
        engine::Scenario llama = scenario(ctx, {{"mode", "infer"}, {"system", "trn2.48xlarge"}, {"chips", "16"},
                                                {"model", "llama3-70b"}, {"input_len", "2048"}, {"output_len", "512"}});
        const engine::InferLayout il{16, 1, 1, 1};
        const engine::InferOptions io_opt = engine::infer_options_for(ctx, llama);
        say("infer_eval_us", median_us(9, 200, [&](int i) {
                engine::InferEngine e(trn->chip, trn->system, llama.model, llama.infer, 16, *trn->network, io_opt);
                sink += e.serve(il, 1 + i % 64).tpot.value();
            }), "us");
        say("infer_slo_search_us", median_us(9, 20, [&](int) {
                engine::InferEngine e(trn->chip, trn->system, llama.model, llama.infer, 16, *trn->network, io_opt);
                auto sr = e.largest_batch(il, e.max_throughput_batch(il), units::milliseconds(2000), units::milliseconds(40));
                sink += sr.best ? sr.best->batch : 0;
            }), "us");

        // The exhaustive search: GPT-3 175B on 4,096 H100, global batch 2048, seq 2048.
        engine::Scenario big = scenario(ctx, {{"mode", "train"}, {"system", "dgx-h100"}, {"chips", "4096"},
                                              {"model", "gpt3-175b"}, {"seq_len", "2048"}, {"global_batch", "2048"}});
        engine::EvaluateOptions so;
        so.threads = cores;
        auto t0 = Clock::now();
        engine::TrainResult r = engine::evaluate_train(ctx, big, so);
        double search_s = seconds_since(t0);
        if (!r.search) throw Failure("bench: the GPT-3 search did not run: " + r.message);
        say("search_gpt3_4096_s", search_s, "s");
        say("search_space_layouts", static_cast<double>(r.search->counts.space), "layouts");
        say("search_valid_layouts", static_cast<double>(r.search->counts.valid), "layouts");
        say("search_layouts_per_s", static_cast<double>(r.search->counts.space) / search_s, "layouts/s");
        say("search_timed_layouts_per_s", static_cast<double>(r.search->evaluated) / search_s, "layouts/s");

        // Batch: 10,000 training rows at fixed layouts, then 40 rows that search.
        std::filesystem::path dir = std::filesystem::temp_directory_path() / ("rackplan-bench-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
        {
            std::ofstream f(dir / "fixed.csv");
            f << "id,mode,system,chips,model,seq_len,global_batch,micro_batch,tp,pp,dp,cp,ep,vpp,sp,zero,recompute\n";
            const char* rows[] = {"dgx-h100,64,llama3-8b,8192,256,1,1,1,64,1,1,1,0,1,none",
                                  "dgx-h100,1024,gpt3-175b,2048,1536,1,8,8,16,1,1,3,1,1,selective",
                                  "trn2.48xlarge,256,llama3-70b,8192,512,1,8,4,8,1,1,1,1,1,full",
                                  "gb200-nvl72,144,llama2-70b,4096,1152,1,4,4,9,1,1,5,1,1,none"};
            for (int i = 0; i < 10000; ++i) f << "r" << i << ",train," << rows[i % 4] << "\n";
            std::ofstream g(dir / "search.csv");
            g << "id,mode,system,chips,model,seq_len,global_batch\n";
            const char* srows[] = {"dgx-h100,64,llama3-8b,8192,256", "trn2.48xlarge,256,llama3-70b,8192,512"};
            for (int i = 0; i < 40; ++i) g << "s" << i << ",train," << srows[i % 2] << "\n";
        }
        auto run = [&](const char* name) {
            engine::EvaluationContext fresh(ctx.catalog());  // no memo carried between runs
            io::BatchOptions bo;
            bo.jobs = cores;
            auto b0 = Clock::now();
            io::BatchSummary s = io::run_batch(dir / name, dir / "out.csv",
                                               [&fresh](const io::RowView& row) { return io::evaluate_row(fresh, row); }, bo);
            double secs = seconds_since(b0);
            if (!s.file_error.empty() || s.errors) throw Failure("bench batch " + std::string(name) + " failed");
            return s.rows / secs;
        };
        say("batch_rows_per_s", run("fixed.csv"), "rows/s");
        say("batch_search_rows_per_s", run("search.csv"), "rows/s");
        std::filesystem::remove_all(dir);
        if (sink < 0) std::cerr << "";  // keeps the timed calls from being optimised away
        if (*json) std::cout << out.dump(2) << "\n";
        return kExitOk;
    });
}

}  // namespace rackplan::cli
