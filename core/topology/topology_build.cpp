// Builders: a system spec (and a fabric) becomes a graph of chips, NICs and switches.
#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <string>

#include "topology/topology.h"
#include "topology/topology_impl.h"

namespace rackplan::topology {

namespace {

// Largest cluster the graph is built for; a bigger request is an input error, not a hang.
constexpr int kMaxChips = 1 << 17;

int product(const std::vector<int>& dims) { return std::accumulate(dims.begin(), dims.end(), 1, std::multiplies<>()); }

std::string text(const std::vector<int>& dims) {
    std::string s;
    for (int d : dims) s += (s.empty() ? "" : "x") + std::to_string(d);
    return s;
}

// Row-major coordinates, dimension 0 fastest (chip 1 of a 4x4 torus is (1,0)).
std::vector<int> unflatten(int index, const std::vector<int>& dims) {
    std::vector<int> c(dims.size());
    for (std::size_t k = 0; k < dims.size(); ++k) {
        c[k] = index % dims[k];
        index /= dims[k];
    }
    return c;
}

int flatten(const std::vector<int>& c, const std::vector<int>& dims) {
    int index = 0;
    for (std::size_t k = dims.size(); k-- > 0;) index = index * dims[k] + c[k];
    return index;
}

void check_tier(const hw::ScaleUpTier& tier, const hw::LinkSpec& links, int members, const std::string& where,
                const char* what, Issues& issues) {
    if (members > 1) {
        if (links.link_bandwidth.value() <= 0.0)
            issues.push_back(
                {where + ".link_bandwidth", "must be > 0 to join " + std::to_string(members) + " " + what});
        if (links.links_per_chip < 1) issues.push_back({where + ".links_per_chip", "must be >= 1"});
    }
    if (links.latency.value() < 0.0) issues.push_back({where + ".latency", "must be >= 0"});
    if (tier.topology == hw::TopologyKind::torus || tier.topology == hw::TopologyKind::ring) {
        if (tier.dims.empty() && tier.topology == hw::TopologyKind::torus)
            issues.push_back({where + ".dims", "a torus needs dims"});
        else if (!tier.dims.empty() && product(tier.dims) != members)
            issues.push_back({where + ".dims", "dims " + text(tier.dims) + " hold " +
                                                   std::to_string(product(tier.dims)) + " " + what +
                                                   " but the tier joins " + std::to_string(members)});
        for (int d : tier.dims)
            if (d < 1) issues.push_back({where + ".dims", "every dimension must be >= 1"});
    }
}

}  // namespace

struct TopologyBuilder {
    static TopologyBuild build(const hw::SystemSpec& s, int chips, const ScaleOutFabric& fabric, bool cluster);

    // Links among `members` (vertex ids, in tier order) for one tier of the scale-up network.
    static void add_tier(Topology::Impl& g, const std::vector<int>& members, const hw::ScaleUpTier& tier,
                         const hw::LinkSpec& ls, Tier which, int domain);
    static void add_scale_out(Topology::Impl& g, const hw::SystemSpec& s, const ScaleOutFabric& fabric);
};

void TopologyBuilder::add_tier(Topology::Impl& g, const std::vector<int>& members, const hw::ScaleUpTier& tier,
                               const hw::LinkSpec& ls, Tier which, int domain) {
    const int n = static_cast<int>(members.size());
    if (n < 2) return;
    const double per_chip = std::max(1, ls.links_per_chip);
    auto trunk = [&](int a, int b, double lanes, units::Seconds latency) {
        Link l;
        l.a = a;
        l.b = b;
        l.tier = which;
        l.lanes = std::max(1, static_cast<int>(std::lround(lanes)));
        l.bandwidth = ls.link_bandwidth * lanes;
        l.latency = latency;
        g.add_link(l);
    };
    switch (tier.topology) {
        case hw::TopologyKind::switched: {
            // The physical switch chips of a domain (4 NVSwitches, 18 NVL72 switch chips) are
            // non-blocking and every chip spreads its links over all of them, so one switch
            // vertex with trunked edges carries exactly the same loads.
            Vertex sw;
            sw.kind = which == Tier::scale_up ? VertexKind::scale_up_switch : VertexKind::inter_node_switch;
            sw.domain = domain;
            const bool per_node = which == Tier::scale_up &&
                                  g.vertices[members.front()].node == g.vertices[members.back()].node &&
                                  g.nodes_per_domain > 1;
            sw.node = per_node ? g.vertices[members.front()].node : -1;
            const int v = g.add_vertex(sw);
            if (!per_node) {
                auto& slot = which == Tier::scale_up ? g.scale_up_switch : g.inter_node_switch;
                slot[static_cast<std::size_t>(domain)] = v;
            }
            // A chip-to-chip traversal (two edges) costs the tier's hop latency.
            for (int m : members) trunk(m, v, per_chip, ls.latency / 2.0);
            break;
        }
        case hw::TopologyKind::full_mesh: {
            const double lanes = per_chip / (n - 1);
            for (int i = 0; i < n; ++i)
                for (int j = i + 1; j < n; ++j) trunk(members[i], members[j], lanes, ls.latency);
            break;
        }
        case hw::TopologyKind::ring:
        case hw::TopologyKind::torus: {
            const std::vector<int> dims = tier.dims.empty() ? std::vector<int>{n} : tier.dims;
            const int active = static_cast<int>(std::count_if(dims.begin(), dims.end(), [](int d) { return d >= 2; }));
            const double share = per_chip / (2.0 * std::max(1, active));  // links toward one neighbour
            for (int i = 0; i < n; ++i) {
                const std::vector<int> c = unflatten(i, dims);
                for (std::size_t k = 0; k < dims.size(); ++k) {
                    const int size = dims[k];
                    if (size < 2) continue;
                    if (size == 2 && c[k] == 1) continue;  // the pair was joined from coordinate 0
                    std::vector<int> next = c;
                    next[k] = (c[k] + 1) % size;
                    // In a dimension of two, the +1 and -1 links reach the same neighbour.
                    trunk(members[i], members[flatten(next, dims)], size == 2 ? 2.0 * share : share, ls.latency);
                }
            }
            break;
        }
    }
}

void TopologyBuilder::add_scale_out(Topology::Impl& g, const hw::SystemSpec& s, const ScaleOutFabric& fabric) {
    const int nodes = g.domains * g.nodes_per_domain;
    const int nics = s.nics_per_node;
    const int cpn = g.chips_per_node;
    auto link = [&](int a, int b, units::BytesPerSecond bw, units::Seconds latency, int lanes) {
        Link l;
        l.a = a;
        l.b = b;
        l.tier = Tier::scale_out;
        l.lanes = lanes;
        l.bandwidth = bw;
        l.latency = latency;
        g.add_link(l);
    };

    // NICs: several per chip (p5: 32 NICs for 8 GPUs) or shared by chips (trn1: 8 for 16).
    // The catalog's scale_out.latency is end to end and mostly host side (PCIe, NIC, stack),
    // so half of it sits on each chip-NIC attachment; that also keeps a NIC shared by two
    // chips from looking like a free path between them.
    const units::Seconds host_side = s.scale_out_latency / 2.0;
    std::vector<int> nic_vertex(static_cast<std::size_t>(nodes) * nics);
    for (int m = 0; m < nodes; ++m) {
        for (int j = 0; j < nics; ++j) {
            Vertex v;
            v.kind = VertexKind::nic;
            v.domain = m / g.nodes_per_domain;
            v.node = m;
            v.local = j;
            nic_vertex[static_cast<std::size_t>(m) * nics + j] = g.add_vertex(v);
        }
        const int first_chip = m * cpn;
        if (nics >= cpn) {
            for (int j = 0; j < nics; ++j)
                link(first_chip + j % cpn, nic_vertex[static_cast<std::size_t>(m) * nics + j], s.nic_bandwidth,
                     host_side, 1);
        } else {
            for (int c = 0; c < cpn; ++c)
                link(first_chip + c, nic_vertex[static_cast<std::size_t>(m) * nics + c * nics / cpn], s.nic_bandwidth,
                     host_side, 1);
        }
    }

    // Leaves: rail-optimized puts NIC j of every node on rail j's leaves; a fat-tree packs
    // whole nodes onto a leaf. Leaves meet at one logical spine (non-blocking core, ECMP).
    const int ports = std::max(1, fabric.leaf_ports);
    const double oversub = fabric.oversubscription > 0.0 ? fabric.oversubscription : 1.0;
    std::vector<int> leaves;
    std::vector<int> leaf_ports_used;
    auto new_leaf = [&](int index) {
        Vertex v;
        v.kind = VertexKind::leaf_switch;
        v.local = index;
        leaves.push_back(g.add_vertex(v));
        leaf_ports_used.push_back(0);
        return static_cast<int>(leaves.size()) - 1;
    };
    if (fabric.kind == hw::FabricKind::rail_optimized) {
        const int per_rail = (nodes + ports - 1) / ports;
        for (int r = 0; r < nics; ++r) {
            const int first = static_cast<int>(leaves.size());
            for (int k = 0; k < per_rail; ++k) new_leaf(k);
            for (int m = 0; m < nodes; ++m) {
                const int leaf = first + m / ports;
                link(nic_vertex[static_cast<std::size_t>(m) * nics + r], leaves[static_cast<std::size_t>(leaf)],
                     s.nic_bandwidth, units::Seconds(0.0), 1);
                ++leaf_ports_used[static_cast<std::size_t>(leaf)];
            }
        }
    } else {
        const int nodes_per_leaf = std::max(1, ports / std::max(1, nics));
        for (int k = 0; k * nodes_per_leaf < nodes; ++k) new_leaf(k);
        for (int m = 0; m < nodes; ++m) {
            const int leaf = m / nodes_per_leaf;
            for (int j = 0; j < nics; ++j) {
                link(nic_vertex[static_cast<std::size_t>(m) * nics + j], leaves[static_cast<std::size_t>(leaf)],
                     s.nic_bandwidth, units::Seconds(0.0), 1);
                ++leaf_ports_used[static_cast<std::size_t>(leaf)];
            }
        }
    }
    if (leaves.size() > 1) {
        Vertex v;
        v.kind = VertexKind::spine_switch;
        const int spine = g.add_vertex(v);
        for (std::size_t i = 0; i < leaves.size(); ++i) {
            const int used = leaf_ports_used[i];
            link(leaves[i], spine, s.nic_bandwidth * (used / oversub), fabric.switch_latency,
                 std::max(1, static_cast<int>(std::lround(used / oversub))));
        }
    }
}

TopologyBuild TopologyBuilder::build(const hw::SystemSpec& s, int chips, const ScaleOutFabric& fabric, bool cluster) {
    TopologyBuild out;
    Issues& issues = out.issues;
    if (s.chips_per_node < 1) issues.push_back({"system.chips_per_node", "must be >= 1"});
    if (s.nodes_per_domain < 1) issues.push_back({"system.nodes_per_domain", "must be >= 1"});
    if (!issues.empty()) return out;
    const int cpd = s.chips_per_domain();
    if (s.inter_node) {
        check_tier(s.scale_up, s.scale_up_links, s.chips_per_node, "system.scale_up", "chips", issues);
        check_tier(*s.inter_node, s.inter_node_links, s.nodes_per_domain, "system.scale_up.inter_node", "nodes",
                   issues);
    } else {
        check_tier(s.scale_up, s.scale_up_links, cpd, "system.scale_up", "chips", issues);
    }
    if (!cluster) chips = cpd;
    if (chips < 1) issues.push_back({"chips", "must be >= 1"});
    if (chips > kMaxChips)
        issues.push_back({"chips", std::to_string(chips) + " chips exceed the " + std::to_string(kMaxChips) +
                                       " the network graph is built for"});
    if (!issues.empty()) return out;

    auto g = std::make_unique<Topology::Impl>();
    g->chips_per_node = s.chips_per_node;
    g->nodes_per_domain = s.nodes_per_domain;
    g->domains = (chips + cpd - 1) / cpd;
    const int nodes = g->domains * s.nodes_per_domain;
    if (cluster && nodes > 1 && (s.nics_per_node < 1 || s.nic_bandwidth.value() <= 0.0))
        issues.push_back({"system.scale_out", "needs nics_per_node >= 1 and nic_bandwidth > 0 to join " +
                                                  std::to_string(nodes) + " nodes"});
    if (!issues.empty()) return out;
    g->chips = g->domains * cpd;
    g->scale_up_switch.assign(static_cast<std::size_t>(g->domains), -1);
    g->inter_node_switch.assign(static_cast<std::size_t>(g->domains), -1);

    // Torus coordinates describe a domain only when every tier inside it is a ring/torus.
    auto is_grid = [](const hw::ScaleUpTier& t) {
        return t.topology == hw::TopologyKind::torus || t.topology == hw::TopologyKind::ring;
    };
    auto dims_of = [](const hw::ScaleUpTier& t, int members) {
        return t.dims.empty() ? std::vector<int>{members} : t.dims;
    };
    if (is_grid(s.scale_up) && (!s.inter_node || is_grid(*s.inter_node))) {
        g->dims = dims_of(s.scale_up, s.inter_node ? s.chips_per_node : cpd);
        if (s.inter_node) {
            const auto inter = dims_of(*s.inter_node, s.nodes_per_domain);
            g->dims.insert(g->dims.end(), inter.begin(), inter.end());
        }
    }

    for (int c = 0; c < g->chips; ++c) {
        Vertex v;
        v.kind = VertexKind::chip;
        v.domain = c / cpd;
        v.node = c / s.chips_per_node;
        v.local = c % s.chips_per_node;
        g->add_vertex(v);
        if (!g->dims.empty()) g->chip_coords.push_back(unflatten(c % cpd, g->dims));
    }

    for (int d = 0; d < g->domains; ++d) {
        const int base = d * cpd;
        if (s.inter_node) {
            for (int n = 0; n < s.nodes_per_domain; ++n) {
                std::vector<int> members(static_cast<std::size_t>(s.chips_per_node));
                std::iota(members.begin(), members.end(), base + n * s.chips_per_node);
                add_tier(*g, members, s.scale_up, s.scale_up_links, Tier::scale_up, d);
            }
            if (s.inter_node->topology == hw::TopologyKind::switched) {
                std::vector<int> members(static_cast<std::size_t>(cpd));
                std::iota(members.begin(), members.end(), base);
                add_tier(*g, members, *s.inter_node, s.inter_node_links, Tier::inter_node, d);
            } else {
                // Same-position chips of the domain's nodes form the inter-node ring/torus.
                for (int l = 0; l < s.chips_per_node; ++l) {
                    std::vector<int> members;
                    for (int n = 0; n < s.nodes_per_domain; ++n) members.push_back(base + n * s.chips_per_node + l);
                    add_tier(*g, members, *s.inter_node, s.inter_node_links, Tier::inter_node, d);
                }
            }
        } else {
            std::vector<int> members(static_cast<std::size_t>(cpd));
            std::iota(members.begin(), members.end(), base);
            add_tier(*g, members, s.scale_up, s.scale_up_links, Tier::scale_up, d);
        }
    }
    if (cluster && nodes > 1) add_scale_out(*g, s, fabric);
    g->finish();
    out.topology.emplace(Topology(std::move(g)));
    return out;
}

ScaleOutFabric scale_out_fabric(const hw::Fabric& fabric) {
    ScaleOutFabric f;
    f.kind = fabric.kind;
    if (fabric.tiers.empty()) return f;
    const hw::Figures& leaf = fabric.tiers.front();
    const double o = hw::base_or(leaf, "oversubscription", 1.0);
    if (o > 0.0) f.oversubscription = o;
    const double radix = hw::base_or(leaf, "radix", 0.0);
    if (radix >= 2.0) {
        const double down = fabric.tiers.size() > 1 ? radix * f.oversubscription / (1.0 + f.oversubscription) : radix;
        f.leaf_ports = std::max(1, static_cast<int>(std::floor(down)));
    }
    const double latency = hw::base_or(leaf, "latency", -1.0);
    if (latency >= 0.0) f.switch_latency = units::Seconds(latency);
    return f;
}

TopologyBuild Topology::build_domain(const hw::SystemSpec& system) {
    return TopologyBuilder::build(system, system.chips_per_domain(), ScaleOutFabric{}, false);
}

TopologyBuild Topology::build_cluster(const hw::SystemSpec& system, int chips, const ScaleOutFabric& fabric) {
    return TopologyBuilder::build(system, chips, fabric, true);
}

}  // namespace rackplan::topology
