#include "io/report/result_view.h"

#include <cmath>

#include "io/report/report_document.h"

namespace rackplan::io::report {

using nlohmann::json;

namespace {

const json* walk(const json& j, std::initializer_list<const char*> path) {
    const json* at = &j;
    for (const char* k : path) {
        if (!at->is_object()) return nullptr;
        auto it = at->find(k);
        if (it == at->end()) return nullptr;
        at = &*it;
    }
    return at;
}

std::optional<double> as_number(const json* j) {
    if (!j || !j->is_number()) return std::nullopt;
    const double v = j->get<double>();
    return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
}

std::string as_string(const json* j) { return j && j->is_string() ? j->get<std::string>() : std::string(); }

std::optional<RangeView> range_of(const json* j) {
    if (!j || !j->is_object()) return std::nullopt;
    RangeView r{as_number(walk(*j, {"point"})), as_number(walk(*j, {"p10"})), as_number(walk(*j, {"p50"})), as_number(walk(*j, {"p90"}))};
    if (!r.point) return std::nullopt;
    return r;
}

int as_int(const json& j, const char* key) {
    auto v = as_number(walk(j, {key}));
    return v ? static_cast<int>(*v) : 0;
}

}  // namespace

std::optional<double> num_at(const json& j, std::initializer_list<const char*> path) { return as_number(walk(j, path)); }

std::optional<double> CandidateView::num_at(std::initializer_list<const char*> path) const { return as_number(walk(*j_, path)); }

std::optional<double> CandidateView::at(const std::vector<std::string>& path) const {
    const json* at = j_;
    for (const std::string& k : path) {
        if (!at->is_object() || !at->contains(k)) return std::nullopt;
        at = &(*at)[k];
    }
    return as_number(at);
}

const json* CandidateView::at_json(std::initializer_list<const char*> path) const { return walk(*j_, path); }

std::string CandidateView::str_at(std::initializer_list<const char*> path) const { return as_string(walk(*j_, path)); }

std::optional<RangeView> CandidateView::cost_range(const std::string& key) const {
    const json* cost = walk(*j_, {"cost"});
    if (!cost || !cost->is_object() || !cost->contains(key)) return std::nullopt;
    return range_of(&(*cost)[key]);
}

std::optional<RangeView> range_at(const json& j, std::initializer_list<const char*> path) { return range_of(walk(j, path)); }

std::optional<RangeView> CandidateView::range_at(std::initializer_list<const char*> path) const {
    return report::range_at(*j_, path);
}

std::optional<RangeView> CandidateView::avg_power_kw() const {
    if (auto r = range_at({"power", "avg_power_kw"})) return r;
    return range_at({"cost", "avg_power_kw"});
}

double CandidateView::fleet_chips() const {
    auto v = num("fleet_chips");
    return v ? *v : num("chips").value_or(0.0);
}

std::string CandidateView::fabric_text() const {
    const std::string fabric = fabric_id();
    const auto tiers = num_at({"cost", "network", "tiers"});
    if (!fabric.empty())
        return fabric + (tiers ? " (" + format_number(*tiers, 0) + (*tiers == 1.0 ? " tier)" : " tiers)") : "");
    const std::string rule = str_at({"cost", "network", "rule"});
    return rule.empty() ? "none" : "none: " + rule;
}

std::string CandidateView::layout_text() const {
    const json* l = walk(*j_, {"layout"});
    if (!l || !l->is_object()) return {};
    auto n = [&](const char* k) { return as_number(walk(*l, {k})); };
    auto part = [&](const char* k, bool always) -> std::string {
        auto v = n(k);
        if (!v || (!always && *v == 1.0)) return {};
        return std::string(k) + "=" + format_number(*v, 0) + " ";
    };
    std::string s = part("tp", true) + part("pp", true);
    if (l->contains("replicas")) {
        s += part("ep", false);
        auto r = n("replicas");
        if (r) s += "x " + format_number(*r, 0) + " replicas";
    } else {
        s += part("dp", true) + part("cp", false) + part("ep", false) + part("vpp", false);
        auto zero = n("zero");
        if (zero && *zero > 0.0) s += "zero=" + format_number(*zero, 0) + " ";
        auto sp = walk(*l, {"sp"});
        if (sp && sp->is_boolean() && sp->get<bool>()) s += "sp ";
        auto mb = n("micro_batch");
        if (mb) s += "mb=" + format_number(*mb, 0) + " ";
        const std::string rc = as_string(walk(*l, {"recompute"}));
        if (!rc.empty() && rc != "none") s += "recompute=" + rc;
    }
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
}

std::optional<double> ResultView::pareto_cost(const CandidateView& c) const {
    auto r = c.cost_range(cost_metric);
    return r ? r->point : std::nullopt;
}

bool ResultView::on_front(std::size_t row, std::size_t index) const {
    for (const json& p : pareto)
        if (as_number(walk(p, {"row"})) == static_cast<double>(row) && as_number(walk(p, {"index"})) == static_cast<double>(index))
            return true;
    return false;
}

std::optional<ResultView> ResultView::parse(const json& result, Issues& issues) {
    if (!result.is_object()) {
        issues.push_back({"", "the result is not a JSON object"});
        return std::nullopt;
    }
    const std::string kind = as_string(walk(result, {"kind"}));
    if (kind != "compare" && kind != "plan") {
        issues.push_back({"kind", kind.empty() ? "missing: a report needs the result of rackplan compare or plan"
                                               : "'" + kind + "' is not a result a report can show (compare or plan)"});
        return std::nullopt;
    }
    ResultView v;
    v.plan = kind == "plan";
    const json* w = walk(result, {"workload"});
    if (!w || !w->is_object()) issues.push_back({"workload", "missing"});
    else {
        v.workload = *w;
        const std::string mode = as_string(walk(*w, {"mode"}));
        if (mode != "train" && mode != "infer") issues.push_back({"workload.mode", "must be train or infer"});
        v.train = mode == "train";
        v.model = as_string(walk(*w, {"model"}));
        if (v.model.empty()) issues.push_back({"workload.model", "missing"});
    }
    v.time_key = as_string(walk(result, {"time_metric"}));
    if (v.time_key == "time_to_train_days") v.time_label = "Time to train", v.time_unit = "days", v.time_decimals = 1;
    else if (v.time_key == "step_time_s") v.time_label = "Step time", v.time_unit = "s", v.time_decimals = 3;
    else if (v.time_key == "tpot_ms") v.time_label = "Time per output token", v.time_unit = "ms", v.time_decimals = 2;
    else if (v.time_key == "ttft_ms") v.time_label = "Time to first token", v.time_unit = "ms", v.time_decimals = 1;
    else issues.push_back({"time_metric", "'" + v.time_key + "' is not a known time metric"});
    v.cost_metric = as_string(walk(result, {"cost_metric"}));
    if (v.cost_metric == "usd_per_mtok") v.cost_label = "Cost per million tokens", v.cost_unit = "USD/M tokens", v.cost_decimals = 3;
    else if (v.cost_metric == "usd_per_run") v.cost_label = "Cost of the run", v.cost_unit = "USD", v.cost_decimals = 0;
    else if (v.cost_metric == "usd_per_hour") v.cost_label = "Fleet cost", v.cost_unit = "USD/h", v.cost_decimals = 0;
    else issues.push_back({"cost_metric", "'" + v.cost_metric + "' is not a known cost metric"});
    v.pareto_cost_label = v.cost_label, v.pareto_cost_unit = v.cost_unit, v.pareto_cost_decimals = v.cost_decimals;
    if (const json* d = walk(result, {"demand"}); d && d->is_object()) v.demand = *d;
    else v.demand = json::object();
    v.tco_years = as_number(walk(result, {"tco_years"})).value_or(0.0);
    if (const json* p = walk(result, {"pareto"}); p && p->is_array()) v.pareto = *p;
    else v.pareto = json::array();

    const json* systems = walk(result, {"systems"});
    if (!systems || !systems->is_array()) {
        issues.push_back({"systems", "missing: the result has no systems"});
        return std::nullopt;
    }
    for (std::size_t i = 0; i < systems->size(); ++i) {
        const json& s = (*systems)[i];
        const std::string at = "systems[" + std::to_string(i) + "]";
        if (!s.is_object() || as_string(walk(s, {"system"})).empty()) {
            issues.push_back({at + ".system", "missing"});
            continue;
        }
        RowView r(s);
        r.system = as_string(walk(s, {"system"}));
        r.pricing = as_string(walk(s, {"pricing"}));
        r.status = as_string(walk(s, {"status"}));
        r.message = as_string(walk(s, {"message"}));
        r.chips = as_int(s, "chips");
        r.time_rank = as_int(s, "time_rank");
        r.cost_rank = as_int(s, "cost_rank");
        const json* list = walk(s, {v.plan ? "candidates" : "layouts"});
        if (list && list->is_array())
            for (const json& c : *list)
                if (c.is_object()) r.candidates.emplace_back(c);
        if (v.plan) {
            auto chosen = as_number(walk(s, {"chosen"}));
            if (chosen && *chosen >= 0 && static_cast<std::size_t>(*chosen) < r.candidates.size())
                r.best_index = static_cast<std::size_t>(*chosen);
            if (const json* f = walk(s, {"fleet"})) r.fleet = *f;
            r.own_tco = range_of(walk(s, {"own", "tco_usd"}));
            r.rent_total = range_of(walk(s, {"rent", "total_usd"}));
        } else if (!r.candidates.empty()) {
            r.best_index = 0;
        }
        v.rows.push_back(std::move(r));
    }
    if (!issues.empty()) return std::nullopt;
    return v;
}

}  // namespace rackplan::io::report
