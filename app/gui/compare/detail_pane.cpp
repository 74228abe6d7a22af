#include "detail_pane.h"

#include <cmath>

#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "compare/breakdown_kinds.h"
#include "compare/cost_text.h"
#include "compare/layout_text.h"
#include "compare/serving_parts.h"
#include "compare/serving_text.h"
#include "number_format.h"

namespace rackplan::gui {
namespace {

QLabel* plain_label(QWidget* parent) {
    auto* l = new QLabel(parent);
    l->setTextFormat(Qt::PlainText);  // system names are data, never markup
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    l->setWordWrap(true);
    return l;
}

QString seconds_text(units::Seconds s) {
    const double v = s.value();
    if (v != 0.0 && v < 0.01) return format_fixed(units::to_ms(s), 2, true) + QStringLiteral(" ms");
    return format_fixed(v, 3, true) + QStringLiteral(" s");
}

QString share(double part, double whole) {
    return whole > 0 ? format_fixed(100.0 * part / whole, 1, true) + QStringLiteral(" %") : QString();
}

QTreeWidgetItem* group(QTreeWidget* tree, const QString& name, const QString& value = {}) {
    auto* item = new QTreeWidgetItem(tree, {name, value});
    item->setToolTip(0, name);
    QFont f = item->font(0);
    f.setBold(true);
    item->setFont(0, f);
    item->setFont(1, f);
    item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QTreeWidgetItem* add(QTreeWidgetItem* parent, const QString& name, const QString& value, const QString& note = {}) {
    auto* item = new QTreeWidgetItem(parent, {name, value, note});
    item->setToolTip(0, name);  // the narrow pane may elide it
    item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
    item->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

// A row whose short name (the pane is narrow) has its meaning in the tooltip.
void add_tip(QTreeWidgetItem* parent, const QString& name, const QString& value, const QString& tip,
             const QString& note = {}) {
    add(parent, name, value, note)->setToolTip(0, tip);
}

}  // namespace

DetailPane::DetailPane(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    title_ = plain_label(this);
    QFont big = title_->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.15);
    title_->setFont(big);
    layout_ = plain_label(this);
    tree_ = new QTreeWidget(this);
    tree_->setColumnCount(3);
    tree_->setHeaderLabels({QStringLiteral("Quantity"), QStringLiteral("Value"), QStringLiteral("Share")});
    tree_->setRootIsDecorated(false);
    tree_->setUniformRowHeights(true);
    tree_->setSelectionMode(QAbstractItemView::NoSelection);
    tree_->setFocusPolicy(Qt::NoFocus);
    tree_->header()->setStretchLastSection(false);
    tree_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    tree_->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    tree_->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    layout->addWidget(title_);
    layout->addWidget(layout_);
    layout->addWidget(tree_, 1);
    set_row(nullptr);
}

void DetailPane::set_row(const CandidateResult* row) {
    tree_->clear();
    if (!row) {
        title_->setText(QStringLiteral("Select a system"));
        layout_->setText(QStringLiteral("Its step time, throughput, memory and layout appear here."));
        return;
    }
    QString title = qstr(row->candidate.system) + QStringLiteral(" × %1 chips").arg(row->candidate.chips);
    if (!row->system_name.empty()) title += QStringLiteral(" — ") + qstr(row->system_name);
    title_->setText(title);
    if (!row->ok()) {
        layout_->setText(QStringLiteral("No layout (%1): %2")
                             .arg(qstr(engine::to_string(row->status())), qstr(row->message())));
        return;
    }
    if (row->serving()) {
        add_serving(*row);
        add_cost(*row);
        add_published(*row);
        tree_->expandAll();
        return;
    }
    const engine::TrainPerformance& p = *row->best();
    layout_->setText(QStringLiteral("Layout: ") + layout_description(p.layout, p.micro_batches));

    const engine::StepBreakdown& b = p.breakdown;
    QTreeWidgetItem* step = group(tree_, QStringLiteral("Step time"), seconds_text(b.step));
    for (const StepPart& part : kStepParts) {
        const units::Seconds t = part.of(b);
        if (t.value() > 0 || &part == &kStepParts.front())
            add(step, QString::fromLatin1(part.label), seconds_text(t), share(t.value(), b.step.value()));
    }

    QTreeWidgetItem* rate = group(tree_, QStringLiteral("Throughput"));
    add(rate, QStringLiteral("Tokens/s"), format_fixed(p.tokens_per_s, 0));
    add(rate, QStringLiteral("Model TFLOP/s per chip"), format_fixed(p.model_tflops_per_chip, 1, true));
    add(rate, QStringLiteral("MFU"), format_fixed(100.0 * p.mfu, 1, true) + QStringLiteral(" %"));
    add(rate, QStringLiteral("HFU (with recompute)"), format_fixed(100.0 * p.hfu, 1, true) + QStringLiteral(" %"));
    if (p.time_to_train_days)
        add(rate, QStringLiteral("Time to train"), format_fixed(*p.time_to_train_days, 1, true) + QStringLiteral(" days"));

    const double total = units::to_gib(p.memory.total());
    QTreeWidgetItem* mem = group(tree_, QStringLiteral("Memory per chip"),
                                 format_fixed(total, 1, true) + QStringLiteral(" GiB"));
    for (const MemoryPart& part : kMemoryParts) {
        const double gib = units::to_gib(part.of(p.memory));
        add(mem, QString::fromLatin1(part.label), format_fixed(gib, 2, true) + QStringLiteral(" GiB"), share(gib, total));
    }
    add(mem, QStringLiteral("HBM capacity"), format_fixed(units::to_gib(p.hbm_capacity), 1, true) + QStringLiteral(" GiB"),
        share(total, units::to_gib(p.hbm_capacity)));
    if (p.memory.pipeline_rank > 0)
        add(mem, QStringLiteral("Fullest pipeline rank"), QString::number(p.memory.pipeline_rank));

    add_cost(*row);

    if (row->row.search) {
        const engine::SearchStats& s = *row->row.search;
        QTreeWidgetItem* search = group(tree_, QStringLiteral("Layout search"));
        add(search, QStringLiteral("Layouts in the space"), QString::number(s.counts.space));
        add(search, QStringLiteral("Valid by the rules"), QString::number(s.counts.valid));
        add(search, QStringLiteral("Over HBM capacity"), QString::number(s.over_memory));
        add(search, QStringLiteral("Search time"), format_fixed(s.seconds, 3, true) + QStringLiteral(" s"));
    }
    add_published(*row);
    tree_->expandAll();
}

void DetailPane::set_published(std::shared_ptr<const io::PublishedAccuracy> accuracy,
                               std::shared_ptr<const engine::EvaluationContext> context) {
    accuracy_ = std::move(accuracy);
    context_ = std::move(context);
}

void DetailPane::add_published(const CandidateResult& row) {
    if (!accuracy_ || !context_) return;
    const hw::Chip* chip = context_->catalog().find_chip(row.chip_id);
    if (!chip) return;
    const std::string family = io::hardware_family_label(chip->architecture);
    // The family's name is long: the group row spans the columns rather than widen Value.
    QTreeWidgetItem* g = group(tree_, QStringLiteral("Published runs, %1").arg(qstr(family)));
    g->setFirstColumnSpanned(true);
    g->setToolTip(0, QStringLiteral("The model against published measured runs on this hardware family "
                                    "(rackplan validate): median |predicted / measured − 1|"));
    if (accuracy_->rows.empty()) {
        add_tip(g, QStringLiteral("Not available"), QString(), qstr(accuracy_->unavailable));
        return;
    }
    const auto metrics =
        io::family_accuracy(*accuracy_, context_->catalog(), row.serving() ? "infer" : "train", chip->architecture);
    if (metrics.empty()) {
        add_tip(g, QStringLiteral("Unvalidated"), QStringLiteral("no runs"),
                QStringLiteral("No published run of this kind on %1 to check the model against").arg(qstr(family)));
        return;
    }
    auto name = [](const std::string& metric) {
        if (metric == "step_time_s") return QStringLiteral("Step time");
        if (metric == "ttft_ms") return QStringLiteral("TTFT");
        if (metric == "tpot_ms") return QStringLiteral("TPOT");
        if (metric == "tokens_per_s") return QStringLiteral("Tokens/s");
        return qstr(metric);
    };
    for (const io::FamilyAccuracy& f : metrics)
        add_tip(g, name(f.metric), format_fixed(100.0 * f.median_abs, 0, true) + QStringLiteral(" %"),
                QStringLiteral("Median |error| over %1 published runs (%2), max %3 %; %4")
                    .arg(f.rows)
                    .arg(qstr(f.metric), format_fixed(100.0 * f.max_abs, 0, true), qstr(io::accuracy_reading(f))),
                std::abs(f.median_signed) < 0.05 ? QString()
                : f.optimistic()                 ? QStringLiteral("optimistic")
                                                 : QStringLiteral("pessimistic"));
}

void DetailPane::add_parts(const QString& title, const QString& tip, const engine::PassBreakdown& d) {
    QTreeWidgetItem* g = group(tree_, title, ms_text(d.total));
    g->setToolTip(0, tip);
    for (const DecodePart& part : kDecodeParts) {
        const units::Seconds t = part.of(d);
        if (t.value() > 0 || &part == &kDecodeParts.front())
            add_tip(g, QString::fromLatin1(part.short_label), ms_text(t), QString::fromUtf8(part.label),
                    share(t.value(), d.total.value()));
    }
}

void DetailPane::add_serving(const CandidateResult& row) {
    const engine::InferPerformance& p = *row.serving();
    const engine::ServingPoint& s = p.point;
    layout_->setText(QStringLiteral("Deployment: ") + serving_layout_description(p));

    QTreeWidgetItem* latency = group(tree_, QStringLiteral("Latency"));
    add_tip(latency, QStringLiteral("TTFT"), ms_text(s.ttft), QStringLiteral("Time to first token"));
    add_tip(latency, QStringLiteral("TPOT"), s.tpot.value() > 0 ? ms_text(s.tpot) : QStringLiteral("—"),
            QStringLiteral("Time per output token"));
    add_tip(latency, QStringLiteral("Prefill"), ms_text(s.prefill),
            p.batching == engine::Batching::mixed ? QStringLiteral("Prefill of one prompt, in chunks between decodes")
                                                  : QStringLiteral("The context-encoding pass over the batch's prompts"));
    add_tip(latency, QStringLiteral("Iteration"), ms_text(s.iteration), QStringLiteral("Average iteration of the engine"));
    add_tip(latency, QStringLiteral("Decoding"), format_fixed(s.decoding, 1, true),
            QStringLiteral("Sequences generating a token in an average iteration"));

    add_parts(QStringLiteral("First token"), QStringLiteral("The time to the first token by part: the prompt's prefill passes"),
              s.first_token);
    add_parts(QStringLiteral("Decode step"), QStringLiteral("One decode iteration as a generating sequence sees it"), s.decode);

    QTreeWidgetItem* rate = group(tree_, QStringLiteral("Tokens/s"), format_fixed(p.tokens_per_s, 0));
    rate->setToolTip(0, QStringLiteral("Output tokens per second of the whole deployment"));
    add_tip(rate, QStringLiteral("Per replica"), format_fixed(s.tokens_per_s, 0), QStringLiteral("Output tokens/s of one replica"));
    add_tip(rate, QStringLiteral("Per chip"), format_fixed(p.tokens_per_s_per_chip, 1, true),
            QStringLiteral("Output tokens/s per chip of the deployment"));
    add_tip(rate, QStringLiteral("Batch"), QString::number(s.batch), QStringLiteral("Sequences in flight per replica"));
    add(rate, QStringLiteral("Replicas"), QString::number(row.best_candidate()->replicas));

    const engine::InferMemory& m = p.memory;
    const double total = units::to_gib(m.total());
    QTreeWidgetItem* mem = group(tree_, QStringLiteral("Memory per chip"), format_fixed(total, 1, true) + QStringLiteral(" GiB"));
    for (const ServingMemoryPart& part : kServingMemoryParts) {
        const double gib = units::to_gib(part.of(m));
        add(mem, QString::fromLatin1(part.label), format_fixed(gib, 2, true) + QStringLiteral(" GiB"), share(gib, total));
    }
    add_tip(mem, QStringLiteral("KV pool"), format_fixed(units::to_gib(m.kv_pool), 1, true) + QStringLiteral(" GiB"),
            QStringLiteral("What the engine gives the KV cache; share: in use"),
            share(units::to_gib(m.kv_used), units::to_gib(m.kv_pool)));
    add_tip(mem, QStringLiteral("Pool holds"), QStringLiteral("%1 seqs").arg(m.max_batch),
            QStringLiteral("Sequences whose KV cache fits in the pool"));
    add(mem, QStringLiteral("HBM capacity"), format_fixed(units::to_gib(m.capacity), 1, true) + QStringLiteral(" GiB"),
        share(total, units::to_gib(m.capacity)));
}

void DetailPane::add_cost(const CandidateResult& row) {
    const cost::CostEvaluation* c = row.cost();
    QTreeWidgetItem* cost = group(tree_, QStringLiteral("Cost (%1)").arg(qstr(engine::to_string(row.candidate.pricing))),
                                  c ? money_range_text(c->cost_rate, 3600.0) + QStringLiteral("/h") : QStringLiteral("—"));
    if (!c) {
        add(cost, QStringLiteral("Not priced"), QString());
        auto* why = new QTreeWidgetItem(cost, {qstr(row.message())});
        why->setFirstColumnSpanned(true);
        why->setToolTip(0, qstr(row.message()));
        return;
    }
    if (row.serving())
        add_tip(cost, QStringLiteral("$/M out tok"), money_range_text(c->per_mtok), QStringLiteral("$ per million output tokens"));
    else
        add(cost, QStringLiteral("$/M tokens"), money_range_text(c->per_mtok));
    if (c->per_run) add(cost, QStringLiteral("$ of run"), money_range_text(*c->per_run));
    if (c->per_step) add(cost, QStringLiteral("$/step"), money_range_text(*c->per_step));
    add(cost, QStringLiteral("Avg power"),
        format_fixed(units::to_kw(c->avg_power.point), 1, true) + QStringLiteral(" kW"));
    const cost::CostRates& r = c->point.rates;
    const double total = units::to_usd_per_hour(r.total());
    for (const auto& [label, rate] : {std::pair{"  capital", r.capital}, std::pair{"  upkeep", r.maintenance},
                                      std::pair{"  facility", r.facility}, std::pair{"  power", r.electricity},
                                      std::pair{"  rental", r.rental}}) {
        const double h = units::to_usd_per_hour(rate);
        if (h > 0) add(cost, QString::fromLatin1(label), money_text(h) + QStringLiteral("/h"), share(h, total));
    }
    if (r.residual_credit.value() > 0)
        add(cost, QStringLiteral("  resale"), QStringLiteral("−") + money_text(units::to_usd_per_hour(r.residual_credit)) + QStringLiteral("/h"));
    const double capex = (c->point.capex_nodes + c->point.capex_network + c->point.installation).value();
    if (capex > 0) add(cost, QStringLiteral("Capex"), money_text(capex));
    add(cost, QStringLiteral("Rank time/$"),
        QStringLiteral("%1 / %2").arg(row.row.time_rank).arg(row.row.cost_rank > 0 ? QString::number(row.row.cost_rank)
                                                                                     : QStringLiteral("—")));
}

QString DetailPane::title() const { return title_->text(); }

QString DetailPane::layout_text() const { return layout_->text(); }

QString DetailPane::value(const QString& group_name, const QString& item_name) const {
    for (int g = 0; g < tree_->topLevelItemCount(); ++g) {
        const QTreeWidgetItem* top = tree_->topLevelItem(g);
        if (top->text(0) != group_name) continue;
        if (item_name.isEmpty()) return top->text(1);
        for (int i = 0; i < top->childCount(); ++i)
            if (top->child(i)->text(0) == item_name) return top->child(i)->text(1);
    }
    return {};
}

}  // namespace rackplan::gui
