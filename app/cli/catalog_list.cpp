// `rackplan catalog list [chips|systems|models|prices|fabrics|sources] [--format ...]`
#include <CLI/CLI.hpp>

#include <iostream>

#include "catalog_commands.h"
#include "store/catalog_store.h"
#include "table_format.h"

namespace rackplan::cli {
namespace {

using hw::Figures;

constexpr double kSecondsPerHour = 3600.0;

// A figure in display units: base value divided by `per_unit` (1e12 for TFLOP/s).
Cell figure_cell(const Figures& figures, std::string_view path, double per_unit) {
    const hw::Figure* f = hw::find_figure(figures, path);
    if (!f) return Cell::missing();
    return Cell(f->base() / per_unit, f->confidence == hw::Confidence::estimate);
}

std::string tier_text(const hw::ScaleUpTier& t) {
    std::string s(hw::to_string(t.topology));
    for (size_t i = 0; i < t.dims.size(); ++i) s += (i ? "x" : " ") + std::to_string(t.dims[i]);
    return s;
}

Table chips_table(const hw::Catalog& c) {
    Table t{{{"id", "ID"},
             {"name", "NAME"},
             {"bf16_tflops", "BF16 TFLOP/s", 1},
             {"fp8_tflops", "FP8 TFLOP/s", 1},
             {"hbm_gb", "HBM GB", 1},
             {"hbm_tbps", "HBM TB/s", 2},
             {"tdp_w", "TDP W", 0}},
            {}};
    for (const auto& x : c.chips)
        t.rows.push_back({x.id, x.name, figure_cell(x.figures, "peak.tensor.bf16", 1e12),
                          figure_cell(x.figures, "peak.tensor.fp8", 1e12), figure_cell(x.figures, "hbm.capacity", 1e9),
                          figure_cell(x.figures, "hbm.bandwidth", 1e12), figure_cell(x.figures, "power.tdp", 1.0)});
    return t;
}

Table systems_table(const hw::Catalog& c) {
    Table t{{{"id", "ID"},
             {"chip", "CHIP"},
             {"chips_per_node", "CHIPS/NODE", 0},
             {"nodes_per_domain", "NODES/DOMAIN", 0},
             {"topology", "TOPOLOGY"},
             {"on_demand_usd_per_hour", "ON-DEMAND $/H", 2}},
            {}};
    for (const auto& x : c.systems) {
        std::string topo = tier_text(x.scale_up);
        if (x.inter_node) topo += " + " + tier_text(*x.inter_node);
        t.rows.push_back({x.id, x.chip, figure_cell(x.figures, "chips_per_node", 1.0),
                          figure_cell(x.figures, "nodes_per_domain", 1.0), topo,
                          figure_cell(x.figures, "price.on_demand", 1.0 / kSecondsPerHour)});
    }
    return t;
}

Table prices_table(const hw::Catalog& c) {
    Table t{{{"id", "ID"},
             {"entry", "ENTRY"},
             {"price", "PRICE"},
             {"value", "VALUE", 2},
             {"unit", "UNIT"},
             {"low", "LOW", 2},
             {"high", "HIGH", 2},
             {"confidence", "CONFIDENCE"},
             {"source", "SOURCE"}},
            {}};
    auto add = [&](const std::string& id, const char* entry, const Figures& figures) {
        for (const auto& [path, f] : figures) {
            if (path.rfind("price.", 0) != 0) continue;
            t.rows.push_back({id, entry, path.substr(6), Cell(f.value), f.unit,
                              f.low ? Cell(*f.low) : Cell::missing(), f.high ? Cell(*f.high) : Cell::missing(),
                              std::string(hw::to_string(f.confidence)), f.source});
        }
    };
    for (const auto& x : c.systems) add(x.id, "system", x.figures);
    for (const auto& x : c.chips) add(x.id, "chip", x.figures);
    return t;
}

Table models_table(const hw::Catalog& c) {
    Table t{{{"id", "ID"},
             {"name", "NAME"},
             {"layers", "LAYERS"},
             {"hidden", "HIDDEN"},
             {"heads", "HEADS"},
             {"kv_heads", "KV HEADS"},
             {"ffn", "FFN"},
             {"experts", "EXPERTS"},
             {"experts_per_token", "TOP-K"},
             {"vocab", "VOCAB"},
             {"max_context", "CONTEXT"},
             {"source", "SOURCE"}},
            {}};
    auto count = [](int v) { return v > 0 ? Cell(v) : Cell::missing(); };
    for (const auto& m : c.models)
        t.rows.push_back({m.id, m.name, m.layers, m.hidden, m.heads, m.kv_heads, count(m.ffn), count(m.experts),
                          count(m.experts_per_token), m.vocab, count(m.max_context), m.source});
    return t;
}

Table fabrics_table(const hw::Catalog& c) {
    Table t{{{"id", "ID"}, {"name", "NAME"}, {"kind", "KIND"}, {"tiers", "TIERS"}, {"radix", "RADIX PER TIER"}}, {}};
    for (const auto& f : c.fabrics) {
        std::string radix;
        for (const auto& tier : f.tiers) {
            const hw::Figure* r = hw::find_figure(tier, "radix");
            radix += (radix.empty() ? "" : "/") + (r ? format_number(r->value) : std::string("-"));
        }
        t.rows.push_back({f.id, f.name, std::string(hw::to_string(f.kind)), static_cast<int>(f.tiers.size()), radix});
    }
    return t;
}

Table sources_table(const hw::Catalog& c) {
    Table t{{{"tag", "TAG"}, {"citation", "CITATION"}}, {}};
    for (const auto& [tag, citation] : c.sources) t.rows.push_back({tag, citation});
    return t;
}

Table catalog_table(const hw::Catalog& c, const std::string& kind) {
    if (kind == "systems") return systems_table(c);
    if (kind == "prices") return prices_table(c);
    if (kind == "models") return models_table(c);
    if (kind == "fabrics") return fabrics_table(c);
    if (kind == "sources") return sources_table(c);
    return chips_table(c);
}

bool any_estimate(const Table& t) {
    for (const auto& row : t.rows)
        for (const auto& cell : row)
            if (cell.estimate) return true;
    return false;
}

}  // namespace

void add_catalog_list(CLI::App& catalog, Registry& registry) {
    struct Options {
        std::string kind = "chips";
        std::string format = "table";
    };
    auto opts = std::make_shared<Options>();
    CLI::App* cmd = catalog.add_subcommand("list", "List catalog entries as a table, CSV or JSON");
    cmd->fallthrough();
    cmd->add_option("kind", opts->kind, "What to list")
        ->check(CLI::IsMember({"chips", "systems", "models", "prices", "fabrics", "sources"}))
        ->capture_default_str();
    cmd->add_option("--format", opts->format, "Output format")
        ->check(CLI::IsMember({"table", "csv", "json"}))
        ->capture_default_str();
    cmd->footer(
        "chips: BF16 and FP8 dense peaks, HBM capacity and bandwidth, TDP. systems: scale-up domain and\n"
        "on-demand price. prices: every price figure with its confidence and range. '~' marks an estimate.");
    const GlobalOptions* global = registry.global;
    registry.add(cmd, [opts, global] {
        store::Database db = open_db(*global);
        Table t = catalog_table(store::load_catalog(db), opts->kind);
        Format f = format_from(opts->format).value_or(Format::table);
        std::cout << render(t, f);
        if (f == Format::table && any_estimate(t))
            std::cout << "\n~ estimate: 'rackplan catalog show ID' gives its range and source\n";
        return kExitOk;
    });
}

}  // namespace rackplan::cli
