// build_report: a compare or plan result document (plan/plan_json.h) and the catalog to the
// report's sections. Only numbers of the document are shown (a report repeats what was saved);
// the catalog adds names, model structure and the provenance of every figure involved.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

#include "io/report/report_document.h"
#include "io/report/result_view.h"

namespace rackplan::io::report {
namespace {

using nlohmann::json;

Column text_col(std::string title) { return {std::move(title), "", ColumnType::text, 0}; }
Column int_col(std::string title, std::string unit = {}) { return {std::move(title), std::move(unit), ColumnType::integer, 0}; }
Column num_col(std::string title, std::string unit, int decimals = 2) {
    return {std::move(title), std::move(unit), ColumnType::number, decimals};
}

Cell text(std::string s) { return Cell(std::move(s)); }

// An id safe in anchors and file names whatever the catalog id holds.
std::string slug(const std::string& s) {
    std::string out;
    for (char c : s) out += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' ? c : '-';
    return out;
}
Cell number(std::optional<double> v) { return v ? Cell(*v) : Cell(); }

// "USD 1,234 (P10–P90 USD 1,100 – 1,500)" for a range; "n/a" when there is none.
std::string range_text(const std::optional<RangeView>& r, int decimals, const std::string& unit) {
    if (!r || !r->point) return "n/a";
    std::string s = format_number(*r->point, decimals) + " " + unit;
    if (r->p10 && r->p90) s += " (P10-P90 " + format_number(*r->p10, decimals) + " - " + format_number(*r->p90, decimals) + ")";
    return s;
}

std::string sources_title(const hw::Catalog& catalog, const std::string& tags) {
    std::string out;
    std::size_t start = 0;
    while (start <= tags.size()) {
        std::size_t comma = tags.find(',', start);
        std::string tag = tags.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        tag.erase(0, tag.find_first_not_of(' '));
        tag.erase(tag.find_last_not_of(' ') + 1);
        if (!tag.empty()) {
            auto it = catalog.sources.find(tag);
            if (!out.empty()) out += "; ";
            out += it != catalog.sources.end() ? it->second : (tag == "given" ? "given on the command line" : "(not in the catalog)");
        }
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

// Adds each tag of a comma-separated source list.
void add_tags(std::set<std::string>& tags, const std::string& list) {
    std::size_t start = 0;
    while (start <= list.size()) {
        const std::size_t comma = list.find(',', start);
        std::string tag = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        tag.erase(0, tag.find_first_not_of(' '));
        tag.erase(tag.find_last_not_of(' ') + 1);
        if (!tag.empty()) tags.insert(tag);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
}

class Builder {
public:
    Builder(const ResultView& v, const hw::Catalog& catalog, const ReportContext& ctx) : v_(v), cat_(catalog), ctx_(ctx) {}

    ReportDocument build() {
        ReportDocument d;
        d.title = std::string(v_.plan ? "Capacity plan" : "Comparison") + ": " + model_name() + " " +
                  (v_.train ? "training" : "serving");
        d.subtitle = "Procurement report for scenario '" + ctx_.scenario + "'";
        d.metadata.items = {{"Scenario", ctx_.scenario},
                            {"Kind", v_.plan ? "capacity plan" : "comparison"},
                            {"Result computed", ctx_.result_date.empty() ? "unknown" : ctx_.result_date},
                            {"Engine", "rackplan " + (ctx_.engine_version.empty() ? std::string("(unknown version)") : ctx_.engine_version)},
                            {"Report written", ctx_.report_date}};
        if (!ctx_.command.empty()) d.metadata.items.emplace_back("Command", ctx_.command);
        d.sections.push_back(summary());
        d.sections.push_back(workload());
        d.sections.push_back(candidates());
        d.sections.push_back(time_breakdown());
        d.sections.push_back(fleet());
        d.sections.push_back(tco());
        d.sections.push_back(sensitivity());
        d.sections.push_back(assumptions());
        d.sections.push_back(appendix_layouts());
        for (Section& s : appendix_operators()) d.sections.push_back(std::move(s));
        return d;
    }

private:
    const ResultView& v_;
    const hw::Catalog& cat_;
    const ReportContext& ctx_;

    std::string model_name() const {
        const auto* m = cat_.find_model(v_.model);
        return m && !m->name.empty() ? m->name : v_.model;
    }
    std::string system_name(const std::string& id) const {
        const auto* s = cat_.find_system(id);
        return s && !s->name.empty() ? s->name : id;
    }
    // The label of a system in charts: its catalog name, or the id when it has none.
    std::string label(const RowView& r) const { return system_name(r.system); }

    const RowView* recommended() const {
        for (const RowView& r : v_.rows)
            if (r.cost_rank == 1) return &r;
        for (const RowView& r : v_.rows)
            if (r.time_rank == 1) return &r;
        return nullptr;
    }
    const RowView* fastest() const {
        for (const RowView& r : v_.rows)
            if (r.time_rank == 1) return &r;
        return nullptr;
    }

    // The cost shown as "the" cost of a row: a training run's USD where known, else the
    // document's ranking metric.
    struct CostPick {
        std::string label, unit;
        int decimals = 0;
        std::optional<RangeView> range;
    };
    CostPick headline_cost(const CandidateView& c) const {
        if (v_.plan && !v_.train) return {"Fleet cost", "USD/h", 0, c.cost_range("usd_per_hour")};
        if (c.cost_range("usd_per_run")) return {"Cost of the run", "USD", 0, c.cost_range("usd_per_run")};
        return {"Cost per million tokens", "USD/M tokens", 3, c.cost_range("usd_per_mtok")};
    }

    Section summary() const {
        Section s{"summary", "Executive summary", 1, {}};
        const RowView* rec = recommended();
        const int ok = static_cast<int>(std::count_if(v_.rows.begin(), v_.rows.end(), [](const RowView& r) { return r.best(); }));
        if (!rec || !rec->best()) {
            s.blocks.push_back(Paragraph{"No system could run this workload as asked, so there is no recommendation. "
                                         "The candidates table gives each system's reason.",
                                         false});
        } else {
            const CandidateView& c = *rec->best();
            const CostPick cost = headline_cost(c);
            std::string sentence = "Recommendation: " + label(*rec) + " (" + rec->system + ") with " +
                                   format_number(c.fleet_chips(), 0) + " chips, " + c.pricing() + ". " + v_.time_label + " " +
                                   format_number(c.time_value(v_.time_key).value_or(NAN), v_.time_decimals) + " " + v_.time_unit +
                                   "; " + lower(cost.label) + " " + range_text(cost.range, cost.decimals, cost.unit) + ".";
            if (rec->cost_rank != 1) sentence += " No system could be priced, so this is the fastest, not the cheapest.";
            s.blocks.push_back(Paragraph{sentence, false});
            KeyValues kv;
            kv.items.emplace_back("Recommended system", label(*rec) + " (" + rec->system + ")");
            kv.items.emplace_back("Chips", format_number(c.fleet_chips(), 0));
            kv.items.emplace_back(cost.label, range_text(cost.range, cost.decimals, cost.unit));
            if (cost.unit != "USD/M tokens") kv.items.emplace_back("Cost per million tokens", range_text(c.cost_range("usd_per_mtok"), 3, "USD/M tokens"));
            kv.items.emplace_back(v_.time_label, format_number(c.time_value(v_.time_key).value_or(NAN), v_.time_decimals) + " " + v_.time_unit);
            if (v_.plan && rec->own_tco) kv.items.emplace_back("Total cost of ownership (" + format_number(v_.tco_years, 0) + " years)", range_text(rec->own_tco, 0, "USD"));
            if (v_.plan && rec->rent_total) kv.items.emplace_back("Renting instead (" + format_number(v_.tco_years, 0) + " years)", range_text(rec->rent_total, 0, "USD"));
            if (const RowView* f = fastest(); f && f != rec && f->best())
                kv.items.emplace_back("Fastest system", label(*f) + ": " + format_number(f->best()->time_value(v_.time_key).value_or(NAN), v_.time_decimals) + " " + v_.time_unit);
            kv.items.emplace_back("Systems considered", std::to_string(v_.rows.size()) + " (" + std::to_string(ok) + " can run it)");
            s.blocks.push_back(kv);
        }
        for (const RowView& r : v_.rows)
            if (r.status != "ok" || !r.message.empty())
                s.blocks.push_back(Paragraph{label(r) + " (" + r.system + "): " + r.status + (r.message.empty() ? "" : ", " + r.message) + ".", true});
        s.blocks.push_back(Paragraph{
            "Every time comes from rackplan's analytical model (roofline over emulated kernels, collectives on the "
            "system's topology, pipeline schedule), not a measurement. Cost ranges are P10-P90 over the catalog's "
            "estimate ranges; the assumptions section lists every figure used with its source and confidence.",
            true});
        return s;
    }

    Section workload() const {
        Section s{"workload", "Workload", 1, {}};
        KeyValues kv;
        const json& w = v_.workload;
        auto add = [&](const char* key, const std::string& title, int decimals = 0, const std::string& unit = {}) {
            if (!w.contains(key) || w[key].is_null()) return;
            const json& x = w[key];
            kv.items.emplace_back(title, x.is_number() ? format_number(x.get<double>(), decimals) + (unit.empty() ? "" : " " + unit)
                                                        : x.is_string() ? x.get<std::string>() : x.dump());
        };
        kv.items.emplace_back("Mode", v_.train ? "training" : "serving (inference)");
        kv.items.emplace_back("Model", model_name() + " (" + v_.model + ")");
        add("seq_len", "Sequence length", 0, "tokens");
        add("global_batch", "Global batch", 0, "sequences");
        add("dtype", "Training precision");
        if (w.contains("train_tokens") && w["train_tokens"].is_number())
            kv.items.emplace_back("Tokens to train", format_number(w["train_tokens"].get<double>() / 1e9, 1) + " billion");
        add("input_len", "Input length", 0, "tokens");
        add("output_len", "Output length", 0, "tokens");
        add("weight_dtype", "Weight precision");
        add("kv_dtype", "KV-cache precision");
        add("ttft_slo_ms", "Time to first token limit", 0, "ms");
        add("tpot_slo_ms", "Time per output token limit", 1, "ms");
        add("pricing", "Pricing");
        add("utilization", "Utilization", 2);
        if (v_.plan) {
            if (v_.demand.contains("days")) kv.items.emplace_back("Demand", "finish within " + format_number(v_.demand["days"].get<double>(), 1) + " days");
            if (v_.demand.contains("requests_per_s")) kv.items.emplace_back("Demand", format_number(v_.demand["requests_per_s"].get<double>(), 1) + " requests/s");
            kv.items.emplace_back("Cost horizon", format_number(v_.tco_years, 1) + " years");
        }
        s.blocks.push_back(kv);
        if (const auto* m = cat_.find_model(v_.model)) {
            KeyValues mk;
            mk.items = {{"Layers", std::to_string(m->layers)},
                        {"Hidden size", std::to_string(m->hidden)},
                        {"Attention heads (KV heads)", std::to_string(m->heads) + " (" + std::to_string(m->kv_heads) + ")"},
                        {"FFN width", std::to_string(m->ffn)},
                        {"Vocabulary", std::to_string(m->vocab)}};
            if (m->is_moe())
                mk.items.emplace_back("Experts", std::to_string(m->experts) + ", " + std::to_string(m->experts_per_token) + " per token");
            mk.items.emplace_back("Source", sources_title(cat_, m->source));
            s.blocks.push_back(Paragraph{"Model structure (catalog):", false});
            s.blocks.push_back(mk);
        } else {
            s.blocks.push_back(Paragraph{"The model '" + v_.model + "' is not in the current catalog; its structure is not shown.", true});
        }
        return s;
    }

    Section candidates() const {
        Section s{"candidates", "Candidates", 1, {}};
        s.blocks.push_back(Paragraph{"Each system at its best layout" + std::string(v_.plan ? " and the fleet size that meets the demand" : "") +
                                         ", ranked by " + lower(v_.time_label) + " and by cost (1 = best; blank = not ranked).",
                                     false});
        Table t{"candidates", "Systems ranked", {}, {}};
        t.columns = {int_col("Time rank"), int_col("Cost rank"), text_col("System"), text_col("Name"), int_col("Chips"),
                     text_col("Pricing"), text_col("Status"), text_col("Layout"),
                     num_col(v_.time_label, v_.time_unit, v_.time_decimals), num_col("Throughput", "tokens/s", 0)};
        if (v_.train) t.columns.push_back(num_col("MFU", "%", 1));
        const std::string ck = v_.cost_key();
        t.columns.push_back(num_col(v_.cost_label, v_.cost_unit, v_.cost_decimals));
        t.columns.push_back(num_col("P10", v_.cost_unit, v_.cost_decimals));
        t.columns.push_back(num_col("P90", v_.cost_unit, v_.cost_decimals));
        // Power needs no price: an unpriced system still shows what it draws.
        t.columns.push_back(num_col("Average power", "kW", 1));
        for (const RowView& r : v_.rows) {
            const CandidateView* c = r.best();
            std::vector<Cell> row{r.time_rank ? Cell(double(r.time_rank)) : Cell(), r.cost_rank ? Cell(double(r.cost_rank)) : Cell(),
                                  text(r.system), text(system_name(r.system)), c ? Cell(c->fleet_chips()) : Cell(r.chips ? Cell(double(r.chips)) : Cell()),
                                  text(r.pricing), text(r.status), text(c ? c->layout_text() : "")};
            row.push_back(c ? number(c->time_value(v_.time_key)) : Cell());
            row.push_back(c ? number(c->num("tokens_per_s")) : Cell());
            if (v_.train) row.push_back(c && c->num("mfu") ? Cell(*c->num("mfu") * 100.0) : Cell());
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
        all.columns = {text_col("System"), int_col("Chips"), text_col("Layout"), num_col(v_.time_label, v_.time_unit, v_.time_decimals),
                       num_col(v_.pareto_cost_label, v_.pareto_cost_unit, v_.pareto_cost_decimals), text_col("Pareto")};
        for (std::size_t i = 0; i < v_.rows.size(); ++i) {
            const RowView& r = v_.rows[i];
            for (std::size_t j = 0; j < r.candidates.size(); ++j) {
                const CandidateView& c = r.candidates[j];
                all.rows.push_back({text(r.system), Cell(c.fleet_chips()), text(c.layout_text()), number(c.time_value(v_.time_key)),
                                    number(v_.pareto_cost(c)), text(v_.on_front(i, j) ? "yes" : "")});
            }
        }
        s.blocks.push_back(std::move(all));
        return s;
    }

    static std::string lower(std::string s) {
        if (!s.empty()) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
        return s;
    }

    Section time_breakdown() const {
        Section s{"time", v_.train ? "Where the step time goes" : "Where the decode time goes", 2, {}};
        Chart ch;
        ch.id = "time_breakdown";
        ch.kind = ChartKind::stacked_bar;
        Table t;
        t.id = "time_breakdown";
        t.columns = {text_col("System")};
        std::vector<std::pair<std::string, std::vector<std::string>>> parts;  // series name, json path
        if (v_.train) {
            ch.title = "Step time by part, best layout per system";
            ch.y_label = "seconds per step";
            t.caption = "Step time by part (seconds; they add up to the step)";
            parts = {{"Compute", {"step_breakdown_s", "compute"}},
                     {"TP comm.", {"step_breakdown_s", "exposed_comm", "tp"}},
                     {"CP comm.", {"step_breakdown_s", "exposed_comm", "cp"}},
                     {"EP comm.", {"step_breakdown_s", "exposed_comm", "ep"}},
                     {"PP comm.", {"step_breakdown_s", "exposed_comm", "pp"}},
                     {"DP comm.", {"step_breakdown_s", "exposed_comm", "dp"}},
                     {"Pipeline bubble", {"step_breakdown_s", "bubble"}},
                     {"Optimizer", {"step_breakdown_s", "optimizer"}}};
        } else {
            ch.title = "One decode iteration by part, best layout per system";
            ch.y_label = "milliseconds per iteration";
            t.caption = "Decode iteration by part (milliseconds)";
            parts = {{"GEMM", {"serving", "decode_ms", "gemm"}},
                     {"Attention", {"serving", "decode_ms", "attention"}},
                     {"Vector ops", {"serving", "decode_ms", "vector"}},
                     {"TP comm.", {"serving", "decode_ms", "tp_comm"}},
                     {"PP comm.", {"serving", "decode_ms", "pp_comm"}}};
        }
        const int decimals = v_.train ? 3 : 3;
        for (const auto& p : parts) t.columns.push_back(num_col(p.first, v_.train ? "s" : "ms", decimals));
        t.columns.push_back(num_col("Total", v_.train ? "s" : "ms", decimals));
        for (const auto& p : parts) ch.series.push_back(Series{p.first, {}, {}, {}, {}, {}, false});
        for (const RowView& r : v_.rows) {
            const CandidateView* c = r.best();
            if (!c) continue;
            ch.categories.push_back(label(r));
            std::vector<Cell> row{text(r.system)};
            double total = 0.0;
            for (std::size_t k = 0; k < parts.size(); ++k) {
                const double x = c->at(parts[k].second).value_or(0.0);
                ch.series[k].values.push_back(x);
                row.push_back(Cell(x));
                total += x;
            }
            row.push_back(Cell(total));
            t.rows.push_back(std::move(row));
        }
        // Parts no system has (no expert parallelism anywhere) are left out of the chart.
        std::erase_if(ch.series, [](const Series& se) {
            return std::all_of(se.values.begin(), se.values.end(), [](double x) { return x == 0.0; });
        });
        if (ch.categories.empty()) {
            s.blocks.push_back(Paragraph{"No system has a breakdown: none could run the workload.", true});
            return s;
        }
        s.blocks.push_back(Paragraph{v_.train ? "Exposed communication is the part not hidden under compute; the bubble is "
                                                "pipeline fill and drain."
                                              : "The iteration a generating sequence sees, per replica.",
                                     true});
        s.blocks.push_back(std::move(ch));
        s.blocks.push_back(std::move(t));
        return s;
    }

    Section fleet() const {
        Section s{"fleet", "Fleet plan", 1, {}};
        if (v_.plan) {
            Table t{"fleet", "Fleet per system", {}, {}};
            t.columns = {text_col("System"), int_col("Chips"), int_col("Nodes"), int_col("Scale-up domains"), int_col("Racks"),
                         num_col("Peak power", "MW", 2), num_col("Average power", "MW", 2), text_col("Status")};
            for (const RowView& r : v_.rows) {
                const json& f = r.fleet;
                auto fn = [&](const char* k) { return f.is_object() && f.contains(k) && f[k].is_number() ? Cell(f[k].get<double>()) : Cell(); };
                t.rows.push_back({text(r.system), fn("chips"), fn("nodes"), fn("domains"), fn("racks"), fn("mw_peak"), fn("mw_average"),
                                  text(r.status == "ok" ? "ok" : r.status + ": " + r.message)});
            }
            s.blocks.push_back(std::move(t));
            Table o{"ownership", "Buy or rent over " + format_number(v_.tco_years, 1) + " years", {}, {}};
            // Capex and opex with their P10–P90 where the result has the ranges (older ones: points).
            auto own_of = [](const RowView& r) { return r.raw.contains("own") ? r.raw["own"] : json(); };
            const bool ranges = std::any_of(v_.rows.begin(), v_.rows.end(), [&](const RowView& r) {
                return range_at(own_of(r), {"capex_usd_range"}) || range_at(own_of(r), {"opex_usd_per_year_range"});
            });
            o.columns = {text_col("System"), num_col("Capex", "USD", 0)};
            if (ranges) o.columns.insert(o.columns.end(), {num_col("Capex P10", "USD", 0), num_col("Capex P90", "USD", 0)});
            o.columns.insert(o.columns.end(), {num_col("Network", "USD", 0), num_col("Opex", "USD/year", 0)});
            if (ranges) o.columns.insert(o.columns.end(), {num_col("Opex P10", "USD/year", 0), num_col("Opex P90", "USD/year", 0)});
            o.columns.insert(o.columns.end(), {num_col("TCO", "USD", 0), num_col("TCO P10", "USD", 0), num_col("TCO P90", "USD", 0),
                                               num_col("Rent", "USD", 0), num_col("Break-even", "months", 1), text_col("Note")});
            for (const RowView& r : v_.rows) {
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
        Table d{"deployment", v_.plan ? "The chosen deployment's hardware" : "Deployment per system", {}, {}};
        d.columns = {text_col("System"), int_col("Chips"), int_col("Nodes"), text_col("Scale-out fabric"), num_col("Switch ports", "", 0),
                     num_col("IT load", "kW", 1), num_col("Average wall power", "kW", 1), num_col("Capex", "USD", 0),
                     num_col("Cost rate", "USD/h", 0)};
        for (const RowView& r : v_.rows) {
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

    // The deployment's average wall power (kW): the cost's line, else the power object an
    // unpriced system has too.
    static Cell wall_average(const CandidateView& c) {
        if (auto v = c.num_at({"cost", "power_kw_lines", "wall_average"})) return number(v);
        const auto r = c.avg_power_kw();
        return r ? number(r->point) : Cell();
    }
    static Cell capex(const CandidateView& c) {
        if (const auto r = c.range_at({"cost", "capex_usd_range"})) return number(r->point);
        return number(c.num_at({"cost", "capex_usd"}));
    }

    Section tco() const {
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
        for (const RowView& r : v_.rows) {
            const CandidateView* c = r.best();
            if (!c || !c->priced()) continue;
            auto line = [&](const char* k) { return c->num_at({"cost", "usd_per_hour_lines", k}); };
            ch.categories.push_back(label(r));
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

    Section sensitivity() const {
        Section s{"sensitivity", "Sensitivity and ranges", 1, {}};
        const std::string ck = v_.cost_key();
        Chart ranges;
        ranges.id = "cost_ranges";
        ranges.kind = ChartKind::range_bar;
        ranges.title = v_.cost_label + ": point and P10-P90 range";
        ranges.y_label = v_.cost_unit;
        Series rs{"Point", {}, {}, {}, {}, {}, false};
        for (const RowView& r : v_.rows) {
            const CandidateView* c = r.best();
            const auto range = c ? c->cost_range(ck) : std::nullopt;
            if (!range || !range->point) continue;
            ranges.categories.push_back(label(r));
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
        sc.title = v_.pareto_cost_label + " against " + lower(v_.time_label);
        sc.x_label = v_.time_label + " (" + v_.time_unit + ")";
        sc.y_label = v_.pareto_cost_label + " (" + v_.pareto_cost_unit + ")";
        for (std::size_t i = 0; i < v_.rows.size(); ++i) {
            Series se{label(v_.rows[i]), {}, {}, {}, {}, {}, false};
            for (const CandidateView& c : v_.rows[i].candidates) {
                const auto t = c.time_value(v_.time_key);
                const auto y = v_.pareto_cost(c);
                if (!t || !y) continue;
                se.x.push_back(*t);
                se.values.push_back(*y);
                se.labels.push_back(c.layout_text());
            }
            if (!se.x.empty()) sc.series.push_back(std::move(se));
        }
        Series front{"Pareto front", {}, {}, {}, {}, {}, true};
        for (const json& p : v_.pareto) {
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
        const RowView* rec = recommended();
        if (rec && rec->best() && rec->best()->priced()) {
            const CandidateView& c = *rec->best();
            Chart tor;
            tor.id = "tornado";
            tor.kind = ChartKind::tornado;
            tor.title = "What moves the cost per million tokens of " + label(*rec) + " (each input -20 % / +20 %)";
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
        for (const RowView& r : v_.rows) {
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

    Section assumptions() const {
        Section s{"assumptions", "Assumptions", 1, {}};
        s.blocks.push_back(Paragraph{"Confidence: documented = published by the vendor or a primary source; derived = computed "
                                     "from documented figures; estimate = our estimate, with the low-high range the cost ranges "
                                     "sample. Figures are in the unit the catalog gives them.",
                                     false});
        Table in{"cost_inputs", "Cost inputs of each system's best layout", {}, {}};
        std::set<std::string> tags;
        in.columns = {text_col("System"), text_col("Input"), num_col("Value", "", -1), text_col("Unit"), num_col("Low", "", -1),
                      num_col("High", "", -1), text_col("Confidence"), text_col("Source")};
        for (const RowView& r : v_.rows) {
            const CandidateView* c = r.best();
            const json* inputs = c ? c->at_json({"cost", "inputs"}) : nullptr;
            if (!inputs || !inputs->is_array()) continue;
            for (const json& p : *inputs) {
                const std::string src = p.value("source", std::string());
                in.rows.push_back({text(r.system), text(p.value("path", std::string())), number(num_at(p, {"value"})),
                                   text(p.value("unit", std::string())), number(num_at(p, {"low"})), number(num_at(p, {"high"})),
                                   text(p.value("confidence", std::string())), text(src)});
                add_tags(tags, src);
            }
        }
        if (!in.rows.empty()) s.blocks.push_back(std::move(in));

        Table f{"catalog_figures", "Catalog figures of the hardware, fabrics and cost defaults involved", {}, {}};
        f.columns = {text_col("Entry"), text_col("Figure"), num_col("Value", "", -1), text_col("Unit"), num_col("Low", "", -1),
                     num_col("High", "", -1), text_col("Confidence"), text_col("Source")};
        auto add_figures = [&](const std::string& entry, const hw::Figures& figs) {
            for (const auto& [path, fig] : figs)
                f.rows.push_back({text(entry), text(path), Cell(fig.value), text(fig.unit), fig.low ? Cell(*fig.low) : Cell(),
                                  fig.high ? Cell(*fig.high) : Cell(), text(std::string(hw::to_string(fig.confidence))), text(fig.source)});
            for (const auto& [path, fig] : figs) add_tags(tags, fig.source);
        };
        std::set<std::string> chips, fabrics, missing;
        for (const RowView& r : v_.rows) {
            const hw::System* sys = cat_.find_system(r.system);
            if (!sys) {
                missing.insert(r.system);
                continue;
            }
            add_figures("system " + r.system, sys->figures);
            chips.insert(sys->chip);
            for (const CandidateView& c : r.candidates) {
                const std::string fab = c.fabric_id();
                if (!fab.empty()) fabrics.insert(fab);
            }
        }
        for (const std::string& id : chips)
            if (const hw::Chip* c = cat_.find_chip(id)) add_figures("chip " + id, c->figures);
            else missing.insert(id);
        for (const std::string& id : fabrics)
            if (const hw::Fabric* fb = cat_.find_fabric(id)) {
                for (std::size_t k = 0; k < fb->tiers.size(); ++k) add_figures("fabric " + id + " tier " + std::to_string(k + 1), fb->tiers[k]);
            } else missing.insert(id);
        add_figures("cost defaults", cat_.cost_defaults);
        s.blocks.push_back(std::move(f));
        if (const auto* m = cat_.find_model(v_.model)) add_tags(tags, m->source);
        Table src{"sources", "Sources cited above", {text_col("Source"), text_col("Citation")}, {}};
        for (const std::string& tag : tags) src.rows.push_back({text(tag), text(sources_title(cat_, tag))});
        s.blocks.push_back(std::move(src));
        if (!missing.empty()) {
            std::string list;
            for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
            s.blocks.push_back(Paragraph{"Not in the current catalog (their figures cannot be listed): " + list + ".", true});
        }
        return s;
    }

    Section appendix_layouts() const {
        Section s{"appendix", "Appendix: layouts and memory", 1, {}};
        Table t{"layout_detail", "Every layout of the result: parallelism and memory per chip (GiB)", {}, {}};
        if (v_.train) {
            t.columns = {text_col("System"), int_col("Chips"), int_col("TP"), int_col("PP"), int_col("DP"), int_col("CP"), int_col("EP"),
                         int_col("VPP"), int_col("ZeRO"), text_col("Recompute"), int_col("Micro-batch"),
                         num_col("Weights", "GiB", 1), num_col("Grads", "GiB", 1), num_col("Optimizer", "GiB", 1),
                         num_col("Activations", "GiB", 1), num_col("Temporaries", "GiB", 1), num_col("Reserve", "GiB", 1),
                         num_col("Total", "GiB", 1), num_col("HBM", "GiB", 1)};
            for (const RowView& r : v_.rows)
                for (const CandidateView& c : r.candidates) {
                    auto l = [&](const char* k) { return number(c.num_at({"layout", k})); };
                    auto m = [&](const char* k) { return number(c.num_at({"memory_gib", k})); };
                    t.rows.push_back({text(r.system), Cell(c.fleet_chips()), l("tp"), l("pp"), l("dp"), l("cp"), l("ep"), l("vpp"),
                                      l("zero"), text(c.str_at({"layout", "recompute"})), l("micro_batch"), m("weights"),
                                      m("gradients"), m("optimizer"), m("activations"), m("temporaries"), m("reserve"), m("total"),
                                      m("capacity")});
                }
        } else {
            t.columns = {text_col("System"), int_col("Chips"), int_col("TP"), int_col("PP"), int_col("EP"), int_col("Replicas"),
                         int_col("Batch"), num_col("Weights", "GiB", 1), num_col("Activations", "GiB", 1), num_col("Reserve", "GiB", 1),
                         num_col("KV pool", "GiB", 1), num_col("KV used", "GiB", 1), num_col("HBM", "GiB", 1)};
            for (const RowView& r : v_.rows)
                for (const CandidateView& c : r.candidates) {
                    auto l = [&](const char* k) { return number(c.num_at({"layout", k})); };
                    auto m = [&](const char* k) { return number(c.num_at({"memory_gib", k})); };
                    t.rows.push_back({text(r.system), Cell(c.fleet_chips()), l("tp"), l("pp"), l("ep"), l("replicas"),
                                      number(c.num("batch")), m("weights"), m("activations"), m("reserve"), m("kv_pool"),
                                      m("kv_used"), m("capacity")});
                }
        }
        s.blocks.push_back(std::move(t));
        return s;
    }

    std::vector<Section> appendix_operators() const {
        std::vector<Section> out;
        for (const RowView& r : v_.rows) {
            const CandidateView* c = r.best();
            const json* ops = c ? c->at_json({"block_ops"}) : nullptr;
            if (!ops || !ops->is_array() || ops->empty()) continue;
            Section s{"ops-" + slug(r.system), "Per-operator breakdown: " + label(r), 2, {}};
            s.blocks.push_back(Paragraph{"One transformer block of one micro-batch on one chip, best layout (" + c->layout_text() +
                                             "). Bound: what limits the forward kernel.",
                                         true});
            Table t{"ops-" + slug(r.system), "Operators of one block: " + r.system, {}, {}};
            t.columns = {text_col("Operator"), text_col("Kind"), num_col("Forward", "ms", 3), num_col("Backward", "ms", 3),
                         num_col("Forward", "GFLOP", 1), num_col("Forward", "MB", 1), text_col("Bound")};
            for (const json& o : *ops)
                t.rows.push_back({text(o.value("name", std::string())), text(o.value("kind", std::string())),
                                  number(num_at(o, {"forward_ms"})), number(num_at(o, {"backward_ms"})),
                                  number(num_at(o, {"forward_gflop"})), number(num_at(o, {"forward_mb"})),
                                  text(o.value("bound", std::string()))});
            s.blocks.push_back(std::move(t));
            out.push_back(std::move(s));
        }
        if (out.empty())
            out.push_back(Section{"ops", "Per-operator breakdown", 2,
                                  {Paragraph{v_.plan ? "Plans do not record per-operator times; a comparison of the chosen size does "
                                                       "(rackplan compare ... --save NAME)."
                                                     : "This result holds no per-operator times (serving results and results saved by "
                                                       "older versions do not).",
                                             true}}});
        return out;
    }
};

}  // namespace

BuildResult build_report(const json& result, const hw::Catalog& catalog, const ReportContext& context) {
    BuildResult out;
    std::optional<ResultView> view = ResultView::parse(result, out.issues);
    if (!view) return out;
    out.document = Builder(*view, catalog, context).build();
    return out;
}

}  // namespace rackplan::io::report
