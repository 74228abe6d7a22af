// The executive summary: the recommendation, its cost range and what else was considered.
#include <algorithm>
#include <cmath>

#include "io/report/sections/report_sections.h"

namespace rackplan::io::report {
namespace {

// "USD 1,234 (P10-P90 1,100 - 1,500)" for a range; "n/a" when there is none.
std::string range_text(const std::optional<RangeView>& r, int decimals, const std::string& unit) {
    if (!r || !r->point) return "n/a";
    std::string s = format_number(*r->point, decimals) + " " + unit;
    if (r->p10 && r->p90) s += " (P10-P90 " + format_number(*r->p10, decimals) + " - " + format_number(*r->p90, decimals) + ")";
    return s;
}

// The cost shown as "the" cost of a row: a training run's USD where known, else the
// document's ranking metric.
struct CostPick {
    std::string label, unit;
    int decimals = 0;
    std::optional<RangeView> range;
};
CostPick headline_cost(const ResultView& v, const CandidateView& c) {
    if (v.plan && !v.train) return {"Fleet cost", "USD/h", 0, c.cost_range("usd_per_hour")};
    if (c.cost_range("usd_per_run")) return {"Cost of the run", "USD", 0, c.cost_range("usd_per_run")};
    return {"Cost per million tokens", "USD/M tokens", 3, c.cost_range("usd_per_mtok")};
}

}  // namespace

Section summary_section(const SectionInputs& in) {
    Section s{"summary", "Executive summary", 1, {}};
    const RowView* rec = in.recommended();
    const int ok = static_cast<int>(std::count_if(in.v.rows.begin(), in.v.rows.end(), [](const RowView& r) { return r.best(); }));
    if (!rec || !rec->best()) {
        s.blocks.push_back(Paragraph{"No system could run this workload as asked, so there is no recommendation. "
                                     "The candidates table gives each system's reason.",
                                     false});
    } else {
        const CandidateView& c = *rec->best();
        const CostPick cost = headline_cost(in.v, c);
        std::string sentence = "Recommendation: " + in.label(*rec) + " (" + rec->system + ") with " +
                               format_number(c.fleet_chips(), 0) + " chips, " + c.pricing() + ". " + in.v.time_label + " " +
                               format_number(c.time_value(in.v.time_key).value_or(NAN), in.v.time_decimals) + " " + in.v.time_unit +
                               "; " + lower(cost.label) + " " + range_text(cost.range, cost.decimals, cost.unit) + ".";
        if (rec->cost_rank != 1) sentence += " No system could be priced, so this is the fastest, not the cheapest.";
        s.blocks.push_back(Paragraph{sentence, false});
        KeyValues kv;
        kv.items.emplace_back("Recommended system", in.label(*rec) + " (" + rec->system + ")");
        kv.items.emplace_back("Chips", format_number(c.fleet_chips(), 0));
        kv.items.emplace_back(cost.label, range_text(cost.range, cost.decimals, cost.unit));
        if (cost.unit != "USD/M tokens") kv.items.emplace_back("Cost per million tokens", range_text(c.cost_range("usd_per_mtok"), 3, "USD/M tokens"));
        kv.items.emplace_back(in.v.time_label, format_number(c.time_value(in.v.time_key).value_or(NAN), in.v.time_decimals) + " " + in.v.time_unit);
        if (in.v.plan && rec->own_tco) kv.items.emplace_back("Total cost of ownership (" + format_number(in.v.tco_years, 0) + " years)", range_text(rec->own_tco, 0, "USD"));
        if (in.v.plan && rec->rent_total) kv.items.emplace_back("Renting instead (" + format_number(in.v.tco_years, 0) + " years)", range_text(rec->rent_total, 0, "USD"));
        if (const RowView* f = in.fastest(); f && f != rec && f->best())
            kv.items.emplace_back("Fastest system", in.label(*f) + ": " + format_number(f->best()->time_value(in.v.time_key).value_or(NAN), in.v.time_decimals) + " " + in.v.time_unit);
        kv.items.emplace_back("Systems considered", std::to_string(in.v.rows.size()) + " (" + std::to_string(ok) + " can run it)");
        s.blocks.push_back(kv);
    }
    for (const RowView& r : in.v.rows)
        if (r.status != "ok" || !r.message.empty())
            s.blocks.push_back(Paragraph{in.label(r) + " (" + r.system + "): " + r.status + (r.message.empty() ? "" : ", " + r.message) + ".", true});
    s.blocks.push_back(Paragraph{
        "Every time comes from rackplan's analytical model (roofline over emulated kernels, collectives on the "
        "system's topology, pipeline schedule), not a measurement. Cost ranges are P10-P90 over the catalog's "
        "estimate ranges; the assumptions section lists every figure used with its source and confidence.",
        true});
    return s;
}

}  // namespace rackplan::io::report
