#include "kernels/collective.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>

#include "kernels/collective_schedule.h"

namespace rackplan::kernels {

std::string_view to_string(Collective c) {
    switch (c) {
        case Collective::all_reduce:
            return "allreduce";
        case Collective::all_gather:
            return "allgather";
        case Collective::reduce_scatter:
            return "reducescatter";
        case Collective::all_to_all:
            return "alltoall";
        case Collective::send_recv:
            return "sendrecv";
        case Collective::broadcast:
            return "broadcast";
    }
    return "allreduce";
}

namespace {

// Lower case without '_' and '-', so all_reduce, all-reduce and allreduce compare equal.
std::string squash(std::string_view s) {
    std::string out;
    for (char ch : s)
        if (ch != '_' && ch != '-' && ch != ' ') out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return out;
}

}  // namespace

std::optional<Collective> collective_from_string(std::string_view s) {
    const std::string k = squash(s);
    for (Collective c : {Collective::all_reduce, Collective::all_gather, Collective::reduce_scatter,
                         Collective::all_to_all, Collective::send_recv, Collective::broadcast})
        if (to_string(c) == k) return c;
    return std::nullopt;
}

double bus_bandwidth_factor(Collective c, int ranks) {
    const double n = ranks;
    if (ranks < 1) return 0.0;
    switch (c) {
        case Collective::all_reduce:
            return 2.0 * (n - 1.0) / n;
        case Collective::all_gather:
        case Collective::reduce_scatter:
        case Collective::all_to_all:
            return (n - 1.0) / n;
        case Collective::send_recv:
        case Collective::broadcast:
            return 1.0;
    }
    return 1.0;
}

const std::vector<std::string>& algorithm_names() {
    static const std::vector<std::string> names{"ring", "tree", "rhd", "direct", "nvls", "hierarchical", "nvls_tree"};
    return names;
}

std::optional<std::string> canonical_algorithm(std::string_view name) {
    static const std::map<std::string, std::string, std::less<>> aliases{
        {"ring", "ring"},
        {"tree", "tree"},
        {"doublebinarytree", "tree"},
        {"dbtree", "tree"},
        {"rhd", "rhd"},
        {"rdh", "rhd"},
        {"halvingdoubling", "rhd"},
        {"recursivehalvingdoubling", "rhd"},
        {"recursivedoublinghalving", "rhd"},
        {"direct", "direct"},
        {"mesh", "direct"},
        {"nvls", "nvls"},
        {"inswitch", "nvls"},
        {"sharp", "nvls"},
        {"nvlinksharp", "nvls"},
        {"hierarchical", "hierarchical"},
        {"hier", "hierarchical"},
        {"nvlstree", "nvls_tree"},
    };
    const auto it = aliases.find(squash(name));
    if (it == aliases.end()) return std::nullopt;
    return it->second;
}

namespace {

// What each library searches when no algorithm is forced (NCCL: ring, tree, NVLS; Neuron:
// ring, mesh, recursive doubling-halving; XLA on ICI: rings per torus dimension).
std::vector<std::string> default_algorithms(CollectiveStack stack, Collective op) {
    switch (op) {
        case Collective::all_to_all:
        case Collective::send_recv:
            return {"direct"};
        case Collective::broadcast:
            if (stack == CollectiveStack::nccl || stack == CollectiveStack::rccl) return {"ring", "tree"};
            return {"ring", "direct"};
        case Collective::reduce_scatter:
        case Collective::all_gather:
            switch (stack) {
                case CollectiveStack::nccl:
                    return {"ring", "nvls"};
                case CollectiveStack::rccl:
                    return {"ring"};
                case CollectiveStack::neuron:
                    return {"ring", "direct", "rhd", "nvls"};
                case CollectiveStack::xla:
                    return {"ring", "direct"};
            }
            break;
        case Collective::all_reduce:
            switch (stack) {
                // NCCL's NVLSTree is its hierarchical all-reduce; without NVLS its tree already
                // chains inside nodes, so a generic hierarchical is not among its choices.
                case CollectiveStack::nccl:
                    return {"ring", "tree", "nvls", "nvls_tree"};
                case CollectiveStack::rccl:
                    return {"ring", "tree"};
                case CollectiveStack::neuron:
                    return {"ring", "direct", "rhd", "nvls", "hierarchical"};
                case CollectiveStack::xla:
                    return {"ring", "direct", "hierarchical"};
            }
            break;
    }
    return {"ring"};
}

// Stage algorithms of the hierarchical all-reduce: inside a domain, then across domains.
std::vector<detail::Algorithm> intra_algorithms(CollectiveStack stack) {
    using detail::Algorithm;
    switch (stack) {
        case CollectiveStack::nccl:
            return {Algorithm::ring, Algorithm::nvls};
        case CollectiveStack::rccl:
            return {Algorithm::ring};
        case CollectiveStack::neuron:
            return {Algorithm::ring, Algorithm::direct, Algorithm::rhd, Algorithm::nvls};
        case CollectiveStack::xla:
            return {Algorithm::ring, Algorithm::direct};
    }
    return {Algorithm::ring};
}

std::vector<detail::Algorithm> inter_algorithms(CollectiveStack stack) {
    using detail::Algorithm;
    switch (stack) {
        case CollectiveStack::nccl:
        case CollectiveStack::rccl:
            return {Algorithm::ring, Algorithm::tree};
        case CollectiveStack::neuron:
            return {Algorithm::ring, Algorithm::rhd};
        case CollectiveStack::xla:
            return {Algorithm::ring};
    }
    return {Algorithm::ring};
}

void check_params(const TierParams& params, Issues& issues) {
    for (int t = 0; t < topology::kTierCount; ++t) {
        const LinkParams& p = params[static_cast<std::size_t>(t)];
        const std::string where = "params." + std::string(topology::to_string(static_cast<topology::Tier>(t)));
        if (!(p.efficiency > 0.0 && p.efficiency <= 1.0))
            issues.push_back({where + ".efficiency", "must be in (0, 1]"});
        if (!(p.in_switch_efficiency > 0.0 && p.in_switch_efficiency <= 1.0))
            issues.push_back({where + ".in_switch_efficiency", "must be in (0, 1]"});
        if (!(p.step_overhead.value() >= 0.0) || !(p.in_switch_overhead.value() >= 0.0))
            issues.push_back({where + ".step_overhead", "must be >= 0"});
    }
}

// The steps among a chip's ranks that a collective adds when the software runs several ranks
// per chip (collective.h, Group::ranks_per_chip): reduce-scatter and all-gather take c - 1
// ring steps on the chip, all-reduce both.
struct OnChip {
    bool applies = false;
    units::Seconds latency{};
    units::Seconds transfer{};  // the on-chip ring's bandwidth time when it runs alone
};

OnChip on_chip_stage(Collective op, int per_chip, units::Bytes bytes, const TierParams& params) {
    OnChip o;
    if (per_chip <= 1) return o;
    int passes = 0;
    if (op == Collective::all_reduce) passes = 2;
    if (op == Collective::all_gather || op == Collective::reduce_scatter) passes = 1;
    const LinkParams& p = params[static_cast<std::size_t>(topology::Tier::scale_up)];
    if (passes == 0 || !(p.on_chip_step.value() > 0.0) || !(p.on_chip_bandwidth.value() > 0.0)) return o;
    const double c = per_chip;
    o.applies = true;
    o.latency = p.on_chip_step * (passes * (c - 1.0));
    o.transfer = units::Seconds(passes * (c - 1.0) / c * bytes.value() / p.on_chip_bandwidth.value());
    return o;
}

}  // namespace

struct CollectiveModel::Shape {
    int ranks = 0;
    int per_domain = 0;
    int per_node = 0;
    std::vector<int> chips;  // rank -> chip
};

CollectiveModel::CollectiveModel(const hw::SystemSpec& system, const hw::ChipSpec& chip, int cluster_chips,
                                 CollectiveOptions options)
    : system_(system),
      stack_(collective_stack(chip)),
      cluster_chips_(cluster_chips),
      params_(default_tier_params(system, chip)) {
    for (int t = 0; t < topology::kTierCount; ++t)
        if (options.params[static_cast<std::size_t>(t)])
            params_[static_cast<std::size_t>(t)] = *options.params[static_cast<std::size_t>(t)];
    check_params(params_, construction_issues_);
    if (cluster_chips < 1) {
        construction_issues_.push_back({"cluster_chips", "must be >= 1"});
        return;
    }
    topology::TopologyBuild built = topology::Topology::build_cluster(system, cluster_chips, options.fabric);
    construction_issues_.insert(construction_issues_.end(), built.issues.begin(), built.issues.end());
    topology_ = std::move(built.topology);
}

CollectiveModel::~CollectiveModel() = default;

const topology::Topology* CollectiveModel::topology() const { return topology_ ? &*topology_ : nullptr; }

std::optional<CollectiveModel::Shape> CollectiveModel::resolve(const Group& group, Issues& issues) const {
    const std::size_t before = issues.size();
    const int cpn = system_.chips_per_node;
    const int npd = system_.nodes_per_domain;
    const int cpd = system_.chips_per_domain();
    if (group.ranks < 2)
        issues.push_back(
            {"group.ranks", "a collective needs at least 2 ranks (got " + std::to_string(group.ranks) + ")"});
    if (group.ranks > cluster_chips_)
        issues.push_back({"group.ranks", std::to_string(group.ranks) + " ranks do not fit the cluster of " +
                                             std::to_string(cluster_chips_) + " chips"});
    if (group.ranks_per_node < 0 || group.ranks_per_node > cpn)
        issues.push_back({"group.ranks_per_node", "must be 0 (fill nodes) or 1.." + std::to_string(cpn) +
                                                      ": a node of " + system_.id + " holds " + std::to_string(cpn) +
                                                      " chips"});
    if (group.ranks_per_domain < 0 || group.ranks_per_domain > cpd)
        issues.push_back({"group.ranks_per_domain", "must be 0 (fill domains) or 1.." + std::to_string(cpd) +
                                                        ": a scale-up domain of " + system_.id + " holds " +
                                                        std::to_string(cpd) + " chips"});
    if (issues.size() > before) return std::nullopt;

    Shape s;
    s.ranks = group.ranks;
    s.per_domain = group.ranks_per_domain;
    s.per_node = group.ranks_per_node;
    if (s.per_domain == 0)
        s.per_domain = s.per_node > 0 ? std::min(group.ranks, s.per_node * npd) : std::min(group.ranks, cpd);
    s.per_domain = std::min(s.per_domain, group.ranks);
    if (s.per_node == 0) s.per_node = std::min(cpn, s.per_domain);
    if (s.per_domain > s.per_node * npd) {
        issues.push_back({"group.ranks_per_domain",
                          std::to_string(s.per_domain) + " ranks per domain need more than the " + std::to_string(npd) +
                              " nodes of a domain at " + std::to_string(s.per_node) + " ranks per node"});
        return std::nullopt;
    }
    const int domains = (group.ranks + s.per_domain - 1) / s.per_domain;
    if (domains > topology_->domain_count()) {
        issues.push_back({"group", "the group needs " + std::to_string(domains) + " scale-up domains at " +
                                       std::to_string(s.per_domain) + " ranks per domain; the cluster has " +
                                       std::to_string(topology_->domain_count())});
        return std::nullopt;
    }
    for (int r = 0; r < group.ranks; ++r) {
        const int d = r / s.per_domain;
        const int w = r % s.per_domain;
        const int chip = topology_->chip(d, w / s.per_node, w % s.per_node);
        if (chip >= cluster_chips_) {
            issues.push_back({"group", "placed at " + std::to_string(s.per_domain) + " ranks per domain and " +
                                           std::to_string(s.per_node) + " per node, the group needs chip " +
                                           std::to_string(chip + 1) + " of a cluster of " +
                                           std::to_string(cluster_chips_)});
            return std::nullopt;
        }
        s.chips.push_back(chip);
    }
    return s;
}

std::optional<topology::Tier> CollectiveModel::group_tier(const Group& group) const {
    if (!topology_) return std::nullopt;
    Issues ignored;
    const auto shape = resolve(group, ignored);
    if (!shape) return std::nullopt;
    bool domains = false;
    bool nodes = false;
    for (int c : shape->chips) {
        domains = domains || topology_->vertex(c).domain != topology_->vertex(shape->chips.front()).domain;
        nodes = nodes || topology_->vertex(c).node != topology_->vertex(shape->chips.front()).node;
    }
    if (domains) return topology::Tier::scale_out;
    if (nodes && system_.inter_node) return topology::Tier::inter_node;
    return topology::Tier::scale_up;
}

std::shared_ptr<const detail::Plan> CollectiveModel::build_plan(Collective op, const Shape& shape,
                                                                const std::string& algorithm,
                                                                bool allow_in_switch) const {
    using detail::Algorithm;
    auto plan = std::make_shared<detail::Plan>();
    const detail::Context ctx{*topology_, system_};
    const Algorithm a = *detail::algorithm_from(algorithm);

    // Stages are collected first and routed together: one shortest-path search per source chip
    // serves every phase of every option.
    struct Pending {
        std::string label;
        std::vector<std::pair<std::string, detail::Schedule>> options;
    };
    std::vector<Pending> pending;
    std::string why;
    auto stage_of = [&](const std::string& label, const std::vector<Algorithm>& algs, Collective sub_op,
                        const std::vector<detail::Members>& groups, double scale) {
        Pending st;
        st.label = label;
        for (Algorithm x : algs) {
            detail::Built b = detail::build_schedule(x, sub_op, groups, ctx, scale, allow_in_switch);
            if (b.variants.empty() && why.empty()) why = b.reason;
            for (auto& v : b.variants) st.options.emplace_back(std::string(detail::name(x)), std::move(v));
        }
        pending.push_back(std::move(st));
    };
    auto route_all = [&]() {
        std::vector<const detail::Schedule*> all;
        for (const Pending& st : pending)
            for (const auto& o : st.options) all.push_back(&o.second);
        auto costs = detail::cost_of(all, *topology_);
        std::size_t k = 0;
        for (const Pending& st : pending) {
            detail::Stage stage;
            stage.label = st.label;
            for (const auto& o : st.options) {
                auto& c = costs[k++];
                if (c) stage.options.push_back({o.first, std::move(*c)});
            }
            if (stage.options.empty()) {
                plan->stages.clear();
                plan->reason = why.empty() ? "no route joins the group's chips" : why;
                return;
            }
            plan->stages.push_back(std::move(stage));
        }
    };

    if (a != Algorithm::hierarchical) {
        stage_of("", {a}, op, {shape.chips}, 1.0);
        route_all();
        return plan;
    }

    const std::string label(detail::name(a));
    if (op != Collective::all_reduce) {
        plan->reason = label + " implements allreduce only";
        return plan;
    }
    std::vector<detail::Members> intra;
    std::map<int, std::size_t> index;
    for (int c : shape.chips) {
        auto [it, fresh] = index.emplace(topology_->vertex(c).domain, intra.size());
        if (fresh) intra.emplace_back();
        intra[it->second].push_back(c);
    }
    if (intra.size() < 2 || shape.per_domain < 2) {
        plan->reason = label + " needs a group spanning 2 or more scale-up domains with 2 or more ranks in each";
        return plan;
    }
    for (const auto& g : intra)
        if (g.size() != intra.front().size()) {
            plan->reason = label + " needs the same number of ranks in every domain";
            return plan;
        }
    std::vector<detail::Members> inter(intra.front().size());
    for (const auto& g : intra)
        for (std::size_t j = 0; j < g.size(); ++j) inter[j].push_back(g[j]);

    const double share = 1.0 / static_cast<double>(intra.front().size());
    // Stage by stage: the reduce-scatter finishes before the network stage starts.
    stage_of("reduce-scatter", intra_algorithms(stack_), Collective::reduce_scatter, intra, 1.0);
    stage_of("all-reduce", inter_algorithms(stack_), Collective::all_reduce, inter, share);
    stage_of("all-gather", intra_algorithms(stack_), Collective::all_gather, intra, 1.0);
    route_all();
    if (!plan->reason.empty()) plan->reason = label + ": " + plan->reason;
    return plan;
}

std::shared_ptr<const detail::Plan> CollectiveModel::plan(const CollectiveRequest& request, const Shape& shape,
                                                          const std::string& algorithm) const {
    Key key{static_cast<int>(request.op),     shape.ranks, shape.per_domain, shape.per_node, algorithm,
            request.allow_in_switch_reduction};
    std::shared_ptr<Memo> slot;
    {
        std::shared_lock lock(memo_mutex_);
        if (auto it = memo_.find(key); it != memo_.end()) slot = it->second;
    }
    if (!slot) {
        std::unique_lock lock(memo_mutex_);
        slot = memo_.try_emplace(key, std::make_shared<Memo>()).first->second;
    }
    // Built outside the map's lock, so other shapes go on being served meanwhile.
    std::call_once(slot->once,
                   [&] { slot->plan = build_plan(request.op, shape, algorithm, request.allow_in_switch_reduction); });
    return slot->plan;
}

CollectiveEstimate CollectiveModel::estimate(const CollectiveRequest& request) const {
    return estimate(request, params_);
}

CollectiveEstimate CollectiveModel::estimate(const CollectiveRequest& request, const TierParams& params) const {
    CollectiveEstimate out;
    if (!construction_issues_.empty() || !topology_) {
        out.issues = construction_issues_;
        if (out.issues.empty()) out.issues.push_back({"system", "no network could be built for this system"});
        return out;
    }
    check_params(params, out.issues);
    const double bytes = request.bytes.value();
    if (!(bytes > 0.0) || !std::isfinite(bytes))
        out.issues.push_back({"bytes", "must be a finite number of bytes > 0 (got " + std::to_string(bytes) + ")"});
    std::string forced;
    if (!request.algorithm.empty()) {
        if (auto c = canonical_algorithm(request.algorithm)) {
            forced = *c;
        } else {
            std::string known;
            for (const auto& n : algorithm_names()) known += (known.empty() ? "" : ", ") + n;
            out.issues.push_back({"algorithm", "unknown algorithm '" + request.algorithm + "'; known: " + known});
        }
    }
    const int per_chip = request.group.ranks_per_chip;
    if (per_chip < 1)
        out.issues.push_back({"group.ranks_per_chip", "must be >= 1 (got " + std::to_string(per_chip) + ")"});
    const OnChip on_chip = on_chip_stage(request.op, per_chip, request.bytes, params);
    if (out.issues.empty() && request.group.ranks == 1 && on_chip.applies) {
        // One chip: the on-chip ring alone, bandwidth included.
        CollectiveResult r;
        r.time = on_chip.latency + on_chip.transfer;
        r.algorithm = "ring";
        r.detail = "on-chip: " + std::to_string(per_chip) + " ranks";
        r.algbw = request.bytes / r.time;
        r.busbw = r.algbw * bus_bandwidth_factor(request.op, per_chip);
        out.result = r;
        return out;
    }
    const auto shape = resolve(request.group, out.issues);
    if (!out.issues.empty() || !shape) return out;

    const std::vector<std::string> candidates =
        forced.empty() ? default_algorithms(stack_, request.op) : std::vector<std::string>{forced};
    std::optional<CollectiveResult> best;
    std::string reasons;
    for (const std::string& alg : candidates) {
        const auto p = plan(request, *shape, alg);
        if (!p->reason.empty()) {
            reasons += (reasons.empty() ? "" : "; ") + p->reason;
            continue;
        }
        units::Seconds t{};
        std::string detail;
        for (const detail::Stage& st : p->stages) {
            const detail::Option* chosen = nullptr;
            units::Seconds stage_best(std::numeric_limits<double>::infinity());
            for (const detail::Option& o : st.options) {
                const units::Seconds ot = detail::time_of(o.phases, request.bytes, params);
                if (ot < stage_best) {
                    stage_best = ot;
                    chosen = &o;
                }
            }
            t += stage_best;
            if (!st.label.empty() && chosen) detail += (detail.empty() ? "" : ", ") + st.label + ": " + chosen->name;
        }
        if (!best || t < best->time) {
            CollectiveResult r;
            r.time = t;
            r.algorithm = alg;
            r.detail = detail;
            best = r;
        }
    }
    if (!best) {
        out.issues.push_back(
            {"algorithm",
             (forced.empty() ? "no algorithm implements " + std::string(to_string(request.op)) + " for this group: "
                             : std::string()) +
                 reasons});
        return out;
    }
    if (on_chip.applies) {
        // Between chips each core-rank runs its own ring over its share of the buffer, so the
        // chips' links carry what one rank per chip would; the on-chip exchanges pipeline with
        // them (the LLM-Viewer table's 64-rank all-reduce keeps ~167 GB/s algbw, twice its
        // 4-rank on-chip plateau), leaving their step latencies on the critical path.
        best->time += on_chip.latency;
        best->detail += std::string(best->detail.empty() ? "" : ", ") + "on-chip: " + std::to_string(per_chip) +
                        " ranks per chip";
    }
    best->algbw = request.bytes / best->time;
    best->busbw = best->algbw * bus_bandwidth_factor(request.op, request.group.ranks * std::max(1, per_chip));
    out.result = best;
    return out;
}

}  // namespace rackplan::kernels
