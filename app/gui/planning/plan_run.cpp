#include "planning/plan_run.h"

#include <chrono>
#include <optional>

#include "plan/plan_json.h"

namespace rackplan::gui {

ComparisonInput plan_input(const ComparisonInput& comparison, double demand) {
    ComparisonInput in = comparison;
    if (in.mode == engine::Mode::infer) in.requests_per_s = demand;
    else in.demand_days = demand;
    in.layouts = LayoutPolicy::search;  // a plan searches every size it tries
    for (Candidate& c : in.candidates) {
        c.chips = 0;
        c.layout.reset();
    }
    return in;
}

PlanRun run_plan(const engine::EvaluationContext& calibrated, const ComparisonInput& input, int threads,
                 const std::atomic<bool>* cancel, std::function<void(double)> progress) {
    // An input that asks to ignore the measured calibration runs on the catalog alone.
    std::optional<engine::EvaluationContext> bare;
    const engine::EvaluationContext& ctx = input.uncalibrated ? bare.emplace(calibrated.catalog()) : calibrated;
    const auto t0 = std::chrono::steady_clock::now();
    PlanRun out;
    out.input = input;
    out.input_json = to_json(input, kPlanKind);
    out.model_label = input.model.empty() ? input.custom.name : input.model;
    if (const workload::Model* m = ctx.catalog().find_model(input.model)) out.model_label = m->name;
    if (input.candidates.empty()) {
        out.error = "add candidate systems on the Compare page";
        return out;
    }
    // The workload as a scenario: the first system at one chip (chips only start the search).
    Candidate probe = input.candidates.front();
    probe.chips = 1;
    const io::ScenarioParse parse = scenario_for(input, probe, ctx.catalog());
    if (!parse.scenario) {
        out.error = io::join_issues(parse.issues);
        return out;
    }
    const bool serving = input.mode == engine::Mode::infer;
    const plan::Demand demand{serving ? std::nullopt : input.demand_days, serving ? input.requests_per_s : std::nullopt};
    if (const Issues issues = plan::check_demand(*parse.scenario, demand); !issues.empty()) {
        out.error = plan::join_issues(issues);
        return out;
    }
    std::vector<plan::SystemChoice> systems;
    for (const Candidate& c : input.candidates)
        systems.push_back({c.system, c.chips > 0 ? std::optional<int>(c.chips) : std::nullopt, c.pricing});
    plan::PlanOptions options;
    options.threads = threads;
    options.top = input.top;
    options.cancel = cancel;
    options.progress = std::move(progress);
    out.result = plan::plan(ctx, *parse.scenario, systems, demand, options);
    out.cancelled = cancel && cancel->load();
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return out;
}

std::string plan_result_json(const PlanRun& run) { return plan::to_json(run.result).dump(); }

}  // namespace rackplan::gui
