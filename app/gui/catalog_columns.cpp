#include "catalog_columns.h"

#include "hw/chip.h"
#include "hw/system.h"
#include "number_format.h"
#include "units/quantity.h"

namespace rackplan::gui {
namespace {

using Catalog = hw::Catalog;

const hw::Chip& chip_at(const Catalog& c, int i) { return c.chips[static_cast<size_t>(i)]; }
const hw::System& system_at(const Catalog& c, int i) { return c.systems[static_cast<size_t>(i)]; }
const workload::Model& model_at(const Catalog& c, int i) { return c.models[static_cast<size_t>(i)]; }
const hw::Fabric& fabric_at(const Catalog& c, int i) { return c.fabrics[static_cast<size_t>(i)]; }

Column text(const char* header, const char* tooltip, bool stretch, std::function<std::string_view(const Catalog&, int)> get,
            const char* field = "") {
    return {QString::fromUtf8(header), QString::fromUtf8(tooltip), 0, false, stretch,
            [get](const Catalog& c, int i) { return QVariant(qstr(get(c, i))); }, {}, QString::fromUtf8(field)};
}

// A number read from one figure of the entry, converted from base units for display.
Column figure(const char* header, const char* tooltip, int decimals, bool keep_zeros,
              std::function<const hw::Figures*(const Catalog&, int)> figures_of, const char* path,
              double (*display)(double base)) {
    auto find = [figures_of, path](const Catalog& c, int i) -> const hw::Figure* {
        const hw::Figures* f = figures_of(c, i);
        return f ? hw::find_figure(*f, path) : nullptr;
    };
    return {QString::fromUtf8(header), QString::fromUtf8(tooltip), decimals, keep_zeros, false,
            [find, display](const Catalog& c, int i) {
                const hw::Figure* f = find(c, i);
                return f ? QVariant(display(f->base())) : QVariant();
            },
            find};
}

Column integer(const char* header, const char* tooltip, int workload::Model::*field) {
    return {QString::fromUtf8(header), QString::fromUtf8(tooltip), 0, false, false,
            [field](const Catalog& c, int i) {
                const int v = model_at(c, i).*field;
                return v > 0 ? QVariant(double(v)) : QVariant();
            },
            {}};
}

// Unit conversions for display go through core's unit helpers.
double tflops(double base) { return units::to_tflops(units::FlopsPerSecond(base)); }
double gigabytes(double base) { return units::to_gb(units::Bytes(base)); }
double terabytes_per_second(double base) { return units::to_gbps(units::BytesPerSecond(base)) / 1e3; }
double plain(double base) { return base; }
double usd_per_hour(double base) { return units::to_usd_per_hour(units::UsdPerSecond(base)); }

QString tier_text(const hw::ScaleUpTier& t) {
    QString s = qstr(hw::to_string(t.topology));
    for (size_t d = 0; d < t.dims.size(); ++d) s += (d ? QStringLiteral("x") : QStringLiteral(" ")) + QString::number(t.dims[d]);
    return s;
}

std::vector<Column> chip_columns() {
    auto figures = [](const Catalog& c, int i) { return &chip_at(c, i).figures; };
    return {
        text("ID", "Catalog id", false, [](const Catalog& c, int i) { return std::string_view(chip_at(c, i).id); }),
        text("Name", "Double-click to edit", true, [](const Catalog& c, int i) { return std::string_view(chip_at(c, i).name); }, "name"),
        text("Vendor", "Double-click to edit", false, [](const Catalog& c, int i) { return std::string_view(chip_at(c, i).vendor); }, "vendor"),
        figure("BF16 TFLOP/s", "Dense BF16 peak of the tensor engine, whole chip", 0, false, figures, "peak.tensor.bf16", tflops),
        figure("FP8 TFLOP/s", "Dense FP8 peak of the tensor engine; a dash: no FP8", 0, false, figures, "peak.tensor.fp8", tflops),
        figure("HBM GB", "HBM capacity, 10^9 bytes", 1, false, figures, "hbm.capacity", gigabytes),
        figure("HBM TB/s", "HBM bandwidth, 10^12 bytes per second", 2, false, figures, "hbm.bandwidth", terabytes_per_second),
        figure("TDP W", "Thermal design power of one chip", 0, false, figures, "power.tdp", plain),
    };
}

std::vector<Column> system_columns() {
    auto figures = [](const Catalog& c, int i) { return &system_at(c, i).figures; };
    return {
        text("ID", "Catalog id", false, [](const Catalog& c, int i) { return std::string_view(system_at(c, i).id); }),
        text("Name", "Double-click to edit", true, [](const Catalog& c, int i) { return std::string_view(system_at(c, i).name); }, "name"),
        text("Kind", "", false, [](const Catalog& c, int i) { return hw::to_string(system_at(c, i).kind); }),
        text("Chip", "Chip id", false, [](const Catalog& c, int i) { return std::string_view(system_at(c, i).chip); }),
        figure("Chips/node", "", 0, false, figures, "chips_per_node", plain),
        figure("Nodes/domain", "Nodes in one scale-up domain", 0, false, figures, "nodes_per_domain", plain),
        {QStringLiteral("Topology"), QStringLiteral("Scale-up topology, then the tier joining nodes if separate"), 0, false,
         false,
         [](const Catalog& c, int i) {
             const hw::System& s = system_at(c, i);
             QString t = tier_text(s.scale_up);
             if (s.inter_node) t += QStringLiteral(" + ") + tier_text(*s.inter_node);
             return QVariant(t);
         },
         {}},
        figure("On-demand $/h", "On-demand price of one node, USD per hour", 2, true, figures, "price.on_demand", usd_per_hour),
    };
}

std::vector<Column> model_columns() {
    using M = workload::Model;
    return {
        text("ID", "Catalog id", false, [](const Catalog& c, int i) { return std::string_view(model_at(c, i).id); }),
        text("Name", "Double-click to edit", true, [](const Catalog& c, int i) { return std::string_view(model_at(c, i).name); }, "name"),
        integer("Layers", "", &M::layers),
        integer("Hidden", "", &M::hidden),
        integer("Heads", "", &M::heads),
        integer("KV heads", "", &M::kv_heads),
        integer("FFN", "Dense FFN inner width; a dash: MoE layers only", &M::ffn),
        integer("Experts", "Routed experts per MoE layer; a dash: dense", &M::experts),
        integer("Top-k", "Experts per token", &M::experts_per_token),
        integer("Vocab", "", &M::vocab),
        integer("Context", "Maximum context length, tokens", &M::max_context),
    };
}

std::vector<Column> fabric_columns() {
    auto first_tier = [](const Catalog& c, int i) -> const hw::Figures* {
        const auto& tiers = fabric_at(c, i).tiers;
        return tiers.empty() ? nullptr : &tiers.front();
    };
    return {
        text("ID", "Catalog id", false, [](const Catalog& c, int i) { return std::string_view(fabric_at(c, i).id); }),
        text("Name", "Double-click to edit", true, [](const Catalog& c, int i) { return std::string_view(fabric_at(c, i).name); }, "name"),
        text("Kind", "", false, [](const Catalog& c, int i) { return hw::to_string(fabric_at(c, i).kind); }),
        {QStringLiteral("Tiers"), QStringLiteral("Switch tiers"), 0, false, false,
         [](const Catalog& c, int i) { return QVariant(double(fabric_at(c, i).tiers.size())); },
         {}},
        figure("Radix", "Ports per switch of the first tier", 0, false, first_tier, "radix", plain),
    };
}

}  // namespace

const std::vector<Column>& columns_of(EntryKind kind) {
    static const std::vector<Column> chips = chip_columns();
    static const std::vector<Column> systems = system_columns();
    static const std::vector<Column> models = model_columns();
    static const std::vector<Column> fabrics = fabric_columns();
    switch (kind) {
        case EntryKind::chips: return chips;
        case EntryKind::systems: return systems;
        case EntryKind::models: return models;
        case EntryKind::fabrics: return fabrics;
    }
    return chips;
}

}  // namespace rackplan::gui
