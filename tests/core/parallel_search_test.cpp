#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <utility>

#include "parallel/search_space.h"

using namespace rackplan::parallel;
using rackplan::units::Bytes;
using rackplan::units::gibibytes;
using rackplan::workload::FfnActivation;
using rackplan::workload::FineTune;
using rackplan::workload::Model;
using rackplan::workload::TrainJob;

namespace {

Model gpt3() {
    Model m;
    m.layers = 96; m.hidden = 12288; m.heads = 96; m.kv_heads = 96; m.head_dim = 128;
    m.ffn = 4 * 12288; m.vocab = 50257; m.tied_embeddings = true;
    return m;
}

Model small_moe() {
    Model m;
    m.layers = 12; m.hidden = 2048; m.heads = 16; m.kv_heads = 4; m.head_dim = 128;
    m.ffn = 8192; m.ffn_act = FfnActivation::swiglu; m.vocab = 50000;
    m.experts = 16; m.experts_per_token = 2; m.expert_ffn = 1408; m.shared_experts = 2; m.dense_layers = 2;
    return m;
}

std::vector<int> divisors(int n) {
    std::vector<int> d;
    for (int i = 1; i <= n; ++i)
        if (n % i == 0) d.push_back(i);
    return d;
}

// The space as search_space.h defines it, walked naively: every point checked in full.
std::vector<Layout> brute_force(const Model& m, const TrainJob& j, const Placement& p, Bytes capacity,
                                const MemoryOptions& o = {}) {
    const MemoryModel mm(m, j, o);
    const std::vector<int> chips = divisors(p.chips), layers = divisors(m.layers), batch = divisors(j.global_batch);
    const std::vector<int> experts = m.is_moe() ? divisors(m.experts) : std::vector<int>{1};
    std::vector<Layout> out;
    for (int tp : chips)
        for (int pp : chips)
            for (int cp : chips)
                for (int ep : experts)
                    for (int zero = 0; zero <= 3; ++zero)
                        for (int vpp : layers)
                            for (bool sp : {false, true})
                                for (Recompute r : {Recompute::none, Recompute::selective, Recompute::full})
                                    for (int mb : batch) {
                                        // dp is wrong (chips_product then fires) when tp·pp·cp does not divide chips.
                                        const std::int64_t dp = p.chips / (std::int64_t{tp} * pp * cp);
                                        Layout l;
                                        l.tp = tp; l.pp = pp; l.dp = static_cast<int>(std::max<std::int64_t>(dp, 1));
                                        l.cp = cp; l.ep = ep;
                                        l.vpp = vpp; l.sp = sp; l.zero = static_cast<std::int8_t>(zero);
                                        l.recompute = r; l.micro_batch = mb;
                                        if (violations(m, j, l, p) != 0) continue;
                                        if (zero > 0 && l.dp * cp == 1) continue;  // equivalent to zero 0
                                        if (r == Recompute::selective && o.attention == AttentionActivations::flash)
                                            continue;  // equivalent to none
                                        if (mm.peak(l).total() > capacity) continue;
                                        out.push_back(l);
                                    }
    return out;
}

void print_counts(const char* title, const SpaceCounts& c) {
    std::printf("%s: space %llu, divisible %llu, valid %llu (memory bound cut %llu, over memory %llu, "
                "equivalent %llu)\n",
                title, static_cast<unsigned long long>(c.space), static_cast<unsigned long long>(c.divisible()),
                static_cast<unsigned long long>(c.valid), static_cast<unsigned long long>(c.memory_bound),
                static_cast<unsigned long long>(c.memory), static_cast<unsigned long long>(c.equivalent));
    for (int i = 0; i < kRuleCount; ++i)
        if (c.by_rule[i])
            std::printf("  cut by %s: %llu\n", std::string(rule_name(static_cast<Rule>(i))).c_str(),
                        static_cast<unsigned long long>(c.by_rule[i]));
}

}  // namespace

TEST_CASE("GPT-3 175B on 4,096 H100 (dgx-h100): the layout space and its valid layouts", "[parallel][search]") {
    const Model m = gpt3();
    TrainJob j;
    j.seq_len = 2048;
    j.global_batch = 2048;
    const Placement p{4096, 8, 8, false};  // dgx-h100: 8 GPUs per node and NVLink domain
    const Bytes hbm = gibibytes(80);
    const SearchSpace space(m, j, p, hbm);

    SpaceCounts c;
    const std::vector<Candidate> valid = space.collect(&c);
    print_counts("GPT-3 175B, 4096 chips, gbs 2048, seq 2048", c);
    std::map<std::pair<int, int>, int> by_split;
    for (const Candidate& x : valid) ++by_split[{x.layout.tp, x.layout.pp}];
    std::printf("  valid layouts by (tp, pp):");
    for (const auto& [k, n] : by_split) std::printf(" (%d,%d):%d", k.first, k.second, n);
    std::printf("\n");

    // 13 divisors of 4096 for tp, pp, cp; 4 zero; 12 divisors of 96 for vpp; 2 sp; 3 recompute;
    // 12 divisors of 2048 for micro_batch: 13³·4·12·2·3·12 = 7,592,832.
    CHECK(c.space == 7'592'832);
    CHECK(space.size() == c.space);
    CHECK(c.space == c.valid + c.pruned());
    CHECK(valid.size() == c.valid);
    REQUIRE(c.valid > 1000);
    CHECK(c.memory_bound > 0);  // the bound does cut

    // Every visited layout is sound, fits, and appears once.
    for (const Candidate& x : valid) {
        REQUIRE(check_layout(m, j, x.layout, p).empty());
        REQUIRE(x.memory <= hbm);
        REQUIRE(x.layout.tp <= 8);
    }
    // The pruned walk finds exactly what a naive walk of the same space finds, in the same order.
    const std::vector<Layout> naive = brute_force(m, j, p, hbm);
    REQUIRE(naive.size() == valid.size());
    bool same = true;
    for (std::size_t i = 0; i < naive.size(); ++i) same = same && naive[i] == valid[i].layout;
    CHECK(same);
}

TEST_CASE("MoE with leading dense blocks and shared experts: pruned walk equals the naive one", "[parallel][search]") {
    const Model m = small_moe();
    TrainJob j;
    j.seq_len = 4096;
    j.global_batch = 64;
    const Placement p{64, 8, 8, false};
    for (FineTune ft : {FineTune::full, FineTune::lora}) {
        j.fine_tune = ft;
        for (AttentionActivations a : {AttentionActivations::flash, AttentionActivations::materialized}) {
            MemoryOptions o;
            o.attention = a;
            // A capacity where memory decides: some layouts fit, some do not.
            const Bytes hbm = gibibytes(ft == FineTune::full ? 6 : 4);
            const SearchSpace space(m, j, p, hbm, {}, o);
            SpaceCounts c;
            const auto valid = space.collect(&c);
            const auto naive = brute_force(m, j, p, hbm, o);
            INFO("fine_tune " << to_string(ft) << ", materialized " << (a == AttentionActivations::materialized));
            CHECK(c.space == c.valid + c.pruned());
            CHECK(c.memory + c.memory_bound > 0);
            REQUIRE(valid.size() == naive.size());
            REQUIRE(!valid.empty());
            for (std::size_t i = 0; i < valid.size(); ++i) REQUIRE(valid[i].layout == naive[i]);
        }
    }
}

TEST_CASE("fixed columns are honoured, and never pruned as equivalent", "[parallel][search]") {
    const Model m = gpt3();
    TrainJob j;
    j.seq_len = 2048;
    j.global_batch = 2048;
    const Placement p{1024, 8, 8, false};
    FixedColumns f;
    f.tp = 8;
    f.recompute = Recompute::selective;
    f.zero = 1;
    f.dp = 16;
    const SearchSpace space(m, j, p, gibibytes(80), f);
    SpaceCounts c;
    const auto valid = space.collect(&c);
    // tp, zero, recompute fixed; dp fixed too, so the space is pp, cp over 11 divisors of 1024,
    // vpp 12, sp 2, micro_batch 12.
    CHECK(c.space == 11ULL * 11 * 12 * 2 * 12);
    REQUIRE_FALSE(valid.empty());
    for (const Candidate& x : valid) {
        CHECK(x.layout.tp == 8);
        CHECK(x.layout.dp == 16);
        CHECK(x.layout.zero == 1);
        CHECK(x.layout.recompute == Recompute::selective);
        CHECK(x.layout.chips() == 1024);
    }

    // A fixed value that breaks a rule empties the space and says which rule.
    FixedColumns bad;
    bad.tp = 5;
    SpaceCounts cb;
    CHECK(SearchSpace(m, j, p, gibibytes(80), bad).collect(&cb).empty());
    CHECK(cb.by_rule[static_cast<int>(Rule::tp_heads)] == cb.space);
}

TEST_CASE("the walk is deterministic", "[parallel][search]") {
    TrainJob j;
    j.seq_len = 4096;
    j.global_batch = 64;
    const SearchSpace space(small_moe(), j, Placement{64, 8, 8, false}, gibibytes(40));
    const auto a = space.collect();
    const auto b = space.collect();
    REQUIRE(a.size() == b.size());
    CHECK(std::equal(a.begin(), a.end(), b.begin(),
                     [](const Candidate& x, const Candidate& y) { return x.layout == y.layout && x.memory == y.memory; }));
}
