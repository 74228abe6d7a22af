#pragma once
// The detail pane's table: one row per figure of the selected entry.
#include <vector>

#include <QAbstractTableModel>

#include "entry_detail.h"

namespace rackplan::gui {

class FigureTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum ColumnId { Path, Value, Unit, Range, Source, Confidence, Note, ColumnCount };

    explicit FigureTableModel(QObject* parent = nullptr);

    void set_rows(std::vector<DetailRow> rows);
    void clear() { set_rows({}); }
    [[nodiscard]] const std::vector<DetailRow>& rows() const { return rows_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<DetailRow> rows_;
};

}  // namespace rackplan::gui
