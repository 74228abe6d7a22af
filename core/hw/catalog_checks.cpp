#include "hw/catalog_checks.h"

#include <numeric>
#include <set>
#include <sstream>

namespace rackplan::hw {
namespace {

int product(const std::vector<int>& dims) {
    return std::accumulate(dims.begin(), dims.end(), 1, std::multiplies<>());
}

std::string dims_text(const std::vector<int>& dims) {
    std::string s;
    for (int d : dims) s += (s.empty() ? "" : "x") + std::to_string(d);
    return s;
}

void check_sources(const Catalog& c, const Figures& figures, const std::string& where, Issues& issues) {
    for (const auto& [path, f] : figures) {
        std::stringstream ss(f.source);
        std::string tag;
        while (std::getline(ss, tag, ',')) {
            tag.erase(0, tag.find_first_not_of(' '));
            tag.erase(tag.find_last_not_of(' ') + 1);
            if (!c.sources.count(tag))
                issues.push_back({where + "." + path + ".source", "unknown source tag '" + tag + "'"});
        }
    }
}

template <class T>
void check_unique(const std::vector<T>& v, const char* kind, Issues& issues) {
    std::set<std::string> seen;
    for (size_t i = 0; i < v.size(); ++i)
        if (!seen.insert(v[i].id).second)
            issues.push_back({std::string(kind) + "[" + std::to_string(i) + "].id", "duplicate id '" + v[i].id + "'"});
}

bool is_whole(const Figures& f, const char* path) {
    const Figure* x = find_figure(f, path);
    return !x || (x->base() >= 1.0 && x->base() == static_cast<double>(static_cast<long long>(x->base())));
}

void check_tier(const ScaleUpTier& t, int members, const std::string& where, const char* what, Issues& issues) {
    switch (t.topology) {
        case TopologyKind::torus:
        case TopologyKind::ring:
            if (t.dims.empty()) {
                issues.push_back({where + ".dims", std::string("a ") + std::string(to_string(t.topology)) + " needs dims"});
            } else if (product(t.dims) != members) {
                issues.push_back({where + ".dims", "dims " + dims_text(t.dims) + " hold " + std::to_string(product(t.dims)) +
                                                       " " + what + " but the domain has " + std::to_string(members)});
            } else if (t.topology == TopologyKind::ring && t.dims.size() != 1) {
                issues.push_back({where + ".dims", "a ring has one dimension"});
            }
            break;
        case TopologyKind::switched:
        case TopologyKind::full_mesh:
            if (!t.dims.empty()) issues.push_back({where + ".dims", "a switch or full mesh takes no dims"});
            break;
    }
    if (t.in_switch_reduction && t.topology != TopologyKind::switched)
        issues.push_back({where + ".in_switch_reduction", "in-switch reduction needs a switch topology"});
}

}  // namespace

Issues check_catalog(const Catalog& c) {
    Issues issues;
    check_unique(c.chips, "chips", issues);
    check_unique(c.systems, "systems", issues);
    check_unique(c.fabrics, "fabrics", issues);
    check_unique(c.models, "models", issues);
    for (size_t i = 0; i < c.chips.size(); ++i)
        check_sources(c, c.chips[i].figures, "chips[" + std::to_string(i) + "]", issues);
    for (size_t i = 0; i < c.fabrics.size(); ++i)
        for (size_t t = 0; t < c.fabrics[i].tiers.size(); ++t)
            check_sources(c, c.fabrics[i].tiers[t], "fabrics[" + std::to_string(i) + "].tiers[" + std::to_string(t) + "]",
                          issues);
    check_sources(c, c.cost_defaults, "cost_defaults", issues);
    for (size_t i = 0; i < c.models.size(); ++i)
        if (!c.models[i].source.empty() && !c.sources.count(c.models[i].source))
            issues.push_back({"models[" + std::to_string(i) + "].source", "unknown source tag '" + c.models[i].source + "'"});

    for (size_t i = 0; i < c.systems.size(); ++i) {
        const System& s = c.systems[i];
        std::string where = "systems[" + std::to_string(i) + "]";
        check_sources(c, s.figures, where, issues);
        if (!s.chip.empty() && !c.find_chip(s.chip))
            issues.push_back({where + ".chip", "unknown chip id '" + s.chip + "' in system '" + s.id + "'"});
        for (const char* p : {"chips_per_node", "nodes_per_domain", "scale_up.links_per_chip",
                              "scale_up.inter_node.links_per_chip", "scale_out.nics_per_node"})
            if (!is_whole(s.figures, p)) issues.push_back({where + "." + p + ".value", "must be a whole number >= 1"});
        SystemSpec spec = make_spec(s);
        if (s.inter_node) {
            check_tier(s.scale_up, spec.chips_per_node, where + ".scale_up", "chips", issues);
            check_tier(*s.inter_node, spec.nodes_per_domain, where + ".scale_up.inter_node", "nodes", issues);
            if (!find_figure(s.figures, "scale_up.inter_node.link_bandwidth"))
                issues.push_back({where + ".scale_up.inter_node.link_bandwidth", "missing required figure"});
            if (spec.nodes_per_domain < 2)
                issues.push_back({where + ".scale_up.inter_node", "an inter-node tier needs nodes_per_domain >= 2"});
        } else {
            check_tier(s.scale_up, spec.chips_per_domain(), where + ".scale_up", "chips", issues);
        }
    }
    return issues;
}

}  // namespace rackplan::hw
