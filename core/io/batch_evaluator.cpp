#include "io/batch_evaluator.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/infer_evaluate.h"
#include "cost/cost_cells.h"
#include "cost/cost_evaluation.h"
#include "io/scenario_row.h"

namespace rackplan::io {
namespace {

std::string num(double v, const char* fmt = "%.6g") {
    if (!std::isfinite(v)) return "";
    char buf[64];
    std::snprintf(buf, sizeof buf, fmt, v);
    return buf;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> train_cells(const engine::TrainPerformance& p) {
    const auto& l = p.layout;
    std::vector<std::pair<std::string, std::string>> v{
        {"used_tp", std::to_string(l.tp)},
        {"used_pp", std::to_string(l.pp)},
        {"used_dp", std::to_string(l.dp)},
        {"used_cp", std::to_string(l.cp)},
        {"used_ep", std::to_string(l.ep)},
        {"used_vpp", std::to_string(l.vpp)},
        {"used_sp", l.sp ? "1" : "0"},
        {"used_zero", std::to_string(l.zero)},
        {"used_recompute", std::string(parallel::to_string(l.recompute))},
        {"used_micro_batch", std::to_string(l.micro_batch)},
        {"step_time_s", num(p.breakdown.step.value())},
        {"tokens_per_s", num(p.tokens_per_s)},
        {"tokens_per_s_per_chip", num(p.tokens_per_s / (static_cast<double>(l.chips())))},
        {"model_tflops_per_chip", num(p.model_tflops_per_chip)},
        {"mfu", num(p.mfu, "%.4f")},
        {"mem_gib_per_chip", num(units::to_gib(p.memory.total()), "%.2f")},
    };
    if (p.time_to_train_days) v.emplace_back("time_to_train_days", num(*p.time_to_train_days));
    return v;
}

namespace {

// Output cells of a serving result (used_tp/pp/ep/batch/replicas, TTFT, TPOT, tokens/s, memory).
std::vector<std::pair<std::string, std::string>> infer_cells(const engine::InferPerformance& p,
                                                              const workload::InferJob& job) {
    const auto& l = p.layout;
    std::vector<std::pair<std::string, std::string>> v{
        {"used_tp", std::to_string(l.tp)},
        {"used_pp", std::to_string(l.pp)},
        {"used_ep", std::to_string(l.ep)},
        {"used_batch", std::to_string(p.point.batch)},
        {"used_replicas", std::to_string(l.replicas)},
        {"ttft_ms", num(units::to_ms(p.point.ttft))},
        {"tokens_per_s", num(p.tokens_per_s)},
        {"tokens_per_s_per_chip", num(p.tokens_per_s_per_chip)},
        {"mem_gib_per_chip", num(units::to_gib(p.memory.total()), "%.2f")},
    };
    // A single generated token has no time per output token.
    if (job.output_len > 1) v.emplace_back("tpot_ms", num(units::to_ms(p.point.tpot)));
    return v;
}

}  // namespace

RowResult evaluate_row(const engine::EvaluationContext& ctx, const RowView& row) {
    ScenarioParse parse = parse_scenario(row, ctx.catalog());
    if (!parse.scenario) return {RowStatus::error, join_issues(parse.issues), {}};
    const engine::Scenario& s = *parse.scenario;
    // Cost inputs are checked before any layout search, so a bad `pricing` fails fast. CSV cells
    // are point values: no sampling, no tornado (compare and plan give the ranges).
    const hw::System& system = *ctx.catalog().find_system(s.system);  // parse_scenario checked the id
    cost::CostOptions cost_options;
    cost_options.samples = 0;
    cost_options.sensitivity = false;
    // An empty `pricing` takes the default (own); when the catalog has no way to price the
    // system like that (Trainium is not sold) the cost cells do not apply and stay empty. A
    // pricing the row asks for and the catalog cannot give is a bad cell.
    bool priced = true;
    if (Issues bad = cost::check_cost_inputs(ctx.catalog(), system, s.chips, s.cost, cost_options); !bad.empty()) {
        const bool only_pricing = std::all_of(bad.begin(), bad.end(), [](const Issue& i) { return i.path == "pricing"; });
        if (!(only_pricing && row.cell("pricing").empty())) return {RowStatus::error, join_issues(bad), {}};
        priced = false;
    }
    auto add_cost = [&](RowResult& out, const cost::PerformanceSummary& perf) {
        if (!priced) return;
        cost::CostResult c = cost::evaluate_cost(ctx.catalog(), system, s.chips, s.cost, perf, cost_options);
        if (!c.evaluation) {
            out = {RowStatus::error, join_issues(c.issues), {}};
            return;
        }
        auto cells = cost::cost_cells(*c.evaluation);
        out.values.insert(out.values.end(), cells.begin(), cells.end());
    };
    if (s.mode == engine::Mode::infer) {
        engine::InferResult r = engine::evaluate_infer(ctx, s);
        RowResult out;
        out.status = r.status == engine::Status::ok          ? RowStatus::ok
                     : r.status == engine::Status::infeasible ? RowStatus::infeasible
                                                              : RowStatus::error;
        out.message = r.message;
        if (r.best) {
            out.values = infer_cells(*r.best, s.infer);
            add_cost(out, cost::PerformanceSummary::serving(cost::TokenRate(r.best->tokens_per_s)));
        }
        return out;
    }
    engine::TrainResult r = engine::evaluate_train(ctx, s);
    RowResult out;
    out.status = r.status == engine::Status::ok          ? RowStatus::ok
                 : r.status == engine::Status::infeasible ? RowStatus::infeasible
                                                          : RowStatus::error;
    out.message = r.message;
    if (r.best) {
        out.values = train_cells(*r.best);
        add_cost(out, cost::PerformanceSummary::training(r.best->breakdown.step, s.train.tokens_per_step(),
                                                         s.train.train_tokens));
    }
    return out;
}

}  // namespace rackplan::io
