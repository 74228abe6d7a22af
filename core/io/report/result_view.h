#pragma once
// Read access to a saved compare or plan result document (plan/plan_json.h) for the report
// builder: the rows, their best candidate and the figures by key path, with null or missing
// numbers as empty optionals, so a report of an older or partial result shows blanks, not
// zeros. Not part of the report API.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hw/issue.h"

namespace rackplan::io::report {

// A number at a key path of `j`; empty when absent, null or not a number.
std::optional<double> num_at(const nlohmann::json& j, std::initializer_list<const char*> path);

struct RangeView {
    std::optional<double> point, p10, p50, p90;
};

// The range object at a key path of `j`; empty when absent or without a point.
std::optional<RangeView> range_at(const nlohmann::json& j, std::initializer_list<const char*> path);

class CandidateView {
public:
    explicit CandidateView(const nlohmann::json& j) : j_(&j) {}
    [[nodiscard]] const nlohmann::json& raw() const { return *j_; }
    [[nodiscard]] std::optional<double> num(const char* key) const { return report::num_at(*j_, {key}); }
    [[nodiscard]] std::optional<double> num_at(std::initializer_list<const char*> path) const;
    [[nodiscard]] std::optional<double> at(const std::vector<std::string>& path) const;
    [[nodiscard]] const nlohmann::json* at_json(std::initializer_list<const char*> path) const;
    [[nodiscard]] std::string str_at(std::initializer_list<const char*> path) const;
    [[nodiscard]] std::optional<RangeView> cost_range(const std::string& key) const;  // cost.<key>
    // A {"point", "p10", "p50", "p90"} object at a key path; empty when absent or without a point.
    [[nodiscard]] std::optional<RangeView> range_at(std::initializer_list<const char*> path) const;
    // Average wall power (kW): "power" (present without a price too), else the cost's.
    [[nodiscard]] std::optional<RangeView> avg_power_kw() const;
    [[nodiscard]] std::optional<double> time_value(const std::string& key) const { return num(key.c_str()); }
    [[nodiscard]] double fleet_chips() const;
    [[nodiscard]] std::string pricing() const { return str_at({"pricing"}); }
    [[nodiscard]] bool priced() const { return j_->contains("cost") && (*j_)["cost"].is_object(); }
    [[nodiscard]] std::string cost_error() const { return str_at({"cost_error"}); }
    [[nodiscard]] std::string fabric_id() const { return str_at({"cost", "fabric"}); }
    // "efa-v3 (3 tiers)", or why there is none ("inside one scale-up domain").
    [[nodiscard]] std::string fabric_text() const;
    // "tp=8 pp=4 dp=32 zero=1 mb=1 recompute=selective" / "tp=8 pp=1 x 16 replicas".
    [[nodiscard]] std::string layout_text() const;

private:
    const nlohmann::json* j_;
};

struct RowView {
    explicit RowView(const nlohmann::json& r) : raw(r) {}
    const nlohmann::json& raw;
    std::string system, pricing, status, message;
    int chips = 0;  // compare: as asked
    int time_rank = 0, cost_rank = 0;
    std::vector<CandidateView> candidates;  // compare: layouts; plan: candidates
    std::optional<std::size_t> best_index;  // compare: 0 when any; plan: chosen
    nlohmann::json fleet;                   // plan
    std::optional<RangeView> own_tco, rent_total;

    [[nodiscard]] const CandidateView* best() const { return best_index ? &candidates[*best_index] : nullptr; }
};

struct ResultView {
    bool plan = false;  // else compare
    bool train = true;  // else serving
    std::string model;
    nlohmann::json workload, demand;
    double tco_years = 0.0;
    std::string time_key;  // candidate key of the time axis: "time_to_train_days", ...
    std::string time_label, time_unit;
    int time_decimals = 2;
    std::string cost_metric;  // "usd_per_mtok", "usd_per_run", "usd_per_hour"
    std::string cost_label, cost_unit;
    int cost_decimals = 2;
    std::string pareto_cost_label, pareto_cost_unit;  // the front's cost axis (= cost_metric)
    int pareto_cost_decimals = 2;
    std::vector<RowView> rows;
    nlohmann::json pareto;

    [[nodiscard]] const std::string& cost_key() const { return cost_metric; }
    [[nodiscard]] std::optional<double> pareto_cost(const CandidateView& c) const;
    [[nodiscard]] bool on_front(std::size_t row, std::size_t index) const;

    // The view of `result`, or issues naming what is missing (by JSON path). `result` must
    // outlive the view.
    static std::optional<ResultView> parse(const nlohmann::json& result, Issues& issues);
};

}  // namespace rackplan::io::report
