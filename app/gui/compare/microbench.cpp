#include "microbench.h"

#include "kernels/collective.h"
#include "kernels/gemm.h"

namespace rackplan::gui {

MicrobenchCurves microbench_curves(const engine::EvaluationContext::Hardware& hx, int chips, hw::Dtype dtype) {
    MicrobenchCurves out;
    out.dtype = dtype;
    for (std::int64_t n = 128; n <= 32768; n *= 2) {
        kernels::GemmShape shape;
        shape.m = shape.n = shape.k = n;
        shape.dtype = dtype;
        const kernels::KernelEstimate e = kernels::gemm(hx.chip, shape);
        if (e.ok()) out.gemm_efficiency.push_back({static_cast<double>(n), e.result->efficiency});
        else if (out.issue.empty() && !e.issues.empty()) out.issue = "GEMM: " + e.issues.front().message;
    }

    const int node = hx.system.chips_per_node;
    const int domain = hx.system.chips_per_domain();
    std::vector<std::pair<int, std::string>> groups;
    if (node > 1 && node < chips) groups.emplace_back(node, "node");
    if (domain > node && domain < chips) groups.emplace_back(domain, "domain");
    if (chips > 1) groups.emplace_back(chips, "all");
    for (const auto& [ranks, scope] : groups) {
        CollectiveCurve curve;
        curve.ranks = ranks;
        curve.scope = scope;
        kernels::CollectiveRequest req;
        req.op = kernels::Collective::all_reduce;
        req.group.ranks = ranks;
        for (double bytes = 1024.0; bytes <= 4.0 * 1024 * 1024 * 1024; bytes *= 4.0) {
            req.bytes = units::bytes(bytes);
            const kernels::CollectiveEstimate e = hx.network->estimate(req);
            if (e.ok()) curve.busbw_gbps.push_back({bytes, units::to_gbps(e.result->busbw)});
            else if (out.issue.empty() && !e.issues.empty()) out.issue = "all-reduce: " + e.issues.front().message;
        }
        if (!curve.busbw_gbps.empty()) out.all_reduce.push_back(std::move(curve));
    }
    return out;
}

}  // namespace rackplan::gui
