// `rackplan help [COMMAND...]`: the same text as `rackplan COMMAND --help`.
#include <CLI/CLI.hpp>

#include <iostream>

#include "commands.h"

namespace rackplan::cli {

void register_help_command(CLI::App& app, Registry& registry) {
    auto words = std::make_shared<std::vector<std::string>>();
    CLI::App* cmd = app.add_subcommand("help", "Show the help of a command: rackplan help catalog list");
    cmd->add_option("command", *words, "Command words");
    registry.add(cmd, [&app, words] {
        const CLI::App* target = &app;
        for (const auto& w : *words) {
            const CLI::App* next = nullptr;
            for (const CLI::App* sub : target->get_subcommands({}))
                if (sub->get_name() == w) next = sub;
            if (!next) {
                std::string path = command_path(target);
                throw UsageError("unknown command '" + (path.empty() ? "" : path + " ") + w + "'",
                                 "try: rackplan --help");
            }
            target = next;
        }
        // The formatter directly: App::help() would describe the parsed `help` subcommand.
        std::string path = command_path(target);
        std::cout << target->get_formatter()->make_help(target, std::string("rackplan") + (path.empty() ? "" : " " + path),
                                                        CLI::AppFormatMode::Normal);
        return kExitOk;
    });
}

}  // namespace rackplan::cli
