#include "plan/candidate.h"

#include <cmath>

namespace rackplan::plan {

std::string_view to_string(TimeMetric m) {
    switch (m) {
        case TimeMetric::time_to_train: return "time_to_train";
        case TimeMetric::step_time: return "step_time";
        case TimeMetric::tpot: return "tpot";
        case TimeMetric::ttft: return "ttft";
    }
    return "time_to_train";
}

TimeMetric time_metric(const engine::Scenario& s) {
    if (s.mode == engine::Mode::train) return s.train.train_tokens ? TimeMetric::time_to_train : TimeMetric::step_time;
    return s.infer.output_len > 1 ? TimeMetric::tpot : TimeMetric::ttft;
}

double Candidate::tokens_per_s() const {
    if (train) return train->tokens_per_s;
    if (infer) return infer->point.tokens_per_s * replicas;
    return 0.0;
}

Candidate train_candidate(const std::string& system, int chips, engine::Pricing pricing,
                          const engine::TrainPerformance& p, TimeMetric metric) {
    Candidate c;
    c.system = system;
    c.chips = chips;
    c.fleet_chips = chips;
    c.pricing = pricing;
    c.train = p;
    c.time = metric == TimeMetric::time_to_train && p.time_to_train_days ? units::days(*p.time_to_train_days)
                                                                          : p.breakdown.step;
    return c;
}

Candidate infer_candidate(const std::string& system, int chips, engine::Pricing pricing,
                          const engine::InferPerformance& p, int replicas, TimeMetric metric) {
    Candidate c;
    c.system = system;
    c.chips = chips;
    c.fleet_chips = chips;
    c.pricing = pricing;
    c.infer = p;
    c.replicas = replicas;
    c.time = metric == TimeMetric::ttft ? p.point.ttft : p.point.tpot;
    return c;
}

cost::PerformanceSummary summary_of(const Candidate& c, const engine::Scenario& s) {
    if (c.train) return cost::PerformanceSummary::training(c.train->breakdown.step, s.train.tokens_per_step(), s.train.train_tokens);
    return cost::PerformanceSummary::serving(cost::TokenRate(c.tokens_per_s()));
}

void price(Candidate& c, const hw::Catalog& catalog, const engine::Scenario& s, const cost::CostOptions& options) {
    c.cost.reset();
    c.power.reset();
    c.cost_issues.clear();
    const hw::System* system = catalog.find_system(c.system);
    if (system == nullptr) {
        c.cost_issues.push_back({"system", "unknown system '" + c.system + "'"});
        return;
    }
    engine::CostRequest request = s.cost;
    request.pricing = c.pricing;
    if (!c.train && !c.infer) {
        c.cost_issues.push_back({"system", "no performance to price"});
        return;
    }
    cost::CostResult r = cost::evaluate_cost(catalog, *system, c.fleet_chips, request, summary_of(c, s), options);
    c.power = r.power;
    if (r.evaluation) c.cost = std::move(r.evaluation);
    else c.cost_issues = std::move(r.issues);
}

std::string join_issues(const Issues& issues) {
    std::string s;
    for (const auto& i : issues) s += (s.empty() ? "" : "; ") + (i.path.empty() ? "" : "column " + i.path + ": ") + i.message;
    return s;
}

bool rack_scale(const hw::System& system) {
    return system.kind == hw::SystemKind::ultraserver || system.kind == hw::SystemKind::rack;
}

int fleet_unit(const hw::System& system) {
    const hw::SystemSpec spec = hw::make_spec(system);
    const int node = std::max(1, spec.chips_per_node);
    return rack_scale(system) ? node * std::max(1, spec.nodes_per_domain) : node;
}

}  // namespace rackplan::plan
