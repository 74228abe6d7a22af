#include "plan_output.h"

#include <iostream>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "io/seed.h"
#include "scenario_flags.h"
#include "store/scenario_store.h"

namespace rackplan::cli {
namespace {

using nlohmann::json;

// ---- numbers for people ---------------------------------------------------------------

std::string sig(double v, int digits = 3) {
    char b[48];
    std::snprintf(b, sizeof b, "%.*g", digits, v);
    return b;
}

// "$3.45M", "$812k", "$12.3", "$0.214".
std::string money(double usd) {
    if (!std::isfinite(usd)) return "-";
    const double a = std::fabs(usd);
    if (a >= 1e9) return "$" + sig(usd / 1e9) + "B";
    if (a >= 1e6) return "$" + sig(usd / 1e6) + "M";
    if (a >= 1e3) return "$" + sig(usd / 1e3) + "k";
    return "$" + sig(usd);
}

bool has_number(const json& j, const char* key) { return j.is_object() && j.contains(key) && j[key].is_number(); }

double get(const json& j, const char* key, double fallback = NAN) {
    return has_number(j, key) ? j[key].get<double>() : fallback;
}

const json& at(const json& j, const char* key) {
    static const json none;
    return j.is_object() && j.contains(key) ? j[key] : none;
}

// "point (P10–P90)", or the point alone when the range collapses onto it.
template <class F>
std::string range_text(const json& r, F&& show) {
    if (!has_number(r, "point")) return "-";
    const double p = r["point"].get<double>(), lo = get(r, "p10", p), hi = get(r, "p90", p);
    const std::string point = show(p);
    if (show(lo) == point && show(hi) == point) return point;
    return point + " (" + show(lo) + "\u2013" + show(hi) + ")";
}

std::string money_range(const json& r) { return range_text(r, money); }

Cell number_or_missing(const json& j, const char* key, double scale = 1.0) {
    return has_number(j, key) ? Cell(j[key].get<double>() * scale) : Cell::missing();
}

// The range's point, P10 and P90 as three CSV cells.
void range_cells(std::vector<Cell>& row, const json& r) {
    row.push_back(number_or_missing(r, "point"));
    row.push_back(number_or_missing(r, "p10"));
    row.push_back(number_or_missing(r, "p90"));
}
void range_columns(std::vector<Column>& cols, const std::string& key) {
    cols.push_back({key, key});
    cols.push_back({key + "_p10", key + "_p10"});
    cols.push_back({key + "_p90", key + "_p90"});
}

// ---- what a candidate is ----------------------------------------------------------------

bool training(const json& doc) { return at(at(doc, "workload"), "mode") == "train"; }

// "tp2 pp1 dp512 cp1 zero2 mb1" (+ sp, ep, vpp, recompute when used); serving "tp8 pp1 x4, batch 64".
std::string layout_text(const json& c) {
    const json& l = at(c, "layout");
    if (!l.is_object()) return "-";
    auto n = [&](const char* k) { return l.value(k, 0); };
    if (l.contains("dp")) {
        std::string s = "tp" + std::to_string(n("tp")) + " pp" + std::to_string(n("pp")) + " dp" + std::to_string(n("dp")) +
                        " cp" + std::to_string(n("cp"));
        if (n("ep") > 1) s += " ep" + std::to_string(n("ep"));
        if (n("vpp") > 1) s += " vpp" + std::to_string(n("vpp"));
        if (l.value("sp", false)) s += " sp";
        s += " zero" + std::to_string(n("zero")) + " mb" + std::to_string(n("micro_batch"));
        if (l.value("recompute", std::string("none")) != "none") s += " " + l.value("recompute", std::string()) + "-recompute";
        return s;
    }
    std::string s = "tp" + std::to_string(n("tp")) + " pp" + std::to_string(n("pp"));
    if (n("ep") > 1) s += " ep" + std::to_string(n("ep"));
    return s + " x" + std::to_string(n("replicas")) + ", batch " + std::to_string(c.value("batch", 0));
}

void layout_cells_columns(std::vector<Column>& cols, bool train) {
    static const std::vector<std::string> train_keys{"tp", "pp", "dp", "cp", "ep", "vpp", "sp", "zero", "recompute", "micro_batch"};
    static const std::vector<std::string> infer_keys{"tp", "pp", "ep", "replicas", "batch"};
    for (const auto& k : train ? train_keys : infer_keys) cols.push_back({k, k});
}
void layout_cells(std::vector<Cell>& row, const json& c, bool train) {
    const json& l = at(c, "layout");
    auto num = [&](const json& from, const char* k) {
        return from.is_object() && from.contains(k) && from[k].is_number() ? Cell(from[k].get<double>()) : Cell::missing();
    };
    if (train) {
        for (const char* k : {"tp", "pp", "dp", "cp", "ep", "vpp"}) row.push_back(num(l, k));
        row.push_back(l.is_object() && l.contains("sp") ? Cell(l["sp"].get<bool>() ? 1 : 0) : Cell::missing());
        row.push_back(num(l, "zero"));
        row.push_back(l.is_object() && l.contains("recompute") ? Cell(l["recompute"].get<std::string>()) : Cell::missing());
        row.push_back(num(l, "micro_batch"));
    } else {
        for (const char* k : {"tp", "pp", "ep", "replicas"}) row.push_back(num(l, k));
        row.push_back(num(c, "batch"));
    }
}

// "Training llama3-70b on 1e+12 tokens (global batch 1024 x 8192 tokens, bf16)".
std::string workload_text(const json& w) {
    const std::string model = w.value("model", std::string("custom"));
    if (w.value("mode", std::string()) == "train") {
        std::string s = model;
        if (has_number(w, "train_tokens")) s += " on " + sig(w["train_tokens"].get<double>(), 4) + " tokens";
        return s + " (global batch " + std::to_string(w.value("global_batch", 0)) + " x " +
               std::to_string(w.value("seq_len", 0)) + " tokens, " + w.value("dtype", std::string()) + ")";
    }
    std::string s = model + " (prompt " + std::to_string(w.value("input_len", 0)) + ", output " +
                    std::to_string(w.value("output_len", 0)) + " tokens, weights " + w.value("weight_dtype", std::string());
    if (has_number(w, "ttft_slo_ms")) s += ", TTFT <= " + sig(w["ttft_slo_ms"].get<double>(), 4) + " ms";
    if (has_number(w, "tpot_slo_ms")) s += ", TPOT <= " + sig(w["tpot_slo_ms"].get<double>(), 4) + " ms";
    return s + ")";
}

struct TimeAxis {
    std::string key, title, words;
};
TimeAxis time_axis(const json& doc) {
    const std::string k = doc.value("time_metric", std::string());
    if (k == "time_to_train_days") return {k, "DAYS", "days to train"};
    if (k == "step_time_s") return {k, "STEP S", "step time (s)"};
    if (k == "ttft_ms") return {k, "TTFT MS", "TTFT (ms)"};
    return {"tpot_ms", "TPOT MS", "TPOT (ms)"};
}

// Row indices by time rank, unranked last in the order given.
std::vector<size_t> by_time_rank(const json& systems) {
    std::vector<size_t> idx(systems.size());
    for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    std::stable_sort(idx.begin(), idx.end(), [&](size_t a, size_t b) {
        int ra = systems[a].value("time_rank", 0), rb = systems[b].value("time_rank", 0);
        if ((ra == 0) != (rb == 0)) return ra != 0;
        return ra < rb;
    });
    return idx;
}

Cell rank_cell(const json& s, const char* key) {
    int r = s.value(key, 0);
    return r > 0 ? Cell(r) : Cell::missing();
}

std::string strip_column(std::string m) {
    if (m.rfind("column ", 0) == 0) m.erase(0, 7);
    return m;
}

std::string notes_text(const json& systems) {
    std::string out;
    for (const json& s : systems) {
        const std::string status = s.value("status", std::string("ok"));
        if (status == "ok" || s.value("message", std::string()).empty()) continue;
        out += "  " + s.value("system", std::string()) + " (" + status + "): " + strip_column(s.value("message", std::string())) +
               "\n";
    }
    return out.empty() ? out : "\nNotes:\n" + out;
}

std::string pareto_text(const json& doc, const std::string& cost_words, std::string (*show_cost)(double)) {
    const json& p = at(doc, "pareto");
    if (!p.is_array() || p.empty()) return {};
    const TimeAxis axis = time_axis(doc);
    std::string out = "\nPareto front (" + axis.words + " vs " + cost_words + "), fastest first:\n";
    for (const json& pt : p)
        out += "  " + pt.value("system", std::string()) + " on " + std::to_string(pt.value("chips", 0)) + " chips" +
               (pt.value("fleet_chips", 0) > pt.value("chips", 0) ? " (fleet " + std::to_string(pt.value("fleet_chips", 0)) + ")"
                                                                  : std::string()) +
               ": " +
               (has_number(pt, "time") ? sig(pt["time"].get<double>(), 4) : std::string("-")) + ", " +
               (has_number(pt, "cost") ? show_cost(pt["cost"].get<double>()) : std::string("-")) + "\n";
    return out;
}

std::string mtok_money(double v) { return money(v); }

// ---- compare ------------------------------------------------------------------------------

std::string compare_text(const json& doc) {
    const bool train = training(doc);
    const TimeAxis axis = time_axis(doc);
    const json& systems = at(doc, "systems");
    const bool runs = has_number(at(doc, "workload"), "train_tokens");
    std::string out = std::string(train ? "Training " : "Serving ") + workload_text(at(doc, "workload")) +
                      ", each system at its best layout.\nCost at each system's pricing; P10\u2013P90 of the catalog's "
                      "estimate ranges in parentheses.\n\n";
    Table t;
    t.columns = {{"time_rank", "TIME #"}, {"cost_rank", "COST #"}, {"system", "SYSTEM"}, {"chips", "CHIPS"},
                 {"pricing", "PRICING"}, {"layout", train ? "BEST LAYOUT" : "BEST REPLICA LAYOUT"}};
    if (train) t.columns.push_back({"mfu", "MFU %", 1});
    else t.columns.push_back({"tokens_per_s", "TOKENS/S", 0});
    t.columns.push_back({axis.key, axis.title, 3});
    if (train && runs) t.columns.push_back({"usd_per_run", "$ PER RUN"});
    if (!train) t.columns.push_back({"usd_per_hour", "$ PER HOUR"});
    t.columns.push_back({"usd_per_mtok", "$ PER M TOKENS"});
    t.columns.push_back({"avg_power_kw", "AVG kW", 0});  // known without a price too
    for (size_t i : by_time_rank(systems)) {
        const json& s = systems[i];
        const json& layouts = at(s, "layouts");
        const json& best = layouts.is_array() && !layouts.empty() ? layouts[0] : json();
        const json& cost = at(best, "cost");
        std::vector<Cell> row{rank_cell(s, "time_rank"), rank_cell(s, "cost_rank"), s.value("system", std::string()),
                              Cell(s.value("chips", 0)), s.value("pricing", std::string()),
                              best.is_null() ? Cell::missing() : Cell(layout_text(best))};
        if (train) row.push_back(number_or_missing(best, "mfu", 100.0));
        else row.push_back(number_or_missing(best, "tokens_per_s"));
        row.push_back(number_or_missing(best, axis.key.c_str()));
        if (train && runs) row.push_back(cost.is_null() ? Cell::missing() : Cell(money_range(at(cost, "usd_per_run"))));
        if (!train) row.push_back(cost.is_null() ? Cell::missing() : Cell(money_range(at(cost, "usd_per_hour"))));
        row.push_back(cost.is_null() ? Cell::missing() : Cell(money_range(at(cost, "usd_per_mtok"))));
        row.push_back(number_or_missing(at(at(best, "power"), "avg_power_kw"), "point"));
        t.rows.push_back(std::move(row));
    }
    out += render_text(t);
    out += notes_text(systems);
    out += pareto_text(doc, "$ per M tokens", mtok_money);
    return out;
}

std::string compare_csv(const json& doc) {
    const bool train = training(doc);
    Table t;
    t.columns = {{"system", ""}, {"chips", ""}, {"nodes", ""}, {"pricing", ""}, {"status", ""},
                 {"message", ""}, {"time_rank", ""}, {"cost_rank", ""}};
    layout_cells_columns(t.columns, train);
    const std::vector<std::string> perf = train ? std::vector<std::string>{"step_time_s", "tokens_per_s", "mfu", "time_to_train_days"}
                                                : std::vector<std::string>{"ttft_ms", "tpot_ms", "tokens_per_s"};
    for (const auto& k : perf) t.columns.push_back({k, k});
    for (const char* k : {"usd_per_hour", "usd_per_run", "usd_per_mtok"}) range_columns(t.columns, k);
    t.columns.push_back({"avg_power_kw", ""});
    for (const json& s : at(doc, "systems")) {
        const json& layouts = at(s, "layouts");
        const json& best = layouts.is_array() && !layouts.empty() ? layouts[0] : json();
        const json& cost = at(best, "cost");
        std::vector<Cell> row{s.value("system", std::string()), Cell(s.value("chips", 0)), number_or_missing(cost, "nodes"),
                              s.value("pricing", std::string()), s.value("status", std::string()),
                              s.value("message", std::string()), rank_cell(s, "time_rank"), rank_cell(s, "cost_rank")};
        layout_cells(row, best, train);
        for (const auto& k : perf) row.push_back(number_or_missing(best, k.c_str()));
        for (const char* k : {"usd_per_hour", "usd_per_run", "usd_per_mtok"}) range_cells(row, at(cost, k));
        row.push_back(number_or_missing(at(at(best, "power"), "avg_power_kw"), "point"));
        t.rows.push_back(std::move(row));
    }
    return render_csv(t);
}

// ---- plan ---------------------------------------------------------------------------------

const json& chosen_of(const json& s) { return at(s, "plan"); }

// The fleet's chips, and the job's when it leaves some of a rack-scale fleet spare.
Cell chips_cell(const json& fleet, const json& chosen) {
    if (!has_number(fleet, "chips")) return Cell::missing();
    const int paid = fleet["chips"].get<int>(), used = chosen.value("chips", paid);
    if (used == paid) return Cell(paid);
    return Cell(std::to_string(paid) + " (" + std::to_string(used) + " used)");
}

std::string hour_money(double v) { return money(v) + "/h"; }

std::string plan_text(const json& doc) {
    const bool train = training(doc);
    const TimeAxis axis = time_axis(doc);
    const json& systems = at(doc, "systems");
    const json& demand = at(doc, "demand");
    const double years = get(doc, "tco_years", 3.0);
    std::string out;
    if (train)
        out = "Plan: train " + workload_text(at(doc, "workload")) + " within " + sig(get(demand, "days"), 4) +
              " days.\nEach system: the smallest fleet whose best layout meets the deadline; cost at each system's "
              "pricing, P10\u2013P90 in parentheses.\n\n";
    else
        out = "Plan: serve " + sig(get(demand, "requests_per_s"), 4) + " requests/s of " + workload_text(at(doc, "workload")) +
              ".\nEach system: the replica layout whose fleet costs least per hour; P10\u2013P90 in parentheses.\n\n";
    Table t;
    t.columns = {{"time_rank", "TIME #"}, {"cost_rank", "COST #"}, {"system", "SYSTEM"}, {"pricing", "PRICING"},
                 {"chips", "CHIPS"},      {"nodes", "NODES"},      {"domains", "DOMAINS"}, {"racks", "RACKS"},
                 {"mw", "MW PEAK", 2},     {"layout", train ? "LAYOUT" : "REPLICAS"}, {axis.key, axis.title, 3}};
    if (train) t.columns.push_back({"usd_per_run", "$ PER RUN"});
    else {
        t.columns.push_back({"usd_per_hour", "$ PER HOUR"});
        t.columns.push_back({"usd_per_mtok", "$ PER M TOKENS"});
    }
    for (size_t i : by_time_rank(systems)) {
        const json& s = systems[i];
        const json& c = chosen_of(s);
        const json& f = at(s, "fleet");
        const json& cost = at(c, "cost");
        std::vector<Cell> row{rank_cell(s, "time_rank"), rank_cell(s, "cost_rank"), s.value("system", std::string()),
                              s.value("pricing", std::string()), chips_cell(f, c),
                              number_or_missing(f, "nodes"), number_or_missing(f, "domains"), number_or_missing(f, "racks"),
                              number_or_missing(f, "mw_peak"), c.is_null() ? Cell::missing() : Cell(layout_text(c)),
                              number_or_missing(c, axis.key.c_str())};
        if (train) row.push_back(cost.is_null() ? Cell::missing() : Cell(money_range(at(cost, "usd_per_run"))));
        else {
            row.push_back(cost.is_null() ? Cell::missing() : Cell(money_range(at(cost, "usd_per_hour"))));
            row.push_back(cost.is_null() ? Cell::missing() : Cell(money_range(at(cost, "usd_per_mtok"))));
        }
        t.rows.push_back(std::move(row));
    }
    out += render_text(t);

    Table o;
    const std::string y = sig(years, 3);
    o.columns = {{"system", "SYSTEM"},        {"capex", "CAPEX"},          {"opex", "OPEX / YEAR"},
                 {"tco", "TCO " + y + " Y"}, {"rent", "RENT " + y + " Y"}, {"rent_as", "RENTED AS"},
                 {"break_even", "BREAK-EVEN MONTHS", 1}};
    std::string own_notes;
    for (size_t i : by_time_rank(systems)) {
        const json& s = systems[i];
        if (!s.contains("fleet")) continue;
        const json& own = at(s, "own");
        const json& rent = at(s, "rent");
        const std::string sys = s.value("system", std::string());
        std::string capex = own.is_null() ? "-" : own.contains("capex_usd_range") ? money_range(at(own, "capex_usd_range"))
                                                                                  : money(get(own, "capex_usd"));
        if (!own.is_null() && own.value("priced_as", sys) != sys) capex += " (as " + own.value("priced_as", std::string()) + ")";
        std::string rent_as = rent.is_null() ? "-" : rent.value("pricing", std::string());
        if (!rent.is_null() && rent.value("priced_as", sys) != sys) rent_as += " of " + rent.value("priced_as", std::string());
        const std::string opex = own.is_null() ? "" : own.contains("opex_usd_per_year_range") ? money_range(at(own, "opex_usd_per_year_range"))
                                                                                         : money(get(own, "opex_usd_per_year"));
        o.rows.push_back({sys, capex, own.is_null() ? Cell::missing() : Cell(opex),
                          own.is_null() ? Cell::missing() : Cell(money_range(at(own, "tco_usd"))),
                          rent.is_null() ? Cell::missing() : Cell(money_range(at(rent, "total_usd"))), rent_as,
                          number_or_missing(s, "break_even_months")});
        if (s.contains("break_even_note")) own_notes += "  " + sys + ": " + s.value("break_even_note", std::string()) + "\n";
    }
    if (!o.rows.empty()) {
        out += "\nOwning versus renting each fleet over " + y +
               " years (TCO: capex amortized at the cost of capital plus maintenance, facility and electricity; rent: "
               "all wall time):\n";
        out += render_text(o);
        if (!own_notes.empty()) out += "No break-even:\n" + own_notes;
    }
    out += notes_text(systems);
    out += train ? pareto_text(doc, "$ per run", money) : pareto_text(doc, "$ per hour of the fleet", hour_money);
    return out;
}

std::string plan_csv(const json& doc) {
    const bool train = training(doc);
    const TimeAxis axis = time_axis(doc);
    Table t;
    for (const char* k : {"system", "pricing", "status", "message", "time_rank", "cost_rank", "chips", "nodes", "domains",
                          "racks", "mw_peak", "mw_average"})
        t.columns.push_back({k, k});
    layout_cells_columns(t.columns, train);
    t.columns.push_back({axis.key, axis.key});
    if (train) range_columns(t.columns, "usd_per_run");
    else {
        range_columns(t.columns, "usd_per_hour");
        range_columns(t.columns, "usd_per_mtok");
    }
    for (const char* k : {"owned_as", "capex_usd", "opex_usd_per_year"}) t.columns.push_back({k, k});
    range_columns(t.columns, "tco_usd");
    for (const char* k : {"rented_as", "rent_pricing"}) t.columns.push_back({k, k});
    range_columns(t.columns, "rent_usd");
    t.columns.push_back({"break_even_months", "break_even_months"});
    for (const json& s : at(doc, "systems")) {
        const json& c = chosen_of(s);
        const json& f = at(s, "fleet");
        const json& cost = at(c, "cost");
        const json& own = at(s, "own");
        const json& rent = at(s, "rent");
        std::vector<Cell> row{s.value("system", std::string()), s.value("pricing", std::string()),
                              s.value("status", std::string()), s.value("message", std::string()),
                              rank_cell(s, "time_rank"),         rank_cell(s, "cost_rank")};
        for (const char* k : {"chips", "nodes", "domains", "racks", "mw_peak", "mw_average"}) row.push_back(number_or_missing(f, k));
        layout_cells(row, c, train);
        row.push_back(number_or_missing(c, axis.key.c_str()));
        if (train) range_cells(row, at(cost, "usd_per_run"));
        else {
            range_cells(row, at(cost, "usd_per_hour"));
            range_cells(row, at(cost, "usd_per_mtok"));
        }
        row.push_back(own.is_null() ? Cell::missing() : Cell(own.value("priced_as", std::string())));
        row.push_back(number_or_missing(own, "capex_usd"));
        row.push_back(number_or_missing(own, "opex_usd_per_year"));
        range_cells(row, at(own, "tco_usd"));
        row.push_back(rent.is_null() ? Cell::missing() : Cell(rent.value("priced_as", std::string())));
        row.push_back(rent.is_null() ? Cell::missing() : Cell(rent.value("pricing", std::string())));
        range_cells(row, at(rent, "total_usd"));
        row.push_back(number_or_missing(s, "break_even_months"));
        t.rows.push_back(std::move(row));
    }
    return render_csv(t);
}

}  // namespace

io::RunRequest run_request(std::string_view kind, const std::map<std::string, std::string>& cells,
                           const std::vector<plan::SystemChoice>& systems, int top) {
    io::RunRequest r;
    r.kind = std::string(kind);
    for (const auto& [column, value] : cells) r.set_cell(column, value);
    for (const plan::SystemChoice& c : systems) r.systems.push_back({c.system, c.chips, c.pricing, {}});
    r.top = top;
    return r;
}

std::optional<io::RunRequest> stored_request(const json& input) { return io::parse_stored_request(input).request; }

bool is_run_input(const json& input) { return stored_request(input).has_value(); }

bool is_result_document(const json& result) {
    if (!result.is_object() || !result.contains("kind") || !result["kind"].is_string()) return false;
    const std::string kind = result["kind"].get<std::string>();
    return (kind == "compare" || kind == "plan") && result.contains("systems") && result["systems"].is_array();
}

std::string render_result(const json& result, Format format) {
    if (format == Format::json) return result.dump(2) + "\n";
    if (!is_result_document(result)) throw Failure("the result is not a rackplan compare or plan document");
    const std::string kind = result["kind"].get<std::string>();
    if (kind == "compare") return format == Format::csv ? compare_csv(result) : compare_text(result);
    return format == Format::csv ? plan_csv(result) : plan_text(result);
}

void save_run(store::Database& db, const std::string& name, std::string_view kind, const json& input, const json& result) {
    const std::int64_t id = store::save_scenario(db, name, kind, input.dump());
    store::save_result(db, id, io::version_string(), result.dump());
}

void print_and_save(store::Database& db, const nlohmann::json& doc, Format format, const std::optional<std::string>& save,
                    const io::RunRequest& request) {
    std::cout << render_result(doc, format);
    if (!save) return;
    save_run(db, *save, request.kind, io::to_json(request), doc);
    if (format == Format::table) std::cout << "\nSaved as scenario " << *save << ".\n";
}

}  // namespace rackplan::cli
