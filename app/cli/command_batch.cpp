// `rackplan batch IN.csv -o OUT.csv [--jobs N]`: one scenario per row (shared/spec/batch-csv.md).
// Exit 0 all ok/infeasible, 3 some rows error, 2 file-level problem (nothing written), 1 failure.
#include <CLI/CLI.hpp>

#include <csignal>
#include <iostream>
#include <thread>
#include <unistd.h>

#include "calibration_context.h"
#include "commands.h"
#include "engine/evaluate.h"
#include "io/batch_evaluator.h"
#include "io/batch_runner.h"
#include "store/catalog_store.h"

namespace rackplan::cli {
namespace {

// Set by SIGINT/SIGTERM so the run stops between chunks and removes its temporary file.
std::atomic<bool> g_cancel{false};
extern "C" void on_signal(int) { g_cancel.store(true); }

struct BatchArgs {
    std::string input;
    std::string output;
    int jobs = 0;
    bool uncalibrated = false;
};

}  // namespace

void register_batch_command(CLI::App& app, Registry& registry) {
    auto args = std::make_shared<BatchArgs>();
    CLI::App* cmd = app.add_subcommand("batch", "Evaluate every row of a batch CSV (see shared/spec/batch-csv.md)");
    cmd->add_option("input", args->input, "input CSV")->required();
    cmd->add_option("-o,--output", args->output, "output CSV (written atomically)")->required();
    cmd->add_option("--jobs", args->jobs, "rows evaluated in parallel (default: all cores)")->check(CLI::Range(1, 1024));
    add_uncalibrated_flag(*cmd, args->uncalibrated);
    registry.add(cmd, [args, &registry]() {
        store::Database db = open_db(*registry.global);
        const CalibratedContext calibrated = make_calibrated_context(db, store::load_catalog(db), args->uncalibrated);
        const engine::EvaluationContext& ctx = calibrated.context;
        io::BatchOptions opt;
        opt.jobs = args->jobs;
        opt.cancel = &g_cancel;
        const bool tty = ::isatty(STDERR_FILENO);
        if (tty)
            opt.progress = [](long done) { std::cerr << "\rrackplan batch: " << done << " rows" << std::flush; };
        std::signal(SIGINT, on_signal);
        std::signal(SIGTERM, on_signal);
        io::BatchSummary s = io::run_batch(
            args->input, args->output, [&ctx](const io::RowView& row) { return io::evaluate_row(ctx, row); }, opt);
        if (tty) std::cerr << "\r\033[K";
        if (!s.file_error.empty()) {
            if (s.exit_code == 2) throw UsageError(s.file_error);
            throw Failure(s.file_error);
        }
        std::cerr << "rackplan batch: " << s.rows << " rows: " << s.ok << " ok, " << s.infeasible << " infeasible, "
                  << s.errors << " error -> " << args->output << "\n";
        // Said only when points exist, so a plain run's stderr is as before.
        if (!calibrated.calibrations.gemm.empty() || !calibrated.calibrations.collective.empty())
            std::cerr << "rackplan batch: " << calibration_summary_text(calibrated.calibrations) << "\n";
        return s.exit_code;
    });
}

}  // namespace rackplan::cli
