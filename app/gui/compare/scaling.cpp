#include "scaling.h"

namespace rackplan::gui {

std::vector<int> scaling_counts(int chips, int chips_per_node) {
    std::vector<int> out;
    const int node = std::max(1, chips_per_node);
    for (int k = -3; k <= 3; ++k) {
        const long long n = k < 0 ? (chips % (1 << -k) == 0 ? chips >> -k : 0) : static_cast<long long>(chips) << k;
        if (n >= node && n % node == 0 && n <= 10'000'000) out.push_back(static_cast<int>(n));
    }
    return out;
}

ScalingResult run_scaling(const engine::EvaluationContext& ctx, const ComparisonInput& input, size_t candidate,
                          int threads, const std::atomic<bool>* cancel, const std::function<void(double)>& progress) {
    ScalingResult out;
    if (candidate >= input.candidates.size()) return out;
    const Candidate& base = input.candidates[candidate];
    out.system = base.system;
    out.base_chips = base.chips;
    const hw::System* sys = ctx.catalog().find_system(base.system);
    if (!sys) return out;
    const std::vector<int> counts = scaling_counts(base.chips, hw::make_spec(*sys).chips_per_node);
    ComparisonInput searched = input;
    searched.layouts = LayoutPolicy::search;  // the best layout at each size, not the kept one
    for (size_t i = 0; i < counts.size(); ++i) {
        if (cancel && cancel->load()) break;
        Candidate c{base.system, counts[i], std::nullopt};
        ScalingPoint point;
        point.chips = counts[i];
        io::ScenarioParse parse = scenario_for(searched, c, ctx.catalog());
        if (!parse.scenario) {
            point.status = engine::Status::error;
            point.message = io::join_issues(parse.issues);
        } else {
            engine::EvaluateOptions eo;
            eo.threads = threads;
            eo.cancel = cancel;
            if (progress)
                eo.progress = [&, i](double p) { progress((static_cast<double>(i) + p) / static_cast<double>(counts.size())); };
            engine::TrainResult r = engine::evaluate_train(ctx, *parse.scenario, eo);
            point.status = r.status;
            point.message = r.message;
            if (r.best) {
                point.tokens_per_s = r.best->tokens_per_s;
                point.mfu = r.best->mfu;
                point.step = r.best->breakdown.step;
                point.layout = r.best->layout;
            }
        }
        if (cancel && cancel->load()) break;
        out.points.push_back(std::move(point));
        if (progress) progress(static_cast<double>(i + 1) / static_cast<double>(counts.size()));
    }
    out.cancelled = cancel && cancel->load();
    return out;
}

}  // namespace rackplan::gui
