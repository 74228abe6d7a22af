// rackplan: command-line front end. Builds the CLI11 app, lets each command file register
// its subcommands, runs the one that parsed and maps errors to one stderr line and an exit
// code: 0 ok, 1 failure (I/O, database, invalid catalog), 2 usage.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli_common.h"
#include "commands.h"
#include "io/seed.h"

namespace {

using namespace rackplan::cli;

constexpr const char* kProgram = "rackplan";

int report(const std::string& where, const std::string& why, const std::string& hint, int code) {
    std::cerr << kProgram << ": " << (where.empty() ? "" : where + ": ") << why << (hint.empty() ? "" : " (" + hint + ")")
              << "\n";
    return code;
}

// The deepest subcommand the parser entered, to name it in messages.
const CLI::App* current_command(const CLI::App& app) {
    const CLI::App* at = &app;
    for (bool deeper = true; deeper;) {
        deeper = false;
        for (const CLI::App* sub : at->get_subcommands()) {
            at = sub;
            deeper = true;
            break;
        }
    }
    return at;
}

std::string help_hint(const CLI::App* at) {
    std::string path = command_path(at);
    return "try: rackplan " + (path.empty() ? "" : path + " ") + "--help";
}

// CLI11's parse errors, as one line that names the command.
int usage_error(const CLI::App& app, const CLI::ParseError& e) {
    const CLI::App* at = current_command(app);
    std::string why = e.what();
    // The first word nobody took: an unknown command where one was due, else an unknown option
    // or a stray argument.
    std::vector<std::string> extra = app.remaining(true);
    bool wants_command = !at->get_subcommands({}).empty();
    if (dynamic_cast<const CLI::ExtrasError*>(&e) ||
        (dynamic_cast<const CLI::RequiredError*>(&e) && why.find("subcommand") != std::string::npos)) {
        if (extra.empty()) why = "missing command";
        else if (extra.front().rfind('-', 0) == 0) why = "unknown option '" + extra.front() + "'";
        else if (wants_command) why = "unknown command '" + extra.front() + "'";
        else why = "unexpected argument '" + extra.front() + "'";
    }
    if (!why.empty() && why.back() == '\n') why.pop_back();
    return report(command_path(at), why, help_hint(at), kExitUsage);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"rackplan: cost-performance capacity planning of AI compute (Trainium racks vs GPU clusters)",
                 kProgram};
    GlobalOptions global;
    Registry registry;
    registry.global = &global;

    std::string db;
    app.set_version_flag("--version", std::string(kProgram) + " " + rackplan::io::version_string());
    app.add_option("--db", db, "SQLite database (default: $RACKPLAN_DB, else $XDG_DATA_HOME/rackplan/rackplan.db)");
    app.require_subcommand(1);
    app.footer("Run 'rackplan help COMMAND' or 'rackplan COMMAND --help' for a command's options.");

    register_catalog_command(app, registry);
    register_evaluate_command(app, registry);
    register_batch_command(app, registry);
    register_bench_command(app, registry);
    register_compare_command(app, registry);
    register_plan_command(app, registry);
    register_scenario_command(app, registry);
    register_microbench_command(app, registry);
    register_calibrate_command(app, registry);
    register_report_command(app, registry);
    register_validate_command(app, registry);
    register_help_command(app, registry);

    const CLI::App* running = &app;
    try {
        app.parse(argc, argv);
        if (!db.empty()) global.db = db;
        const std::function<int()>* action = nullptr;
        for (const auto& [sub, run] : registry.actions)
            if (sub->parsed()) {
                running = sub;
                action = &run;
            }
        if (!action) return usage_error(app, CLI::RequiredError("A subcommand"));
        return (*action)();
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return app.exit(e);  // --help, --version
        return usage_error(app, e);
    } catch (const UsageError& e) {
        return report(command_path(running), e.what(), e.hint(), kExitUsage);
    } catch (const Failure& e) {
        return report(command_path(running), e.what(), e.hint(), kExitFailure);
    } catch (const rackplan::store::Error& e) {
        return report(command_path(running), e.what(), hint_for(e), kExitFailure);
    } catch (const std::exception& e) {
        return report(command_path(running), e.what(), "", kExitFailure);
    }
}
