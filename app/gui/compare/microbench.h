#pragma once
// Microbenchmark curves of one system, as a user would measure them on the real part: GEMM
// efficiency against problem size (kernels::gemm) and all-reduce bus bandwidth against
// message size (the system's cached kernels::CollectiveModel). Plain data for the charts.
#include <string>
#include <vector>

#include "engine/evaluate.h"

namespace rackplan::gui {

struct CurvePoint {
    double x = 0.0;
    double y = 0.0;
};

struct CollectiveCurve {
    int ranks = 0;
    std::string scope;  // "node", "domain" (the scale-up domain, when larger than a node), "all"
    std::vector<CurvePoint> busbw_gbps;  // x: bytes per rank, y: GB/s
};

struct MicrobenchCurves {
    hw::Dtype dtype = hw::Dtype::bf16;
    std::vector<CurvePoint> gemm_efficiency;  // x: m = n = k, y: fraction of the dense peak
    std::vector<CollectiveCurve> all_reduce;  // narrowest group first
    std::string issue;                        // why a curve is missing, if one is
};

// Square GEMM sizes 128 … 32768 at `dtype`; all-reduce from 1 KiB to 4 GiB over one node,
// one scale-up domain (when larger than a node) and all `chips`, each where it fits.
MicrobenchCurves microbench_curves(const engine::EvaluationContext::Hardware& hardware, int chips, hw::Dtype dtype);

}  // namespace rackplan::gui
