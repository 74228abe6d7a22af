// The DAG-based engine (core/graph critical paths composed over blocks, micro-batches and
// stages) against the closed form it replaced (graph_reference_engine.h, the pre-DAG engine
// verbatim), in one build of the same kernels: every validation row at its layout and a few
// hundred layouts of the search spaces of three model/system pairs, under several engine options.
//
// Step time and every breakdown component agree to 1e-9 of the step. One accounting change is
// deliberate: the vocabulary-parallel all-reduces of the embedding and the LM head were counted
// as compute by the closed form and are TP communication nodes in the DAG, so compute + tp
// agrees and compute moves to tp by exactly those all-reduces (zero when tp = 1).
#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>

#include "engine/evaluate.h"
#include "graph_reference_engine.h"
#include "io/scenario_row.h"
#include "io/seed.h"
#include "parallel/search_space.h"
#include "../validation/validation_support.h"

using namespace rackplan;

namespace {

const engine::EvaluationContext& context() {
    static const engine::EvaluationContext ctx(io::load_seed_catalog().parse.catalog);
    return ctx;
}

using Cells = std::vector<std::pair<std::string, std::string>>;

engine::Scenario scenario(const Cells& cells) {
    std::vector<std::string> header{"id"};
    io::CsvRow row{"t"};
    for (auto& [k, v] : cells) {
        header.push_back(k);
        row.push_back(v);
    }
    auto p = io::parse_scenario(io::RowView(header, row, 2), context().catalog());
    INFO(io::join_issues(p.issues));
    REQUIRE(p.scenario);
    return *p.scenario;
}

std::string text(const parallel::Layout& l) {
    std::ostringstream s;
    s << "tp" << l.tp << " pp" << l.pp << " dp" << l.dp << " cp" << l.cp << " ep" << l.ep << " vpp" << l.vpp << " sp"
      << l.sp << " z" << int(l.zero) << " " << parallel::to_string(l.recompute) << " mb" << l.micro_batch;
    return s.str();
}

struct Pair {
    std::unique_ptr<engine::TrainEngine> dag;
    std::unique_ptr<graph_reference::ClosedFormEngine> closed;
};

Pair engines(const engine::Scenario& s, engine::EngineOptions o) {
    auto hw = context().hardware(s.system, s.chips);
    REQUIRE(hw);
    return {std::make_unique<engine::TrainEngine>(hw->chip, hw->system, s.model, s.train, s.chips, *hw->network, o),
            std::make_unique<graph_reference::ClosedFormEngine>(hw->chip, hw->system, s.model, s.train, s.chips,
                                                                *hw->network, o)};
}

// What the compared layouts exercised, so that the sample cannot silently miss a feature.
struct Coverage {
    int cp = 0, ep = 0, zero3 = 0, zero12 = 0, vpp = 0, full = 0, selective = 0, sp = 0;
    int cp_exposed = 0, ep_exposed = 0, dp_exposed = 0;
};
Coverage coverage;

void compare(const Pair& e, const parallel::Layout& l, int& compared) {
    INFO(text(l));
    engine::TrainOutcome a = e.dag->evaluate(l);
    engine::TrainOutcome b = e.closed->evaluate(l);
    REQUIRE(a.performance.has_value() == b.performance.has_value());
    if (!a.performance) {
        CHECK(a.infeasible == b.infeasible);
        return;
    }
    ++compared;
    const auto& x = a.performance->breakdown;
    const auto& y = b.performance->breakdown;
    Coverage& c = coverage;
    c.cp += l.cp > 1;
    c.ep += l.ep > 1;
    c.zero3 += l.zero >= 3;
    c.zero12 += l.zero == 1 || l.zero == 2;
    c.vpp += l.vpp > 1;
    c.full += l.recompute == parallel::Recompute::full;
    c.selective += l.recompute == parallel::Recompute::selective;
    c.sp += l.sp;
    c.cp_exposed += y.exposed.cp.value() > 0;
    c.ep_exposed += y.exposed.ep.value() > 0;
    c.dp_exposed += y.exposed.dp.value() > 0;
    const double tol = 1e-9 * y.step.value();
    auto same = [&](const char* what, double p, double q) {
        INFO(what << ": dag " << p << " closed form " << q);
        CHECK(std::abs(p - q) <= tol);
    };
    same("step", x.step.value(), y.step.value());
    same("compute + tp", (x.compute + x.exposed.tp).value(), (y.compute + y.exposed.tp).value());
    same("cp", x.exposed.cp.value(), y.exposed.cp.value());
    same("ep", x.exposed.ep.value(), y.exposed.ep.value());
    same("pp", x.exposed.pp.value(), y.exposed.pp.value());
    same("dp", x.exposed.dp.value(), y.exposed.dp.value());
    same("bubble", x.bubble.value(), y.bubble.value());
    same("optimizer", x.optimizer.value(), y.optimizer.value());
    // The reclassified vocabulary all-reduces only move time from compute to tp.
    CHECK(x.exposed.tp.value() >= y.exposed.tp.value() - tol);
    if (l.tp == 1) same("compute", x.compute.value(), y.compute.value());
    const double parts = (x.compute + x.exposed.total() + x.bubble + x.optimizer).value();
    same("parts", parts, x.step.value());
    CHECK(a.performance->mfu == Approx(b.performance->mfu).epsilon(1e-9));
    CHECK(a.performance->hfu == Approx(b.performance->hfu).epsilon(1e-9));
    CHECK(a.performance->tokens_per_s == Approx(b.performance->tokens_per_s).epsilon(1e-9));
}

// Every `stride`-th valid layout of the scenario's space (fixed columns respected).
std::vector<parallel::Layout> sample(const engine::Scenario& s, const engine::TrainEngine& e, size_t want) {
    parallel::FixedColumns f;
    f.tp = s.layout.tp;
    f.pp = s.layout.pp;
    f.dp = s.layout.dp;
    f.cp = s.layout.cp;
    f.ep = s.layout.ep;
    f.vpp = s.layout.vpp;
    f.micro_batch = s.layout.micro_batch;
    f.zero = s.layout.zero;
    f.sp = s.layout.sp;
    f.recompute = s.layout.recompute;
    parallel::SearchSpace space(s.model, s.train, e.placement(), e.hbm_capacity(), f, e.options().memory);
    std::vector<parallel::Candidate> c = space.collect();
    std::vector<parallel::Layout> out;
    const size_t stride = std::max<size_t>(1, c.size() / want);
    for (size_t i = 0; i < c.size() && out.size() < want; i += stride) out.push_back(c[i].layout);
    return out;
}

}  // namespace

TEST_CASE("graph engine: the DAG reproduces the closed form on every validation row", "[graph][engine]") {
    io::CsvTable table = validation::read_table("public-cases.csv");
    REQUIRE(table.error.empty());
    int rows = 0, compared = 0;
    for (const auto& row : table.rows) {
        io::RowView view(table.header, row, 0);
        if (view.cell("mode") != "train") continue;
        io::ScenarioParse parse = io::parse_scenario(view, context().catalog());
        REQUIRE(parse.scenario);
        const engine::Scenario& s = *parse.scenario;
        INFO("row " << view.cell("id"));
        Pair e = engines(s, engine::engine_options_for(context(), s));
        // The row's own layout (searched columns filled by the sample).
        for (const parallel::Layout& l : sample(s, *e.dag, 40)) compare(e, l, compared);
        ++rows;
    }
    CHECK(rows == 17);
    CHECK(compared > 60);  // rows with a full layout give one each
}

TEST_CASE("graph engine: the DAG reproduces the closed form over search spaces", "[graph][engine]") {
    const std::vector<Cells> cases{
        {{"mode", "train"}, {"system", "dgx-h100"}, {"chips", "1024"}, {"model", "gpt3-175b"}, {"seq_len", "2048"},
         {"global_batch", "1536"}},
        {{"mode", "train"}, {"system", "trn2.48xlarge"}, {"chips", "256"}, {"model", "llama3-70b"}, {"seq_len", "8192"},
         {"global_batch", "512"}},
        {{"mode", "train"}, {"system", "dgx-h100"}, {"chips", "128"}, {"model", "mixtral-8x7b"}, {"seq_len", "4096"},
         {"global_batch", "256"}},
    };
    int compared = 0;
    for (const Cells& cells : cases) {
        engine::Scenario s = scenario(cells);
        INFO(cells[3].second << " on " << s.chips << " " << s.system);
        engine::EngineOptions base = engine::engine_options_for(context(), s);
        Pair e = engines(s, base);
        std::vector<parallel::Layout> layouts = sample(s, *e.dag, 150);
        for (const auto& l : layouts) compare(e, l, compared);
        // The space rarely keeps selective recompute (full or none dominate); time it anyway.
        for (size_t i = 0; i < layouts.size(); i += 4) {
            parallel::Layout sel = layouts[i];
            sel.recompute = parallel::Recompute::selective;
            compare(e, sel, compared);
        }
        // Other software assumptions change which overlap the DAG must express.
        engine::EngineOptions other = base;
        other.tp_overlap = 0.6;
        other.overlap_dp = false;
        other.selective_means_materialized = false;
        other.detail = true;
        Pair f = engines(s, other);
        for (size_t i = 0; i < layouts.size(); i += 3) compare(f, layouts[i], compared);
    }
    CHECK(compared > 400);
    const Coverage& c = coverage;
    INFO("cp " << c.cp << " ep " << c.ep << " zero3 " << c.zero3 << " zero1/2 " << c.zero12 << " vpp " << c.vpp
               << " full " << c.full << " selective " << c.selective << " sp " << c.sp << " cp exposed "
               << c.cp_exposed << " ep exposed " << c.ep_exposed << " dp exposed " << c.dp_exposed);
    for (int n : {c.cp, c.ep, c.zero3, c.zero12, c.vpp, c.full, c.selective, c.sp, c.cp_exposed, c.ep_exposed,
                  c.dp_exposed})
        CHECK(n > 0);
}

TEST_CASE("graph engine: the expanded micro-batch DAG agrees with the composed unit paths", "[graph][engine]") {
    const std::vector<Cells> cases{
        {{"mode", "train"}, {"system", "dgx-h100"}, {"chips", "1024"}, {"model", "gpt3-175b"}, {"seq_len", "2048"},
         {"global_batch", "1536"}},
        {{"mode", "train"}, {"system", "dgx-h100"}, {"chips", "128"}, {"model", "mixtral-8x7b"}, {"seq_len", "4096"},
         {"global_batch", "256"}},
    };
    int checked = 0;
    for (const Cells& cells : cases) {
        engine::Scenario s = scenario(cells);
        Pair e = engines(s, engine::engine_options_for(context(), s));
        for (const parallel::Layout& l : sample(s, *e.dag, 40)) {
            INFO(text(l));
            engine::TrainOutcome o = e.dag->evaluate(l);
            if (!o.performance) continue;
            const auto& b = o.performance->breakdown;
            const double m = o.performance->micro_batches;
            graph::StepGraph g = e.dag->micro_batch_graph(l);
            graph::CriticalPath p = g.critical_path();
            const double tol = 1e-9 * b.step.value();
            CHECK(std::abs(p.of(graph::Kind::compute).value() * m - b.compute.value()) <= tol);
            CHECK(std::abs(p.of(graph::Kind::tp).value() * m - b.exposed.tp.value()) <= tol);
            CHECK(std::abs(p.of(graph::Kind::cp).value() * m - b.exposed.cp.value()) <= tol);
            CHECK(std::abs(p.of(graph::Kind::ep).value() * m - b.exposed.ep.value()) <= tol);
            CHECK(std::abs(p.of(graph::Kind::pp).value() * m - b.exposed.pp.value()) <= tol);
            const double step = p.total.value() * m + (b.bubble + b.exposed.dp + b.optimizer).value();
            CHECK(std::abs(step - b.step.value()) <= tol);
            CHECK(g.node_count() > 10);
            ++checked;
        }
    }
    CHECK(checked > 40);
}
