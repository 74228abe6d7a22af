// core/graph: construction, critical path by hand arithmetic, overlap, bad graphs.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "graph/gradient_sync.h"
#include "graph/step_graph.h"
#include "graph/unit_graph.h"

using namespace rackplan;
using graph::Kind;
using units::Seconds;

namespace {

Seconds us(double v) { return Seconds(v * 1e-6); }
double in_us(Seconds s) { return s.value() * 1e6; }

// norm 10, qkv 40, [tp all-reduce 25 after], attention 60, o_proj 20: a toy half block.
graph::Unit toy_block() {
    graph::Unit u;
    u.items.push_back({"norm", Kind::compute, us(10), us(20), false, false});
    u.items.push_back({"qkv", Kind::compute, us(40), us(80), false, false});
    u.items.push_back({"attention", Kind::compute, us(60), us(150), false, true});
    u.items.push_back({"o_proj", Kind::compute, us(20), us(40), false, false});
    u.items.push_back({"tp_g", Kind::tp, us(25), Seconds(0.0), false, false});
    return u;
}

}  // namespace

TEST_CASE("graph: a chain on one stream is the sum, streams overlap unless ordered", "[graph]") {
    graph::StepGraph g;
    auto a = g.add("a", Kind::compute, us(3));
    auto b = g.add("b", Kind::compute, us(4));  // after a by stream order
    auto c = g.add("c", Kind::dp, us(5));       // its own stream: starts at 0
    CHECK(g.node_count() == 3);
    CHECK(g.edge_count() == 1);
    auto p = g.critical_path();
    CHECK(in_us(p.total) == Approx(7));
    CHECK(in_us(p.of(Kind::compute)) == Approx(7));
    CHECK(p.of(Kind::dp).value() == 0);  // 5 µs hidden beside 7 µs of compute
    CHECK(p.path == std::vector<graph::NodeId>{a, b});

    g.depend(c, b);  // now the reduction waits for b: exposed in full after it
    p = g.critical_path();
    CHECK(in_us(p.total) == Approx(12));
    CHECK(in_us(p.of(Kind::dp)) == Approx(5));
    CHECK(p.path == std::vector<graph::NodeId>{a, b, c});
}

TEST_CASE("graph: a collective partly hidden exposes only its tail", "[graph]") {
    // compute 10 → {compute 6 ∥ dp 9} → compute 2 waiting for both: 3 µs of dp exposed.
    graph::StepGraph g;
    auto x = g.add("x", Kind::compute, us(10));
    auto y = g.add("y", Kind::compute, us(6));
    auto r = g.add("reduce", Kind::dp, us(9));
    g.depend(r, x);
    auto z = g.add("z", Kind::compute, us(2));
    g.depend(z, r);
    auto p = g.critical_path();
    CHECK(in_us(p.total) == Approx(21));
    CHECK(in_us(p.of(Kind::compute)) == Approx(18));
    CHECK(in_us(p.of(Kind::dp)) == Approx(3));
    CHECK(p.path == std::vector<graph::NodeId>{x, r, z});
    (void)y;
    // Exactly as long as the compute beside it: a tie is charged to compute, nothing exposed.
    graph::StepGraph t;
    auto t0 = t.add("x", Kind::compute, us(10));
    t.add("y", Kind::compute, us(6));
    auto tr = t.add("reduce", Kind::dp, us(6));
    t.depend(tr, t0);
    auto tz = t.add("z", Kind::compute, us(2));
    t.depend(tz, tr);
    auto tp = t.critical_path();
    CHECK(in_us(tp.total) == Approx(18));
    CHECK(tp.of(Kind::dp).value() == 0);
}

TEST_CASE("graph: a unit DAG has its nodes, edges and critical path by hand", "[graph]") {
    graph::Unit u = toy_block();
    u.cp_forward = us(70);   // 10 longer than the attention forward: exposed
    u.cp_backward = us(100); // shorter than its backward (150): hidden
    graph::StepGraph g = graph::unit_graph(u);
    // Forward 5 nodes + CP exchange, backward 4 (tp_g has no backward) + CP exchange.
    CHECK(g.node_count() == 11);
    // Stream order: compute 8 nodes → 7 edges, cp 2 → 1. Data: forward qkv←norm, {attn, cp}←qkv,
    // o_proj←{attn, cp}, tp_g←o_proj; backward o_proj←tp_g, {attn, cp}←o_proj, qkv←{attn, cp},
    // norm←qkv: 1 + 2 + 2 + 1 + 1 + 2 + 2 + 1 = 12.
    CHECK(g.edge_count() == 7 + 1 + 12);
    auto p = g.critical_path();
    const double compute = 10 + 40 + 60 + 20 + 40 + 150 + 80 + 20;
    CHECK(in_us(p.of(Kind::compute)) == Approx(compute));
    CHECK(in_us(p.of(Kind::tp)) == Approx(25));
    CHECK(in_us(p.of(Kind::cp)) == Approx(10));
    CHECK(in_us(p.total) == Approx(compute + 25 + 10));
}

TEST_CASE("graph: full recompute repeats the forward and its collectives, selective only what is marked",
          "[graph]") {
    graph::Unit u = toy_block();
    for (auto& item : u.items) item.recomputed = true;
    auto full = graph::unit_graph(u).critical_path();
    CHECK(in_us(full.of(Kind::compute)) == Approx(130 + 130 + 290));
    CHECK(in_us(full.of(Kind::tp)) == Approx(50));
    graph::Unit s = toy_block();
    s.items[2].recomputed = true;  // selective: the attention alone
    auto sel = graph::unit_graph(s).critical_path();
    CHECK(in_us(sel.of(Kind::compute)) == Approx(130 + 60 + 290));
    CHECK(in_us(sel.of(Kind::tp)) == Approx(25));
}

TEST_CASE("graph: appended units compose as a sum, and a scaled unit scales its path", "[graph]") {
    graph::Unit u = toy_block();
    u.cp_forward = us(70);
    const auto one = graph::unit_graph(u).critical_path();
    graph::StepGraph g;
    std::optional<graph::NodeId> last;
    last = graph::append_unit(g, u, last);
    last = graph::append_unit(g, u, last);
    last = graph::append_unit(g, u, last, 0.5);
    auto p = g.critical_path();
    CHECK(p.total.value() == Approx(2.5 * one.total.value()));
    for (Kind k : {Kind::compute, Kind::tp, Kind::cp})
        CHECK(p.of(k).value() == Approx(2.5 * one.of(k).value()));
}

TEST_CASE("graph: gradient sync exposes what does not fit under its windows", "[graph]") {
    graph::GradientSync s;
    s.zero = 1;
    s.backward_window = us(100);
    s.forward_window = us(40);
    s.reduce_scatter = us(130);  // 30 exposed
    s.all_gather = us(30);       // hidden under the next forward
    s.optimizer = us(8);
    auto c = graph::gradient_sync_cost(s);
    CHECK(in_us(c.dp) == Approx(30));
    CHECK(in_us(c.optimizer) == Approx(8));
    s.overlap = false;
    c = graph::gradient_sync_cost(s);
    CHECK(in_us(c.dp) == Approx(160));

    graph::GradientSync z3;
    z3.zero = 3;
    z3.forward_window = us(40);
    z3.backward_window = us(100);
    z3.all_gather = us(50);      // 10 exposed before the backward
    z3.reduce_scatter = us(70);  // gather 50 + 70 beside 100 of backward: 20 exposed
    CHECK(in_us(graph::gradient_sync_cost(z3).dp) == Approx(30));
    z3.overlap = false;
    CHECK(in_us(graph::gradient_sync_cost(z3).dp) == Approx(170));

    graph::GradientSync z0;
    z0.backward_window = us(100);
    z0.all_reduce = us(90);
    CHECK(graph::gradient_sync_cost(z0).dp.value() == 0);
    CHECK(graph::gradient_sync_graph(z0).node_count() == 3);
}

TEST_CASE("graph: a cycle, an unknown node or a bad duration is a programming error", "[graph]") {
    graph::StepGraph g;
    auto a = g.add("a", Kind::tp, us(1));
    auto b = g.add("b", Kind::dp, us(1));
    g.depend(b, a);
    g.depend(a, b);
    CHECK_THROWS_AS(g.critical_path(), std::logic_error);
    CHECK_THROWS_AS(g.depend(a, 7), std::logic_error);
    CHECK_THROWS_AS(g.add("nan", Kind::compute, Seconds(std::nan(""))), std::logic_error);
    CHECK_THROWS_AS(g.add("negative", Kind::compute, us(-1)), std::logic_error);
    CHECK(graph::StepGraph{}.critical_path().total.value() == 0);
}
