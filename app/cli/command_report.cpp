// `rackplan report --scenario NAME --format pdf|html|md|csv -o FILE`: a procurement report of
// a saved comparison or plan, from its latest stored result and the catalog's provenance.
#include <CLI/CLI.hpp>

#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "io/report/report_document.h"
#include "io/report/report_render.h"
#include "plan_output.h"
#include "store/catalog_store.h"
#include "store/scenario_store.h"

#ifdef RACKPLAN_HAS_PDF
#include "report_writer.h"
#endif

namespace rackplan::cli {
namespace {

struct ReportArgs {
    std::string scenario;
    std::string format;
    std::string output;
};

std::string today_utc() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
    return buf;
}

std::string render(const io::report::ReportDocument& doc, io::report::Format format) {
    if (format == io::report::Format::pdf) {
#ifdef RACKPLAN_HAS_PDF
        report::HeadlessApplication app;  // Qt Charts draws through the widgets stack
        return report::render_report(doc, format);
#else
        throw Failure("PDF reports need a build with Qt (RACKPLAN_BUILD_GUI=ON)", "use --format html, md or csv");
#endif
    }
    switch (format) {
        case io::report::Format::html: return io::report::render_html(doc);
        case io::report::Format::markdown: return io::report::render_markdown(doc);
        default: return io::report::render_csv(doc);
    }
}

int run_report(const ReportArgs& args, const GlobalOptions& global) {
    const auto format = io::report::format_from(args.format);
    if (!format) throw UsageError("--format: '" + args.format + "' is not one of pdf, html, md, csv");
    if (args.output.empty()) throw UsageError("-o: give the file to write");
    store::Database db = open_db(global);
    const auto scenario = store::load_scenario(db, args.scenario);
    if (!scenario) throw UsageError("unknown scenario '" + args.scenario + "'", "see: rackplan scenario list");
    const auto results = store::list_results(db, scenario->id);
    if (results.empty())
        throw Failure("scenario " + scenario->name + " has no stored result",
                      "run it again with --save " + scenario->name);
    const auto& latest = results.back();
    const nlohmann::json result = nlohmann::json::parse(latest.output_json, nullptr, false);
    if (result.is_discarded()) throw Failure("the stored result of scenario " + scenario->name + " is not valid JSON");

    io::report::ReportContext ctx;
    ctx.scenario = scenario->name;
    ctx.engine_version = latest.engine_version;
    ctx.result_date = latest.created_at;
    ctx.report_date = today_utc();
    const nlohmann::json input = nlohmann::json::parse(scenario->input_json, nullptr, false);
    if (!input.is_discarded() && is_run_input(input)) ctx.command = command_line(input);

    const hw::Catalog catalog = store::load_catalog(db);
    ctx.accuracy = io::installed_published_accuracy(catalog);
    const io::report::BuildResult built = io::report::build_report(result, catalog, ctx);
    if (!built.document) {
        const Issue& first = built.issues.front();
        throw Failure("scenario " + scenario->name + ": result " + (first.path.empty() ? "" : first.path + ": ") + first.message,
                      is_result_document(result) ? "" : "reports show results of rackplan compare or plan --save");
    }
    write_file_atomically(args.output, render(*built.document, *format));
    return kExitOk;
}

}  // namespace

void register_report_command(CLI::App& app, Registry& registry) {
    auto args = std::make_shared<ReportArgs>();
    CLI::App* cmd = app.add_subcommand("report", "A procurement report (PDF, HTML, Markdown or CSV) of a saved comparison or plan");
    cmd->add_option("--scenario", args->scenario, "saved scenario (compare or plan with --save NAME)")->required();
    cmd->add_option("--format", args->format, "pdf, html, md or csv")->required();
    cmd->add_option("-o,--output", args->output, "file to write")->required();
    registry.add(cmd, [args, &registry] { return run_report(*args, *registry.global); });
}

}  // namespace rackplan::cli
