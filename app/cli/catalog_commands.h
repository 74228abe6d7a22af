#pragma once
// The `catalog` subcommands, one file each: list, show, and the exchange trio
// import / export / validate.
#include "cli_common.h"

namespace rackplan::cli {

void add_catalog_list(CLI::App& catalog, Registry& registry);
void add_catalog_show(CLI::App& catalog, Registry& registry);
void add_catalog_exchange(CLI::App& catalog, Registry& registry);

}  // namespace rackplan::cli
