// `rackplan catalog show ID`: one entry with every figure, its unit, range, source and confidence.
#include <CLI/CLI.hpp>

#include <iostream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "catalog_commands.h"
#include "io/catalog_json.h"
#include "store/catalog_store.h"
#include "table_format.h"

namespace rackplan::cli {
namespace {

using nlohmann::json;

// Source tags of a figure ("A, B" names two).
std::vector<std::string> tags_of(const std::string& source) {
    std::vector<std::string> tags;
    std::stringstream ss(source);
    std::string tag;
    while (std::getline(ss, tag, ',')) {
        tag.erase(0, tag.find_first_not_of(' '));
        tag.erase(tag.find_last_not_of(' ') + 1);
        if (!tag.empty()) tags.push_back(tag);
    }
    return tags;
}

struct Shown {
    std::string kind;   // chip, system, fabric, model
    std::string title;  // header lines
    Table table;
    std::set<std::string> tags;
    json entry;
};

Table figures_table() {
    return Table{{{"figure", "FIGURE"},
                  {"value", "VALUE"},
                  {"unit", "UNIT"},
                  {"range", "RANGE"},
                  {"confidence", "CONFIDENCE"},
                  {"source", "SOURCE"},
                  {"note", "NOTE"}},
                 {}};
}

void add_figures(Shown& s, const std::string& prefix, const hw::Figures& figures) {
    for (const auto& [path, f] : figures) {
        std::string range = f.has_range() ? exact_number(*f.low) + "\u2013" + exact_number(*f.high) : "";
        s.table.rows.push_back({prefix + path, exact_number(f.value), f.unit, range,
                                std::string(hw::to_string(f.confidence)), f.source, f.note});
        for (auto& t : tags_of(f.source)) s.tags.insert(t);
    }
}

Shown show_chip(const hw::Chip& c) {
    Shown s{"chip", {}, figures_table(), {}, io::chip_to_json(c)};
    s.title = "chip " + c.id + ": " + c.name + "\nvendor: " + c.vendor +
              ", architecture: " + std::string(hw::to_string(c.architecture)) + "\n";
    if (!c.note.empty()) s.title += "note: " + c.note + "\n";
    add_figures(s, "", c.figures);
    return s;
}

std::string tier_text(const hw::ScaleUpTier& t) {
    std::string s(hw::to_string(t.topology));
    for (size_t i = 0; i < t.dims.size(); ++i) s += (i ? "x" : " ") + std::to_string(t.dims[i]);
    if (t.in_switch_reduction) s += " with in-switch reduction";
    return s;
}

Shown show_system(const hw::System& x) {
    Shown s{"system", {}, figures_table(), {}, io::system_to_json(x)};
    s.title = "system " + x.id + ": " + x.name + "\nvendor: " + x.vendor + ", kind: " + std::string(hw::to_string(x.kind)) +
              ", chip: " + x.chip + "\nscale-up: " + tier_text(x.scale_up) +
              (x.inter_node ? ", nodes joined by " + tier_text(*x.inter_node) : "") + "\n";
    if (!x.host_cpu.empty()) s.title += "host cpu: " + x.host_cpu + "\n";
    if (!x.note.empty()) s.title += "note: " + x.note + "\n";
    add_figures(s, "", x.figures);
    return s;
}

Shown show_fabric(const hw::Fabric& f) {
    Shown s{"fabric", {}, figures_table(), {}, io::fabric_to_json(f)};
    s.title = "fabric " + f.id + ": " + f.name + "\nkind: " + std::string(hw::to_string(f.kind)) +
              ", tiers: " + std::to_string(f.tiers.size()) + "\n";
    if (!f.note.empty()) s.title += "note: " + f.note + "\n";
    for (size_t i = 0; i < f.tiers.size(); ++i) add_figures(s, "tiers[" + std::to_string(i) + "].", f.tiers[i]);
    return s;
}

Shown show_model(const workload::Model& m) {
    Shown s{"model", {}, Table{{{"field", "FIELD"}, {"value", "VALUE"}}, {}}, {m.source}, io::model_to_json(m)};
    s.title = "model " + m.id + ": " + m.name + "\nsource: " + m.source + "\n";
    if (!m.note.empty()) s.title += "note: " + m.note + "\n";
    std::vector<std::pair<const char*, int>> fields{
        {"layers", m.layers},     {"hidden", m.hidden},           {"heads", m.heads},
        {"kv_heads", m.kv_heads}, {"head_dim", m.head_dim},       {"ffn", m.ffn},
        {"vocab", m.vocab},       {"max_context", m.max_context}, {"experts", m.experts},
        {"experts_per_token", m.experts_per_token}, {"expert_ffn", m.expert_ffn},
        {"shared_experts", m.shared_experts},       {"dense_layers", m.dense_layers}};
    for (const auto& [name, v] : fields) s.table.rows.push_back({name, v});
    s.table.rows.push_back({"ffn_act", m.ffn_act == workload::FfnActivation::swiglu ? "swiglu" : "gelu"});
    s.table.rows.push_back({"tied_embeddings", m.tied_embeddings ? "true" : "false"});
    return s;
}

std::vector<Shown> find_entries(const hw::Catalog& c, const std::string& id) {
    std::vector<Shown> out;
    if (const auto* x = c.find_chip(id)) out.push_back(show_chip(*x));
    if (const auto* x = c.find_system(id)) out.push_back(show_system(*x));
    if (const auto* x = c.find_fabric(id)) out.push_back(show_fabric(*x));
    if (const auto* x = c.find_model(id)) out.push_back(show_model(*x));
    return out;
}

}  // namespace

void add_catalog_show(CLI::App& catalog, Registry& registry) {
    struct Options {
        std::string id;
        std::string format = "table";
    };
    auto opts = std::make_shared<Options>();
    CLI::App* cmd = catalog.add_subcommand("show", "Show one chip, system, fabric or model with every figure");
    cmd->fallthrough();
    cmd->add_option("id", opts->id, "Entry id (see: rackplan catalog list)")->required();
    cmd->add_option("--format", opts->format, "Output format")
        ->check(CLI::IsMember({"table", "json"}))
        ->capture_default_str();
    const GlobalOptions* global = registry.global;
    registry.add(cmd, [opts, global] {
        store::Database db = open_db(*global);
        hw::Catalog c = store::load_catalog(db);
        std::vector<Shown> found = find_entries(c, opts->id);
        if (found.empty()) throw UsageError("unknown id '" + opts->id + "'", "try: rackplan catalog list");
        auto citation = [&](const std::string& tag) {
            auto it = c.sources.find(tag);
            return it == c.sources.end() ? std::string("(not in the catalog's sources)") : it->second;
        };
        if (format_from(opts->format) == Format::json) {
            json arr = json::array();
            for (const auto& s : found) {
                json sources = json::object();
                for (const auto& t : s.tags) sources[t] = citation(t);
                arr.push_back({{"kind", s.kind}, {"entry", s.entry}, {"sources", sources}});
            }
            std::cout << arr.dump(2) << "\n";
            return kExitOk;
        }
        for (size_t i = 0; i < found.size(); ++i) {
            const Shown& s = found[i];
            if (i) std::cout << "\n";
            std::cout << s.title << "\n" << render_text(s.table);
            if (!s.tags.empty()) {
                Table sources{{{"tag", "SOURCE"}, {"citation", "CITATION"}}, {}};
                for (const auto& t : s.tags) sources.rows.push_back({t, citation(t)});
                std::cout << "\n" << render_text(sources);
            }
        }
        return kExitOk;
    });
}

}  // namespace rackplan::cli
