// How far to trust the estimates: for each hardware family of the report's systems, how far the
// model has been from published runs of the same kind (training or serving), and in which
// direction. From ReportContext::accuracy (io::published_accuracy), not from the saved result.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "io/report/sections/report_sections.h"

namespace rackplan::io::report {
namespace {

std::string family_label(hw::Architecture a) {
    switch (a) {
        case hw::Architecture::gpu_sm: return "NVIDIA GPU";
        case hw::Architecture::amd_cdna: return "AMD GPU";
        case hw::Architecture::neuroncore: return "AWS Trainium / Inferentia";
        case hw::Architecture::tpu_mxu: return "Google TPU";
    }
    return "other";
}

std::optional<hw::Architecture> architecture_of_chip(const hw::Catalog& c, const std::string& chip) {
    const hw::Chip* x = c.find_chip(chip);
    return x ? std::optional(x->architecture) : std::nullopt;
}

std::optional<hw::Architecture> architecture_of_system(const hw::Catalog& c, const std::string& system) {
    const hw::System* s = c.find_system(system);
    return s ? architecture_of_chip(c, s->chip) : std::nullopt;
}

bool is_time(const std::string& metric) {
    return metric == "step_time_s" || metric == "ttft_ms" || metric == "tpot_ms" || metric == "time_s";
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// Which way the model leans, from the median signed error: shorter times or higher rates than
// measured are optimistic.
std::string reading(const std::string& metric, double lean) {
    char buf[120];
    const double pct = 100.0 * std::abs(lean);
    const bool time = is_time(metric);
    if (pct < 5.0) std::snprintf(buf, sizeof buf, "no clear lean (median %+.0f %%)", 100.0 * lean);
    else
        std::snprintf(buf, sizeof buf, "%s: predicted %s %.0f %% %s than measured (median)",
                      (lean < 0) == time ? "optimistic" : "pessimistic", time ? "times" : "rates", pct,
                      lean < 0 ? (time ? "shorter" : "lower") : (time ? "longer" : "higher"));
    return buf;
}

}  // namespace

Section accuracy_section(const SectionInputs& in) {
    Section s{"accuracy", "How far to trust the estimates", 1, {}};
    const PublishedAccuracy& acc = in.ctx.accuracy;
    const std::string mode = in.v.train ? "train" : "infer";

    // The report's systems by hardware family.
    std::map<hw::Architecture, std::vector<std::string>> systems;
    for (const RowView& r : in.v.rows)
        if (auto a = architecture_of_system(in.catalog, r.system)) systems[*a].push_back(r.system);

    if (acc.rows.empty()) {
        s.blocks.push_back(Paragraph{"No comparison with published runs is available for this report (" +
                                         (acc.unavailable.empty() ? std::string("none given") : acc.unavailable) + ").",
                                     true});
        return s;
    }
    s.blocks.push_back(Paragraph{
        "The model, with this catalog, against published measured runs of the same kind (" +
            std::string(in.v.train ? "training step time" : "serving latency and throughput") + ") on each hardware family of "
            "this report, from " + acc.source +
            ". |error| is |predicted / measured − 1|; the reading says which way the model leans, so a ranking "
            "between families can be read with that margin. The command rackplan validate prints every row.",
        false});

    Table t{"accuracy", "Model against published runs, by hardware family and metric", {}, {}};
    t.columns = {text_col("Hardware family"), text_col("Systems here"), text_col("Metric"), int_col("Published rows"),
                 num_col("Median |error|", "%", 1), num_col("Max |error|", "%", 1), text_col("Reading")};
    std::vector<std::string> warnings;
    for (const auto& [arch, ids] : systems) {
        std::string here;
        for (const std::string& id : std::set<std::string>(ids.begin(), ids.end())) here += (here.empty() ? "" : ", ") + id;
        std::map<std::string, std::vector<const ValidationRow*>> by_metric;
        for (const ValidationRow& r : acc.rows)
            if (r.mode == mode && architecture_of_chip(in.catalog, r.chip) == arch) by_metric[r.metric].push_back(&r);
        if (by_metric.empty()) {
            t.rows.push_back({text(family_label(arch)), text(here), text("-"), Cell(0.0), Cell(), Cell(),
                              text("no published runs: unvalidated")});
            warnings.push_back(family_label(arch) + " estimates have no published " +
                               std::string(in.v.train ? "training" : "serving") + " run to check them against");
            continue;
        }
        for (const auto& [metric, rows] : by_metric) {
            std::vector<double> abs, signed_;
            for (const ValidationRow* r : rows) {
                abs.push_back(std::abs(r->rel_error));
                signed_.push_back(r->rel_error);
            }
            const double med = median(abs), mx = *std::max_element(abs.begin(), abs.end()), lean = median(signed_);
            t.rows.push_back({text(family_label(arch)), text(here), text(metric), Cell(static_cast<double>(rows.size())),
                              Cell(100.0 * med), Cell(100.0 * mx), text(reading(metric, lean))});
            if (med > 0.15) {
                char buf[200];
                std::snprintf(buf, sizeof buf, "%s %s estimates have been %.0f %% off published runs (median of %zu), %s",
                              family_label(arch).c_str(), metric.c_str(), 100.0 * med, rows.size(),
                              (lean < 0) == is_time(metric) ? "too optimistic" : "too pessimistic");
                warnings.push_back(buf);
            }
        }
    }
    s.blocks.push_back(std::move(t));
    if (!warnings.empty()) {
        std::string text_ = "Read with care: ";
        for (std::size_t i = 0; i < warnings.size(); ++i) text_ += (i ? "; " : "") + warnings[i];
        s.blocks.push_back(Paragraph{text_ + ".", false});
    }
    if (acc.not_compared > 0)
        s.blocks.push_back(Paragraph{std::to_string(acc.not_compared) +
                                         " published rows could not be run with this catalog and are not counted.",
                                     true});
    return s;
}

}  // namespace rackplan::io::report
