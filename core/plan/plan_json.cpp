#include "plan/plan_json.h"

#include <cmath>
#include <functional>
#include <optional>

namespace rackplan::plan {
namespace {

using nlohmann::json;

// JSON has no infinity: a non-finite number is null.
json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

template <class Q>
json range(const cost::Range<Q>& r, double scale = 1.0) {
    return {{"point", number(r.point.value() * scale)},
            {"p10", number(r.p10.value() * scale)},
            {"p50", number(r.p50.value() * scale)},
            {"p90", number(r.p90.value() * scale)}};
}

// The cost per hour of the deployment by what it pays for (points; the lines add up to usd_per_hour's point).
json cost_lines_json(const cost::ModelOutputs& o) {
    auto h = [](units::UsdPerSecond r) { return number(units::to_usd_per_hour(r)); };
    return {{"capital", h(o.rates.capital)},         {"residual_credit", h(o.rates.residual_credit)},
            {"maintenance", h(o.rates.maintenance)}, {"facility", h(o.rates.facility)},
            {"electricity", h(o.rates.electricity)}, {"rental", h(o.rates.rental)},
            {"total", h(o.rates.total())}};
}

// Every number the cost used, in the unit the catalog gives it, with where it came from.
json cost_inputs_json(const std::vector<cost::Parameter>& inputs) {
    json a = json::array();
    for (const cost::Parameter& p : inputs)
        a.push_back({{"path", p.path},
                     {"group", p.group},
                     {"value", number(p.shown(p.value))},
                     {"low", number(p.shown(p.low))},
                     {"high", number(p.shown(p.high))},
                     {"unit", p.unit},
                     {"confidence", hw::to_string(p.confidence)},
                     {"source", p.source}});
    return a;
}

json cost_json(const cost::CostEvaluation& e) {
    json j{{"pricing", engine::to_string(e.pricing)},
           {"nodes", e.nodes},
           {"usd_per_hour", range(e.cost_rate, 3600.0)},
           {"usd_per_mtok", range(e.per_mtok)},
           {"avg_power_kw", range(e.avg_power, 1e-3)},
           {"capex_usd", number((e.point.capex_nodes + e.point.capex_network + e.point.installation).value())},
           {"capex_usd_range", range(e.capex)},
           {"running_usd_per_year", range(e.running, cost::kSecondsPerYear)},
           {"samples", e.samples}};
    if (e.per_step) j["usd_per_step"] = range(*e.per_step);
    if (e.per_run) j["usd_per_run"] = range(*e.per_run);
    if (e.run_energy) j["energy_mwh"] = range(*e.run_energy, 1.0 / 3.6e9);
    if (!e.network.fabric.empty()) j["fabric"] = e.network.fabric;
    j["seed"] = std::to_string(e.seed);  // a string: JSON numbers lose 64-bit integers
    j["usd_per_hour_lines"] = cost_lines_json(e.point);
    j["capex_lines_usd"] = {{"nodes", number(e.point.capex_nodes.value())},
                            {"network", number(e.point.capex_network.value())},
                            {"installation", number(e.point.installation.value())}};
    j["power_kw_lines"] = {{"it_load", number(units::to_kw(e.point.it_load))},
                           {"it_idle", number(units::to_kw(e.point.it_idle))},
                           {"it_average", number(units::to_kw(e.point.it_average))},
                           {"wall_average", number(units::to_kw(e.point.avg_power))},
                           {"provisioned", number(units::to_kw(e.point.provisioned))}};
    j["network"] = {{"fabric", e.network.fabric},     {"rule", e.network.rule},
                    {"nics", e.network.nics},         {"endpoints", e.network.endpoints},
                    {"tiers", e.network.tiers},       {"switch_ports", number(e.network.switch_ports())},
                    {"over_capacity", e.network.over_capacity}};
    json bars = json::array();
    for (const cost::TornadoBar& b : e.tornado)
        bars.push_back({{"group", b.group},
                        {"factor_low", number(b.factor_low)},
                        {"factor_high", number(b.factor_high)},
                        {"usd_per_mtok_low", number(b.at_low)},
                        {"usd_per_mtok_high", number(b.at_high)}});
    j["tornado"] = bars;
    j["inputs"] = cost_inputs_json(e.inputs);
    return j;
}

std::string metric_key(TimeMetric m) {
    switch (m) {
        case TimeMetric::time_to_train: return "time_to_train_days";
        case TimeMetric::step_time: return "step_time_s";
        case TimeMetric::tpot: return "tpot_ms";
        case TimeMetric::ttft: return "ttft_ms";
    }
    return "time_s";
}

double metric_value(TimeMetric m, units::Seconds t) {
    switch (m) {
        case TimeMetric::time_to_train: return units::to_days(t);
        case TimeMetric::step_time: return t.value();
        case TimeMetric::tpot:
        case TimeMetric::ttft: return units::to_ms(t);
    }
    return t.value();
}

json pareto_json(const std::vector<ParetoPoint>& points, const std::vector<const std::vector<Candidate>*>& rows,
                 TimeMetric metric, const std::function<std::optional<double>(const Candidate&)>& cost_of) {
    json a = json::array();
    for (const ParetoPoint& p : points) {
        const Candidate& c = (*rows[p.row])[p.layout];
        const auto cost = cost_of(c);
        a.push_back({{"row", p.row},
                     {"index", p.layout},
                     {"system", c.system},
                     {"chips", c.chips},
                     {"fleet_chips", c.fleet_chips},
                     {"time", number(metric_value(metric, c.time))},
                     {"cost", cost ? number(*cost) : json(nullptr)}});
    }
    return a;
}

json step_breakdown_json(const engine::StepBreakdown& b) {
    const engine::CommTimes& x = b.exposed;
    return {{"compute", number(b.compute.value())},
            {"exposed_comm", {{"tp", number(x.tp.value())},
                              {"cp", number(x.cp.value())},
                              {"ep", number(x.ep.value())},
                              {"pp", number(x.pp.value())},
                              {"dp", number(x.dp.value())}}},
            {"bubble", number(b.bubble.value())},
            {"optimizer", number(b.optimizer.value())},
            {"step", number(b.step.value())}};
}

json train_memory_json(const parallel::MemoryBreakdown& m, units::Bytes capacity) {
    return {{"weights", number(units::to_gib(m.weights))},
            {"gradients", number(units::to_gib(m.gradients))},
            {"optimizer", number(units::to_gib(m.optimizer))},
            {"activations", number(units::to_gib(m.activations))},
            {"temporaries", number(units::to_gib(m.temporaries))},
            {"reserve", number(units::to_gib(m.reserve))},
            {"total", number(units::to_gib(m.weights + m.gradients + m.optimizer + m.activations + m.temporaries + m.reserve))},
            {"capacity", number(units::to_gib(capacity))},
            {"pipeline_rank", m.pipeline_rank}};
}

json block_ops_json(const std::vector<engine::OpTime>& ops) {
    json a = json::array();
    for (const engine::OpTime& o : ops)
        a.push_back({{"name", std::string(o.name)},
                     {"kind", std::string(workload::to_string(o.kind))},
                     {"forward_ms", number(units::to_ms(o.forward))},
                     {"backward_ms", number(units::to_ms(o.backward))},
                     {"forward_gflop", number(o.flops.value() * 1e-9)},
                     {"forward_mb", number(o.bytes.value() * 1e-6)},
                     {"bound", o.bound}});
    return a;
}

json pass_json(const engine::PassBreakdown& d) {
    return {{"gemm", number(units::to_ms(d.gemm))},       {"attention", number(units::to_ms(d.attention))},
            {"vector", number(units::to_ms(d.vector))},   {"tp_comm", number(units::to_ms(d.tp_comm))},
            {"pp_comm", number(units::to_ms(d.pp_comm))}, {"total", number(units::to_ms(d.total))}};
}

json serving_json(const engine::InferPerformance& p) {
    const engine::ServingPoint& s = p.point;
    return {{"batching", std::string(engine::to_string(p.batching))},
            {"decoding", number(s.decoding)},
            {"prefill_tokens", number(s.prefill_tokens)},
            {"iteration_ms", number(units::to_ms(s.iteration))},
            {"prefill_ms", number(units::to_ms(s.prefill))},
            {"decode_ms", pass_json(s.decode)},
            {"first_token_ms", pass_json(s.first_token)}};
}

json infer_memory_json(const engine::InferMemory& m) {
    return {{"capacity", number(units::to_gib(m.capacity))},
            {"weights", number(units::to_gib(m.weights))},
            {"activations", number(units::to_gib(m.activations))},
            {"reserve", number(units::to_gib(m.reserve))},
            {"kv_pool", number(units::to_gib(m.kv_pool))},
            {"kv_used", number(units::to_gib(m.kv_used))},
            {"total", number(units::to_gib(m.total()))},
            {"max_batch", m.max_batch}};
}

}  // namespace

json workload_json(const engine::Scenario& s) {
    json j{{"mode", engine::to_string(s.mode)}, {"model", s.model.id}, {"pricing", engine::to_string(s.cost.pricing)}};
    if (s.mode == engine::Mode::train) {
        j["seq_len"] = s.train.seq_len;
        j["global_batch"] = s.train.global_batch;
        j["dtype"] = hw::to_string(s.train.dtype);
        if (s.train.train_tokens) j["train_tokens"] = *s.train.train_tokens;
    } else {
        j["input_len"] = s.infer.input_len;
        j["output_len"] = s.infer.output_len;
        j["weight_dtype"] = hw::to_string(s.infer.weight_dtype);
        j["kv_dtype"] = hw::to_string(s.infer.kv_dtype);
        if (s.infer.ttft_slo) j["ttft_slo_ms"] = units::to_ms(*s.infer.ttft_slo);
        if (s.infer.tpot_slo) j["tpot_slo_ms"] = units::to_ms(*s.infer.tpot_slo);
    }
    if (s.cost.utilization) j["utilization"] = *s.cost.utilization;
    if (s.assumptions.sustained_clock) j["sustained_clock"] = *s.assumptions.sustained_clock;
    return j;
}

json candidate_json(const Candidate& c) {
    json j{{"system", c.system}, {"chips", c.chips}, {"fleet_chips", c.fleet_chips}, {"pricing", engine::to_string(c.pricing)}};
    if (c.train) {
        const auto& p = *c.train;
        const auto& l = p.layout;
        j["layout"] = {{"tp", l.tp}, {"pp", l.pp}, {"dp", l.dp}, {"cp", l.cp}, {"ep", l.ep}, {"vpp", l.vpp},
                       {"sp", l.sp}, {"zero", l.zero}, {"recompute", parallel::to_string(l.recompute)},
                       {"micro_batch", l.micro_batch}};
        j["step_time_s"] = number(p.breakdown.step.value());
        j["tokens_per_s"] = number(p.tokens_per_s);
        j["mfu"] = number(p.mfu);
        if (p.time_to_train_days) j["time_to_train_days"] = number(*p.time_to_train_days);
        j["micro_batches"] = p.micro_batches;
        j["hfu"] = number(p.hfu);
        j["model_tflops_per_chip"] = number(p.model_tflops_per_chip);
        j["step_breakdown_s"] = step_breakdown_json(p.breakdown);
        j["memory_gib"] = train_memory_json(p.memory, p.hbm_capacity);
        if (!p.block_ops.empty()) j["block_ops"] = block_ops_json(p.block_ops);
    } else if (c.infer) {
        const auto& p = *c.infer;
        j["layout"] = {{"tp", p.layout.tp}, {"pp", p.layout.pp}, {"ep", p.layout.ep}, {"replicas", c.replicas}};
        j["batch"] = p.point.batch;
        j["ttft_ms"] = number(units::to_ms(p.point.ttft));
        if (p.point.tpot.value() > 0.0) j["tpot_ms"] = number(units::to_ms(p.point.tpot));
        j["replica_tokens_per_s"] = number(p.point.tokens_per_s);
        j["tokens_per_s"] = number(c.tokens_per_s());
        j["serving"] = serving_json(p);
        j["memory_gib"] = infer_memory_json(p.memory);
    }
    if (c.cost) j["cost"] = cost_json(*c.cost);
    else if (!c.cost_issues.empty()) j["cost_error"] = join_issues(c.cost_issues);
    if (c.power) {  // also without a price
        j["power"] = {{"wall_peak_kw", number(units::to_kw(c.power->wall_peak))},
                      {"avg_power_kw", range(c.power->avg_power, 1e-3)},
                      {"tokens_per_joule", range(c.power->perf_per_watt)}};
        if (c.power->run_energy) j["power"]["energy_mwh"] = range(*c.power->run_energy, 1.0 / 3.6e9);
    }
    return j;
}

json to_json(const CompareResult& r) {
    json systems = json::array();
    std::vector<const std::vector<Candidate>*> rows;
    for (const CompareRow& row : r.rows) {
        json layouts = json::array();
        for (const Candidate& c : row.layouts) layouts.push_back(candidate_json(c));
        systems.push_back({{"system", row.system},
                           {"chips", row.chips},
                           {"pricing", engine::to_string(row.pricing)},
                           {"status", engine::to_string(row.status)},
                           {"message", row.message},
                           {"time_rank", row.time_rank},
                           {"cost_rank", row.cost_rank},
                           {"layouts", layouts}});
        rows.push_back(&row.layouts);
    }
    return {{"kind", "compare"},
            {"workload", workload_json(r.base)},
            {"time_metric", metric_key(r.time_metric)},
            {"cost_metric", "usd_per_mtok"},
            {"systems", systems},
            {"pareto", pareto_json(r.pareto, rows, r.time_metric, ranking_cost)}};
}

json to_json(const PlanResult& r) {
    json systems = json::array();
    std::vector<const std::vector<Candidate>*> rows;
    for (const PlanRow& row : r.rows) {
        json candidates = json::array();
        for (const Candidate& c : row.candidates) candidates.push_back(candidate_json(c));
        json j{{"system", row.system},
               {"pricing", engine::to_string(row.pricing)},
               {"status", engine::to_string(row.status)},
               {"message", row.message},
               {"time_rank", row.time_rank},
               {"cost_rank", row.cost_rank},
               {"evaluations", row.evaluations},
               {"candidates", candidates}};
        if (row.chosen) {
            j["chosen"] = *row.chosen;
            j["plan"] = candidate_json(*row.plan());
        }
        if (row.fleet) {
            const FleetShape& f = *row.fleet;
            json fleet{{"chips", f.chips}, {"nodes", f.nodes}, {"domains", f.domains}};
            fleet["racks"] = f.racks ? json(*f.racks) : json(nullptr);
            fleet["mw_peak"] = f.wall_peak ? number(f.wall_peak->value() * 1e-6) : json(nullptr);
            fleet["mw_average"] = f.wall_average ? number(f.wall_average->value() * 1e-6) : json(nullptr);
            j["fleet"] = fleet;
        }
        const BuyVsRent& o = row.ownership;
        if (o.own)
            j["own"] = {{"priced_as", o.own->priced_as},
                        {"capex_usd", number(o.own->upfront.value())},
                        {"network_usd", number(o.own->network.value())},
                        {"opex_usd_per_year", number(o.own->running.value() * cost::kSecondsPerYear)},
                        {"years", o.own->years},
                        {"tco_usd", range(o.own->tco)},
                        {"capex_usd_range", range(o.own->upfront_range)},
                        {"opex_usd_per_year_range", range(o.own->running_range, cost::kSecondsPerYear)}};
        else if (!o.own_note.empty())
            j["own_note"] = o.own_note;
        if (o.rent)
            j["rent"] = {{"priced_as", o.rent->priced_as},
                         {"pricing", engine::to_string(o.rent->pricing)},
                         {"usd_per_year", range(o.rent->rate, cost::kSecondsPerYear)},
                         {"years", o.rent->years},
                         {"total_usd", range(o.rent->total)}};
        else if (!o.rent_note.empty())
            j["rent_note"] = o.rent_note;
        if (o.break_even_months) j["break_even_months"] = number(*o.break_even_months);
        else if (row.fleet)
            j["break_even_note"] = o.break_even_note;
        systems.push_back(std::move(j));
        rows.push_back(&row.candidates);
    }
    json demand = json::object();
    if (r.demand.days) demand["days"] = *r.demand.days;
    if (r.demand.requests_per_s) demand["requests_per_s"] = *r.demand.requests_per_s;
    const bool train = r.base.mode == engine::Mode::train;
    return {{"kind", "plan"},
            {"workload", workload_json(r.base)},
            {"demand", demand},
            {"time_metric", metric_key(r.time_metric)},
            {"cost_metric", train ? "usd_per_run" : "usd_per_hour"},
            {"tco_years", r.tco_years},
            {"systems", systems},
            {"pareto", pareto_json(r.pareto, rows, r.time_metric, [train](const Candidate& c) -> std::optional<double> {
                 auto v = plan_cost(c);
                 if (v && !train) *v *= 3600.0;  // USD per hour
                 return v;
             })}};
}

}  // namespace rackplan::plan
