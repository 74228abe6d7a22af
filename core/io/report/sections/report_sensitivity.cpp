// Sensitivity and ranges: P10-P90 of the cost, cost against time with the Pareto front, and
// the tornado of what moves the cost.
#include <cmath>

#include "io/report/sections/report_sections.h"

namespace rackplan::io::report {

Section sensitivity_section(const SectionInputs& in) {
    Section s{"sensitivity", "Sensitivity and ranges", 1, {}};
    const std::string ck = in.v.cost_key();
    Chart ranges;
    ranges.id = "cost_ranges";
    ranges.kind = ChartKind::range_bar;
    ranges.title = in.v.cost_label + ": point and P10-P90 range";
    ranges.y_label = in.v.cost_unit;
    Series rs{"Point", {}, {}, {}, {}, {}, false};
    for (const RowView& r : in.v.rows) {
        const CandidateView* c = r.best();
        const auto range = c ? c->cost_range(ck) : std::nullopt;
        if (!range || !range->point) continue;
        ranges.categories.push_back(in.label(r));
        rs.values.push_back(*range->point);
        rs.low.push_back(range->p10.value_or(*range->point));
        rs.high.push_back(range->p90.value_or(*range->point));
    }
    ranges.series.push_back(std::move(rs));
    if (!ranges.categories.empty()) {
        s.blocks.push_back(Paragraph{"Ranges come from sampling every estimate in the catalog (triangular between its low and high, "
                                     "mode at the value) with a fixed seed; documented figures are exact.",
                                     false});
        s.blocks.push_back(std::move(ranges));
    }

    // Cost against time over every layout priced, with the front no layout beats on both.
    Chart sc;
    sc.id = "pareto";
    sc.kind = ChartKind::scatter;
    sc.title = in.v.pareto_cost_label + " against " + lower(in.v.time_label);
    sc.x_label = in.v.time_label + " (" + in.v.time_unit + ")";
    sc.y_label = in.v.pareto_cost_label + " (" + in.v.pareto_cost_unit + ")";
    for (std::size_t i = 0; i < in.v.rows.size(); ++i) {
        Series se{in.label(in.v.rows[i]), {}, {}, {}, {}, {}, false};
        for (const CandidateView& c : in.v.rows[i].candidates) {
            const auto t = c.time_value(in.v.time_key);
            const auto y = in.v.pareto_cost(c);
            if (!t || !y) continue;
            se.x.push_back(*t);
            se.values.push_back(*y);
            se.labels.push_back(c.layout_text());
        }
        if (!se.x.empty()) sc.series.push_back(std::move(se));
    }
    Series front{"Pareto front", {}, {}, {}, {}, {}, true};
    for (const json& p : in.v.pareto) {
        const auto t = num_at(p, {"time"}), y = num_at(p, {"cost"});
        if (!t || !y) continue;
        front.x.push_back(*t);
        front.values.push_back(*y);
        front.labels.push_back(p.value("system", std::string()));
    }
    if (!sc.series.empty()) {
        if (!front.x.empty()) sc.series.push_back(std::move(front));
        s.blocks.push_back(std::move(sc));
    }

    // Tornado of the recommendation, table of every system's.
    const RowView* rec = in.recommended();
    if (rec && rec->best() && rec->best()->priced()) {
        const CandidateView& c = *rec->best();
        Chart tor;
        tor.id = "tornado";
        tor.kind = ChartKind::tornado;
        tor.title = "What moves the cost per million tokens of " + in.label(*rec) + " (each input -20 % / +20 %)";
        tor.x_label = "USD per million tokens";
        tor.baseline = c.num_at({"cost", "usd_per_mtok", "point"});
        Series lo{"input -20 %", {}, {}, {}, {}, {}, false}, hi{"input +20 %", {}, {}, {}, {}, {}, false};
        const json* bars = c.at_json({"cost", "tornado"});
        if (bars && bars->is_array())
            for (const json& b : *bars) {
                if (tor.categories.size() >= 10) break;  // the rest move it less
                const auto l = num_at(b, {"usd_per_mtok_low"}), h = num_at(b, {"usd_per_mtok_high"});
                if (!l || !h) continue;
                tor.categories.push_back(b.value("group", std::string()));
                lo.values.push_back(*l);
                hi.values.push_back(*h);
            }
        tor.series = {std::move(lo), std::move(hi)};
        if (!tor.categories.empty() && tor.baseline) s.blocks.push_back(std::move(tor));
    }
    Table t{"tornado", "Sensitivity of USD per million tokens to each input group (largest swing first)", {}, {}};
    t.columns = {text_col("System"), text_col("Input group"), num_col("Factor low", "", 2), num_col("Factor high", "", 2),
                 num_col("At low", "USD/M tokens", 4), num_col("At high", "USD/M tokens", 4), num_col("Swing", "USD/M tokens", 4)};
    for (const RowView& r : in.v.rows) {
        const CandidateView* c = r.best();
        const json* bars = c ? c->at_json({"cost", "tornado"}) : nullptr;
        if (!bars || !bars->is_array()) continue;
        for (const json& b : *bars) {
            const auto l = num_at(b, {"usd_per_mtok_low"}), h = num_at(b, {"usd_per_mtok_high"});
            t.rows.push_back({text(r.system), text(b.value("group", std::string())), number(num_at(b, {"factor_low"})),
                              number(num_at(b, {"factor_high"})), number(l), number(h),
                              l && h ? Cell(std::fabs(*h - *l)) : Cell()});
        }
    }
    if (!t.rows.empty()) s.blocks.push_back(std::move(t));
    else s.blocks.push_back(Paragraph{"No sensitivity: no system was priced, or the result predates sensitivity in saved results.", true});
    return s;
}

}  // namespace rackplan::io::report
