#include "comparison_run.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>

#include <nlohmann/json.hpp>

#include "plan/plan_json.h"

namespace rackplan::gui {
namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

std::string model_label(const ComparisonInput& in, const hw::Catalog& catalog) {
    if (in.model.empty()) return in.custom.name;
    if (const workload::Model* m = catalog.find_model(in.model)) return m->name + " (" + m->id + ")";
    return in.model;
}

// The first candidate's scenario (any candidate when it is not valid): the workload and
// cost inputs every row shares.
std::optional<engine::Scenario> base_scenario(const ComparisonInput& in, const hw::Catalog& catalog) {
    for (const Candidate& c : in.candidates)
        if (io::ScenarioParse p = scenario_for(in, c, catalog); p.scenario) return p.scenario;
    return std::nullopt;
}

// Ranks across rows the way plan::compare ranks its own (time of the best layout, its $/M
// tokens, the front over every priced layout), then orders the table by time rank.
void rank(ComparisonResult& out) {
    std::vector<plan::CompareRow> rows;
    rows.reserve(out.rows.size());
    for (CandidateResult& r : out.rows) rows.push_back(std::move(r.row));
    out.pareto.clear();
    plan::rank_rows(
        rows, out.pareto, [](const plan::CompareRow& r) { return r.best(); },
        [](const plan::CompareRow& r) -> const std::vector<plan::Candidate>& { return r.layouts; },
        [](const plan::Candidate& c) { return plan::ranking_cost(c); });
    for (size_t i = 0; i < rows.size(); ++i) out.rows[i].row = std::move(rows[i]);

    out.ranking.clear();
    for (size_t i = 0; i < out.rows.size(); ++i)
        if (out.rows[i].row.time_rank > 0) out.ranking.push_back(i);
    std::stable_sort(out.ranking.begin(), out.ranking.end(),
                     [&](size_t a, size_t b) { return out.rows[a].row.time_rank < out.rows[b].row.time_rank; });
    for (size_t i = 0; i < out.rows.size(); ++i)
        if (out.rows[i].row.time_rank == 0) out.ranking.push_back(i);
}

// The input with everything pricing reads set to one value: equal for two inputs that differ
// only in what a re-price can follow.
ComparisonInput without_prices(ComparisonInput in) {
    in.usd_per_kwh.reset();
    in.pue.reset();
    in.years.reset();
    for (Candidate& c : in.candidates) c.pricing = engine::Pricing::own;
    return in;
}

}  // namespace

ComparisonResult run_comparison(const engine::EvaluationContext& calibrated, const ComparisonInput& input,
                                const RunOptions& options) {
    // An input that asks to ignore the measured calibration runs on the catalog alone.
    std::optional<engine::EvaluationContext> bare;
    const engine::EvaluationContext& ctx = input.uncalibrated ? bare.emplace(calibrated.catalog()) : calibrated;
    const auto t0 = Clock::now();
    ComparisonResult out;
    out.input = input;
    out.input_json = to_json(input);
    out.model_label = model_label(input, ctx.catalog());
    if (auto base = base_scenario(input, ctx.catalog())) {
        out.base = *base;
        out.time_metric = plan::time_metric(*base);
    }
    const size_t n = input.candidates.size();
    auto cancelled = [&] { return options.cancel && options.cancel->load(); };

    for (size_t i = 0; i < n && !cancelled(); ++i) {
        const auto t1 = Clock::now();
        CandidateResult row;
        row.candidate = input.candidates[i];
        row.row.system = row.candidate.system;
        row.row.chips = row.candidate.chips;
        row.row.pricing = row.candidate.pricing;
        if (const hw::System* sys = ctx.catalog().find_system(row.candidate.system)) {
            row.system_name = sys->name;
            row.chip_id = sys->chip;
            if (const hw::Chip* chip = ctx.catalog().find_chip(sys->chip)) row.chip_name = chip->name;
        }
        io::ScenarioParse parse = scenario_for(input, row.candidate, ctx.catalog());
        if (!parse.scenario) {
            row.row.status = engine::Status::error;
            row.row.message = io::join_issues(parse.issues);
        } else {
            // Each candidate is its own comparison of one: its scenario carries its kept layout.
            plan::CompareOptions o;
            o.threads = options.threads;
            o.top = input.top;
            o.detail = true;
            o.cancel = options.cancel;
            if (options.progress)
                o.progress = [&, i](double p) { options.progress((static_cast<double>(i) + p) / static_cast<double>(n)); };
            plan::CompareResult one = plan::compare(ctx, *parse.scenario, {plan::SystemChoice{row.candidate.system,
                                                                                             row.candidate.chips,
                                                                                             row.candidate.pricing}},
                                                    o);
            if (cancelled() || one.rows.empty()) break;
            row.row = std::move(one.rows.front());
            if (auto hx = ctx.hardware(row.candidate.system, row.candidate.chips)) {
                row.peak = hx->chip.peak_of(hw::Engine::tensor, compute_dtype(input));
                row.hbm_bandwidth = hx->chip.hbm_bandwidth;
                if (hx->network->construction_issues().empty())
                    row.curves = microbench_curves(*hx, row.candidate.chips, compute_dtype(input));
            }
        }
        row.seconds = since(t1);
        out.rows.push_back(std::move(row));
        if (options.progress) options.progress(static_cast<double>(i + 1) / static_cast<double>(n));
    }
    out.cancelled = cancelled();
    rank(out);
    out.seconds = since(t0);
    return out;
}

bool reprice_only(const ComparisonInput& ran, const ComparisonInput& next) {
    return to_json(without_prices(ran)) == to_json(without_prices(next));
}

ComparisonResult repriced(const ComparisonResult& result, const ComparisonInput& next, const hw::Catalog& catalog) {
    const auto t0 = Clock::now();
    ComparisonResult out = result;
    out.input = next;
    out.input_json = to_json(next);
    if (auto base = base_scenario(next, catalog)) out.base = *base;
    plan::CompareResult c;
    c.base = out.base;
    c.time_metric = out.time_metric;
    for (size_t i = 0; i < out.rows.size(); ++i) {
        out.rows[i].candidate.pricing = next.candidates[i].pricing;
        out.rows[i].row.pricing = next.candidates[i].pricing;
        c.rows.push_back(std::move(out.rows[i].row));
    }
    plan::reprice(c, catalog, out.base);
    for (size_t i = 0; i < out.rows.size(); ++i) out.rows[i].row = std::move(c.rows[i]);
    rank(out);
    out.price_seconds = since(t0);
    return out;
}

std::vector<Candidate> with_result_layouts(const ComparisonResult& result) {
    std::vector<Candidate> out;
    for (const CandidateResult& r : result.rows) {
        Candidate c = r.candidate;
        if (const engine::TrainPerformance* p = r.best()) {
            c.layout = p->layout;
        } else if (const engine::InferPerformance* p = r.serving()) {
            // A replica keeps tp, pp and ep; its batch and replicas follow the SLOs and chips.
            parallel::Layout l;
            l.tp = p->layout.tp;
            l.pp = p->layout.pp;
            l.ep = p->layout.ep;
            c.layout = l;
        }
        out.push_back(std::move(c));
    }
    return out;
}

plan::CompareResult compare_result(const ComparisonResult& result) {
    plan::CompareResult c;
    c.base = result.base;
    c.time_metric = result.time_metric;
    for (const CandidateResult& r : result.rows) c.rows.push_back(r.row);
    c.pareto = result.pareto;
    return c;
}

std::string result_json(const ComparisonResult& result) { return plan::to_json(compare_result(result)).dump(); }

std::string history_summary(std::string_view text) {
    const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    auto sig = [](double v) {
        char b[32];
        std::snprintf(b, sizeof b, "%.3g", v);
        return std::string(b);
    };
    if (!j.is_object()) return "unreadable result";
    // The plan document (kind "compare"): systems with ranks and layouts.
    if (j.contains("systems") && j["systems"].is_array()) {
        const auto& systems = j["systems"];
        if (systems.empty()) return "no systems";
        const nlohmann::json* fastest = nullptr;
        int ok = 0;  // rows with a layout (a row that could not be priced still ran)
        for (const auto& s : systems) {
            ok += s.contains("layouts") && s["layouts"].is_array() && !s["layouts"].empty();
            if (s.value("time_rank", 0) == 1) fastest = &s;
        }
        if (!fastest || !(*fastest)["layouts"].is_array() || (*fastest)["layouts"].empty())
            return std::to_string(systems.size()) + " systems, none feasible";
        const auto& best = (*fastest)["layouts"][0];
        std::string s = fastest->value("system", "?") + " × " + std::to_string(fastest->value("chips", 0)) + " fastest";
        if (best.contains("step_time_s") && best["step_time_s"].is_number())
            s += ", " + sig(best["step_time_s"].get<double>()) + " s/step";
        else if (best.contains("tpot_ms") && best["tpot_ms"].is_number())
            s += ", " + sig(best["tpot_ms"].get<double>()) + " ms/token";
        else if (best.contains("ttft_ms") && best["ttft_ms"].is_number())
            s += ", " + sig(best["ttft_ms"].get<double>()) + " ms to first token";
        if (best.contains("cost") && best["cost"].contains("usd_per_mtok") && best["cost"]["usd_per_mtok"]["point"].is_number())
            s += ", $" + sig(best["cost"]["usd_per_mtok"]["point"].get<double>()) + "/M tokens";
        return s + " (" + std::to_string(ok) + " of " + std::to_string(systems.size()) + " with a layout)";
    }
    // The GUI's first form: rows ranked fastest first.
    if (!j.contains("rows") || !j["rows"].is_array()) return "unreadable result";
    const auto& rows = j["rows"];
    const auto ok = std::count_if(rows.begin(), rows.end(), [](const auto& r) { return r.value("status", "") == "ok"; });
    if (rows.empty()) return "no systems";
    const auto& best = rows.front();
    if (best.value("status", "") != "ok") return std::to_string(rows.size()) + " systems, none feasible";
    return best.value("system", "?") + " × " + std::to_string(best.value("chips", 0)) + " fastest, " +
           sig(best.value("step_time_s", 0.0)) + " s/step (" + std::to_string(ok) + " of " + std::to_string(rows.size()) +
           " feasible)";
}

}  // namespace rackplan::gui
