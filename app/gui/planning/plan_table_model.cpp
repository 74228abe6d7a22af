#include "planning/plan_table_model.h"

#include <algorithm>

#include <QBrush>
#include <QColor>

#include "compare/cost_text.h"
#include "number_format.h"

namespace rackplan::gui {
namespace {

const QString kDash = QStringLiteral("—");

}  // namespace

void PlanTableModel::set_run(std::shared_ptr<const PlanRun> run) {
    beginResetModel();
    run_ = std::move(run);
    order_.clear();
    if (run_) {
        const auto& rows = run_->result.rows;
        for (size_t i = 0; i < rows.size(); ++i)
            if (rows[i].cost_rank > 0) order_.push_back(i);
        std::stable_sort(order_.begin(), order_.end(), [&](size_t a, size_t b) { return rows[a].cost_rank < rows[b].cost_rank; });
        for (size_t i = 0; i < rows.size(); ++i)
            if (rows[i].cost_rank == 0) order_.push_back(i);
    }
    endResetModel();
}

const plan::PlanRow* PlanTableModel::row_at(int row) const {
    if (!run_ || row < 0 || row >= static_cast<int>(order_.size())) return nullptr;
    return &run_->result.rows[order_[static_cast<size_t>(row)]];
}

int PlanTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(order_.size());
}

int PlanTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant PlanTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    const double years = run_ ? run_->result.tco_years : 3.0;
    if (role == Qt::DisplayRole) {
        switch (section) {
            case System: return QStringLiteral("System");
            case Pricing: return QStringLiteral("Pricing");
            case Chips: return QStringLiteral("Chips");
            case Nodes: return QStringLiteral("Nodes");
            case Domains: return QStringLiteral("Scale-up");
            case Racks: return QStringLiteral("Racks");
            case Megawatts: return QStringLiteral("MW");
            case Replicas: return QStringLiteral("Replicas");
            case Days:
                if (run_ && run_->result.time_metric == plan::TimeMetric::tpot) return QStringLiteral("TPOT ms");
                if (run_ && run_->result.time_metric == plan::TimeMetric::ttft) return QStringLiteral("TTFT ms");
                return QStringLiteral("Days");
            case Capex: return QStringLiteral("Capex");
            case Opex: return QStringLiteral("Opex/yr");
            case Tco: return QStringLiteral("%1-yr TCO (P10–P90)").arg(format_fixed(years, 1));
            case Rent: return QStringLiteral("%1-yr rent").arg(format_fixed(years, 1));
            case BreakEven: return QStringLiteral("Break-even");
            case Status: return QStringLiteral("Status");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
            case Chips: return QStringLiteral("Chips paid for: the job's chips in whole nodes, or whole scale-up domains for rack-scale systems");
            case Domains: return QStringLiteral("Scale-up domains (UltraServers, NVL72 racks, instances)");
            case Racks: return QStringLiteral("Racks of floor space (unknown without rack units)");
            case Megawatts: return QStringLiteral("Wall power at load, PUE included: what the site must supply");
            case Replicas: return QStringLiteral("Model replicas the demand needs (each at the batch meeting the SLOs)");
            case Days:
                if (run_ && run_->input.mode == engine::Mode::infer)
                    return QStringLiteral("Latency of the plan's deployment: time per output token (to first token "
                                          "when one token is generated)");
                return QStringLiteral("Days the plan's layout takes to train the tokens");
            case Capex: return QStringLiteral("Upfront: nodes, scale-out network and installation (of the twin named in the tooltip)");
            case Opex: return QStringLiteral("Running cost of owning: maintenance, facility and electricity at utilization");
            case Tco: return QStringLiteral("Owning over the horizon, financing included, with its P10–P90");
            case Rent: return QStringLiteral("The same fleet rented over the horizon (idle time paid)");
            case BreakEven: return QStringLiteral("Months until buying has cost no more than renting");
        }
    }
    if (role == Qt::TextAlignmentRole && section != System && section != Pricing && section != Status)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant PlanTableModel::data(const QModelIndex& index, int role) const {
    const plan::PlanRow* r = index.isValid() ? row_at(index.row()) : nullptr;
    if (!r) return {};
    const int column = index.column();
    const plan::Candidate* p = r->plan();
    const plan::FleetShape* f = r->fleet ? &*r->fleet : nullptr;
    const plan::BuyVsRent& o = r->ownership;
    if (role == Qt::TextAlignmentRole)
        return column == System || column == Pricing || column == Status ? QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter)
                                                                          : QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::BackgroundRole && !p) return QBrush(QColor(0xfd, 0xe8, 0xe6));
    if (role == Qt::ToolTipRole) {
        switch (column) {
            case Status: return r->message.empty() ? QVariant() : qstr(r->message);
            case Capex:
            case Opex:
            case Tco:
                if (o.own) return QStringLiteral("Priced as ") + qstr(o.own->priced_as);
                return o.own_note.empty() ? QVariant() : qstr(o.own_note);
            case Rent:
                if (o.rent) return QStringLiteral("%1 of %2").arg(qstr(engine::to_string(o.rent->pricing)), qstr(o.rent->priced_as));
                return o.rent_note.empty() ? QVariant() : qstr(o.rent_note);
            case BreakEven: return o.break_even_note.empty() ? QVariant() : qstr(o.break_even_note);
        }
        return {};
    }
    if (role == ValueRole) {
        switch (column) {
            case Chips: return f ? QVariant(f->chips) : QVariant();
            case Replicas: return p && p->infer ? QVariant(p->replicas) : QVariant();
            case Days:
                if (p && p->infer) return units::to_ms(p->time);
                return p && p->train && p->train->time_to_train_days ? QVariant(*p->train->time_to_train_days) : QVariant();
            case Megawatts: return f && f->wall_peak ? QVariant(f->wall_peak->value() * 1e-6) : QVariant();
            case Tco: return o.own ? QVariant(o.own->tco.point.value()) : QVariant();
            case Rent: return o.rent ? QVariant(o.rent->total.point.value()) : QVariant();
            case BreakEven: return o.break_even_months ? QVariant(*o.break_even_months) : QVariant();
        }
        return {};
    }
    if (role != Qt::DisplayRole) return {};
    switch (column) {
        case System: return qstr(r->system);
        case Pricing: return qstr(engine::to_string(r->pricing));
        case Status: return r->message.empty() ? qstr(engine::to_string(r->status))
                                               : qstr(engine::to_string(r->status)) + QStringLiteral(": ") + qstr(r->message);
        case Chips: return f ? QString::number(f->chips) : kDash;
        case Nodes: return f ? QString::number(f->nodes) : kDash;
        case Domains: return f ? QString::number(f->domains) : kDash;
        case Racks: return f && f->racks ? QString::number(*f->racks) : kDash;
        case Megawatts: return f && f->wall_peak ? format_fixed(f->wall_peak->value() * 1e-6, 2, true) : kDash;
        case Replicas: return p && p->infer ? QString::number(p->replicas) : kDash;
        case Days:
            if (p && p->infer) return format_fixed(units::to_ms(p->time), 2, true);
            return p && p->train && p->train->time_to_train_days ? format_fixed(*p->train->time_to_train_days, 1, true) : kDash;
        case Capex: return o.own ? money_text(o.own->upfront.value()) : kDash;
        case Opex: return o.own ? money_text(o.own->running.value() * cost::kSecondsPerYear) : kDash;
        case Tco: return o.own ? money_range_text(o.own->tco) : kDash;
        case Rent: return o.rent ? money_range_text(o.rent->total) : kDash;
        case BreakEven:
            return o.break_even_months ? format_fixed(*o.break_even_months, 1, true) + QStringLiteral(" mo") : kDash;
    }
    return {};
}

}  // namespace rackplan::gui
