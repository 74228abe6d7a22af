#pragma once
// The report's sections, one builder per file, and what they share: the result view, the
// catalog, the context, and the column and cell helpers. Internal to build_report
// (report_builder.cpp puts them in order); not part of the report API.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hw/catalog.h"
#include "io/report/report_document.h"
#include "io/report/result_view.h"

namespace rackplan::io::report {

using nlohmann::json;

// What every section reads. Only numbers of the result are shown (a report repeats what was
// saved); the catalog adds names, model structure and the provenance of every figure.
struct SectionInputs {
    const ResultView& v;
    const hw::Catalog& catalog;
    const ReportContext& ctx;

    // The model's catalog name, or its id when the catalog has none.
    [[nodiscard]] std::string model_name() const;
    [[nodiscard]] std::string system_name(const std::string& id) const;
    // The label of a system in charts: its catalog name, or the id when it has none.
    [[nodiscard]] std::string label(const RowView& r) const { return system_name(r.system); }
    // The cheapest system (cost rank 1), else the fastest when none was priced.
    [[nodiscard]] const RowView* recommended() const;
    [[nodiscard]] const RowView* fastest() const;
};

Column text_col(std::string title);
Column int_col(std::string title, std::string unit = {});
Column num_col(std::string title, std::string unit, int decimals = 2);
inline Cell text(std::string s) { return Cell(std::move(s)); }
inline Cell number(std::optional<double> v) { return v ? Cell(*v) : Cell(); }
// The text with its first letter lower-cased ("Step time" in the middle of a sentence).
std::string lower(std::string s);
// The citations of a comma-separated list of source tags, "; "-joined.
std::string sources_title(const hw::Catalog& catalog, const std::string& tags);

Section summary_section(const SectionInputs& in);
Section workload_section(const SectionInputs& in);
Section candidates_section(const SectionInputs& in);
Section accuracy_section(const SectionInputs& in);
Section time_breakdown_section(const SectionInputs& in);
Section fleet_section(const SectionInputs& in);
Section tco_section(const SectionInputs& in);
Section sensitivity_section(const SectionInputs& in);
Section assumptions_section(const SectionInputs& in);
Section appendix_layouts_section(const SectionInputs& in);
// One subsection per system with per-operator times, or one saying why there are none.
std::vector<Section> appendix_operator_sections(const SectionInputs& in);

}  // namespace rackplan::io::report
