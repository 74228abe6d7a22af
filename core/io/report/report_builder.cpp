// build_report: a compare or plan result document (plan/plan_json.h) and the catalog to the
// report's title, metadata and sections, in order. Each section is built in its own file
// under sections/; only numbers of the document are shown (a report repeats what was saved),
// the catalog adds names, model structure and the provenance of every figure involved.
#include "io/report/report_document.h"
#include "io/report/result_view.h"
#include "io/report/sections/report_sections.h"

namespace rackplan::io::report {
namespace {

ReportDocument build(const SectionInputs& in) {
    ReportDocument d;
    d.title = std::string(in.v.plan ? "Capacity plan" : "Comparison") + ": " + in.model_name() + " " +
              (in.v.train ? "training" : "serving");
    d.subtitle = "Procurement report for scenario '" + in.ctx.scenario + "'";
    d.metadata.items = {{"Scenario", in.ctx.scenario},
                        {"Kind", in.v.plan ? "capacity plan" : "comparison"},
                        {"Result computed", in.ctx.result_date.empty() ? "unknown" : in.ctx.result_date},
                        {"Engine", "rackplan " + (in.ctx.engine_version.empty() ? std::string("(unknown version)")
                                                                               : in.ctx.engine_version)},
                        {"Report written", in.ctx.report_date}};
    if (!in.ctx.command.empty()) d.metadata.items.emplace_back("Command", in.ctx.command);
    d.sections.push_back(summary_section(in));
    d.sections.push_back(workload_section(in));
    d.sections.push_back(candidates_section(in));
    d.sections.push_back(time_breakdown_section(in));
    d.sections.push_back(accuracy_section(in));
    d.sections.push_back(fleet_section(in));
    d.sections.push_back(tco_section(in));
    d.sections.push_back(sensitivity_section(in));
    d.sections.push_back(assumptions_section(in));
    d.sections.push_back(appendix_layouts_section(in));
    for (Section& s : appendix_operator_sections(in)) d.sections.push_back(std::move(s));
    return d;
}

}  // namespace

BuildResult build_report(const nlohmann::json& result, const hw::Catalog& catalog, const ReportContext& context) {
    BuildResult out;
    std::optional<ResultView> view = ResultView::parse(result, out.issues);
    if (!view) return out;
    out.document = build(SectionInputs{*view, catalog, context});
    return out;
}

}  // namespace rackplan::io::report
