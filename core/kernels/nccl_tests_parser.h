#pragma once
// Reads the table nccl-tests prints (all_reduce_perf and friends):
//   #       size   count   type   redop   root   time  algbw  busbw #wrong   time  algbw  busbw #wrong
// with out-of-place and in-place columns; comment lines start with '#'. Every malformed
// line is reported with its line number; nothing is guessed.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hw/issue.h"
#include "units/quantity.h"

namespace rackplan::kernels {

struct NcclTestsPoint {
    units::Bytes bytes{};
    units::Seconds time{};
    units::BytesPerSecond algbw{};
    units::BytesPerSecond busbw{};
    bool in_place = false;
    int line = 0;  // 1-based line of the table row
};

struct NcclTestsRun {
    std::vector<NcclTestsPoint> points;  // out-of-place and in-place point of every row
    std::string collective;              // from "# Collective test starting: all_reduce_perf", if printed
    int ranks = 0;                       // "#  Rank N ..." device lines counted, 0 when absent
    Issues issues;
    [[nodiscard]] bool ok() const { return issues.empty() && !points.empty(); }
};

NcclTestsRun parse_nccl_tests(std::string_view text);

}  // namespace rackplan::kernels
