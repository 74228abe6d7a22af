#include "comparison_table_model.h"

#include <QBrush>
#include <QColor>

#include "compare/cost_text.h"
#include "compare/layout_text.h"
#include "compare/serving_text.h"
#include "number_format.h"

namespace rackplan::gui {
namespace {

const QString kDash = QStringLiteral("—");

QString system_label(const CandidateResult& r) { return qstr(r.candidate.system); }

// Significant digits for a throughput that may be 10 or 10 million.
QString format_rate(double v) { return v >= 100.0 ? format_fixed(v, 0) : format_fixed(v, 1); }

}  // namespace

void ComparisonTableModel::set_result(std::shared_ptr<const ComparisonResult> result) {
    beginResetModel();
    result_ = std::move(result);
    endResetModel();
}

void ComparisonTableModel::clear() { set_result(nullptr); }

const CandidateResult* ComparisonTableModel::row_result(int row) const {
    if (!result_ || row < 0 || row >= static_cast<int>(result_->ranking.size())) return nullptr;
    return &result_->rows[result_->ranking[static_cast<size_t>(row)]];
}

bool ComparisonTableModel::per_run() const { return result_ && result_->input.train_tokens.has_value(); }

int ComparisonTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !result_ ? 0 : static_cast<int>(result_->ranking.size());
}

int ComparisonTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ComparisonTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
            case Rank: return QStringLiteral("#");
            case CostRank: return QStringLiteral("$#");
            case System: return QStringLiteral("System");
            case Chips: return QStringLiteral("Chips");
            case Pricing: return QStringLiteral("Pricing");
            case Layout: return serving() ? QStringLiteral("Replica") : QStringLiteral("Best layout");
            case Ttft: return QStringLiteral("TTFT ms");
            case Tpot: return QStringLiteral("TPOT ms");
            case Batch: return QStringLiteral("Batch");
            case Replicas: return QStringLiteral("Replicas");
            case StepTime: return QStringLiteral("Step (s)");
            case TokensPerS: return serving() ? QStringLiteral("Tok/s") : QStringLiteral("Tokens/s");
            case TokensPerSPerChip: return serving() ? QStringLiteral("Tok/s/chip") : QStringLiteral("Tokens/s/chip");
            case Mfu: return QStringLiteral("MFU");
            case Memory: return QStringLiteral("Memory/chip (GiB)");
            case TimeToTrain: return QStringLiteral("Days");
            case UsdPerMtok: return QStringLiteral("$/M tok (P10–P90)");
            case UsdRun: return per_run() ? QStringLiteral("$/run") : QStringLiteral("$/hour");
            case PowerKw: return QStringLiteral("Avg kW");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
            case Layout:
                return serving() ? QStringLiteral("The model replica of the best deployment (tensor, pipeline, expert "
                                                  "parallel), or why none runs")
                                 : QStringLiteral("The fastest layout found (or the kept one), or why no layout runs");
            case Ttft: return QStringLiteral("Time to first token at the deployment's batch, queueing behind prefills included");
            case Tpot: return QStringLiteral("Time per output token once generating (— when one token is generated)");
            case Batch: return QStringLiteral("Sequences in flight per replica: the largest meeting the SLOs, or the fixed batch");
            case Replicas: return QStringLiteral("Model replicas side by side on the chips");
            case TokensPerS: return QStringLiteral("Output tokens per second of the whole deployment");
            case TokensPerSPerChip: return QStringLiteral("Output tokens per second per chip of the deployment");
            case StepTime: return QStringLiteral("One optimizer step of the global batch");
            case Mfu: return QStringLiteral("Model FLOP/s over the dense peak at the job's precision");
            case Memory: return QStringLiteral("Peak per chip (the fullest pipeline rank) of the HBM capacity");
            case TimeToTrain: return QStringLiteral("Days to train the run's train tokens at the utilization assumed");
            case CostRank: return QStringLiteral("Rank by $ per million tokens (1 = cheapest); — when not priced");
            case Rank:
                return serving() ? QStringLiteral("Rank by time per output token (1 = fastest)")
                                 : QStringLiteral("Rank by time (1 = fastest)");
            case Pricing: return QStringLiteral("How the system is paid for: owned, or rented on demand, reserved or in capacity blocks");
            case UsdPerMtok:
                return QStringLiteral("$ per million tokens %1, the point value and the P10–P90 range of the "
                                      "catalog's estimate ranges")
                    .arg(serving() ? QStringLiteral("generated") : QStringLiteral("trained"));
            case UsdRun:
                return per_run() ? QStringLiteral("$ of the whole run of train tokens (P10–P90)")
                                 : QStringLiteral("$ per hour of the deployment (P10–P90)");
            case PowerKw: return QStringLiteral("Average wall power at the utilization assumed, PUE included");
        }
    }
    if (role == Qt::TextAlignmentRole && section != System && section != Layout && section != Pricing)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

bool ComparisonTableModel::serving() const { return result_ && result_->input.mode == engine::Mode::infer; }

bool ComparisonTableModel::shown_for(int column, engine::Mode mode) {
    // Throughput and memory of training are in the detail pane: the cost columns fit beside.
    if (mode == engine::Mode::train)
        return column != Ttft && column != Tpot && column != Batch && column != Replicas && column != TokensPerS &&
               column != TokensPerSPerChip && column != Memory;
    // Serving: latencies, tokens/s and the deployment; $/hour and memory are in the detail pane.
    return column != StepTime && column != Mfu && column != TimeToTrain && column != Memory && column != UsdRun;
}

QVariant ComparisonTableModel::data(const QModelIndex& index, int role) const {
    const CandidateResult* r = index.isValid() ? row_result(index.row()) : nullptr;
    if (!r) return {};
    const int column = index.column();
    const engine::TrainPerformance* p = r->best();
    const cost::CostEvaluation* c = r->cost();
    const bool runs = r->ok();
    const bool cost_column = column == UsdPerMtok || column == UsdRun || column == CostRank;
    // Power needs no price: an unpriced system still shows what it draws.
    const plan::Candidate* best = r->best_candidate();
    const cost::PowerEvaluation* power = best && best->power ? &*best->power : nullptr;

    if (role == SystemIdRole) return qstr(r->candidate.system);
    if (role == InputIndexRole) return static_cast<int>(result_->ranking[static_cast<size_t>(index.row())]);
    if (role == Qt::TextAlignmentRole)
        return column == System || column == Layout || column == Pricing ? QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter)
                                                    : QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::BackgroundRole && !runs) return QBrush(QColor(0xfd, 0xe8, 0xe6));
    if (r->serving())
        if (QVariant v = serving_data(*r, column, role); v.isValid()) return v;
    if (role == Qt::ToolTipRole) {
        if (column == System)
            return r->system_name.empty() ? qstr(r->candidate.system)
                                          : qstr(r->system_name) + QStringLiteral("\nchip: ") + qstr(r->chip_name);
        if (column == Layout)
            return p ? layout_description(p->layout, p->micro_batches)
                     : qstr(engine::to_string(r->status())) + QStringLiteral(": ") + qstr(r->message());
        if (cost_column && runs && !c) return QStringLiteral("Not priced: ") + qstr(r->message());
        return {};
    }
    if (role == ValueRole) {
        if (!runs) return {};
        switch (column) {
            case UsdPerMtok: return c ? QVariant(c->per_mtok.point.value()) : QVariant();
            case UsdRun:
                if (!c) return {};
                return c->per_run ? c->per_run->point.value() : units::to_usd_per_hour(c->cost_rate.point);
            case PowerKw: return power ? QVariant(units::to_kw(power->avg_power.point)) : QVariant();
        }
        if (!p) return {};
        switch (column) {
            case StepTime: return p->breakdown.step.value();
            case TokensPerS: return p->tokens_per_s;
            case TokensPerSPerChip: return p->tokens_per_s / static_cast<double>(p->layout.chips());
            case Mfu: return p->mfu;
            case Memory: return units::to_gib(p->memory.total());
            case TimeToTrain: return p->time_to_train_days ? QVariant(*p->time_to_train_days) : QVariant();
        }
        return {};
    }
    if (role != Qt::DisplayRole) return {};
    switch (column) {
        case Rank: return r->row.time_rank > 0 ? QString::number(r->row.time_rank) : kDash;
        case CostRank: return r->row.cost_rank > 0 ? QString::number(r->row.cost_rank) : kDash;
        case System: return system_label(*r);
        case Chips: return QString::number(r->candidate.chips);
        case Pricing: return qstr(engine::to_string(r->candidate.pricing));
        case Layout:
            return p ? layout_summary(p->layout)
                     : qstr(engine::to_string(r->status())) + QStringLiteral(": ") + qstr(r->message());
    }
    if (!runs) return kDash;
    if (cost_column && !c) return column == UsdPerMtok ? QStringLiteral("not priced") : kDash;
    switch (column) {
        case UsdPerMtok: return money_range_text(c->per_mtok);
        case UsdRun: return c->per_run ? money_range_text(*c->per_run) : money_range_text(c->cost_rate, 3600.0);
        case PowerKw: return power ? format_fixed(units::to_kw(power->avg_power.point), 1, true) : kDash;
    }
    if (!p) return kDash;
    switch (column) {
        case StepTime: return format_fixed(p->breakdown.step.value(), 3, true);
        case TokensPerS: return format_rate(p->tokens_per_s);
        case TokensPerSPerChip: return format_rate(p->tokens_per_s / static_cast<double>(p->layout.chips()));
        case Mfu: return format_fixed(100.0 * p->mfu, 1, true) + QStringLiteral(" %");
        case Memory:
            return format_fixed(units::to_gib(p->memory.total()), 1, true) + QStringLiteral(" / ") +
                   format_fixed(units::to_gib(p->hbm_capacity), 0);
        case TimeToTrain: return p->time_to_train_days ? format_fixed(*p->time_to_train_days, 1, true) : kDash;
    }
    return kDash;
}

// The serving columns of a row that runs; an invalid QVariant leaves the cell to the columns
// both modes share.
QVariant ComparisonTableModel::serving_data(const CandidateResult& r, int column, int role) const {
    const engine::InferPerformance& s = *r.serving();
    const plan::Candidate& best = *r.best_candidate();
    const double tpot_ms = units::to_ms(s.point.tpot);
    if (role == Qt::ToolTipRole && column == Layout) return serving_layout_description(s);
    if (role == ValueRole) {
        switch (column) {
            case Ttft: return units::to_ms(s.point.ttft);
            case Tpot: return tpot_ms > 0 ? QVariant(tpot_ms) : QVariant();
            case TokensPerS: return s.tokens_per_s;
            case TokensPerSPerChip: return s.tokens_per_s_per_chip;
            case Batch: return s.point.batch;
            case Replicas: return best.replicas;
            case Memory: return units::to_gib(s.memory.total());
        }
        return {};
    }
    if (role != Qt::DisplayRole) return {};
    switch (column) {
        case Layout: return serving_layout_summary(s.layout);
        case Ttft: return format_fixed(units::to_ms(s.point.ttft), 1, true);
        case Tpot: return tpot_ms > 0 ? format_fixed(tpot_ms, 2, true) : kDash;
        case TokensPerS: return format_rate(s.tokens_per_s);
        case TokensPerSPerChip: return format_rate(s.tokens_per_s_per_chip);
        case Batch: return QString::number(s.point.batch);
        case Replicas: return QString::number(best.replicas);
        case Memory:
            return format_fixed(units::to_gib(s.memory.total()), 1, true) + QStringLiteral(" / ") +
                   format_fixed(units::to_gib(s.memory.capacity), 0);
        case StepTime:
        case Mfu:
        case TimeToTrain: return kDash;
    }
    return {};
}

}  // namespace rackplan::gui
