#pragma once
// The comparison as a table: one row per candidate system, ranked (feasible fastest first,
// then the systems without a layout, each with its reason), with its rank by cost, pricing,
// $/M tokens with its P10–P90 range, $ of the run (or $/hour without train tokens) and
// average wall power. Cells are core's numbers, formatted; nothing is computed here.
#include <memory>

#include <QAbstractTableModel>

#include "compare/comparison_run.h"

namespace rackplan::gui {

class ComparisonTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Rank, CostRank, System, Chips, Pricing, Layout, StepTime, TokensPerS, TokensPerSPerChip, Mfu, Memory,
        TimeToTrain, UsdPerMtok, UsdRun, PowerKw, ColumnCount
    };
    enum Role { SystemIdRole = Qt::UserRole + 1, ValueRole, InputIndexRole };

    using QAbstractTableModel::QAbstractTableModel;

    void set_result(std::shared_ptr<const ComparisonResult> result);
    void clear();
    [[nodiscard]] const ComparisonResult* result() const { return result_.get(); }
    // The candidate shown in `row` (ranked order), or nullptr.
    [[nodiscard]] const CandidateResult* row_result(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    [[nodiscard]] bool per_run() const;  // the cost column is $ of the run (train tokens given)

    std::shared_ptr<const ComparisonResult> result_;
};

}  // namespace rackplan::gui
