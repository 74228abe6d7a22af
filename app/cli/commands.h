#pragma once
// Every top-level command registers itself here; main.cpp calls these in order.
#include "cli_common.h"

namespace rackplan::cli {

void register_catalog_command(CLI::App& app, Registry& registry);
void register_help_command(CLI::App& app, Registry& registry);
void register_evaluate_command(CLI::App& app, Registry& registry);
void register_batch_command(CLI::App& app, Registry& registry);
void register_bench_command(CLI::App& app, Registry& registry);
void register_compare_command(CLI::App& app, Registry& registry);
void register_plan_command(CLI::App& app, Registry& registry);
void register_scenario_command(CLI::App& app, Registry& registry);
void register_microbench_command(CLI::App& app, Registry& registry);
void register_calibrate_command(CLI::App& app, Registry& registry);
void register_report_command(CLI::App& app, Registry& registry);
void register_validate_command(CLI::App& app, Registry& registry);

}  // namespace rackplan::cli
