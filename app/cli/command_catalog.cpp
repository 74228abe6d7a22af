// `rackplan catalog ...`: the hardware, model and price catalog in the database.
#include <CLI/CLI.hpp>

#include "catalog_commands.h"
#include "commands.h"

namespace rackplan::cli {

void register_catalog_command(CLI::App& app, Registry& registry) {
    CLI::App* catalog = app.add_subcommand("catalog", "List, show, import, export and validate the catalog");
    catalog->require_subcommand(1);
    catalog->fallthrough();
    add_catalog_list(*catalog, registry);
    add_catalog_show(*catalog, registry);
    add_catalog_exchange(*catalog, registry);
}

}  // namespace rackplan::cli
