// `rackplan catalog import | export | validate`: catalogs in and out of the database as JSON
// documents (data/README.md). An import is validated whole and applied in one transaction.
#include <CLI/CLI.hpp>

#include <iostream>

#include "catalog_commands.h"
#include "hw/catalog_checks.h"
#include "io/catalog_json.h"
#include "store/catalog_store.h"

namespace rackplan::cli {
namespace {

std::string plural(size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string summary(const hw::Catalog& c) {
    return plural(c.chips.size(), "chip", "chips") + ", " + plural(c.systems.size(), "system", "systems") + ", " +
           plural(c.fabrics.size(), "fabric", "fabrics") + ", " + plural(c.models.size(), "model", "models") + ", " +
           plural(c.sources.size(), "source", "sources") + ", " +
           plural(c.cost_defaults.size(), "cost default", "cost defaults");
}

// Lists the problems (stderr) and fails: exit 1, nothing imported.
[[noreturn]] void refuse_import(const std::string& file, const Issues& issues) {
    print_issues(std::cerr, file, issues);
    throw Failure(file + ": " + plural(issues.size(), "problem", "problems") + "; nothing was imported");
}

void add_import(CLI::App& catalog, Registry& registry) {
    struct Options {
        std::string file;
        bool replace = false;
    };
    auto opts = std::make_shared<Options>();
    CLI::App* cmd = catalog.add_subcommand("import", "Import a catalog document into the database");
    cmd->fallthrough();
    cmd->add_option("file", opts->file, "Catalog JSON (the shape 'catalog export' writes)")->required();
    cmd->add_flag("--replace", opts->replace,
                  "Replace the whole stored catalog (default: add entries, replacing those with the same id)");
    cmd->footer("The file is validated whole, merged with the stored catalog; any problem and nothing is written.");
    const GlobalOptions* global = registry.global;
    registry.add(cmd, [opts, global] {
        io::CatalogParse parse = io::parse_catalog(read_text_file(opts->file));
        auto mode = opts->replace ? store::ImportMode::replace : store::ImportMode::merge;
        // A replace discards the stored catalog, so a new database need not be seeded first.
        store::Database db = opts->replace ? open_db_unseeded(*global) : open_db(*global);
        if (!parse.ok()) {
            // List the cross-entry problems of what did parse too: every problem in one go.
            Issues issues = parse.issues;
            for (auto& i : store::check_import(db, parse.catalog, mode)) issues.push_back(std::move(i));
            refuse_import(opts->file, issues);
        }
        Issues issues = store::import_catalog(db, parse.catalog, mode);
        if (!issues.empty()) refuse_import(opts->file, issues);
        std::cout << "imported " << opts->file << " (" << summary(parse.catalog) << ") into " << db.path().string()
                  << (opts->replace ? ", replacing the catalog" : "") << "\n";
        return kExitOk;
    });
}

void add_export(CLI::App& catalog, Registry& registry) {
    auto out = std::make_shared<std::string>();
    CLI::App* cmd = catalog.add_subcommand("export", "Write the stored catalog as one JSON document");
    cmd->fallthrough();
    cmd->add_option("-o,--output", *out, "Write to this file (atomically) instead of stdout");
    const GlobalOptions* global = registry.global;
    registry.add(cmd, [out, global] {
        store::Database db = open_db(*global);
        hw::Catalog c = store::load_catalog(db);
        std::string doc = io::dump_catalog(c);
        if (out->empty() || *out == "-") {
            std::cout << doc;
        } else {
            write_file_atomically(*out, doc);
            std::cout << "wrote " << *out << " (" << summary(c) << ")\n";
        }
        return kExitOk;
    });
}

void add_validate(CLI::App& catalog, Registry& registry) {
    struct Options {
        std::string file;
        bool against_db = false;
    };
    auto opts = std::make_shared<Options>();
    CLI::App* cmd = catalog.add_subcommand("validate", "Check a catalog document without importing it");
    cmd->fallthrough();
    cmd->add_option("file", opts->file, "Catalog JSON")->required();
    cmd->add_flag("--against-db", opts->against_db,
                  "Check it as 'catalog import' would: merged with the stored catalog (default: on its own)");
    cmd->footer("Prints every problem as FILE: PATH: MESSAGE; exits 1 when there is any.");
    const GlobalOptions* global = registry.global;
    registry.add(cmd, [opts, global] {
        io::CatalogParse parse = io::parse_catalog(read_text_file(opts->file));
        Issues issues = parse.issues;
        if (opts->against_db) {
            if (parse.ok()) {
                store::Database db = open_db(*global);
                issues = store::check_import(db, parse.catalog);
            }
        } else {
            for (auto& i : hw::check_catalog(parse.catalog)) issues.push_back(std::move(i));
        }
        if (!issues.empty()) {
            print_issues(std::cout, opts->file, issues);
            throw Failure(opts->file + ": " + plural(issues.size(), "problem", "problems"));
        }
        std::cout << opts->file << ": valid (" << summary(parse.catalog) << ")\n";
        return kExitOk;
    });
}

}  // namespace

void add_catalog_exchange(CLI::App& catalog, Registry& registry) {
    add_import(catalog, registry);
    add_export(catalog, registry);
    add_validate(catalog, registry);
}

}  // namespace rackplan::cli
