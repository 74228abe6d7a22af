#pragma once
// The comparison as a table: one row per candidate system, ranked (feasible fastest first,
// then the systems without a layout, each with its reason), with its rank by cost, pricing,
// $/M tokens with its P10–P90 range, $ of the run (or $/hour without train tokens) and
// average wall power. Training rows show step time, MFU and days; serving rows TTFT, TPOT,
// output tokens/s, the batch per replica and the replicas. Cells are core's numbers,
// formatted; nothing is computed here.
#include <memory>

#include <QAbstractTableModel>

#include "compare/comparison_run.h"

namespace rackplan::gui {

class ComparisonTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Rank, CostRank, System, Chips, Pricing, Layout, Ttft, Tpot, StepTime, TokensPerS, TokensPerSPerChip, Batch,
        Replicas, Mfu, Memory, TimeToTrain, UsdPerMtok, UsdRun, PowerKw, ColumnCount
    };
    enum Role { SystemIdRole = Qt::UserRole + 1, ValueRole, InputIndexRole };

    using QAbstractTableModel::QAbstractTableModel;

    // Whether the page shows `column` for a comparison of `mode` (the rest are hidden; the
    // model answers every column either way).
    static bool shown_for(int column, engine::Mode mode);

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
    [[nodiscard]] bool serving() const;
    QVariant serving_data(const CandidateResult& r, int column, int role) const;

    std::shared_ptr<const ComparisonResult> result_;
};

}  // namespace rackplan::gui
