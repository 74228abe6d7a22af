// Collective algorithms as transfer schedules on the topology graph.
#include "kernels/collective_schedule.h"
#include "kernels/collective_schedule_parts.h"

#include <algorithm>
#include <functional>
#include <map>
#include <numeric>

namespace rackplan::kernels::detail {

std::string_view name(Algorithm a) {
    switch (a) {
        case Algorithm::ring:
            return "ring";
        case Algorithm::tree:
            return "tree";
        case Algorithm::rhd:
            return "rhd";
        case Algorithm::direct:
            return "direct";
        case Algorithm::nvls:
            return "nvls";
        case Algorithm::hierarchical:
            return "hierarchical";
        case Algorithm::nvls_tree:
            return "nvls_tree";
    }
    return "ring";
}

std::optional<Algorithm> algorithm_from(std::string_view canonical) {
    for (Algorithm a : {Algorithm::ring, Algorithm::tree, Algorithm::rhd, Algorithm::direct, Algorithm::nvls,
                        Algorithm::hierarchical, Algorithm::nvls_tree})
        if (name(a) == canonical) return a;
    return std::nullopt;
}

// Helpers every algorithm uses (declared in collective_schedule_parts.h).

void add(Phase& p, int src, int dst, double bytes) {
    if (bytes > 0.0 && src != dst) p.transfers.push_back({src, dst, units::Bytes(bytes)});
}

std::string ranks_text(std::size_t n) { return std::to_string(n) + " ranks"; }

// Members grouped by node, in order of first appearance.
std::vector<std::vector<int>> by_node(const Members& g, const topology::Topology& t) {
    std::vector<std::vector<int>> nodes;
    std::map<int, std::size_t> index;
    for (int c : g) {
        const int node = t.vertex(c).node;
        auto [it, fresh] = index.emplace(node, nodes.size());
        if (fresh) nodes.emplace_back();
        nodes[it->second].push_back(c);
    }
    return nodes;
}

// Boustrophedon order over torus coordinates (slowest dimension first; a dimension runs
// backwards when the value chosen in the next slower one is odd), so consecutive chips are
// neighbours and a full snake closes through the wraparound.
std::vector<int> snake_order(std::vector<int> chips, const topology::Topology& t) {
    const auto& dims = t.domain_dims();
    if (dims.empty()) return chips;
    auto key = [&](int chip) {
        const std::vector<int> c = t.coordinates(chip);
        std::vector<int> k;
        k.push_back(t.vertex(chip).domain);
        bool flip = false;
        for (std::size_t d = dims.size(); d-- > 0;) {
            const int v = flip ? dims[d] - 1 - c[d] : c[d];
            k.push_back(v);
            flip = (v % 2) == 1;
        }
        return k;
    };
    std::vector<std::pair<std::vector<int>, int>> keyed;
    for (int c : chips) keyed.emplace_back(key(c), c);
    std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t i = 0; i < chips.size(); ++i) chips[i] = keyed[i].second;
    return chips;
}

// A reduce-scatter's phases followed by the all-gather that retraces them: the all-gather
// moves the same bytes over the same pairs, so its phases refer to the reduce-scatter's.
Schedule with_mirror(Schedule rs, Collective op) {
    if (op == Collective::reduce_scatter) return rs;
    if (op == Collective::all_gather) return Schedule(rs.rbegin(), rs.rend());
    const int n = static_cast<int>(rs.size());
    for (int i = n; i-- > 0;) {
        Phase ag;
        ag.steps = rs[static_cast<std::size_t>(i)].steps;
        ag.in_switch = rs[static_cast<std::size_t>(i)].in_switch;
        ag.legs = rs[static_cast<std::size_t>(i)].legs;
        ag.same_as = i;
        rs.push_back(std::move(ag));
    }
    return rs;
}

namespace {

// --- double binary tree --------------------------------------------------------------------

void inorder(int lo, int hi, int parent, int depth, std::vector<int>& par, int& max_depth) {
    if (lo >= hi) return;
    const int mid = (lo + hi) / 2;
    par[static_cast<std::size_t>(mid)] = parent;
    max_depth = std::max(max_depth, depth);
    inorder(lo, mid, mid, depth + 1, par, max_depth);
    inorder(mid + 1, hi, mid, depth + 1, par, max_depth);
}

// NCCL's shape: a double binary tree over nodes (the second tree shifted or mirrored so
// leaves of one are inner vertices of the other) and a chain through each node's ranks;
// each tree carries half the buffer, reduce up and broadcast down, pipelined.
Schedule tree_schedule(Collective op, const Members& g, const topology::Topology& t, double scale) {
    auto nodes = by_node(g, t);
    for (auto& n : nodes) n = snake_order(n, t);
    const int count = static_cast<int>(nodes.size());
    std::vector<int> par(static_cast<std::size_t>(count), -1);
    int depth = 0;
    inorder(0, count, -1, 0, par, depth);
    const bool both_ways = op == Collective::all_reduce;
    Phase ph;
    std::size_t chain = 1;
    for (const auto& n : nodes) chain = std::max(chain, n.size());
    const double half = scale / 2.0;
    for (int tree = 0; tree < 2; ++tree) {
        auto map = [&](int x) { return tree == 0 ? x : (count % 2 == 0 ? (x + 1) % count : count - 1 - x); };
        auto head = [&](int node) {
            const auto& n = nodes[static_cast<std::size_t>(node)];
            return tree == 0 ? n.front() : n.back();
        };
        for (int k = 0; k < count; ++k) {
            auto order = nodes[static_cast<std::size_t>(k)];
            if (tree == 1) std::reverse(order.begin(), order.end());
            for (std::size_t i = 1; i < order.size(); ++i) {
                add(ph, order[i - 1], order[i], half);
                if (both_ways) add(ph, order[i], order[i - 1], half);
            }
        }
        for (int x = 0; x < count; ++x) {
            const int p = par[static_cast<std::size_t>(x)];
            if (p < 0) continue;
            add(ph, head(map(p)), head(map(x)), half);
            if (both_ways) add(ph, head(map(x)), head(map(p)), half);
        }
    }
    const int factor = both_ways ? 2 : 1;
    ph.steps = factor * (depth + static_cast<int>(chain) - 1);
    if (chain > 1) {
        const auto& n = nodes.front().size() > 1 ? nodes.front() : g;
        ph.legs.push_back({static_cast<double>(factor * (static_cast<int>(chain) - 1)), n[0], n[1]});
    }
    if (count > 1 && depth > 0) {
        int child = 0;
        while (par[static_cast<std::size_t>(child)] < 0) ++child;
        ph.legs.push_back({static_cast<double>(factor * depth), nodes[static_cast<std::size_t>(child)].front(),
                           nodes[static_cast<std::size_t>(par[static_cast<std::size_t>(child)])].front()});
    }
    return {ph};
}

// --- recursive halving-doubling -----------------------------------------------------------

// Reduce-scatter by recursive halving with partners at distance 1, 2, 4... (the biggest
// halves travel between the closest ranks); all-gather by recursive doubling in reverse.
Schedule rhd_schedule(Collective op, const Members& g, double scale) {
    const int n = static_cast<int>(g.size());
    Schedule rs;
    double volume = scale;
    for (int bit = 1; bit < n; bit <<= 1) {
        volume /= 2.0;
        Phase ph;
        for (int i = 0; i < n; ++i)
            add(ph, g[static_cast<std::size_t>(i)], g[static_cast<std::size_t>(i ^ bit)], volume);
        rs.push_back(std::move(ph));
    }
    return with_mirror(std::move(rs), op);
}

// --- direct ------------------------------------------------------------------------------

Phase all_pairs(const Members& g, double bytes) {
    Phase ph;
    for (int a : g)
        for (int b : g) add(ph, a, b, bytes);
    return ph;
}

Schedule direct_schedule(Collective op, const Members& g, double scale) {
    const double n = static_cast<double>(g.size());
    switch (op) {
        case Collective::all_reduce: {
            Phase ag;
            ag.same_as = 0;
            return {all_pairs(g, scale / n), ag};
        }
        case Collective::reduce_scatter:
        case Collective::all_gather:
        case Collective::all_to_all:
            return {all_pairs(g, scale / n)};
        case Collective::broadcast: {
            Phase ph;
            for (std::size_t i = 1; i < g.size(); ++i) add(ph, g[0], g[i], scale);
            return {ph};
        }
        case Collective::send_recv: {
            Phase ph;
            for (std::size_t i = 0; i < g.size(); ++i) add(ph, g[i], g[(i + 1) % g.size()], scale);
            return {ph};
        }
    }
    return {};
}

// --- in-switch reduction -------------------------------------------------------------------

// NVLS: every rank's data goes up to the switch, which reduces it and multicasts the result
// down, so each byte crosses a GPU's link (n+1)/n times per direction instead of 2(n-1)/n.
Schedule nvls_schedule(Collective op, const Members& g, int sw, double scale) {
    const double n = static_cast<double>(g.size());
    double up = 0.0;
    double down = 0.0;
    switch (op) {
        case Collective::all_reduce:
            up = down = 1.0 + 1.0 / n;
            break;
        case Collective::reduce_scatter:
            up = 1.0;
            down = 1.0 / n;
            break;
        case Collective::all_gather:
            up = 1.0 / n;
            down = 1.0;
            break;
        default:
            return {};
    }
    Phase ph;
    ph.in_switch = true;
    for (int c : g) {
        add(ph, c, sw, up * scale);
        add(ph, sw, c, down * scale);
    }
    return {ph};
}

bool is_power_of_two(std::size_t n) { return n > 0 && (n & (n - 1)) == 0; }

// Why in-switch reduction cannot run for a group, or empty when it can.
std::string nvls_refusal(const Members& g, const Context& ctx, bool allow_in_switch, int* sw) {
    if (!ctx.system.scale_up.in_switch_reduction)
        return "nvls needs in-switch reduction on the system's scale-up switch";
    if (!allow_in_switch) return "in-switch reduction is disabled for this request";
    // NVLink SHARP needs multicast; NVL partitions of <= 4 GPUs do not use it (hardware.md §3).
    if (g.size() <= 4) return "nvls is not used for groups of 4 or fewer ranks";
    const int domain = ctx.topology.vertex(g.front()).domain;
    const auto s = ctx.topology.domain_switch(domain, topology::Tier::scale_up);
    const bool inside = std::all_of(g.begin(), g.end(), [&](int c) { return ctx.topology.vertex(c).domain == domain; });
    if (!s || !inside) return "nvls needs the whole group inside one switched scale-up domain";
    *sw = *s;
    return {};
}

// NCCL's NVLSTree as one pipelined phase: NVLS reduce-scatter and all-gather inside every
// domain (each GPU link carries S(1+1/r) each way) while a double binary tree across domains
// all-reduces each rank's 1/r share; chunks flow through the three at once.
Built nvls_tree(const Members& g, const Context& ctx, bool allow_in_switch) {
    Built out;
    std::vector<Members> intra;
    std::map<int, std::size_t> index;
    for (int c : g) {
        auto [it, fresh] = index.emplace(ctx.topology.vertex(c).domain, intra.size());
        if (fresh) intra.emplace_back();
        intra[it->second].push_back(c);
    }
    if (intra.size() < 2) {
        out.reason = "nvls_tree needs a group spanning 2 or more scale-up domains";
        return out;
    }
    for (const auto& d : intra)
        if (d.size() != intra.front().size()) {
            out.reason = "nvls_tree needs the same number of ranks in every domain";
            return out;
        }
    Phase ph;
    ph.in_switch = true;
    const double r = static_cast<double>(intra.front().size());
    int first_switch = -1;
    for (const auto& d : intra) {
        int sw = -1;
        if (std::string why = nvls_refusal(d, ctx, allow_in_switch, &sw); !why.empty()) {
            out.reason = "nvls_tree: " + why;
            return out;
        }
        if (first_switch < 0) first_switch = sw;
        for (int c : d) {
            add(ph, c, sw, 1.0 + 1.0 / r);
            add(ph, sw, c, 1.0 + 1.0 / r);
        }
    }
    std::vector<Leg> tree_legs;
    for (std::size_t j = 0; j < intra.front().size(); ++j) {
        Members across;
        for (const auto& d : intra) across.push_back(d[j]);
        const Schedule t = tree_schedule(Collective::all_reduce, across, ctx.topology, 1.0 / r);
        ph.transfers.insert(ph.transfers.end(), t.front().transfers.begin(), t.front().transfers.end());
        if (j == 0) tree_legs = t.front().legs;
    }
    ph.legs.push_back({2.0, intra.front().front(), first_switch});  // reduce up, multicast down
    ph.legs.insert(ph.legs.end(), tree_legs.begin(), tree_legs.end());
    out.variants.push_back({ph});
    return out;
}

}  // namespace

Built build_schedule(Algorithm a, Collective op, const std::vector<Members>& groups, const Context& ctx, double scale,
                     bool allow_in_switch) {
    Built out;
    if (groups.empty() || groups.front().size() < 2) {
        out.reason = "needs at least 2 ranks";
        return out;
    }
    const std::string op_name(to_string(op));
    std::vector<std::vector<Schedule>> per_group;
    for (const Members& g : groups) {
        std::vector<Schedule> variants;
        switch (a) {
            case Algorithm::ring:
                if (op == Collective::all_to_all || op == Collective::send_recv) {
                    out.reason = "ring does not implement " + op_name;
                    return out;
                }
                variants = ring_variants(op, g, ctx, scale);
                break;
            case Algorithm::tree:
                if (op != Collective::all_reduce && op != Collective::broadcast) {
                    out.reason = "tree implements allreduce and broadcast only";
                    return out;
                }
                variants.push_back(tree_schedule(op, g, ctx.topology, scale));
                break;
            case Algorithm::rhd:
                if (op != Collective::all_reduce && op != Collective::reduce_scatter && op != Collective::all_gather) {
                    out.reason = "rhd implements allreduce, reducescatter and allgather only";
                    return out;
                }
                if (!is_power_of_two(g.size())) {
                    out.reason = "rhd needs a power-of-two group, not " + ranks_text(g.size());
                    return out;
                }
                variants.push_back(rhd_schedule(op, g, scale));
                break;
            case Algorithm::direct:
                variants.push_back(direct_schedule(op, g, scale));
                break;
            case Algorithm::nvls: {
                if (op != Collective::all_reduce && op != Collective::reduce_scatter && op != Collective::all_gather) {
                    out.reason = "nvls implements allreduce, reducescatter and allgather only";
                    return out;
                }
                int sw = -1;
                if (std::string why = nvls_refusal(g, ctx, allow_in_switch, &sw); !why.empty()) {
                    out.reason = why;
                    return out;
                }
                variants.push_back(nvls_schedule(op, g, sw, scale));
                break;
            }
            case Algorithm::nvls_tree:
                if (op != Collective::all_reduce) {
                    out.reason = "nvls_tree implements allreduce only";
                    return out;
                }
                if (groups.size() != 1 || scale != 1.0) {
                    out.reason = "nvls_tree runs on a whole group";
                    return out;
                }
                return nvls_tree(g, ctx, allow_in_switch);
            case Algorithm::hierarchical:
                out.reason = "hierarchical is composed by the model";
                return out;
        }
        per_group.push_back(std::move(variants));
    }
    // Concurrent congruent groups: merge each variant's phases index by index.
    std::vector<Schedule> merged = per_group.front();
    for (std::size_t gi = 1; gi < per_group.size(); ++gi) {
        for (std::size_t v = 0; v < merged.size() && v < per_group[gi].size(); ++v) {
            Schedule& into = merged[v];
            const Schedule& from = per_group[gi][v];
            for (std::size_t p = 0; p < from.size(); ++p) {
                if (p >= into.size()) {
                    into.push_back(from[p]);
                    continue;
                }
                into[p].steps = std::max(into[p].steps, from[p].steps);
                if (into[p].same_as < 0)
                    into[p].transfers.insert(into[p].transfers.end(), from[p].transfers.begin(),
                                             from[p].transfers.end());
            }
        }
    }
    out.variants = std::move(merged);
    return out;
}

std::vector<std::optional<std::vector<PhaseCost>>> cost_of(const std::vector<const Schedule*>& schedules,
                                                           const topology::Topology& topo) {
    // Every phase that carries its own traffic, and every latency leg, routed in one batch.
    std::vector<std::span<const topology::Transfer>> sets;
    std::vector<topology::Transfer> leg_transfers;
    for (const Schedule* sch : schedules)
        for (const Phase& ph : *sch) {
            if (ph.same_as < 0) sets.emplace_back(ph.transfers);
            for (const Leg& leg : ph.legs) leg_transfers.push_back({leg.src, leg.dst, units::Bytes(1.0)});
        }
    const std::size_t phase_sets = sets.size();
    for (const topology::Transfer& t : leg_transfers) sets.emplace_back(&t, 1);
    const std::vector<topology::LinkLoads> loads = topo.route_loads(sets);

    std::vector<std::optional<std::vector<PhaseCost>>> out;
    std::size_t next_set = 0;
    std::size_t next_leg = phase_sets;
    for (const Schedule* sch : schedules) {
        std::vector<PhaseCost> costs;
        bool routed = true;
        for (const Phase& ph : *sch) {
            PhaseCost cost;
            cost.in_switch = ph.in_switch;
            units::Seconds slowest{};
            std::array<bool, topology::kTierCount> tiers{};
            if (ph.same_as >= 0 && static_cast<std::size_t>(ph.same_as) < costs.size()) {
                const PhaseCost& same = costs[static_cast<std::size_t>(ph.same_as)];
                cost.seconds_per_byte = same.seconds_per_byte;
                slowest = same.legs.empty() ? units::Seconds{} : same.legs.front().latency;
                tiers = same.legs.empty() ? tiers : same.legs.front().tiers;
            } else {
                const topology::LinkLoads& l = loads[next_set++];
                if (l.unreachable > 0) routed = false;
                for (int i = 0; i < topo.link_count(); ++i) {
                    const double bytes = std::max(l.forward[static_cast<std::size_t>(i)].value(),
                                                  l.backward[static_cast<std::size_t>(i)].value());
                    if (bytes <= 0.0) continue;
                    const topology::Link& link = topo.link(i);
                    auto& spb = cost.seconds_per_byte[static_cast<std::size_t>(link.tier)];
                    spb = std::max(spb, bytes / link.bandwidth.value());
                }
                slowest = ph.pipelined ? l.mean_route_latency : l.max_route_latency;
                tiers = l.tiers_used;
            }
            if (ph.legs.empty()) {
                cost.legs.push_back({static_cast<double>(ph.steps), slowest, tiers});
            } else {
                for (const Leg& leg : ph.legs) {
                    const topology::LinkLoads& l = loads[next_leg++];
                    if (l.unreachable > 0) routed = false;
                    cost.legs.push_back({leg.steps, l.max_route_latency, l.tiers_used});
                }
            }
            costs.push_back(std::move(cost));
        }
        if (routed)
            out.emplace_back(std::move(costs));
        else
            out.emplace_back(std::nullopt);
    }
    return out;
}

units::Seconds time_of(const std::vector<PhaseCost>& phases, units::Bytes bytes, const TierParams& params) {
    units::Seconds total{};
    for (const PhaseCost& ph : phases) {
        double per_byte = 0.0;
        for (int t = 0; t < topology::kTierCount; ++t) {
            const LinkParams& p = params[static_cast<std::size_t>(t)];
            const bool isr = ph.in_switch && t == static_cast<int>(topology::Tier::scale_up);
            const double eff = isr ? p.in_switch_efficiency : p.efficiency;
            per_byte = std::max(per_byte, ph.seconds_per_byte[static_cast<std::size_t>(t)] / eff);
        }
        total += units::Seconds(per_byte * bytes.value());
        for (const LegCost& leg : ph.legs) {
            units::Seconds overhead{};
            for (int t = 0; t < topology::kTierCount; ++t) {
                if (!leg.tiers[static_cast<std::size_t>(t)]) continue;
                const LinkParams& p = params[static_cast<std::size_t>(t)];
                const bool isr = ph.in_switch && t == static_cast<int>(topology::Tier::scale_up);
                overhead = units::max(overhead, isr ? p.in_switch_overhead : p.step_overhead);
            }
            total += leg.steps * (leg.latency + overhead);
        }
    }
    return total;
}

}  // namespace rackplan::kernels::detail
