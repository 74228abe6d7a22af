// How far to trust the estimates: for each hardware family of the report's systems, how far the
// model has been from published runs of the same kind (training or serving), and in which
// direction. From ReportContext::accuracy (io::published_accuracy), not from the saved result.
#include <cstdio>
#include <map>
#include <set>

#include "io/report/sections/report_sections.h"

namespace rackplan::io::report {

Section accuracy_section(const SectionInputs& in) {
    Section s{"accuracy", "How far to trust the estimates", 1, {}};
    const PublishedAccuracy& acc = in.ctx.accuracy;
    const std::string kind = in.v.train ? "training" : "serving";

    // The report's systems by hardware family.
    std::map<hw::Architecture, std::set<std::string>> systems;
    for (const RowView& r : in.v.rows) {
        const hw::System* sys = in.catalog.find_system(r.system);
        const hw::Chip* chip = sys ? in.catalog.find_chip(sys->chip) : nullptr;
        if (chip) systems[chip->architecture].insert(r.system);
    }
    if (acc.rows.empty()) {
        s.blocks.push_back(Paragraph{"No comparison with published runs is available for this report (" +
                                         (acc.unavailable.empty() ? std::string("none given") : acc.unavailable) + ").",
                                     true});
        return s;
    }
    s.blocks.push_back(Paragraph{
        "The model, with this catalog, against published measured runs of the same kind (" +
            std::string(in.v.train ? "training step time" : "serving latency and throughput") +
            ") on each hardware family of this report, from " + acc.source +
            ". |error| is |predicted / measured − 1|; the reading says which way the model leans, so a ranking "
            "between families can be read with that margin. The command rackplan validate prints every row.",
        false});

    Table t{"accuracy", "Model against published runs, by hardware family and metric", {}, {}};
    t.columns = {text_col("Hardware family"), text_col("Systems here"), text_col("Metric"), int_col("Published rows"),
                 num_col("Median |error|", "%", 1), num_col("Max |error|", "%", 1), text_col("Reading")};
    std::vector<std::string> warnings;
    for (const auto& [arch, ids] : systems) {
        std::string here;
        for (const std::string& id : ids) here += (here.empty() ? "" : ", ") + id;
        const std::string family = hardware_family_label(arch);
        const std::vector<FamilyAccuracy> metrics = family_accuracy(acc, in.catalog, in.v.train ? "train" : "infer", arch);
        if (metrics.empty()) {
            t.rows.push_back({text(family), text(here), text("-"), Cell(0.0), Cell(), Cell(), text("no published runs: unvalidated")});
            warnings.push_back(family + " estimates have no published " + kind + " run to check them against");
            continue;
        }
        for (const FamilyAccuracy& f : metrics) {
            t.rows.push_back({text(family), text(here), text(f.metric), Cell(static_cast<double>(f.rows)),
                              Cell(100.0 * f.median_abs), Cell(100.0 * f.max_abs), text(accuracy_reading(f))});
            if (f.median_abs > 0.15) {
                char buf[200];
                std::snprintf(buf, sizeof buf, "%s %s estimates have been %.0f %% off published runs (median of %d), %s",
                              family.c_str(), f.metric.c_str(), 100.0 * f.median_abs, f.rows,
                              f.optimistic() ? "too optimistic" : "too pessimistic");
                warnings.push_back(buf);
            }
        }
    }
    s.blocks.push_back(std::move(t));
    if (!warnings.empty()) {
        std::string line = "Read with care: ";
        for (std::size_t i = 0; i < warnings.size(); ++i) line += (i ? "; " : "") + warnings[i];
        s.blocks.push_back(Paragraph{line + ".", false});
    }
    if (acc.not_compared > 0)
        s.blocks.push_back(Paragraph{std::to_string(acc.not_compared) +
                                         " published rows could not be run with this catalog and are not counted.",
                                     true});
    return s;
}

}  // namespace rackplan::io::report
