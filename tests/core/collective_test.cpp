#include <catch2/catch.hpp>

#include <future>
#include <thread>
#include <vector>

#include "collective_fixtures.h"
#include "kernels/collective.h"

using namespace rackplan;
using namespace rackplan::kernels;
using units::to_gbps;

namespace {

CollectiveRequest request(Collective op, int ranks, units::Bytes bytes, std::string algorithm = {}, bool isr = true) {
    CollectiveRequest r;
    r.op = op;
    r.group.ranks = ranks;
    r.bytes = bytes;
    r.algorithm = std::move(algorithm);
    r.allow_in_switch_reduction = isr;
    return r;
}

CollectiveResult must(const CollectiveEstimate& e) {
    for (const Issue& i : e.issues) INFO(i.path << ": " << i.message);
    REQUIRE(e.issues.empty());
    REQUIRE(e.result.has_value());
    return *e.result;
}

bool has_issue(const CollectiveEstimate& e, const std::string& path, const std::string& words = {}) {
    for (const Issue& i : e.issues)
        if (i.path == path && i.message.find(words) != std::string::npos) return true;
    return false;
}

const units::Bytes k8GiB = units::gibibytes(8);

}  // namespace

TEST_CASE("collective names round-trip in the CLI spelling", "[collective]") {
    for (Collective c : {Collective::all_reduce, Collective::all_gather, Collective::reduce_scatter,
                         Collective::all_to_all, Collective::send_recv, Collective::broadcast}) {
        REQUIRE(collective_from_string(to_string(c)).has_value());
        CHECK(*collective_from_string(to_string(c)) == c);
    }
    CHECK(to_string(Collective::all_reduce) == "allreduce");
    CHECK(to_string(Collective::reduce_scatter) == "reducescatter");
    CHECK(collective_from_string("all_reduce") == Collective::all_reduce);
    CHECK_FALSE(collective_from_string("allreduce2").has_value());
    CHECK(canonical_algorithm("mesh") == std::optional<std::string>("direct"));
    CHECK(canonical_algorithm("RDH") == std::optional<std::string>("rhd"));
    CHECK_FALSE(canonical_algorithm("butterfly").has_value());
}

TEST_CASE("busbw factors are nccl-tests'", "[collective]") {
    CHECK(bus_bandwidth_factor(Collective::all_reduce, 8) == Approx(1.75));
    CHECK(bus_bandwidth_factor(Collective::all_gather, 8) == Approx(0.875));
    CHECK(bus_bandwidth_factor(Collective::reduce_scatter, 4) == Approx(0.75));
    CHECK(bus_bandwidth_factor(Collective::all_to_all, 2) == Approx(0.5));
    CHECK(bus_bandwidth_factor(Collective::broadcast, 8) == Approx(1.0));
    CHECK(bus_bandwidth_factor(Collective::send_recv, 8) == Approx(1.0));
}

TEST_CASE("ring all-reduce on an NVSwitch node matches hand arithmetic", "[collective]") {
    const CollectiveModel m(fixtures::dgx_h100(), fixtures::h100(), 8);
    const units::Bytes s = units::gibibytes(1);
    const CollectiveResult r = must(m.estimate(request(Collective::all_reduce, 8, s, "ring", false)));
    CHECK(r.algorithm == "ring");
    // 2(n-1) steps of (1 us switch traversal + 0.8 us NVLink step overhead), plus 2(n-1)/n x S
    // over one GPU's 18 x 25 GB/s at NVLink 4's 370/450 efficiency.
    const double t = 14 * (1.0e-6 + 0.8e-6) + 1.75 * s.value() / (450e9 * 370.0 / 450.0);
    CHECK(r.time.value() == Approx(t).epsilon(1e-9));
    CHECK(r.algbw.value() == Approx(s.value() / t));
    CHECK(r.busbw.value() == Approx(1.75 * s.value() / t));
}

TEST_CASE("NVLS lifts 8-GPU all-reduce busbw to ~480 GB/s, ring stays ~370", "[collective]") {
    const CollectiveModel m(fixtures::dgx_h100(), fixtures::h100(), 8);
    const CollectiveResult dflt = must(m.estimate(request(Collective::all_reduce, 8, k8GiB)));
    CHECK(dflt.algorithm == "nvls");
    CHECK(to_gbps(dflt.busbw) == Approx(480.0).epsilon(0.01));
    const CollectiveResult ring = must(m.estimate(request(Collective::all_reduce, 8, k8GiB, "", false)));
    CHECK(ring.algorithm == "ring");
    CHECK(to_gbps(ring.busbw) == Approx(370.0).epsilon(0.01));
}

TEST_CASE("NVLS is not used for groups of 4 or fewer GPUs", "[collective]") {
    const CollectiveModel m(fixtures::dgx_h100(), fixtures::h100(), 8);
    CHECK(must(m.estimate(request(Collective::all_reduce, 4, k8GiB))).algorithm == "ring");
    CHECK(must(m.estimate(request(Collective::all_reduce, 5, k8GiB))).algorithm == "nvls");
    CHECK(has_issue(m.estimate(request(Collective::all_reduce, 4, k8GiB, "nvls")), "algorithm", "4 or fewer"));
    // A system without in-switch reduction cannot be forced into it.
    const CollectiveModel trn(fixtures::trn2(), fixtures::trainium2(), 16);
    CHECK(has_issue(trn.estimate(request(Collective::all_reduce, 16, k8GiB, "nvls")), "algorithm", "in-switch"));
}

TEST_CASE("rings along both torus dimensions use all four links of a Trn2 chip", "[collective]") {
    const CollectiveModel m(fixtures::trn2(), fixtures::trainium2(), 16);
    const CollectiveResult r = must(m.estimate(request(Collective::all_reduce, 16, k8GiB)));
    CHECK(r.algorithm == "ring");
    // NeuronLink sustains 0.62 of the catalog's per-link rate (collective_params.cpp).
    CHECK(to_gbps(r.busbw) == Approx(4 * 128.0 * 0.62).epsilon(0.01));
    // A row of 4 chips is one bidirectional ring: 2 links.
    const CollectiveResult row = must(m.estimate(request(Collective::all_reduce, 4, k8GiB, "ring")));
    CHECK(to_gbps(row.busbw) == Approx(2 * 128.0 * 0.62).epsilon(0.01));
}

TEST_CASE("Neuron ranks per NeuronCore add on-chip steps to a group of whole chips", "[collective]") {
    const CollectiveModel m(fixtures::trn2(), fixtures::trainium2(), 16);
    const units::Bytes small = units::kibibytes(8);
    const CollectiveResult chips = must(m.estimate(request(Collective::all_reduce, 16, small)));
    CollectiveRequest cores = request(Collective::all_reduce, 16, small);
    cores.group.ranks_per_chip = 4;
    const CollectiveResult per_core = must(m.estimate(cores));
    // Reduce-scatter and all-gather among 4 ranks on each chip: 2 x 3 steps of 1.4 us.
    CHECK((per_core.time - chips.time).value() == Approx(6 * 1.4e-6).epsilon(1e-6));
    CHECK(per_core.detail.find("on-chip") != std::string::npos);
    CollectiveRequest gather = request(Collective::all_gather, 16, small);
    gather.group.ranks_per_chip = 4;
    CHECK((must(m.estimate(gather)).time - must(m.estimate(request(Collective::all_gather, 16, small))).time).value() ==
          Approx(3 * 1.4e-6).epsilon(1e-6));
    // One chip's 4 logical cores: the on-chip ring alone, the 8.4 us floor of the published
    // Trn2 table at 8 KB and its ~80 GB/s algbw plateau at 64 MB.
    CollectiveRequest one = request(Collective::all_reduce, 1, small);
    one.group.ranks_per_chip = 4;
    CHECK(must(m.estimate(one)).time.value() == Approx(8.4e-6).epsilon(0.02));
    one.bytes = units::mebibytes(64);
    CHECK(to_gbps(must(m.estimate(one)).algbw) == Approx(80.0).epsilon(0.02));
    // At large sizes the links between chips dominate.
    cores.bytes = k8GiB;
    CHECK(must(m.estimate(cores)).time.value() ==
          Approx(must(m.estimate(request(Collective::all_reduce, 16, k8GiB))).time.value()).epsilon(1e-3));
    // Without several ranks per chip a one-chip group stays an error; a bad count is named.
    CHECK(has_issue(m.estimate(request(Collective::all_reduce, 1, small)), "group.ranks"));
    one.group.ranks_per_chip = 0;
    CHECK(has_issue(m.estimate(one), "group.ranks_per_chip"));
    // GPUs run one rank per chip: no on-chip stage whatever the request says.
    const CollectiveModel h(fixtures::dgx_h100(), fixtures::h100(), 8);
    CollectiveRequest gpu = request(Collective::all_reduce, 8, small);
    gpu.group.ranks_per_chip = 4;
    CHECK(must(h.estimate(gpu)).time.value() ==
          Approx(must(h.estimate(request(Collective::all_reduce, 8, small))).time.value()));
}

TEST_CASE("edge-disjoint rings use the links of a full mesh", "[collective]") {
    const CollectiveModel m(fixtures::mi300x(), fixtures::mi300x_chip(), 8);
    const CollectiveResult r = must(m.estimate(request(Collective::all_reduce, 8, k8GiB, "ring")));
    // K8 holds 3 edge-disjoint Hamiltonian cycles, each run both ways: 6 of 7 links.
    CHECK(to_gbps(r.busbw) == Approx(6 * 64.0 * 0.80).epsilon(0.01));
}

TEST_CASE("the chosen algorithm flips from latency-optimal at small sizes to ring at large", "[collective]") {
    const CollectiveModel trn(fixtures::trn2(), fixtures::trainium2(), 16);
    const CollectiveResult small = must(trn.estimate(request(Collective::all_reduce, 16, units::Bytes(1024))));
    const CollectiveResult large = must(trn.estimate(request(Collective::all_reduce, 16, k8GiB)));
    CHECK(small.algorithm != "ring");
    CHECK(large.algorithm == "ring");
    const CollectiveResult ring_small =
        must(trn.estimate(request(Collective::all_reduce, 16, units::Bytes(1024), "ring")));
    CHECK(small.time < ring_small.time);

    // NCCL across 16 DGX nodes without NVLS: double binary tree at small sizes, ring at large.
    const CollectiveModel dgx(fixtures::dgx_h100(), fixtures::h100(), 128);
    CollectiveRequest q = request(Collective::all_reduce, 128, units::Bytes(1024), "", false);
    const CollectiveResult tiny = must(dgx.estimate(q));
    q.bytes = k8GiB;
    const CollectiveResult huge = must(dgx.estimate(q));
    CHECK(tiny.algorithm == "tree");
    CHECK(huge.algorithm == "ring");
    const CollectiveResult tree_huge = must(dgx.estimate(request(Collective::all_reduce, 128, k8GiB, "tree", false)));
    CHECK(huge.time < tree_huge.time);
}

TEST_CASE("crossing nodes is slower than staying inside one", "[collective]") {
    const CollectiveModel m(fixtures::dgx_h100(), fixtures::h100(), 64);
    const units::Bytes s = units::gibibytes(1);
    const CollectiveResult one = must(m.estimate(request(Collective::all_reduce, 8, s)));
    const CollectiveResult two = must(m.estimate(request(Collective::all_reduce, 16, s)));
    CHECK(two.time > one.time);
    const CollectiveResult one_ring = must(m.estimate(request(Collective::all_reduce, 8, s, "", false)));
    const CollectiveResult two_ring = must(m.estimate(request(Collective::all_reduce, 16, s, "", false)));
    CHECK(two_ring.busbw < one_ring.busbw);
    CHECK(two_ring.time > one_ring.time);
    // The network leg is bounded by 8 x 400G NICs per node.
    CHECK(to_gbps(two_ring.busbw) < 8 * 50.0);
    const CollectiveResult hier = must(m.estimate(request(Collective::all_reduce, 16, s, "hierarchical")));
    CHECK(hier.algorithm == "hierarchical");
    CHECK(hier.detail.find("reduce-scatter") != std::string::npos);
    CHECK(hier.time > one.time);
    // NCCL's NVLSTree: NVLS inside each node, tree across nodes.
    const CollectiveResult nt = must(m.estimate(request(Collective::all_reduce, 16, s, "nvls_tree")));
    CHECK(nt.algorithm == "nvls_tree");
    CHECK(nt.time > one.time);
    CHECK(nt.time < hier.time);  // pipelined, and NVLS inside the node

    // A DP group with one rank per node crosses the network on every hop.
    CollectiveRequest dp = request(Collective::all_reduce, 8, s);
    dp.group.ranks_per_node = 1;
    const CollectiveResult spread = must(m.estimate(dp));
    CHECK(to_gbps(spread.busbw) < 50.0);
    CHECK(m.group_tier(dp.group) == topology::Tier::scale_out);
    CHECK(m.group_tier(Group{8}) == topology::Tier::scale_up);
}

TEST_CASE("an oversubscribed fat-tree shows up as contention", "[collective]") {
    CollectiveOptions thin;
    thin.fabric.kind = hw::FabricKind::fat_tree;
    thin.fabric.leaf_ports = 16;
    thin.fabric.oversubscription = 4.0;
    CollectiveOptions full = thin;
    full.fabric.oversubscription = 1.0;
    const CollectiveModel a(fixtures::dgx_h100(), fixtures::h100(), 64, thin);
    const CollectiveModel b(fixtures::dgx_h100(), fixtures::h100(), 64, full);
    const auto q = request(Collective::all_to_all, 64, units::gibibytes(1));
    const CollectiveResult slow = must(a.estimate(q));
    const CollectiveResult fast = must(b.estimate(q));
    CHECK(slow.algorithm == "direct");
    CHECK(slow.time.value() > 1.5 * fast.time.value());
}

TEST_CASE("other collectives on one NVSwitch node run at the GPU's link rate", "[collective]") {
    const CollectiveModel m(fixtures::dgx_h100(), fixtures::h100(), 8);
    const double link = 450.0 * 370.0 / 450.0;
    CHECK(to_gbps(must(m.estimate(request(Collective::all_gather, 8, k8GiB, "ring"))).busbw) ==
          Approx(link).epsilon(0.01));
    CHECK(to_gbps(must(m.estimate(request(Collective::reduce_scatter, 8, k8GiB, "ring"))).busbw) ==
          Approx(link).epsilon(0.01));
    CHECK(to_gbps(must(m.estimate(request(Collective::all_to_all, 8, k8GiB))).busbw) == Approx(link).epsilon(0.01));
    CHECK(to_gbps(must(m.estimate(request(Collective::send_recv, 8, k8GiB))).busbw) == Approx(link).epsilon(0.01));
    CHECK(to_gbps(must(m.estimate(request(Collective::broadcast, 8, k8GiB, "ring"))).busbw) ==
          Approx(link).epsilon(0.01));
    CHECK(must(m.estimate(request(Collective::all_to_all, 8, k8GiB))).algorithm == "direct");
}

TEST_CASE("bad inputs come back as issues naming the argument", "[collective]") {
    const CollectiveModel m(fixtures::dgx_h100(), fixtures::h100(), 16);
    CHECK(has_issue(m.estimate(request(Collective::all_reduce, 0, k8GiB)), "group.ranks"));
    CHECK(has_issue(m.estimate(request(Collective::all_reduce, 1, k8GiB)), "group.ranks", "at least 2"));
    CHECK(has_issue(m.estimate(request(Collective::all_reduce, 17, k8GiB)), "group.ranks", "do not fit"));
    CHECK(has_issue(m.estimate(request(Collective::all_reduce, 8, units::Bytes(0))), "bytes"));
    CHECK(has_issue(m.estimate(request(Collective::all_reduce, 8, units::Bytes(-5))), "bytes"));
    CHECK(has_issue(m.estimate(request(Collective::all_reduce, 8, k8GiB, "butterfly")), "algorithm", "unknown"));
    CHECK(has_issue(m.estimate(request(Collective::all_reduce, 6, k8GiB, "rhd")), "algorithm", "power-of-two"));
    CHECK(has_issue(m.estimate(request(Collective::all_gather, 8, k8GiB, "tree")), "algorithm", "tree"));
    CHECK(has_issue(m.estimate(request(Collective::all_reduce, 8, k8GiB, "hierarchical")), "algorithm", "domains"));
    CollectiveRequest wide = request(Collective::all_reduce, 8, k8GiB);
    wide.group.ranks_per_node = 9;
    CHECK(has_issue(m.estimate(wide), "group.ranks_per_node"));
    CollectiveRequest spread = request(Collective::all_reduce, 4, k8GiB);
    spread.group.ranks_per_node = 1;  // needs 4 nodes, the cluster has 2
    CHECK(has_issue(m.estimate(spread), "group"));
    for (const auto& e : {m.estimate(request(Collective::all_reduce, 0, k8GiB)),
                          m.estimate(request(Collective::all_reduce, 8, units::Bytes(0)))})
        CHECK_FALSE(e.result.has_value());

    const CollectiveModel none(fixtures::dgx_h100(), fixtures::h100(), 0);
    CHECK(has_issue(none.estimate(request(Collective::all_reduce, 2, k8GiB)), "cluster_chips"));
    hw::SystemSpec broken = fixtures::trn2();
    broken.scale_up.dims = {3, 3};
    const CollectiveModel bad(broken, fixtures::trainium2(), 16);
    CHECK(has_issue(bad.estimate(request(Collective::all_reduce, 2, k8GiB)), "system.scale_up.dims"));
    CollectiveOptions o;
    o.params[0] = LinkParams{};
    o.params[0]->efficiency = 1.5;
    const CollectiveModel odd(fixtures::dgx_h100(), fixtures::h100(), 8, o);
    CHECK(has_issue(odd.estimate(request(Collective::all_reduce, 2, k8GiB)), "params.scale-up.efficiency"));
}

TEST_CASE("estimates are the same from several threads at once", "[collective]") {
    const CollectiveModel m(fixtures::dgx_h100(), fixtures::h100(), 64);
    std::vector<CollectiveRequest> qs;
    for (int n : {2, 4, 8, 16, 32, 64})
        for (double b : {1e3, 1e6, 1e9})
            for (Collective op : {Collective::all_reduce, Collective::all_gather, Collective::all_to_all})
                qs.push_back(request(op, n, units::Bytes(b)));
    std::vector<double> serial;
    {
        const CollectiveModel fresh(fixtures::dgx_h100(), fixtures::h100(), 64);
        for (const auto& q : qs) serial.push_back(must(fresh.estimate(q)).time.value());
    }
    std::vector<std::future<std::vector<double>>> runs;
    for (int t = 0; t < 4; ++t)
        runs.push_back(std::async(std::launch::async, [&m, &qs, t] {
            std::vector<double> out(qs.size());
            for (std::size_t k = 0; k < qs.size(); ++k) {
                const std::size_t i = (k + static_cast<std::size_t>(t) * 7) % qs.size();
                const CollectiveEstimate e = m.estimate(qs[i]);
                out[i] = e.result ? e.result->time.value() : -1.0;
            }
            return out;
        }));
    for (auto& r : runs) {
        const std::vector<double> got = r.get();
        for (std::size_t i = 0; i < got.size(); ++i) CHECK(got[i] == serial[i]);
    }
}
