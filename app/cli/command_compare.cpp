// `rackplan compare ... --systems A,B:512,C@own`: one workload on several systems, each at its
// best layout, priced with P10–P90 ranges and ranked by time and by cost; --save keeps it.
#include <CLI/CLI.hpp>

#include <iostream>
#include <thread>

#include "calibration_context.h"
#include "commands.h"
#include "plan/compare.h"
#include "plan/plan_json.h"
#include "plan_output.h"
#include "scenario_flags.h"
#include "store/catalog_store.h"

namespace rackplan::cli {
namespace {

struct CompareArgs {
    std::shared_ptr<ScenarioCells> cells = std::make_shared<ScenarioCells>();
    std::string systems;
    std::string format = "table";
    int top = 3;
    std::optional<std::string> save;
    bool uncalibrated = false;
    AssumptionFlags assumptions;
};

int run_compare(const CompareArgs& args, const GlobalOptions& global) {
    if (args.systems.empty()) throw UsageError("--systems: required (ID[:CHIPS][@PRICING], comma-separated)");
    if (args.save && args.save->empty()) throw UsageError("--save: give the scenario a name");
    const engine::EngineAssumptions assumptions = assumptions_from(args.assumptions);
    store::Database db = open_db(global);
    hw::Catalog catalog = store::load_catalog(db);
    const std::vector<plan::SystemChoice> choices = parse_systems(args.systems, catalog);
    // Only the chips and systems compared are fitted.
    std::set<std::string> systems;
    for (const auto& c : choices) systems.insert(c.system);
    const CalibratedContext calibrated = make_calibrated_context(db, std::move(catalog), args.uncalibrated, systems);
    const engine::EvaluationContext& ctx = calibrated.context;

    ScenarioCells cells = *args.cells;
    if (!cells.count("chips")) {
        for (const auto& c : choices)
            if (!c.chips)
                throw UsageError("--chips: required, unless every system carries its own (--systems " + c.system + ":512,...)");
        cells["chips"] = std::to_string(*choices.front().chips);
    }
    cells["system"] = choices.front().system;
    engine::Scenario base = scenario_from_cells(cells, ctx.catalog());
    base.assumptions = assumptions;

    plan::CompareOptions options;
    options.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    options.top = args.top;
    options.detail = true;  // per-operator times of each best layout, for reports of the saved result
    const plan::CompareResult result = plan::compare(ctx, base, choices, options);

    // The same bad input everywhere (a layout column no system can take) is a usage error.
    bool any = false, same = true;
    for (const auto& row : result.rows) {
        any = any || !row.layouts.empty();
        same = same && row.message == result.rows.front().message;
    }
    if (!any && same && result.rows.front().status == engine::Status::error)
        throw UsageError(flag_message(result.rows.front().message));

    nlohmann::json doc = plan::to_json(result);
    doc["calibration"] = calibration_summary_json(calibrated.calibrations);
    const Format format = *format_from(args.format);
    io::RunRequest request = run_request("compare", *args.cells, choices, args.top);
    request.assumptions = assumptions;
    request.uncalibrated = args.uncalibrated;
    print_and_save(db, doc, format, args.save, request);
    return any ? kExitOk : kExitFailure;
}

}  // namespace

void register_compare_command(CLI::App& app, Registry& registry) {
    auto args = std::make_shared<CompareArgs>();
    CLI::App* cmd = app.add_subcommand(
        "compare", "One workload on several systems, each at its best layout, ranked by time and by cost");
    add_scenario_flags(*cmd, args->cells, {"system"});
    cmd->add_option("--systems", args->systems,
                    "systems to compare, comma-separated ID[:CHIPS][@PRICING] (chips and pricing default to --chips "
                    "and --pricing)");
    cmd->add_option("--format", args->format, "table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
    cmd->add_option("--top", args->top, "layouts kept per system for the Pareto front")->check(CLI::Range(1, 20));
    cmd->add_option("--save", args->save, "store the input and the result as scenario NAME");
    add_assumption_flags(*cmd, args->assumptions);
    add_uncalibrated_flag(*cmd, args->uncalibrated);
    registry.add(cmd, [args, &registry] { return run_compare(*args, *registry.global); });
}

}  // namespace rackplan::cli
