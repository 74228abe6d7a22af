// `rackplan evaluate ...`: one scenario from flags named like the batch columns; a readable
// breakdown, or --format json.
#include <CLI/CLI.hpp>

#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "calibration_context.h"
#include "commands.h"
#include "engine/evaluate.h"
#include "engine/infer_evaluate.h"
#include "io/scenario_row.h"
#include "scenario_flags.h"
#include "store/catalog_store.h"
#include "table_format.h"

namespace rackplan::cli {
namespace {

struct EvaluateArgs {
    std::map<std::string, std::string> cells;  // column -> value as typed
    std::string format = "table";
    int top = 5;
    bool detail = false;
    bool uncalibrated = false;
    AssumptionFlags assumptions;
};

std::string fmt(double v, int prec = 4) {
    char b[64];
    std::snprintf(b, sizeof b, "%.*g", prec, v);
    return b;
}

std::string layout_text(const parallel::Layout& l) {
    return "tp " + std::to_string(l.tp) + ", pp " + std::to_string(l.pp) + ", dp " + std::to_string(l.dp) + ", cp " +
           std::to_string(l.cp) + ", ep " + std::to_string(l.ep) + ", vpp " + std::to_string(l.vpp) + ", sp " +
           (l.sp ? "1" : "0") + ", zero " + std::to_string(l.zero) + ", recompute " +
           std::string(parallel::to_string(l.recompute)) + ", micro-batch " + std::to_string(l.micro_batch);
}

nlohmann::json perf_json(const engine::TrainPerformance& p) {
    const auto& b = p.breakdown;
    const auto& l = p.layout;
    nlohmann::json j{
        {"layout", {{"tp", l.tp}, {"pp", l.pp}, {"dp", l.dp}, {"cp", l.cp}, {"ep", l.ep}, {"vpp", l.vpp},
                    {"sp", l.sp}, {"zero", l.zero}, {"recompute", parallel::to_string(l.recompute)},
                    {"micro_batch", l.micro_batch}}},
        {"micro_batches", p.micro_batches},
        {"step_time_s", b.step.value()},
        {"breakdown_s",
         {{"compute", b.compute.value()}, {"tp_comm", b.exposed.tp.value()}, {"cp_comm", b.exposed.cp.value()},
          {"ep_comm", b.exposed.ep.value()}, {"pp_comm", b.exposed.pp.value()}, {"dp_comm", b.exposed.dp.value()},
          {"bubble", b.bubble.value()}, {"optimizer", b.optimizer.value()}}},
        {"tokens_per_s", p.tokens_per_s},
        {"model_tflops_per_chip", p.model_tflops_per_chip},
        {"mfu", p.mfu},
        {"hfu", p.hfu},
        {"memory_gib",
         {{"weights", units::to_gib(p.memory.weights)}, {"gradients", units::to_gib(p.memory.gradients)},
          {"optimizer", units::to_gib(p.memory.optimizer)}, {"activations", units::to_gib(p.memory.activations)},
          {"temporaries", units::to_gib(p.memory.temporaries)}, {"reserve", units::to_gib(p.memory.reserve)},
          {"total", units::to_gib(p.memory.total())}, {"capacity", units::to_gib(p.hbm_capacity)}}},
    };
    if (p.time_to_train_days) j["time_to_train_days"] = *p.time_to_train_days;
    if (!p.block_ops.empty()) {
        j["block_ops"] = nlohmann::json::array();
        for (const auto& op : p.block_ops)
            j["block_ops"].push_back({{"name", op.name},
                                      {"forward_us", units::to_us(op.forward)},
                                      {"backward_us", units::to_us(op.backward)},
                                      {"bound", op.bound}});
    }
    return j;
}

// A line for the engine assumptions the flags changed, none when all are the defaults.
void print_assumptions(std::ostream& out, const engine::Scenario& s) {
    if (s.assumptions.sustained_clock)
        out << "Sustained clock: " << fmt(*s.assumptions.sustained_clock) << " of the burst clock (default "
            << fmt(engine::kDefaultSustainedClock) << ", --sustained-clock)\n";
}

void print_readable(std::ostream& out, const engine::Scenario& s, const engine::TrainResult& r,
                    const std::string& calibration) {
    const auto& p = *r.best;
    const auto& b = p.breakdown;
    out << "Training " << s.model.id << " on " << s.chips << " chips of " << s.system << " ("
        << s.train.global_batch << " x " << s.train.seq_len << " tokens per step, " << hw::to_string(s.train.dtype)
        << ")\n";
    out << "Calibration: " << calibration << "\n";
    print_assumptions(out, s);
    out << "Layout: " << layout_text(p.layout) << " (" << p.micro_batches << " micro-batches)\n";
    if (r.search)
        out << "Search: " << r.search->counts.space << " layouts in the space, " << r.search->counts.valid
            << " valid, timed in " << fmt(r.search->seconds, 3) << " s\n";
    out << "\nStep time " << fmt(b.step.value()) << " s\n";
    auto line = [&](const char* what, units::Seconds t) {
        char buf[128];
        std::snprintf(buf, sizeof buf, "  %-26s %10.4f s  %5.1f %%\n", what, t.value(), 100.0 * t.value() / b.step.value());
        out << buf;
    };
    line("compute", b.compute);
    line("tensor-parallel comm", b.exposed.tp);
    line("context-parallel comm", b.exposed.cp);
    line("expert all-to-all", b.exposed.ep);
    line("pipeline send/recv", b.exposed.pp);
    line("data-parallel comm", b.exposed.dp);
    line("pipeline bubble", b.bubble);
    line("optimizer", b.optimizer);
    out << "\nThroughput " << fmt(p.tokens_per_s, 6) << " tokens/s, " << fmt(p.model_tflops_per_chip) << " model TFLOP/s per chip, MFU "
        << fmt(100 * p.mfu, 3) << " %, HFU " << fmt(100 * p.hfu, 3) << " %\n";
    if (p.time_to_train_days) out << "Time to train " << fmt(*p.time_to_train_days) << " days\n";
    out << "Memory per chip " << fmt(units::to_gib(p.memory.total())) << " GiB of " << fmt(units::to_gib(p.hbm_capacity))
        << " GiB: weights " << fmt(units::to_gib(p.memory.weights), 3) << ", gradients "
        << fmt(units::to_gib(p.memory.gradients), 3) << ", optimizer " << fmt(units::to_gib(p.memory.optimizer), 3)
        << ", activations " << fmt(units::to_gib(p.memory.activations), 3) << ", temporaries "
        << fmt(units::to_gib(p.memory.temporaries), 3) << ", reserve " << fmt(units::to_gib(p.memory.reserve), 3) << "\n";
    if (r.top.size() > 1) {
        out << "\nBest layouts:\n";
        for (size_t i = 0; i < r.top.size(); ++i)
            out << "  " << i + 1 << ". " << fmt(r.top[i].breakdown.step.value()) << " s  " << layout_text(r.top[i].layout) << "\n";
    }
    if (!p.block_ops.empty()) {
        out << "\nOne block, one micro-batch (per chip):\n";
        for (const auto& op : p.block_ops) {
            char buf[160];
            std::snprintf(buf, sizeof buf, "  %-16s forward %9.1f us  backward %9.1f us  %s\n",
                          std::string(op.name).c_str(), units::to_us(op.forward), units::to_us(op.backward),
                          op.bound.c_str());
            out << buf;
        }
    }
}

std::string infer_layout_text(const engine::InferLayout& l) {
    return "tp " + std::to_string(l.tp) + ", pp " + std::to_string(l.pp) + ", ep " + std::to_string(l.ep) + ", replicas " +
           std::to_string(l.replicas);
}

std::string_view path_text(engine::PrecisionPath p) {
    return p == engine::PrecisionPath::native ? "native" : "weight-only (dequantized to 16 bit)";
}

nlohmann::json parts_json(const engine::PassBreakdown& d) {
    return {{"gemm", units::to_ms(d.gemm)},       {"attention", units::to_ms(d.attention)},
            {"vector", units::to_ms(d.vector)},   {"tp_comm", units::to_ms(d.tp_comm)},
            {"pp_comm", units::to_ms(d.pp_comm)}, {"total", units::to_ms(d.total)}};
}

// One pass (or the passes to the first token) by part, each with its share of the total.
void print_parts(std::ostream& out, const std::string& title, const engine::PassBreakdown& d) {
    auto line = [&](const char* what, units::Seconds t) {
        char buf[128];
        std::snprintf(buf, sizeof buf, "  %-22s %10.3f ms  %5.1f %%\n", what, units::to_ms(t),
                      d.total.value() > 0 ? 100.0 * t.value() / d.total.value() : 0.0);
        out << buf;
    };
    out << "\n" << title << " " << fmt(units::to_ms(d.total)) << " ms:\n";
    line("GEMMs", d.gemm);
    line("attention", d.attention);
    line("norms, activations", d.vector);
    line("tensor-parallel comm", d.tp_comm);
    line("pipeline send/recv", d.pp_comm);
}

nlohmann::json infer_json(const engine::InferPerformance& p, const workload::InferJob& job) {
    const auto& l = p.layout;
    const auto& pt = p.point;
    const auto& m = p.memory;
    nlohmann::json j{
        {"layout", {{"tp", l.tp}, {"pp", l.pp}, {"ep", l.ep}, {"replicas", l.replicas}}},
        {"batch", pt.batch},
        {"batching", engine::to_string(p.batching)},
        {"weights", p.weights == engine::PrecisionPath::native ? "native" : "weight_only"},
        {"kv_cache", p.kv == engine::PrecisionPath::native ? "native" : "dequantized"},
        {"ttft_ms", units::to_ms(pt.ttft)},
        {"tokens_per_s", p.tokens_per_s},
        {"tokens_per_s_per_chip", p.tokens_per_s_per_chip},
        {"replica_tokens_per_s", pt.tokens_per_s},
        {"iteration_ms", units::to_ms(pt.iteration)},
        {"prefill_ms", units::to_ms(pt.prefill)},
        {"decoding_per_iteration", pt.decoding},
        {"prefill_tokens_per_iteration", pt.prefill_tokens},
        {"decode_step_ms", parts_json(pt.decode)},
        {"first_token_ms", parts_json(pt.first_token)},
        {"memory_gib",
         {{"weights", units::to_gib(m.weights)}, {"activations", units::to_gib(m.activations)},
          {"reserve", units::to_gib(m.reserve)}, {"kv_cache", units::to_gib(m.kv_used)},
          {"kv_pool", units::to_gib(m.kv_pool)}, {"total", units::to_gib(m.total())},
          {"capacity", units::to_gib(m.capacity)}}},
        {"kv_bytes_per_token_per_chip", m.kv_per_token.value()},
        {"max_batch_kv", m.max_batch},
    };
    if (job.output_len > 1) j["tpot_ms"] = units::to_ms(pt.tpot);
    return j;
}

void print_infer(std::ostream& out, const engine::Scenario& s, const engine::InferResult& r,
                 const std::string& calibration) {
    const auto& p = *r.best;
    const auto& pt = p.point;
    const auto& m = p.memory;
    const auto& j = s.infer;
    out << "Serving " << s.model.id << " on " << s.chips << " chips of " << s.system << " (prompt " << j.input_len
        << ", output " << j.output_len << " tokens, weights " << hw::to_string(j.weight_dtype) << " "
        << path_text(p.weights) << ", KV cache " << hw::to_string(j.kv_dtype) << ")\n";
    out << "Calibration: " << calibration << "\n";
    print_assumptions(out, s);
    out << "Replica: " << infer_layout_text(p.layout) << "; " << pt.batch << " sequences in flight per replica ("
        << (j.batch ? "given" : (j.ttft_slo || j.tpot_slo) ? "largest meeting the limits" : "max throughput: KV-cache bound")
        << "), " << engine::to_string(p.batching) << " batching\n";
    if (r.layouts > 1) out << "Search: " << r.layouts << " replica layouts evaluated\n";
    out << "\nTTFT " << fmt(units::to_ms(pt.ttft)) << " ms";
    if (j.output_len > 1) out << ", TPOT " << fmt(units::to_ms(pt.tpot)) << " ms";
    out << "\nThroughput " << fmt(p.tokens_per_s, 6) << " output tokens/s (" << fmt(p.tokens_per_s_per_chip, 5)
        << " per chip, " << fmt(pt.tokens_per_s, 5) << " per replica)\n";
    print_parts(out, "Time to first token", pt.first_token);
    if (j.output_len > 1) print_parts(out, "One decode iteration", pt.decode);
    out << "\nMemory per chip " << fmt(units::to_gib(m.total())) << " GiB of " << fmt(units::to_gib(m.capacity))
        << " GiB: weights " << fmt(units::to_gib(m.weights), 3) << ", activations " << fmt(units::to_gib(m.activations), 3)
        << ", reserve " << fmt(units::to_gib(m.reserve), 3) << ", KV cache " << fmt(units::to_gib(m.kv_used), 3) << " (pool "
        << fmt(units::to_gib(m.kv_pool), 3) << " GiB holds " << m.max_batch << " sequences of " << m.tokens_per_sequence
        << " tokens)\n";
    if (r.top.size() > 1) {
        out << "\nBest layouts:\n";
        for (size_t i = 0; i < r.top.size(); ++i)
            out << "  " << i + 1 << ". " << fmt(r.top[i].tokens_per_s, 6) << " tokens/s  batch " << r.top[i].point.batch
                << "  TTFT " << fmt(units::to_ms(r.top[i].point.ttft)) << " ms  TPOT "
                << fmt(units::to_ms(r.top[i].point.tpot)) << " ms  " << infer_layout_text(r.top[i].layout) << "\n";
    }
}

int run_infer(const engine::EvaluationContext& ctx, const engine::Scenario& s, const EvaluateArgs& args,
              const LoadedCalibrations& cal) {
    engine::EvaluateOptions opt;
    opt.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    opt.top = args.top;
    engine::InferResult r = engine::evaluate_infer(ctx, s, opt);
    if (r.status == engine::Status::error) throw UsageError(flag_message(r.message));
    if (args.format == "json") {
        nlohmann::json j{{"status", engine::to_string(r.status)}, {"message", r.message}, {"mode", "infer"},
                         {"layouts_evaluated", r.layouts},
                         {"calibration", calibration_json(cal, ctx.catalog(), s.system)}};
        if (s.assumptions.sustained_clock) j["sustained_clock"] = *s.assumptions.sustained_clock;
        if (r.best) j["best"] = infer_json(*r.best, s.infer);
        if (r.top.size() > 1) {
            j["top"] = nlohmann::json::array();
            for (const auto& t : r.top) j["top"].push_back(infer_json(t, s.infer));
        }
        std::cout << j.dump(2) << "\n";
        return r.status == engine::Status::ok ? kExitOk : kExitFailure;
    }
    if (!r.best) {
        std::cout << "infeasible: " << r.message << "\n";
        return kExitFailure;
    }
    print_infer(std::cout, s, r, calibration_text(cal, ctx.catalog(), s.system));
    return kExitOk;
}

}  // namespace

void register_evaluate_command(CLI::App& app, Registry& registry) {
    auto args = std::make_shared<EvaluateArgs>();
    CLI::App* cmd = app.add_subcommand("evaluate", "Evaluate one scenario (flags named like the batch CSV columns)");
    for (const auto& col : io::batch_input_columns()) {
        if (col == "id") continue;
        cmd->add_option_function<std::string>(flag_of(col), [args, col](const std::string& v) { args->cells[col] = v; },
                                              "batch column " + col);
    }
    cmd->add_option("--format", args->format, "table or json")->check(CLI::IsMember({"table", "json"}));
    cmd->add_option("--top", args->top, "how many of the best layouts to list when searching")->check(CLI::Range(1, 100));
    cmd->add_flag("--detail", args->detail, "per-operator times of one block");
    add_assumption_flags(*cmd, args->assumptions);
    add_uncalibrated_flag(*cmd, args->uncalibrated);
    registry.add(cmd, [args, &registry]() {
        const engine::EngineAssumptions assumptions = assumptions_from(args->assumptions);
        store::Database db = open_db(*registry.global);
        hw::Catalog catalog = store::load_catalog(db);
        std::vector<std::string> header{"id"};
        io::CsvRow row{"cli"};
        for (const auto& [k, v] : args->cells) {
            header.push_back(k);
            row.push_back(v);
        }
        io::RowView view(header, row, 0);
        io::ScenarioParse parse = io::parse_scenario(view, catalog);
        if (!parse.scenario) {
            const Issue& first = parse.issues.front();
            std::string more = parse.issues.size() > 1 ? " (and " + std::to_string(parse.issues.size() - 1) + " more)" : "";
            throw UsageError(flag_of(first.path) + ": " + first.message + more);
        }
        parse.scenario->assumptions = assumptions;
        const engine::Scenario& s = *parse.scenario;
        // Only the scenario's chip and system are fitted.
        const CalibratedContext calibrated =
            make_calibrated_context(db, std::move(catalog), args->uncalibrated, std::set<std::string>{s.system});
        const engine::EvaluationContext& ctx = calibrated.context;
        if (s.mode == engine::Mode::infer) return run_infer(ctx, s, *args, calibrated.calibrations);
        engine::EvaluateOptions opt;
        opt.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
        opt.top = args->top;
        opt.detail = args->detail;
        engine::TrainResult r = engine::evaluate_train(ctx, s, opt);
        if (r.status == engine::Status::error) throw UsageError(flag_message(r.message));  // "column tp: ..." names the flag
        if (args->format == "json") {
            nlohmann::json j{{"status", engine::to_string(r.status)},
                             {"message", r.message},
                             {"calibration", calibration_json(calibrated.calibrations, ctx.catalog(), s.system)}};
            if (s.assumptions.sustained_clock) j["sustained_clock"] = *s.assumptions.sustained_clock;
            if (r.best) j["best"] = perf_json(*r.best);
            if (r.search) {
                j["search"] = {{"space", r.search->counts.space},
                               {"valid", r.search->counts.valid},
                               {"seconds", r.search->seconds}};
                j["top"] = nlohmann::json::array();
                for (const auto& t : r.top) j["top"].push_back(perf_json(t));
            }
            std::cout << j.dump(2) << "\n";
            return r.status == engine::Status::ok ? kExitOk : kExitFailure;
        }
        if (!r.best) {
            std::cout << "infeasible: " << r.message << "\n";
            return kExitFailure;
        }
        print_readable(std::cout, s, r, calibration_text(calibrated.calibrations, ctx.catalog(), s.system));
        return kExitOk;
    });
}

}  // namespace rackplan::cli
