// `rackplan plan ...`: from a demand (--demand-days D to train --train-tokens; or
// --requests-per-s R to serve under --ttft-slo-ms/--tpot-slo-ms) to the fleet each system
// needs, its cost, owning versus renting it, and the Pareto front; --save keeps it.
#include <CLI/CLI.hpp>

#include <iostream>
#include <thread>

#include "calibration_context.h"
#include "commands.h"
#include "plan/capacity.h"
#include "plan/plan_json.h"
#include "plan_output.h"
#include "scenario_flags.h"
#include "store/catalog_store.h"
#include "table_format.h"

namespace rackplan::cli {
namespace {

struct PlanArgs {
    std::shared_ptr<ScenarioCells> cells = std::make_shared<ScenarioCells>();
    std::string systems;
    std::optional<double> days;
    std::optional<double> requests_per_s;
    std::string format = "table";
    int top = 3;
    std::optional<std::string> save;
    bool uncalibrated = false;
    AssumptionFlags assumptions;
};

int run_plan(const PlanArgs& args, const GlobalOptions& global) {
    if (args.systems.empty()) throw UsageError("--systems: required (ID[:CHIPS][@PRICING], comma-separated)");
    if (args.save && args.save->empty()) throw UsageError("--save: give the scenario a name");
    const engine::EngineAssumptions assumptions = assumptions_from(args.assumptions);
    store::Database db = open_db(global);
    hw::Catalog catalog = store::load_catalog(db);
    std::vector<plan::SystemChoice> choices = parse_systems(args.systems, catalog);
    // Only the chips and systems compared are fitted.
    std::set<std::string> systems;
    for (const auto& c : choices) systems.insert(c.system);
    const CalibratedContext calibrated = make_calibrated_context(db, std::move(catalog), args.uncalibrated, systems);
    const engine::EvaluationContext& ctx = calibrated.context;
    io::RunRequest request = run_request("plan", *args.cells, choices, args.top);  // as typed
    request.demand_days = args.days;
    request.requests_per_s = args.requests_per_s;
    request.assumptions = assumptions;
    request.uncalibrated = args.uncalibrated;

    // --chips is optional here: where a training search starts, the size a serving search runs at.
    ScenarioCells cells = *args.cells;
    cells["system"] = choices.front().system;
    if (!cells.count("chips")) cells["chips"] = "1";
    engine::Scenario base = scenario_from_cells(cells, ctx.catalog());
    base.assumptions = assumptions;
    if (args.cells->count("chips"))
        for (auto& c : choices)
            if (!c.chips) c.chips = base.chips;

    plan::Demand demand{args.days, args.requests_per_s};
    if (Issues issues = plan::check_demand(base, demand); !issues.empty())
        throw UsageError(flag_of(issues.front().path) + ": " + issues.front().message);

    plan::PlanOptions options;
    options.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    options.top = args.top;
    const plan::PlanResult result = plan::plan(ctx, base, choices, demand, options);

    bool any = false, same = true;
    for (const auto& row : result.rows) {
        any = any || row.plan() != nullptr;
        same = same && row.message == result.rows.front().message;
    }
    if (!any && same && result.rows.front().status == engine::Status::error)
        throw UsageError(flag_message(result.rows.front().message));

    nlohmann::json doc = plan::to_json(result);
    doc["calibration"] = calibration_summary_json(calibrated.calibrations);
    const Format format = *format_from(args.format);
    print_and_save(db, doc, format, args.save, request);
    return any ? kExitOk : kExitFailure;
}

}  // namespace

void register_plan_command(CLI::App& app, Registry& registry) {
    auto args = std::make_shared<PlanArgs>();
    CLI::App* cmd = app.add_subcommand(
        "plan", "Capacity plan: from a demand to the fleet per system (chips, racks, MW, cost, buy vs rent)");
    add_scenario_flags(*cmd, args->cells, {"system"});
    cmd->add_option("--systems", args->systems, "systems to plan for, comma-separated ID[:CHIPS][@PRICING]");
    cmd->add_option("--demand-days", args->days, "training: finish --train-tokens within D days");
    cmd->add_option("--requests-per-s", args->requests_per_s, "serving: requests per second to carry");
    cmd->add_option("--format", args->format, "table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
    cmd->add_option("--top", args->top, "layouts kept per system for the Pareto front")->check(CLI::Range(1, 20));
    cmd->add_option("--save", args->save, "store the input and the result as scenario NAME");
    add_assumption_flags(*cmd, args->assumptions);
    add_uncalibrated_flag(*cmd, args->uncalibrated);
    registry.add(cmd, [args, &registry] { return run_plan(*args, *registry.global); });
}

}  // namespace rackplan::cli
