// `rackplan scenario list|show NAME|delete NAME`: the comparisons and plans saved with --save,
// their input and their latest result.
#include <CLI/CLI.hpp>

#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "io/seed.h"
#include "plan_output.h"
#include "store/scenario_store.h"
#include "table_format.h"

namespace rackplan::cli {
namespace {

store::Scenario find_scenario(store::Database& db, const std::string& name) {
    auto s = store::load_scenario(db, name);
    if (!s) throw UsageError("unknown scenario '" + name + "'", "see: rackplan scenario list");
    return *s;
}

// A list cell is one line: the note of kept layouts follows the command.
std::string one_line(std::string s) {
    if (auto nl = s.find('\n'); nl != std::string::npos) s = s.substr(0, nl) + " (+ kept layouts)";
    return s;
}

nlohmann::json parse_stored(const std::string& text, const std::string& what) {
    nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) throw Failure("the stored " + what + " is not valid JSON");
    return j;
}

void add_list(CLI::App& parent, Registry& registry) {
    auto format = std::make_shared<std::string>("table");
    CLI::App* cmd = parent.add_subcommand("list", "List the saved scenarios");
    cmd->add_option("--format", *format, "table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
    registry.add(cmd, [format, &registry] {
        store::Database db = open_db(*registry.global);
        Table t;
        t.columns = {{"name", "NAME"}, {"kind", "KIND"}, {"updated_at", "UPDATED"}, {"results", "RESULTS"},
                     {"command", "COMMAND"}};
        for (const auto& s : store::list_scenarios(db)) {
            const nlohmann::json input = nlohmann::json::parse(s.input_json, nullptr, false);
            t.rows.push_back({s.name, s.kind, s.updated_at, Cell(static_cast<int>(store::list_results(db, s.id).size())),
                              is_run_input(input) ? Cell(one_line(command_line(input))) : Cell("(not a compare or plan request)")});
        }
        const Format f = *format_from(*format);
        if (f == Format::table && t.rows.empty()) std::cout << "No saved scenarios (compare or plan with --save NAME).\n";
        else std::cout << render(t, f);
        return kExitOk;
    });
}

void add_show(CLI::App& parent, Registry& registry) {
    struct Args {
        std::string name;
        std::string format = "table";
    };
    auto args = std::make_shared<Args>();
    CLI::App* cmd = parent.add_subcommand("show", "Show a saved scenario: its input and its latest result");
    cmd->add_option("name", args->name, "Scenario name")->required();
    cmd->add_option("--format", args->format, "table, csv (the result) or json")->check(CLI::IsMember({"table", "csv", "json"}));
    registry.add(cmd, [args, &registry] {
        store::Database db = open_db(*registry.global);
        const store::Scenario s = find_scenario(db, args->name);
        const nlohmann::json input = parse_stored(s.input_json, "input of scenario " + s.name);
        const auto results = store::list_results(db, s.id);
        const Format f = *format_from(args->format);
        if (f == Format::json) {
            nlohmann::json j{{"name", s.name},       {"kind", s.kind},   {"created_at", s.created_at},
                             {"updated_at", s.updated_at}, {"input", input}, {"result", nullptr}};
            if (!results.empty()) {
                j["result"] = parse_stored(results.back().output_json, "result of scenario " + s.name);
                j["result_created_at"] = results.back().created_at;
                j["engine_version"] = results.back().engine_version;
            }
            std::cout << j.dump(2) << "\n";
            return kExitOk;
        }
        if (f == Format::csv) {
            if (results.empty()) throw Failure("scenario " + s.name + " has no stored result");
            std::cout << render_result(parse_stored(results.back().output_json, "result of scenario " + s.name), f);
            return kExitOk;
        }
        std::cout << "Scenario " << s.name << " (" << s.kind << "), saved " << s.updated_at << "\n";
        std::cout << "Input: " << (is_run_input(input) ? command_line(input) : "(not a compare or plan request) " + input.dump())
                  << "\n";
        if (results.empty()) {
            std::cout << "No result stored.\n";
            return kExitOk;
        }
        const auto& latest = results.back();
        std::cout << "Result of " << latest.created_at << " (rackplan " << latest.engine_version << ")"
                  << (results.size() > 1 ? ", the latest of " + std::to_string(results.size()) : std::string()) << ":\n\n";
        const nlohmann::json result = parse_stored(latest.output_json, "result of scenario " + s.name);
        std::cout << (is_result_document(result) ? render_result(result, f) : result.dump(2) + "\n");
        return kExitOk;
    });
}

// Reads the document `scenario show NAME --format json` prints and stores it under NAME, so a
// scenario can move between databases or be kept under a second name.
void add_save(CLI::App& parent, Registry& registry) {
    struct Args {
        std::string name;
        std::string from;
    };
    auto args = std::make_shared<Args>();
    CLI::App* cmd = parent.add_subcommand("save", "Save a scenario document (as `scenario show --format json` writes it) under a name");
    cmd->add_option("name", args->name, "Scenario name")->required();
    cmd->add_option("--from", args->from, "JSON file from `rackplan scenario show NAME --format json`")->required();
    registry.add(cmd, [args, &registry] {
        if (args->name.empty()) throw UsageError("name: must not be empty");
        const std::string text = read_text_file(args->from);
        nlohmann::json doc;
        try {
            doc = nlohmann::json::parse(text);
        } catch (const nlohmann::json::parse_error& e) {
            throw Failure(args->from + ": not valid JSON: " + e.what());
        }
        if (!doc.is_object()) throw Failure(args->from + ": $: a scenario document must be a JSON object");
        if (!doc.contains("kind") || !doc["kind"].is_string() || doc["kind"].get<std::string>().empty())
            throw Failure(args->from + ": $.kind: missing (a non-empty string such as \"compare\" or \"plan\")");
        if (!doc.contains("input") || !doc["input"].is_object())
            throw Failure(args->from + ": $.input: missing (the scenario's input object)");
        if (doc.contains("result") && !doc["result"].is_null() && !doc["result"].is_object())
            throw Failure(args->from + ": $.result: must be an object or null");
        // The document is checked whole above; scenario and result are then written by the store.
        store::Database db = open_db(*registry.global);
        const std::int64_t id = store::save_scenario(db, args->name, doc["kind"].get<std::string>(), doc["input"].dump());
        if (doc.contains("result") && doc["result"].is_object()) {
            const std::string version = doc.contains("engine_version") && doc["engine_version"].is_string()
                                            ? doc["engine_version"].get<std::string>()
                                            : io::version_string();
            store::save_result(db, id, version, doc["result"].dump());
        }
        std::cout << "Saved scenario " << args->name << ".\n";
        return kExitOk;
    });
}

void add_delete(CLI::App& parent, Registry& registry) {
    auto name = std::make_shared<std::string>();
    CLI::App* cmd = parent.add_subcommand("delete", "Delete a saved scenario and its results");
    cmd->add_option("name", *name, "Scenario name")->required();
    registry.add(cmd, [name, &registry] {
        store::Database db = open_db(*registry.global);
        if (!store::delete_scenario(db, *name)) throw UsageError("unknown scenario '" + *name + "'", "see: rackplan scenario list");
        std::cout << "Deleted scenario " << *name << ".\n";
        return kExitOk;
    });
}

}  // namespace

void register_scenario_command(CLI::App& app, Registry& registry) {
    CLI::App* cmd = app.add_subcommand("scenario", "List, show, save and delete saved comparisons and plans");
    cmd->require_subcommand(1);
    cmd->fallthrough();
    add_list(*cmd, registry);
    add_show(*cmd, registry);
    add_save(*cmd, registry);
    add_delete(*cmd, registry);
}

}  // namespace rackplan::cli
