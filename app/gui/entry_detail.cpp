#include "entry_detail.h"

#include <QStringList>

#include "hw/catalog.h"
#include "number_format.h"

namespace rackplan::gui {
namespace {

DetailRow figure_row(const hw::Catalog& catalog, const QString& path, const hw::Figure& f) {
    DetailRow r;
    r.path = path;
    r.value = format_written(f.value);
    r.unit = qstr(f.unit);
    if (f.low) r.low = format_written(*f.low);
    if (f.high) r.high = format_written(*f.high);
    r.source = qstr(f.source);
    r.citation = citation_of(catalog, f.source);
    r.confidence = f.confidence;
    r.note = qstr(f.note);
    return r;
}

void add_figures(const hw::Catalog& catalog, const hw::Figures& figures, const QString& prefix,
                 std::vector<DetailRow>& rows) {
    for (const auto& [path, f] : figures) rows.push_back(figure_row(catalog, prefix + qstr(path), f));
}

QString tier_text(const hw::ScaleUpTier& t) {
    QString s = qstr(hw::to_string(t.topology));
    QStringList dims;
    for (int d : t.dims) dims << QString::number(d);
    if (!dims.isEmpty()) s += QLatin1Char(' ') + dims.join(QLatin1Char('x'));
    if (t.in_switch_reduction) s += QStringLiteral(" with in-switch reduction");
    return s;
}

QString title_of(const std::string& name, const std::string& id) {
    return qstr(name) + QStringLiteral(" (") + qstr(id) + QLatin1Char(')');
}

EntryDetail chip_detail(const hw::Catalog& catalog, const hw::Chip& c) {
    EntryDetail d{title_of(c.name, c.id),
                  qstr(c.vendor) + QStringLiteral(" · architecture ") + qstr(hw::to_string(c.architecture)),
                  qstr(c.note), {}};
    add_figures(catalog, c.figures, {}, d.rows);
    return d;
}

EntryDetail system_detail(const hw::Catalog& catalog, const hw::System& s) {
    QStringList parts{qstr(s.vendor), qstr(hw::to_string(s.kind)), QStringLiteral("chip ") + qstr(s.chip),
                      QStringLiteral("scale-up ") + tier_text(s.scale_up)};
    if (s.inter_node) parts << QStringLiteral("between nodes ") + tier_text(*s.inter_node);
    if (!s.host_cpu.empty()) parts << QStringLiteral("host ") + qstr(s.host_cpu);
    EntryDetail d{title_of(s.name, s.id), parts.join(QStringLiteral(" · ")), qstr(s.note), {}};
    add_figures(catalog, s.figures, {}, d.rows);
    return d;
}

EntryDetail fabric_detail(const hw::Catalog& catalog, const hw::Fabric& f) {
    EntryDetail d{title_of(f.name, f.id),
                  qstr(hw::to_string(f.kind)) + QStringLiteral(" · ") + QString::number(f.tiers.size()) +
                      (f.tiers.size() == 1 ? QStringLiteral(" tier") : QStringLiteral(" tiers")),
                  qstr(f.note), {}};
    for (size_t t = 0; t < f.tiers.size(); ++t)
        add_figures(catalog, f.tiers[t], QStringLiteral("tiers[%1].").arg(t), d.rows);
    return d;
}

// A model's architecture is exact integers with one source for the whole entry.
EntryDetail model_detail(const hw::Catalog& catalog, const workload::Model& m) {
    EntryDetail d{title_of(m.name, m.id),
                  m.is_moe() ? QStringLiteral("mixture of experts: %1 routed, %2 per token").arg(m.experts).arg(m.experts_per_token)
                             : QStringLiteral("dense decoder"),
                  qstr(m.note), {}};
    const QString source = qstr(m.source);
    const QString citation = citation_of(catalog, m.source);
    auto add = [&](const char* path, const QString& value, const char* unit) {
        DetailRow r;
        r.path = QString::fromLatin1(path);
        r.value = value;
        r.unit = QString::fromLatin1(unit);
        r.source = source;
        r.citation = citation;
        d.rows.push_back(std::move(r));
    };
    auto count = [&](const char* path, int v) { add(path, QString::number(v), "count"); };
    count("layers", m.layers);
    count("hidden", m.hidden);
    count("heads", m.heads);
    count("kv_heads", m.kv_heads);
    count("head_dim", m.head_dim);
    count("ffn", m.ffn);
    add("ffn_act", m.ffn_act == workload::FfnActivation::swiglu ? QStringLiteral("swiglu") : QStringLiteral("gelu"), "");
    count("vocab", m.vocab);
    count("max_context", m.max_context);
    add("tied_embeddings", m.tied_embeddings ? QStringLiteral("true") : QStringLiteral("false"), "");
    count("experts", m.experts);
    count("experts_per_token", m.experts_per_token);
    count("expert_ffn", m.expert_ffn);
    count("shared_experts", m.shared_experts);
    count("dense_layers", m.dense_layers);
    return d;
}

}  // namespace

QString citation_of(const hw::Catalog& catalog, std::string_view source) {
    QStringList lines;
    for (const QString& raw : qstr(source).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString tag = raw.trimmed();
        auto it = catalog.sources.find(tag.toStdString());
        lines << tag + QStringLiteral(": ") +
                     (it != catalog.sources.end() ? qstr(it->second) : QStringLiteral("(not in the catalog's sources)"));
    }
    return lines.join(QLatin1Char('\n'));
}

std::optional<EntryDetail> describe_entry(const hw::Catalog& catalog, EntryKind kind, std::string_view id) {
    switch (kind) {
        case EntryKind::chips:
            if (const auto* c = catalog.find_chip(id)) return chip_detail(catalog, *c);
            break;
        case EntryKind::systems:
            if (const auto* s = catalog.find_system(id)) return system_detail(catalog, *s);
            break;
        case EntryKind::models:
            if (const auto* m = catalog.find_model(id)) return model_detail(catalog, *m);
            break;
        case EntryKind::fabrics:
            if (const auto* f = catalog.find_fabric(id)) return fabric_detail(catalog, *f);
            break;
    }
    return std::nullopt;
}

}  // namespace rackplan::gui
