// The candidates section: every system at its best layout, ranked, and every layout priced.
#include "io/report/sections/report_sections.h"

namespace rackplan::io::report {

Section candidates_section(const SectionInputs& in) {
    Section s{"candidates", "Candidates", 1, {}};
    s.blocks.push_back(Paragraph{"Each system at its best layout" + std::string(in.v.plan ? " and the fleet size that meets the demand" : "") +
                                     ", ranked by " + lower(in.v.time_label) + " and by cost (1 = best; blank = not ranked).",
                                 false});
    Table t{"candidates", "Systems ranked", {}, {}};
    t.columns = {int_col("Time rank"), int_col("Cost rank"), text_col("System"), text_col("Name"), int_col("Chips"),
                 text_col("Pricing"), text_col("Status"), text_col("Layout"),
                 num_col(in.v.time_label, in.v.time_unit, in.v.time_decimals), num_col("Throughput", "tokens/s", 0)};
    if (in.v.train) t.columns.push_back(num_col("MFU", "%", 1));
    // Serving is judged on both latencies: whichever one ranks, the other sits beside it.
    const char* other_latency = in.v.train ? nullptr : in.v.time_key == "ttft_ms" ? "tpot_ms" : "ttft_ms";
    if (other_latency)
        t.columns.push_back(num_col(other_latency == std::string("ttft_ms") ? "Time to first token" : "Time per output token",
                                    "ms", 1));
    const std::string ck = in.v.cost_key();
    t.columns.push_back(num_col(in.v.cost_label, in.v.cost_unit, in.v.cost_decimals));
    t.columns.push_back(num_col("P10", in.v.cost_unit, in.v.cost_decimals));
    t.columns.push_back(num_col("P90", in.v.cost_unit, in.v.cost_decimals));
    // Power needs no price: an unpriced system still shows what it draws.
    t.columns.push_back(num_col("Average power", "kW", 1));
    for (const RowView& r : in.v.rows) {
        const CandidateView* c = r.best();
        std::vector<Cell> row{r.time_rank ? Cell(double(r.time_rank)) : Cell(), r.cost_rank ? Cell(double(r.cost_rank)) : Cell(),
                              text(r.system), text(in.system_name(r.system)), c ? Cell(c->fleet_chips()) : Cell(r.chips ? Cell(double(r.chips)) : Cell()),
                              text(r.pricing), text(r.status), text(c ? c->layout_text() : "")};
        row.push_back(c ? number(c->time_value(in.v.time_key)) : Cell());
        row.push_back(c ? number(c->num("tokens_per_s")) : Cell());
        if (in.v.train) row.push_back(c && c->num("mfu") ? Cell(*c->num("mfu") * 100.0) : Cell());
        if (other_latency) row.push_back(c ? number(c->num(other_latency)) : Cell());
        const auto range = c ? c->cost_range(ck) : std::nullopt;
        row.push_back(range ? number(range->point) : Cell());
        row.push_back(range ? number(range->p10) : Cell());
        row.push_back(range ? number(range->p90) : Cell());
        const auto power = c ? c->avg_power_kw() : std::nullopt;
        row.push_back(power ? number(power->point) : Cell());
        t.rows.push_back(std::move(row));
    }
    s.blocks.push_back(std::move(t));

    Table all{"layouts", "Every layout priced (Pareto: on the cost-time front)", {}, {}};
    all.columns = {text_col("System"), int_col("Chips"), text_col("Layout"), num_col(in.v.time_label, in.v.time_unit, in.v.time_decimals),
                   num_col(in.v.pareto_cost_label, in.v.pareto_cost_unit, in.v.pareto_cost_decimals), text_col("Pareto")};
    for (std::size_t i = 0; i < in.v.rows.size(); ++i) {
        const RowView& r = in.v.rows[i];
        for (std::size_t j = 0; j < r.candidates.size(); ++j) {
            const CandidateView& c = r.candidates[j];
            all.rows.push_back({text(r.system), Cell(c.fleet_chips()), text(c.layout_text()), number(c.time_value(in.v.time_key)),
                                number(in.v.pareto_cost(c)), text(in.v.on_front(i, j) ? "yes" : "")});
        }
    }
    s.blocks.push_back(std::move(all));
    return s;
}

}  // namespace rackplan::io::report
