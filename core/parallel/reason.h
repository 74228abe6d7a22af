#pragma once
// Why a layout is infeasible: the batch CSV column to blame and a message with the numbers.
// An empty column means the layout as a whole (e.g. memory).
#include <string>
#include <vector>

namespace rackplan::parallel {

struct Reason {
    std::string column;
    std::string message;
};

using Reasons = std::vector<Reason>;

}  // namespace rackplan::parallel
