// The fleet plan (fleet per system, buy or rent, the deployment's hardware) and the TCO
// breakdown (cost per hour by line).
#include <algorithm>
#include <utility>
#include <vector>

#include "io/report/sections/report_sections.h"

namespace rackplan::io::report {
namespace {

// The deployment's average wall power (kW): the cost's line, else the power object an
// unpriced system has too.
Cell wall_average(const CandidateView& c) {
    if (auto v = c.num_at({"cost", "power_kw_lines", "wall_average"})) return number(v);
    const auto r = c.avg_power_kw();
    return r ? number(r->point) : Cell();
}
Cell capex(const CandidateView& c) {
    if (const auto r = c.range_at({"cost", "capex_usd_range"})) return number(r->point);
    return number(c.num_at({"cost", "capex_usd"}));
}

}  // namespace

Section fleet_section(const SectionInputs& in) {
    Section s{"fleet", "Fleet plan", 1, {}};
    if (in.v.plan) {
        Table t{"fleet", "Fleet per system", {}, {}};
        t.columns = {text_col("System"), int_col("Chips"), int_col("Nodes"), int_col("Scale-up domains"), int_col("Racks"),
                     num_col("Peak power", "MW", 2), num_col("Average power", "MW", 2), text_col("Status")};
        for (const RowView& r : in.v.rows) {
            const json& f = r.fleet;
            auto fn = [&](const char* k) { return f.is_object() && f.contains(k) && f[k].is_number() ? Cell(f[k].get<double>()) : Cell(); };
            t.rows.push_back({text(r.system), fn("chips"), fn("nodes"), fn("domains"), fn("racks"), fn("mw_peak"), fn("mw_average"),
                              text(r.status == "ok" ? "ok" : r.status + ": " + r.message)});
        }
        s.blocks.push_back(std::move(t));
        Table o{"ownership", "Buy or rent over " + format_number(in.v.tco_years, 1) + " years", {}, {}};
        // Capex and opex with their P10–P90 where the result has the ranges (older ones: points).
        auto own_of = [](const RowView& r) { return r.raw.contains("own") ? r.raw["own"] : json(); };
        const bool ranges = std::any_of(in.v.rows.begin(), in.v.rows.end(), [&](const RowView& r) {
            return range_at(own_of(r), {"capex_usd_range"}) || range_at(own_of(r), {"opex_usd_per_year_range"});
        });
        o.columns = {text_col("System"), num_col("Capex", "USD", 0)};
        if (ranges) o.columns.insert(o.columns.end(), {num_col("Capex P10", "USD", 0), num_col("Capex P90", "USD", 0)});
        o.columns.insert(o.columns.end(), {num_col("Network", "USD", 0), num_col("Opex", "USD/year", 0)});
        if (ranges) o.columns.insert(o.columns.end(), {num_col("Opex P10", "USD/year", 0), num_col("Opex P90", "USD/year", 0)});
        o.columns.insert(o.columns.end(), {num_col("TCO", "USD", 0), num_col("TCO P10", "USD", 0), num_col("TCO P90", "USD", 0),
                                           num_col("Rent", "USD", 0), num_col("Break-even", "months", 1), text_col("Note")});
        for (const RowView& r : in.v.rows) {
            std::string note;
            for (const char* k : {"own_note", "rent_note", "break_even_note"})
                if (r.raw.contains(k) && r.raw[k].is_string() && !r.raw[k].get<std::string>().empty())
                    note += (note.empty() ? "" : "; ") + r.raw[k].get<std::string>();
            const json own = own_of(r);
            auto on = [&](const char* k) { return number(num_at(own, {k})); };
            const auto capex = range_at(own, {"capex_usd_range"});
            const auto opex = range_at(own, {"opex_usd_per_year_range"});
            std::vector<Cell> row{text(r.system), capex ? number(capex->point) : on("capex_usd")};
            if (ranges) row.insert(row.end(), {capex ? number(capex->p10) : Cell(), capex ? number(capex->p90) : Cell()});
            row.insert(row.end(), {on("network_usd"), opex ? number(opex->point) : on("opex_usd_per_year")});
            if (ranges) row.insert(row.end(), {opex ? number(opex->p10) : Cell(), opex ? number(opex->p90) : Cell()});
            row.insert(row.end(), {r.own_tco ? number(r.own_tco->point) : Cell(), r.own_tco ? number(r.own_tco->p10) : Cell(),
                                   r.own_tco ? number(r.own_tco->p90) : Cell(), r.rent_total ? number(r.rent_total->point) : Cell(),
                                   number(num_at(r.raw, {"break_even_months"})), text(note)});
            o.rows.push_back(std::move(row));
        }
        s.blocks.push_back(std::move(o));
    } else {
        s.blocks.push_back(Paragraph{"What each system's deployment at the compared size consists of and draws.", false});
    }
    Table d{"deployment", in.v.plan ? "The chosen deployment's hardware" : "Deployment per system", {}, {}};
    d.columns = {text_col("System"), int_col("Chips"), int_col("Nodes"), text_col("Scale-out fabric"), num_col("Switch ports", "", 0),
                 num_col("IT load", "kW", 1), num_col("Average wall power", "kW", 1), num_col("Capex", "USD", 0),
                 num_col("Cost rate", "USD/h", 0)};
    for (const RowView& r : in.v.rows) {
        const CandidateView* c = r.best();
        if (!c) continue;
        const bool priced = c->priced();
        d.rows.push_back({text(r.system), Cell(c->fleet_chips()), priced ? number(c->num_at({"cost", "nodes"})) : Cell(),
                          text(priced ? c->fabric_text() : "not priced: " + c->cost_error()),
                          number(c->num_at({"cost", "network", "switch_ports"})), number(c->num_at({"cost", "power_kw_lines", "it_load"})),
                          wall_average(*c), priced ? capex(*c) : Cell(),
                          priced ? number(c->num_at({"cost", "usd_per_hour", "point"})) : Cell()});
    }
    s.blocks.push_back(std::move(d));
    return s;
}

Section tco_section(const SectionInputs& in) {
    Section s{"tco", "TCO breakdown", 1, {}};
    s.blocks.push_back(Paragraph{"What the deployment costs per hour of wall time, by what it pays for (point values). "
                                 "Capital is the upfront hardware and installation as an annuity over the amortization "
                                 "period at the cost of capital, net of any resale credit; rented systems pay a rate instead.",
                                 false});
    Chart ch;
    ch.id = "tco_breakdown";
    ch.kind = ChartKind::stacked_bar;
    ch.title = "Cost per hour by line, per system";
    ch.y_label = "USD per hour";
    const std::vector<std::pair<std::string, std::string>> lines{{"Capital (net)", "capital"}, {"Maintenance", "maintenance"},
                                                                 {"Facility", "facility"},     {"Electricity", "electricity"},
                                                                 {"Rental", "rental"}};
    for (const auto& l : lines) ch.series.push_back(Series{l.first, {}, {}, {}, {}, {}, false});
    Table t{"cost_lines", "Cost per hour by line (USD/h) and capex (USD)", {}, {}};
    t.columns = {text_col("System"), text_col("Pricing"), num_col("Capital", "USD/h", 0), num_col("Resale credit", "USD/h", 0),
                 num_col("Maintenance", "USD/h", 0), num_col("Facility", "USD/h", 0), num_col("Electricity", "USD/h", 0),
                 num_col("Rental", "USD/h", 0), num_col("Total", "USD/h", 0), num_col("Capex nodes", "USD", 0),
                 num_col("Capex network", "USD", 0), num_col("Installation", "USD", 0)};
    for (const RowView& r : in.v.rows) {
        const CandidateView* c = r.best();
        if (!c || !c->priced()) continue;
        auto line = [&](const char* k) { return c->num_at({"cost", "usd_per_hour_lines", k}); };
        ch.categories.push_back(in.label(r));
        for (std::size_t k = 0; k < lines.size(); ++k) {
            double x = line(lines[k].second.c_str()).value_or(0.0);
            if (lines[k].second == "capital") x -= line("residual_credit").value_or(0.0);
            ch.series[k].values.push_back(x);
        }
        t.rows.push_back({text(r.system), text(c->pricing()), number(line("capital")), number(line("residual_credit")),
                          number(line("maintenance")), number(line("facility")), number(line("electricity")), number(line("rental")),
                          number(line("total")), number(c->num_at({"cost", "capex_lines_usd", "nodes"})),
                          number(c->num_at({"cost", "capex_lines_usd", "network"})),
                          number(c->num_at({"cost", "capex_lines_usd", "installation"}))});
    }
    std::erase_if(ch.series, [](const Series& se) {
        return std::all_of(se.values.begin(), se.values.end(), [](double x) { return x == 0.0; });
    });
    if (ch.categories.empty()) {
        s.blocks.push_back(Paragraph{"No system could be priced; see the candidates table for why.", true});
        return s;
    }
    s.blocks.push_back(std::move(ch));
    s.blocks.push_back(std::move(t));
    return s;
}

}  // namespace rackplan::io::report
