#pragma once
// A plan as a table: one row per system, ranked by cost (cheapest first, then the systems
// without a plan and their reason): the fleet (serving: replicas; chips, nodes, scale-up
// domains, racks, MW at the wall), its time (days to train; serving: TPOT, or TTFT for one
// output token), owning it (capex, opex per year, TCO with P10–P90), renting it over the same
// years, and when buying pays back. Cells are core's numbers, formatted.
#include <QAbstractTableModel>

#include "planning/plan_run.h"

namespace rackplan::gui {

class PlanTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        System, Pricing, Replicas, Chips, Nodes, Domains, Racks, Megawatts, Days, Capex, Opex, Tco, Rent, BreakEven, Status,
        ColumnCount
    };
    enum Role { ValueRole = Qt::UserRole + 1 };

    using QAbstractTableModel::QAbstractTableModel;

    void set_run(std::shared_ptr<const PlanRun> run);
    [[nodiscard]] const plan::PlanRow* row_at(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::shared_ptr<const PlanRun> run_;
    std::vector<size_t> order_;  // rows by cost rank, then the rest in input order
};

}  // namespace rackplan::gui
