// Ring collectives as transfer schedules: single, multi-channel and bidirectional rings,
// Walecki edge-disjoint Hamiltonian cycles for full meshes, and per-dimension rings on tori.
#include <algorithm>
#include <functional>
#include <map>
#include <numeric>

#include "kernels/collective_schedule_parts.h"

namespace rackplan::kernels::detail {
namespace {

// --- ring -------------------------------------------------------------------------------

struct RingPass {
    double volume = 0.0;  // bytes each rank sends per byte of S
    int steps = 0;
};

std::optional<RingPass> ring_pass(Collective op, int m) {
    switch (op) {
        case Collective::all_reduce:
            return RingPass{2.0 * (m - 1) / m, 2 * (m - 1)};
        case Collective::reduce_scatter:
        case Collective::all_gather:
            return RingPass{static_cast<double>(m - 1) / m, m - 1};
        case Collective::broadcast:
            return RingPass{1.0, m - 1};
        default:
            return std::nullopt;
    }
}

// Every cycle carries an equal share of the buffer, half in each direction.
Phase cycles_phase(const Cycles& cycles, Collective op, double scale) {
    Phase ph;
    ph.steps = 0;
    ph.pipelined = true;
    const double share = scale / static_cast<double>(cycles.size());
    for (const auto& cyc : cycles) {
        const int m = static_cast<int>(cyc.size());
        const RingPass pass = *ring_pass(op, m);
        ph.steps = std::max(ph.steps, pass.steps);
        if (op == Collective::broadcast) {
            // Two pipelined chains from the root, one each way round, each with half the data.
            for (int i = 0; i + 1 < m; ++i)
                add(ph, cyc[static_cast<std::size_t>(i)], cyc[static_cast<std::size_t>(i + 1)], share / 2.0);
            for (int i = 0; i + 1 < m; ++i)
                add(ph, cyc[static_cast<std::size_t>((m - i) % m)], cyc[static_cast<std::size_t>(m - 1 - i)],
                    share / 2.0);
            continue;
        }
        for (int i = 0; i < m; ++i) {
            const int a = cyc[static_cast<std::size_t>(i)];
            const int b = cyc[static_cast<std::size_t>((i + 1) % m)];
            add(ph, a, b, share / 2.0 * pass.volume);
            add(ph, b, a, share / 2.0 * pass.volume);
        }
    }
    return ph;
}

// Members grouped by scale-up domain, in order of first appearance.
std::vector<std::vector<int>> by_domain(const Members& g, const topology::Topology& t) {
    std::vector<std::vector<int>> domains;
    std::map<int, std::size_t> index;
    for (int c : g) {
        auto [it, fresh] = index.emplace(t.vertex(c).domain, domains.size());
        if (fresh) domains.emplace_back();
        domains[it->second].push_back(c);
    }
    return domains;
}

// NCCL runs at most 32 channels (one thread block each), so at most 32 rings.
constexpr std::size_t kMaxChannels = 32;

// Channel rings over units (nodes, or whole scale-up domains) in order, each unit's chips in
// snake (or rank) order, rotated per channel so every channel leaves a unit from a different
// chip, and so through a different link, NIC or rail.
Cycles channel_rings(std::vector<std::vector<int>> units, const topology::Topology& t) {
    for (auto& u : units) u = snake_order(u, t);
    std::size_t width = 0;
    for (const auto& u : units) width = std::max(width, u.size());
    const std::size_t channels = units.size() > 1 ? std::min(width, kMaxChannels) : 1;
    Cycles cycles;
    for (std::size_t c = 0; c < channels; ++c) {
        std::vector<int> cyc;
        for (const auto& u : units)
            for (std::size_t i = 0; i < u.size(); ++i) cyc.push_back(u[(i + c) % u.size()]);
        cycles.push_back(std::move(cyc));
    }
    return cycles;
}

// Edge-disjoint Hamiltonian cycles of a complete graph K_n (Walecki): n odd gives (n-1)/2
// cycles; n even gives n/2-1 cycles (the odd construction on n-1 vertices with the last vertex
// spliced into one edge of each cycle, the spliced edges vertex-disjoint), leaving a matching.
Cycles walecki(int n) {
    if (n <= 3) {
        std::vector<int> all(static_cast<std::size_t>(n));
        std::iota(all.begin(), all.end(), 0);
        return {all};
    }
    if (n % 2 == 1) {
        const int k = (n - 1) / 2;
        const int mod = 2 * k;
        Cycles cycles;
        for (int i = 0; i < k; ++i) {
            std::vector<int> cyc{2 * k, i};
            for (int j = 1; j < k; ++j) {
                cyc.push_back((i + j) % mod);
                cyc.push_back(((i - j) % mod + mod) % mod);
            }
            cyc.push_back((i + k) % mod);
            cycles.push_back(std::move(cyc));
        }
        return cycles;
    }
    Cycles base = walecki(n - 1);
    const int extra = n - 1;
    std::vector<int> pick(base.size(), -1);
    std::vector<char> used(static_cast<std::size_t>(n), 0);
    long budget = 200000;
    std::function<bool(std::size_t)> search = [&](std::size_t c) -> bool {
        if (c == base.size()) return true;
        const auto& cyc = base[c];
        for (std::size_t e = 0; e < cyc.size() && budget-- > 0; ++e) {
            const int a = cyc[e];
            const int b = cyc[(e + 1) % cyc.size()];
            if (used[static_cast<std::size_t>(a)] || used[static_cast<std::size_t>(b)]) continue;
            used[static_cast<std::size_t>(a)] = used[static_cast<std::size_t>(b)] = 1;
            pick[c] = static_cast<int>(e);
            if (search(c + 1)) return true;
            used[static_cast<std::size_t>(a)] = used[static_cast<std::size_t>(b)] = 0;
        }
        return false;
    };
    if (!search(0)) {
        std::vector<int> all(static_cast<std::size_t>(n));
        std::iota(all.begin(), all.end(), 0);
        return {all};
    }
    for (std::size_t c = 0; c < base.size(); ++c) base[c].insert(base[c].begin() + pick[c] + 1, extra);
    return base;
}

// A group that is a full product of coordinate sets in one torus domain.
struct Block {
    std::vector<std::vector<int>> values;  // sorted coordinate values per dimension
    std::vector<int> active;               // dimensions with >= 2 values
    int domain = 0;
};

std::optional<Block> torus_block(const Members& g, const topology::Topology& t) {
    const auto& dims = t.domain_dims();
    if (dims.empty() || g.size() < 2) return std::nullopt;
    Block b;
    b.domain = t.vertex(g.front()).domain;
    b.values.assign(dims.size(), {});
    std::vector<std::vector<int>> seen;
    for (int c : g) {
        if (t.vertex(c).domain != b.domain) return std::nullopt;
        const auto xy = t.coordinates(c);
        seen.push_back(xy);
        for (std::size_t d = 0; d < dims.size(); ++d) b.values[d].push_back(xy[d]);
    }
    std::size_t product = 1;
    for (auto& v : b.values) {
        std::sort(v.begin(), v.end());
        v.erase(std::unique(v.begin(), v.end()), v.end());
        product *= v.size();
    }
    std::sort(seen.begin(), seen.end());
    if (std::adjacent_find(seen.begin(), seen.end()) != seen.end() || product != g.size()) return std::nullopt;
    for (std::size_t d = 0; d < dims.size(); ++d)
        if (b.values[d].size() >= 2) b.active.push_back(static_cast<int>(d));
    return b;
}

int chip_at(const topology::Topology& t, int domain, const std::vector<int>& c) {
    const auto& dims = t.domain_dims();
    int index = 0;
    for (std::size_t k = dims.size(); k-- > 0;) index = index * dims[k] + c[k];
    return domain * t.chips_per_domain() + index;
}

// Bidirectional rings along each torus dimension. The buffer is split into one part per
// dimension (shares `weight`); part p reduce-scatters along dimension p, then p+1, ..., so
// all dimensions' links are busy in every phase; the all-gather retraces the phases.
Schedule torus_rings(const Members& g, const Block& b, Collective op, const topology::Topology& t, double scale,
                     const std::vector<double>& weight) {
    const int parts = static_cast<int>(b.active.size());
    Schedule rs;
    for (int j = 0; j < parts; ++j) {
        Phase ph;
        ph.steps = 0;
        for (int p = 0; p < parts; ++p) {
            const int dim = b.active[static_cast<std::size_t>((p + j) % parts)];
            const auto& vals = b.values[static_cast<std::size_t>(dim)];
            const int m = static_cast<int>(vals.size());
            double volume = scale * weight[static_cast<std::size_t>(p)];
            if (volume <= 0.0) continue;
            for (int i = 0; i < j; ++i)
                volume /= static_cast<double>(
                    b.values[static_cast<std::size_t>(b.active[static_cast<std::size_t>((p + i) % parts)])].size());
            ph.steps = std::max(ph.steps, m - 1);
            const double per_direction = volume / 2.0 * (m - 1) / m;
            for (int c : g) {
                auto xy = t.coordinates(c);
                const auto pos = static_cast<int>(
                    std::lower_bound(vals.begin(), vals.end(), xy[static_cast<std::size_t>(dim)]) - vals.begin());
                auto next = xy;
                auto prev = xy;
                next[static_cast<std::size_t>(dim)] = vals[static_cast<std::size_t>((pos + 1) % m)];
                prev[static_cast<std::size_t>(dim)] = vals[static_cast<std::size_t>((pos + m - 1) % m)];
                add(ph, c, chip_at(t, b.domain, next), per_direction);
                add(ph, c, chip_at(t, b.domain, prev), per_direction);
            }
        }
        rs.push_back(std::move(ph));
    }
    return with_mirror(std::move(rs), op);
}

}  // namespace

std::vector<Schedule> ring_variants(Collective op, const Members& g, const Context& ctx, double scale) {
    const auto& t = ctx.topology;
    std::vector<Schedule> out;
    const bool one_domain =
        std::all_of(g.begin(), g.end(), [&](int c) { return t.vertex(c).domain == t.vertex(g.front()).domain; });
    if (op != Collective::broadcast) {
        if (auto b = torus_block(g, t)) {
            // Dimensions differ in size and link rate (a 2x4 TPU host, the Trn2 UltraServer's
            // slower inter-node ring): besides equal shares, try shares proportional to each
            // dimension's ring throughput and every dimension alone; the fastest wins.
            const std::size_t parts = b->active.size();
            std::vector<std::vector<double>> shares{std::vector<double>(parts, 1.0 / static_cast<double>(parts))};
            if (parts > 1) {
                std::vector<double> rate(parts);
                double sum = 0.0;
                for (std::size_t p = 0; p < parts; ++p) {
                    const auto dim = static_cast<std::size_t>(b->active[p]);
                    auto xy = t.coordinates(g.front());
                    const auto& vals = b->values[dim];
                    const double m = static_cast<double>(vals.size());
                    xy[dim] = vals[1];
                    const topology::Route r = t.route(g.front(), chip_at(t, b->domain, xy));
                    const double bw = r.links.empty() ? 0.0 : t.link(r.links.front()).bandwidth.value();
                    // In a dimension of two both ring directions share the one trunk.
                    rate[p] = (vals.size() == 2 ? bw / 2.0 : bw) * m / (m - 1.0);
                    sum += rate[p];
                }
                if (sum > 0.0) {
                    for (double& x : rate) x /= sum;
                    shares.push_back(rate);
                }
                for (std::size_t p = 0; p < parts; ++p) {
                    std::vector<double> one(parts, 0.0);
                    one[p] = 1.0;
                    shares.push_back(one);
                }
            }
            for (const auto& w : shares) out.push_back(torus_rings(g, *b, op, t, scale, w));
        }
    }
    if (one_domain && ctx.system.scale_up.topology == hw::TopologyKind::full_mesh && !ctx.system.inter_node) {
        Cycles cycles;
        for (const auto& labels : walecki(static_cast<int>(g.size()))) {
            std::vector<int> cyc;
            for (int l : labels) cyc.push_back(g[static_cast<std::size_t>(l)]);
            cycles.push_back(std::move(cyc));
        }
        out.push_back({cycles_phase(cycles, op, scale)});
    }
    // Rotating per node spreads the node-to-node hops (a Trn2 UltraServer's slower inter-node
    // ring); rotating per domain spreads the domain exits over more NICs (an NVL72 rack).
    const auto nodes = by_node(g, t);
    const auto domains = by_domain(g, t);
    out.push_back({cycles_phase(channel_rings(nodes, t), op, scale)});
    if (domains.size() > 1 && domains.size() < nodes.size())
        out.push_back({cycles_phase(channel_rings(domains, t), op, scale)});
    return out;
}

}  // namespace rackplan::kernels::detail
