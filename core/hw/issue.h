#pragma once
// A problem found in input, located by a JSON path (`systems[3].scale_up.dims`) or a CSV
// row/column. Validation returns every issue at once instead of stopping at the first.
#include <string>
#include <vector>

namespace rackplan {

struct Issue {
    std::string path;     // where: JSON path, or "row 12, column tp"
    std::string message;  // what is wrong, in words a user can act on
};

using Issues = std::vector<Issue>;

}  // namespace rackplan
