#include "io/run_request.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "io/batch_runner.h"

namespace rackplan::io {
namespace {

using nlohmann::json;

// Columns a workload may hold: every batch input column but the row id and the system (the
// systems list says which).
bool workload_column(std::string_view c) {
    if (c == "id" || c == "system") return false;
    const auto& known = batch_input_columns();
    return std::find(known.begin(), known.end(), c) != known.end();
}

int column_order(std::string_view c) {
    const auto& known = batch_input_columns();
    return static_cast<int>(std::find(known.begin(), known.end(), c) - known.begin());
}

void sort_cells(std::vector<std::pair<std::string, std::string>>& cells) {
    std::stable_sort(cells.begin(), cells.end(),
                     [](const auto& a, const auto& b) { return column_order(a.first) < column_order(b.first); });
}

// A cell written as text, or as a number or boolean by hand: all read as the text a CSV
// cell would hold. Anything else is an issue at `path`.
std::optional<std::string> cell_text(const json& v, const std::string& path, Issues& issues) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_integer()) return std::to_string(v.get<long long>());
    if (v.is_number()) return number_text(v.get<double>());
    if (v.is_boolean()) return std::string(v.get<bool>() ? "1" : "0");
    issues.push_back({path, "must be text or a number"});
    return std::nullopt;
}

std::optional<int> whole(const json& v, const std::string& path, Issues& issues, int lo) {
    if (!v.is_number_integer()) {
        issues.push_back({path, "must be a whole number"});
        return std::nullopt;
    }
    const long long n = v.get<long long>();
    if (n < lo || n > 2'000'000'000) {
        issues.push_back({path, "must be at least " + std::to_string(lo) + ", got " + std::to_string(n)});
        return std::nullopt;
    }
    return static_cast<int>(n);
}

std::optional<double> positive(const json& v, const std::string& path, Issues& issues) {
    if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() <= 0) {
        issues.push_back({path, "must be a number above 0"});
        return std::nullopt;
    }
    return v.get<double>();
}

std::optional<engine::Pricing> pricing(const std::string& text, const std::string& path, Issues& issues) {
    if (auto p = engine::pricing_from(text)) return p;
    issues.push_back({path, "unknown pricing '" + text + "' (own, on_demand, reserved_1y, reserved_3y or capacity_block)"});
    return std::nullopt;
}

void unknown_keys(const json& j, std::initializer_list<std::string_view> known, const std::string& at, Issues& issues) {
    for (const auto& [k, v] : j.items())
        if (std::find(known.begin(), known.end(), k) == known.end())
            issues.push_back({at.empty() ? k : at + "." + k, "unknown key"});
}

std::string column_of_flag(std::string_view flag) {
    std::string c(flag.substr(flag.rfind("--", 0) == 0 ? 2 : 0));
    std::replace(c.begin(), c.end(), '-', '_');
    return c;
}

}  // namespace

const std::string* RunRequest::cell(std::string_view column) const {
    for (const auto& [k, v] : workload)
        if (k == column) return &v;
    return nullptr;
}

void RunRequest::set_cell(const std::string& column, const std::string& value) {
    auto it = std::find_if(workload.begin(), workload.end(), [&](const auto& kv) { return kv.first == column; });
    if (value.empty()) {
        if (it != workload.end()) workload.erase(it);
        return;
    }
    if (it != workload.end()) it->second = value;
    else {
        workload.emplace_back(column, value);
        sort_cells(workload);
    }
}

std::vector<std::pair<std::string, std::string>> system_cells(const RunRequest& r, const SystemRequest& s) {
    RunRequest row;
    row.workload = r.workload;
    if (s.chips) row.set_cell("chips", std::to_string(*s.chips));
    if (s.pricing) row.set_cell("pricing", std::string(engine::to_string(*s.pricing)));
    for (const auto& [k, v] : s.layout) row.set_cell(k, v);
    row.set_cell("system", s.system);
    return row.workload;
}

const std::vector<std::string>& layout_columns() {
    static const std::vector<std::string> cols{"tp", "pp", "cp", "ep", "vpp", "sp", "zero", "recompute", "micro_batch"};
    return cols;
}

std::string number_text(double v) {
    char b[40];
    for (int digits = 1; digits <= 17; ++digits) {
        std::snprintf(b, sizeof b, "%.*g", digits, v);
        if (std::strtod(b, nullptr) == v) break;
    }
    // %g writes 40 as "4e+01": a whole number is written plainly where that is no longer.
    char whole[40];
    if (std::isfinite(v) && v == std::trunc(v) && std::fabs(v) < 1e17 &&
        std::snprintf(whole, sizeof whole, "%.0f", v) <= static_cast<int>(std::strlen(b)))
        return whole;
    return b;
}

json to_json(const RunRequest& r) {
    json w = json::object();
    for (const auto& [k, v] : r.workload) w[k] = v;
    json systems = json::array();
    for (const SystemRequest& s : r.systems) {
        json j{{"system", s.system}};
        if (s.chips) j["chips"] = *s.chips;
        if (s.pricing) j["pricing"] = engine::to_string(*s.pricing);
        if (!s.layout.empty()) {
            json l = json::object();
            for (const auto& [k, v] : s.layout) l[k] = v;
            j["layout"] = l;
        }
        systems.push_back(j);
    }
    json out{{"kind", r.kind}, {"workload", w}, {"systems", systems}};
    if (r.kind == "plan") {
        json d = json::object();
        if (r.demand_days) d["days"] = *r.demand_days;
        if (r.requests_per_s) d["requests_per_s"] = *r.requests_per_s;
        out["demand"] = d;
    }
    // Absent when unset, so a request without assumptions keeps the text it always had.
    if (r.assumptions.sustained_clock) out["assumptions"]["sustained_clock"] = *r.assumptions.sustained_clock;
    out["options"] = {{"top", r.top}, {"layouts", r.keep_layouts ? "keep" : "search"}};
    if (!r.model_name.empty()) out["options"]["model_name"] = r.model_name;
    if (r.uncalibrated) out["options"]["uncalibrated"] = true;  // absent when false: old text unchanged
    return out;
}

RequestParse parse_request(const json& j) {
    RequestParse out;
    Issues& issues = out.issues;
    if (!j.is_object()) {
        issues.push_back({"$", "a request must be a JSON object"});
        return out;
    }
    RunRequest r;
    unknown_keys(j, {"kind", "workload", "systems", "demand", "assumptions", "options"}, "", issues);
    if (!j.contains("kind") || !j["kind"].is_string()) issues.push_back({"kind", "missing (\"compare\" or \"plan\")"});
    else {
        r.kind = j["kind"].get<std::string>();
        if (r.kind != "compare" && r.kind != "plan") issues.push_back({"kind", "must be \"compare\" or \"plan\", got \"" + r.kind + "\""});
    }

    if (!j.contains("workload") || !j["workload"].is_object()) issues.push_back({"workload", "missing (an object of batch columns)"});
    else
        for (const auto& [k, v] : j["workload"].items()) {
            const std::string path = "workload." + k;
            if (k == "system") issues.push_back({path, "give systems in \"systems\""});
            else if (!workload_column(k)) issues.push_back({path, "unknown column (see the batch CSV columns)"});
            else if (auto t = cell_text(v, path, issues); t && !t->empty()) r.workload.emplace_back(k, *t);
        }
    sort_cells(r.workload);

    if (!j.contains("systems") || !j["systems"].is_array()) issues.push_back({"systems", "missing (a list of systems)"});
    else if (j["systems"].empty()) issues.push_back({"systems", "give at least one system"});
    else
        for (std::size_t i = 0; i < j["systems"].size(); ++i) {
            const json& s = j["systems"][i];
            const std::string at = "systems[" + std::to_string(i) + "]";
            if (!s.is_object()) {
                issues.push_back({at, "must be an object with \"system\""});
                continue;
            }
            unknown_keys(s, {"system", "chips", "pricing", "layout"}, at, issues);
            SystemRequest sr;
            if (!s.contains("system") || !s["system"].is_string() || s["system"].get<std::string>().empty())
                issues.push_back({at + ".system", "missing (a catalog system id)"});
            else sr.system = s["system"].get<std::string>();
            if (s.contains("chips")) sr.chips = whole(s["chips"], at + ".chips", issues, 1);
            if (s.contains("pricing")) {
                if (!s["pricing"].is_string()) issues.push_back({at + ".pricing", "must be text"});
                else sr.pricing = pricing(s["pricing"].get<std::string>(), at + ".pricing", issues);
            }
            if (s.contains("layout")) {
                if (!s["layout"].is_object()) issues.push_back({at + ".layout", "must be an object of layout columns"});
                else
                    for (const auto& [k, v] : s["layout"].items()) {
                        const std::string path = at + ".layout." + k;
                        const auto& cols = layout_columns();
                        if (std::find(cols.begin(), cols.end(), k) == cols.end())
                            issues.push_back({path, "not a layout column (tp, pp, cp, ep, vpp, sp, zero, recompute, micro_batch)"});
                        else if (auto t = cell_text(v, path, issues)) sr.layout.emplace_back(k, *t);
                    }
                std::stable_sort(sr.layout.begin(), sr.layout.end(),
                                 [](const auto& a, const auto& b) { return column_order(a.first) < column_order(b.first); });
            }
            r.systems.push_back(std::move(sr));
        }

    if (j.contains("demand")) {
        const json& d = j["demand"];
        if (!d.is_object()) issues.push_back({"demand", "must be an object"});
        else {
            unknown_keys(d, {"days", "requests_per_s"}, "demand", issues);
            if (d.contains("days")) r.demand_days = positive(d["days"], "demand.days", issues);
            if (d.contains("requests_per_s")) r.requests_per_s = positive(d["requests_per_s"], "demand.requests_per_s", issues);
        }
    }
    if (r.kind == "plan" && !r.demand_days && !r.requests_per_s &&
        std::none_of(issues.begin(), issues.end(), [](const Issue& i) { return i.path.rfind("demand", 0) == 0; }))
        issues.push_back({"demand", "a plan needs \"days\" (training) or \"requests_per_s\" (serving)"});

    if (j.contains("assumptions")) {
        const json& a = j["assumptions"];
        if (!a.is_object()) issues.push_back({"assumptions", "must be an object"});
        else {
            unknown_keys(a, {"sustained_clock"}, "assumptions", issues);
            if (a.contains("sustained_clock")) {
                if (!a["sustained_clock"].is_number()) issues.push_back({"assumptions.sustained_clock", "must be a number"});
                else r.assumptions.sustained_clock = a["sustained_clock"].get<double>();
            }
            for (Issue& i : engine::check_assumptions(r.assumptions))
                issues.push_back({"assumptions." + i.path, std::move(i.message)});
        }
    }

    if (j.contains("options")) {
        const json& o = j["options"];
        if (!o.is_object()) issues.push_back({"options", "must be an object"});
        else {
            unknown_keys(o, {"top", "layouts", "model_name", "uncalibrated"}, "options", issues);
            if (o.contains("uncalibrated")) {
                if (!o["uncalibrated"].is_boolean()) issues.push_back({"options.uncalibrated", "must be true or false"});
                else r.uncalibrated = o["uncalibrated"].get<bool>();
            }
            if (o.contains("model_name")) {
                if (!o["model_name"].is_string()) issues.push_back({"options.model_name", "must be text"});
                else r.model_name = o["model_name"].get<std::string>();
            }
            if (o.contains("top")) {
                if (auto t = whole(o["top"], "options.top", issues, 1)) r.top = *t;
            }
            if (o.contains("layouts")) {
                const json& l = o["layouts"];
                if (!l.is_string() || (l != "search" && l != "keep"))
                    issues.push_back({"options.layouts", "must be \"search\" or \"keep\""});
                else r.keep_layouts = l == "keep";
            }
        }
    }
    if (issues.empty()) out.request = std::move(r);
    return out;
}

bool is_command_input(const json& j) {
    return j.is_object() && j.contains("command") && j["command"].is_string() && j.contains("flags") && j["flags"].is_array();
}

RequestParse request_from_command(const json& j) {
    RequestParse out;
    if (!is_command_input(j)) {
        out.issues.push_back({"$", "not a {\"command\", \"flags\"} input"});
        return out;
    }
    RunRequest r;
    r.kind = j["command"].get<std::string>();
    if (r.kind != "compare" && r.kind != "plan") out.issues.push_back({"command", "must be compare or plan, got " + r.kind});
    const json& flags = j["flags"];
    for (std::size_t i = 0; i < flags.size(); ++i) {
        const std::string at = "flags[" + std::to_string(i) + "]";
        const json& kv = flags[i];
        if (!kv.is_array() || kv.size() != 2 || !kv[0].is_string() || !kv[1].is_string()) {
            out.issues.push_back({at, "must be [flag, value]"});
            continue;
        }
        const std::string flag = kv[0].get<std::string>(), value = kv[1].get<std::string>();
        const std::string column = column_of_flag(flag);
        if (flag == "--systems") r.systems = parse_systems_text(value, out.issues, at);
        else if (flag == "--top") {
            int top = 0;
            auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), top);
            if (ec != std::errc() || end != value.data() + value.size() || top < 1)
                out.issues.push_back({at, "--top must be a whole number of at least 1"});
            else r.top = top;
        } else if (flag == "--demand-days" || flag == "--requests-per-s") {
            char* end = nullptr;
            const double v = std::strtod(value.c_str(), &end);
            if (value.empty() || *end != '\0' || !(v > 0)) out.issues.push_back({at, flag + " must be a number above 0"});
            else (flag == "--demand-days" ? r.demand_days : r.requests_per_s) = v;
        } else if (workload_column(column)) r.workload.emplace_back(column, value);
        else out.issues.push_back({at, "unknown flag " + flag});
    }
    sort_cells(r.workload);
    if (r.systems.empty() && out.issues.empty()) out.issues.push_back({"flags", "no --systems"});
    if (out.issues.empty()) out.request = std::move(r);
    return out;
}

bool is_gui_comparison(const json& j) {
    return j.is_object() && j.contains("format") && j["format"] == "rackplan-comparison";
}

RequestParse request_from_gui_comparison(const json& j) {
    RequestParse out;
    Issues& issues = out.issues;
    RunRequest r;
    if (!is_gui_comparison(j)) issues.push_back({"format", "not a rackplan comparison"});
    else if (!j.contains("version") || j["version"] != 1) issues.push_back({"version", "must be 1"});
    if (!issues.empty()) return out;
    r.set_cell("mode", "train");
    const json& w = j.contains("workload") && j["workload"].is_object() ? j["workload"] : json();
    if (w.is_null()) issues.push_back({"workload", "missing"});
    for (const char* key : {"model", "seq_len", "global_batch", "dtype", "train_tokens"})
        if (w.is_object() && w.contains(key) && !w[key].is_null())
            if (auto t = cell_text(w[key], std::string("workload.") + key, issues)) r.set_cell(key, *t);
    if (w.is_object() && !w.contains("model")) {
        if (!w.contains("architecture") || !w["architecture"].is_object())
            issues.push_back({"workload", "needs a model or an architecture"});
        else
            for (const auto& [k, v] : w["architecture"].items()) {
                if (k == "name") {
                    if (v.is_string()) r.model_name = v.get<std::string>();
                } else if (workload_column(k)) {
                    if (auto t = cell_text(v, "workload.architecture." + k, issues)) r.set_cell(k, *t);
                } else
                    issues.push_back({"workload.architecture." + k, "unknown key"});
            }
    }
    if (j.contains("utilization") && !j["utilization"].is_null())
        if (auto t = cell_text(j["utilization"], "utilization", issues)) r.set_cell("utilization", *t);
    if (j.contains("layouts")) {
        if (j["layouts"] != "search" && j["layouts"] != "keep") issues.push_back({"layouts", "must be search or keep"});
        else r.keep_layouts = j["layouts"] == "keep";
    }
    if (!j.contains("candidates") || !j["candidates"].is_array()) issues.push_back({"candidates", "must be a list"});
    else
        for (std::size_t i = 0; i < j["candidates"].size(); ++i) {
            const json& c = j["candidates"][i];
            const std::string at = "candidates[" + std::to_string(i) + "]";
            if (!c.is_object() || !c.contains("system") || !c["system"].is_string()) {
                issues.push_back({at + ".system", "missing"});
                continue;
            }
            SystemRequest s;
            s.system = c["system"].get<std::string>();
            if (!c.contains("chips")) issues.push_back({at + ".chips", "missing"});
            else s.chips = whole(c["chips"], at + ".chips", issues, 1);
            if (c.contains("layout") && c["layout"].is_object())
                for (const auto& [k, v] : c["layout"].items()) {
                    const auto& cols = layout_columns();
                    if (std::find(cols.begin(), cols.end(), k) == cols.end()) continue;  // dp: follows the chips
                    if (auto t = cell_text(v, at + ".layout." + k, issues)) s.layout.emplace_back(k, *t);
                }
            std::stable_sort(s.layout.begin(), s.layout.end(),
                             [](const auto& a, const auto& b) { return column_order(a.first) < column_order(b.first); });
            r.systems.push_back(std::move(s));
        }
    if (issues.empty()) out.request = std::move(r);
    return out;
}

RequestParse parse_stored_request(const json& j) {
    if (is_command_input(j)) return request_from_command(j);
    if (is_gui_comparison(j)) return request_from_gui_comparison(j);
    return parse_request(j);
}

std::vector<SystemRequest> parse_systems_text(std::string_view text, Issues& issues, const std::string& path) {
    std::vector<SystemRequest> out;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const std::size_t comma = text.find(',', pos);
        std::string_view item = text.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
        pos = comma == std::string_view::npos ? text.size() + 1 : comma + 1;
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (item.empty()) continue;
        SystemRequest s;
        std::string_view rest = item;
        if (auto at = rest.find('@'); at != std::string_view::npos) {
            s.pricing = pricing(std::string(rest.substr(at + 1)), path, issues);
            rest = rest.substr(0, at);
        }
        if (auto colon = rest.find(':'); colon != std::string_view::npos) {
            const std::string_view n = rest.substr(colon + 1);
            int chips = 0;
            auto [end, ec] = std::from_chars(n.data(), n.data() + n.size(), chips);
            if (ec != std::errc() || end != n.data() + n.size() || chips < 1)
                issues.push_back({path, "'" + std::string(item) + "': chips must be a whole number of at least 1"});
            else s.chips = chips;
            rest = rest.substr(0, colon);
        }
        s.system = std::string(rest);
        out.push_back(std::move(s));
    }
    return out;
}

std::string systems_text(const std::vector<SystemRequest>& systems) {
    std::string out;
    for (const SystemRequest& s : systems) {
        if (!out.empty()) out += ",";
        out += s.system;
        if (s.chips) out += ":" + std::to_string(*s.chips);
        if (s.pricing) out += "@" + std::string(engine::to_string(*s.pricing));
    }
    return out;
}

}  // namespace rackplan::io
