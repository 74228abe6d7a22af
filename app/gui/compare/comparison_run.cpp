#include "comparison_run.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "compare/breakdown_kinds.h"

namespace rackplan::gui {
namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

std::string model_label(const ComparisonInput& in, const hw::Catalog& catalog) {
    if (in.model.empty()) return in.custom.name;
    if (const workload::Model* m = catalog.find_model(in.model)) return m->name + " (" + m->id + ")";
    return in.model;
}

}  // namespace

ComparisonResult run_comparison(const engine::EvaluationContext& ctx, const ComparisonInput& input,
                                const RunOptions& options) {
    const auto t0 = Clock::now();
    ComparisonResult out;
    out.input = input;
    out.input_json = to_json(input);
    out.model_label = model_label(input, ctx.catalog());
    const size_t n = input.candidates.size();
    auto cancelled = [&] { return options.cancel && options.cancel->load(); };

    for (size_t i = 0; i < n && !cancelled(); ++i) {
        const auto t1 = Clock::now();
        CandidateResult row;
        row.candidate = input.candidates[i];
        if (const hw::System* sys = ctx.catalog().find_system(row.candidate.system)) {
            row.system_name = sys->name;
            row.chip_id = sys->chip;
            if (const hw::Chip* chip = ctx.catalog().find_chip(sys->chip)) row.chip_name = chip->name;
        }
        io::ScenarioParse parse = scenario_for(input, row.candidate, ctx.catalog());
        if (!parse.scenario) {
            row.result.status = engine::Status::error;
            row.result.message = io::join_issues(parse.issues);
        } else {
            engine::EvaluateOptions eo;
            eo.threads = options.threads;
            eo.detail = true;
            eo.cancel = options.cancel;
            if (options.progress)
                eo.progress = [&, i](double p) { options.progress((static_cast<double>(i) + p) / static_cast<double>(n)); };
            row.result = engine::evaluate_train(ctx, *parse.scenario, eo);
            if (cancelled()) break;
            if (auto hx = ctx.hardware(row.candidate.system, row.candidate.chips)) {
                row.peak = hx->chip.peak_of(hw::Engine::tensor, input.dtype);
                row.hbm_bandwidth = hx->chip.hbm_bandwidth;
                if (hx->network->construction_issues().empty())
                    row.curves = microbench_curves(*hx, row.candidate.chips, input.dtype);
            }
        }
        row.seconds = since(t1);
        out.rows.push_back(std::move(row));
        if (options.progress) options.progress(static_cast<double>(i + 1) / static_cast<double>(n));
    }
    out.cancelled = cancelled();

    for (size_t i = 0; i < out.rows.size(); ++i)
        if (out.rows[i].ok()) out.ranking.push_back(i);
    // Fastest first; equal step times keep input order, so the ranking is deterministic.
    std::stable_sort(out.ranking.begin(), out.ranking.end(), [&](size_t a, size_t b) {
        return out.rows[a].result.best->breakdown.step < out.rows[b].result.best->breakdown.step;
    });
    for (size_t i = 0; i < out.rows.size(); ++i)
        if (!out.rows[i].ok()) out.ranking.push_back(i);
    out.seconds = since(t0);
    return out;
}

std::vector<Candidate> with_result_layouts(const ComparisonResult& result) {
    std::vector<Candidate> out;
    for (const CandidateResult& r : result.rows) {
        Candidate c = r.candidate;
        if (r.ok()) c.layout = r.result.best->layout;
        out.push_back(std::move(c));
    }
    return out;
}

std::string result_json(const ComparisonResult& result) {
    using nlohmann::json;
    json rows = json::array();
    for (size_t rank = 0; rank < result.ranking.size(); ++rank) {
        const CandidateResult& r = result.rows[result.ranking[rank]];
        json j{{"system", r.candidate.system},
               {"chips", r.candidate.chips},
               {"status", engine::to_string(r.result.status)},
               {"message", r.result.message}};
        if (r.ok()) {
            const engine::TrainPerformance& p = *r.result.best;
            const parallel::Layout& l = p.layout;
            j["rank"] = rank + 1;
            j["layout"] = {{"tp", l.tp}, {"pp", l.pp}, {"dp", l.dp}, {"cp", l.cp}, {"ep", l.ep},
                           {"vpp", l.vpp}, {"sp", l.sp}, {"zero", l.zero},
                           {"recompute", parallel::to_string(l.recompute)}, {"micro_batch", l.micro_batch}};
            j["step_time_s"] = p.breakdown.step.value();
            json parts;
            for (const StepPart& s : kStepParts) parts[s.key] = s.of(p.breakdown).value();
            j["breakdown_s"] = parts;
            j["tokens_per_s"] = p.tokens_per_s;
            j["mfu"] = p.mfu;
            json mem;
            for (const MemoryPart& m : kMemoryParts) mem[m.key] = units::to_gib(m.of(p.memory));
            mem["total"] = units::to_gib(p.memory.total());
            mem["capacity"] = units::to_gib(p.hbm_capacity);
            j["memory_gib"] = mem;
            if (p.time_to_train_days) j["time_to_train_days"] = *p.time_to_train_days;
        }
        rows.push_back(j);
    }
    return json{{"model", result.model_label}, {"seconds", result.seconds}, {"rows", rows}}.dump();
}

std::string history_summary(std::string_view text) {
    const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.contains("rows") || !j["rows"].is_array()) return "unreadable result";
    const auto& rows = j["rows"];
    const auto ok = std::count_if(rows.begin(), rows.end(), [](const auto& r) { return r.value("status", "") == "ok"; });
    if (rows.empty()) return "no systems";
    const auto& best = rows.front();
    if (best.value("status", "") != "ok") return std::to_string(rows.size()) + " systems, none feasible";
    char step[32];
    std::snprintf(step, sizeof step, "%.3g", best.value("step_time_s", 0.0));
    return best.value("system", "?") + " × " + std::to_string(best.value("chips", 0)) + " fastest, " + step +
           " s/step (" + std::to_string(ok) + " of " + std::to_string(rows.size()) + " feasible)";
}

}  // namespace rackplan::gui
