#pragma once
// Rules that span catalog entries: unique ids, known source tags, systems that name a known
// chip, topology dimensions that match the chip counts.
#include "hw/catalog.h"
#include "hw/issue.h"

namespace rackplan::hw {

Issues check_catalog(const Catalog& catalog);

}  // namespace rackplan::hw
