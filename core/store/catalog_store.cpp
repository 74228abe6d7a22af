#include "store/catalog_store.h"

#include <algorithm>
#include <cstdlib>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "hw/catalog_checks.h"
#include "io/catalog_edit.h"
#include "io/catalog_json.h"
#include "store/migrations.h"

namespace rackplan::store {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr size_t kSeedIssuesShown = 5;

void insert_figures(Statement& ins, std::string_view kind, std::string_view id, const std::string& prefix,
                    const hw::Figures& figures) {
    for (const auto& [path, f] : figures) {
        ins.bind(1, kind).bind(2, id).bind(3, prefix + path).bind(4, f.value).bind(5, f.unit);
        if (f.low) ins.bind(6, *f.low);
        else ins.bind_null(6);
        if (f.high) ins.bind(7, *f.high);
        else ins.bind_null(7);
        ins.bind(8, f.source).bind(9, hw::to_string(f.confidence)).bind(10, f.note);
        ins.run();
    }
}

// Replaces every catalog table with `c`. The caller holds the transaction.
void write_catalog(Database& db, const hw::Catalog& c) {
    // Children before parents: systems reference chips.
    db.exec(
        "DELETE FROM figures; DELETE FROM systems; DELETE FROM chips; DELETE FROM fabrics;"
        "DELETE FROM models; DELETE FROM cost_defaults; DELETE FROM sources;");

    Statement src = db.prepare("INSERT INTO sources (tag, citation) VALUES (?1, ?2)");
    for (const auto& [tag, citation] : c.sources) src.bind(1, tag).bind(2, citation).run();

    Statement fig = db.prepare(
        "INSERT INTO figures (entity_kind, entity_id, path, value, unit, low, high, source, confidence, note)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");

    Statement chip = db.prepare("INSERT INTO chips (id, name, vendor, architecture, spec) VALUES (?1, ?2, ?3, ?4, ?5)");
    for (const auto& x : c.chips) {
        chip.bind(1, x.id).bind(2, x.name).bind(3, x.vendor).bind(4, hw::to_string(x.architecture));
        chip.bind(5, io::chip_to_json(x).dump()).run();
        insert_figures(fig, "chip", x.id, "", x.figures);
    }
    Statement sys = db.prepare("INSERT INTO systems (id, name, vendor, kind, chip_id, spec) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    for (const auto& x : c.systems) {
        sys.bind(1, x.id).bind(2, x.name).bind(3, x.vendor).bind(4, hw::to_string(x.kind)).bind(5, x.chip);
        sys.bind(6, io::system_to_json(x).dump()).run();
        insert_figures(fig, "system", x.id, "", x.figures);
    }
    Statement fab = db.prepare("INSERT INTO fabrics (id, name, kind, spec) VALUES (?1, ?2, ?3, ?4)");
    for (const auto& x : c.fabrics) {
        fab.bind(1, x.id).bind(2, x.name).bind(3, hw::to_string(x.kind)).bind(4, io::fabric_to_json(x).dump()).run();
        for (size_t t = 0; t < x.tiers.size(); ++t)
            insert_figures(fig, "fabric", x.id, "tiers[" + std::to_string(t) + "].", x.tiers[t]);
    }
    Statement mod = db.prepare("INSERT INTO models (id, name, spec) VALUES (?1, ?2, ?3)");
    for (const auto& x : c.models) mod.bind(1, x.id).bind(2, x.name).bind(3, io::model_to_json(x).dump()).run();

    Statement cost = db.prepare("INSERT INTO cost_defaults (name, spec) VALUES (?1, ?2)");
    for (const auto& [name, f] : c.cost_defaults) {
        hw::Figures one{{name, f}};
        cost.bind(1, name).bind(2, io::figures_to_json(one).at(name).dump()).run();
    }
    insert_figures(fig, "cost_default", "cost_defaults", "", c.cost_defaults);
}

// Entries of one kind after an import: the stored ones it keeps, then the incoming ones in
// file order (duplicates included, so check_catalog reports them).
template <class T>
std::vector<T> combine(const std::vector<T>& stored, const std::vector<T>& incoming, size_t& kept) {
    std::set<std::string, std::less<>> replaced;
    for (const auto& x : incoming) replaced.insert(x.id);
    std::vector<T> out;
    for (const auto& x : stored)
        if (!replaced.count(x.id)) out.push_back(x);
    kept = out.size();
    out.insert(out.end(), incoming.begin(), incoming.end());
    return out;
}

// Rewrites `kind[i]` at the start of an issue path so it points into the imported document.
template <class T>
void relabel(Issue& issue, std::string_view kind, const std::vector<T>& combined, size_t kept) {
    std::string prefix = std::string(kind) + "[";
    if (issue.path.rfind(prefix, 0) != 0) return;
    size_t close = issue.path.find(']', prefix.size());
    if (close == std::string::npos) return;
    size_t i = std::stoul(issue.path.substr(prefix.size(), close - prefix.size()));
    if (i >= combined.size()) return;
    std::string rest = issue.path.substr(close + 1);
    if (i < kept) issue.path = "(database) " + std::string(kind) + "['" + combined[i].id + "']" + rest;
    else issue.path = prefix + std::to_string(i - kept) + "]" + rest;
}

json parse_spec(const Database& db, const std::string& text, const std::string& what) {
    try {
        return json::parse(text);
    } catch (const json::exception& e) {
        throw Error(db.path().string() + ": stored " + what + " is not valid JSON: " + e.what(),
                    Error::Kind::not_a_database);
    }
}

}  // namespace

fs::path default_db_path(const std::optional<fs::path>& flag) {
    if (flag && !flag->empty()) return *flag;
    if (const char* env = std::getenv("RACKPLAN_DB"); env && *env) return env;
    // XDG: a relative XDG_DATA_HOME is invalid and must be ignored.
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg && fs::path(xdg).is_absolute())
        return fs::path(xdg) / "rackplan" / "rackplan.db";
    if (const char* home = std::getenv("HOME"); home && *home)
        return fs::path(home) / ".local" / "share" / "rackplan" / "rackplan.db";
    throw Error("no database path: HOME is not set; pass --db PATH or set RACKPLAN_DB", Error::Kind::io);
}

Database open_database_unseeded(const fs::path& path) {
    if (path.has_parent_path()) {
        std::error_code ec;
        fs::create_directories(path.parent_path(), ec);
        if (ec)
            throw Error(path.string() + ": cannot create folder " + path.parent_path().string() + ": " + ec.message(),
                        Error::Kind::io);
    }
    std::error_code ec;
    if (fs::is_directory(path, ec)) throw Error(path.string() + ": is a folder, not a database file", Error::Kind::io);
    Database db = Database::open(path);
    migrate(db);
    return db;
}

bool catalog_is_empty(Database& db) {
    Statement s = db.prepare(
        "SELECT EXISTS (SELECT 1 FROM sources) OR EXISTS (SELECT 1 FROM chips) OR EXISTS (SELECT 1 FROM systems)"
        " OR EXISTS (SELECT 1 FROM fabrics) OR EXISTS (SELECT 1 FROM models) OR EXISTS (SELECT 1 FROM cost_defaults)");
    s.step();
    return s.integer(0) == 0;
}

bool seed_if_empty(Database& db, const std::function<io::SeedLoad()>& load_seed) {
    if (!catalog_is_empty(db)) return false;
    auto tx = db.transaction();
    if (!catalog_is_empty(db)) return false;
    io::SeedLoad seed = load_seed();
    if (!seed.parse.ok()) {
        std::string msg = db.path().string() + ": cannot seed the catalog: " + std::to_string(seed.parse.issues.size()) +
                          " problem(s) in the seed catalog (" + seed.origin + "): ";
        for (size_t i = 0; i < seed.parse.issues.size() && i < kSeedIssuesShown; ++i)
            msg += (i ? "; " : "") + seed.parse.issues[i].path + ": " + seed.parse.issues[i].message;
        if (seed.parse.issues.size() > kSeedIssuesShown) msg += "; ...";
        throw Error(msg);
    }
    write_catalog(db, seed.parse.catalog);
    tx.commit();
    return true;
}

Database open_catalog_db(const fs::path& path) {
    Database db = open_database_unseeded(path);
    seed_if_empty(db, [] { return io::load_seed_catalog(); });
    return db;
}

hw::Catalog load_catalog(Database& db) {
    json doc{{"format", "rackplan-catalog"}, {"version", 1}};
    doc["sources"] = json::object();
    {
        Statement s = db.prepare("SELECT tag, citation FROM sources ORDER BY tag");
        while (s.step()) doc["sources"][s.text(0)] = s.text(1);
    }
    for (const char* table : {"chips", "systems", "fabrics", "models"}) {
        json& arr = doc[table] = json::array();
        // Table names come from the fixed list above, never from input.
        Statement s = db.prepare(std::string("SELECT id, spec FROM ") + table + " ORDER BY id");
        while (s.step()) arr.push_back(parse_spec(db, s.text(1), std::string(table) + " '" + s.text(0) + "'"));
    }
    doc["cost_defaults"] = json::object();
    {
        Statement s = db.prepare("SELECT name, spec FROM cost_defaults ORDER BY name");
        while (s.step()) doc["cost_defaults"][s.text(0)] = parse_spec(db, s.text(1), "cost default '" + s.text(0) + "'");
    }
    io::CatalogParse parse = io::parse_catalog_json(doc);
    if (!parse.ok())
        throw Error(db.path().string() + ": the stored catalog does not parse (" + parse.issues.front().path + ": " +
                        parse.issues.front().message + ")",
                    Error::Kind::not_a_database);
    return std::move(parse.catalog);
}

namespace {

struct Combined {
    hw::Catalog catalog;
    Issues issues;
};

// The catalog an import would leave, and its issues with paths pointing into `incoming`.
Combined combine_for_import(const hw::Catalog& stored, const hw::Catalog& incoming) {
    Combined out;
    hw::Catalog& c = out.catalog;
    c.sources = stored.sources;
    for (const auto& [tag, citation] : incoming.sources) c.sources[tag] = citation;
    c.cost_defaults = stored.cost_defaults;
    for (const auto& [name, f] : incoming.cost_defaults) c.cost_defaults[name] = f;
    size_t kept_chips = 0, kept_systems = 0, kept_fabrics = 0, kept_models = 0;
    c.chips = combine(stored.chips, incoming.chips, kept_chips);
    c.systems = combine(stored.systems, incoming.systems, kept_systems);
    c.fabrics = combine(stored.fabrics, incoming.fabrics, kept_fabrics);
    c.models = combine(stored.models, incoming.models, kept_models);

    out.issues = hw::check_catalog(c);
    for (auto& i : out.issues) {
        relabel(i, "chips", c.chips, kept_chips);
        relabel(i, "systems", c.systems, kept_systems);
        relabel(i, "fabrics", c.fabrics, kept_fabrics);
        relabel(i, "models", c.models, kept_models);
    }
    return out;
}

}  // namespace

Issues check_import(Database& db, const hw::Catalog& incoming, ImportMode mode) {
    hw::Catalog stored = mode == ImportMode::merge ? load_catalog(db) : hw::Catalog{};
    return combine_for_import(stored, incoming).issues;
}

Issues import_catalog(Database& db, const hw::Catalog& incoming, ImportMode mode) {
    // The write lock first: the catalog we validate against is the one we replace.
    auto tx = db.transaction();
    hw::Catalog stored = mode == ImportMode::merge ? load_catalog(db) : hw::Catalog{};
    Combined combined = combine_for_import(stored, incoming);
    if (!combined.issues.empty()) return combined.issues;  // rolls back: nothing written
    write_catalog(db, combined.catalog);
    tx.commit();
    return {};
}

Issues save_catalog(Database& db, const hw::Catalog& base, const hw::Catalog& edited) {
    auto tx = db.transaction();  // the write lock first: what we compare is what we replace
    if (io::to_json(load_catalog(db)) != io::to_json(base))
        return {{"(database)",
                 "the stored catalog changed since it was loaded (another program imported or saved a catalog); "
                 "nothing was saved: reopen the database and redo the edits"}};
    hw::Catalog normalized;
    if (Issues issues = io::check_catalog_document(edited, &normalized); !issues.empty()) return issues;
    write_catalog(db, normalized);
    tx.commit();
    return {};
}

}  // namespace rackplan::store
