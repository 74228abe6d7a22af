#include "figure_table_model.h"

#include <QBrush>

#include "confidence_style.h"
#include "number_format.h"

namespace rackplan::gui {

FigureTableModel::FigureTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void FigureTableModel::set_rows(std::vector<DetailRow> rows) {
    beginResetModel();
    rows_ = std::move(rows);
    endResetModel();
}

int FigureTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int FigureTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant FigureTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const DetailRow& r = rows_[static_cast<size_t>(index.row())];
    const auto column = static_cast<ColumnId>(index.column());
    if (role == Qt::DisplayRole) {
        switch (column) {
            case Path: return r.path;
            case Value: return r.value;
            case Unit: return r.unit;
            case Range: return r.range;
            case Source: return r.source;
            case Confidence: return r.confidence ? qstr(hw::to_string(*r.confidence)) : QStringLiteral("exact");
            case Note: return r.note;
            case ColumnCount: break;
        }
        return {};
    }
    if (role == Qt::ToolTipRole) {
        if (column == Source) return r.citation;
        if (column == Confidence)
            return r.confidence ? confidence_meaning(*r.confidence) : QStringLiteral("exact: a published architecture value");
        if (column == Note && !r.note.isEmpty()) return r.note;
        return {};
    }
    if (column == Confidence && r.confidence) {
        if (role == Qt::BackgroundRole) return QBrush(confidence_colour(*r.confidence));
        if (role == Qt::ForegroundRole) return QBrush(QColor(0x1a, 0x1a, 0x1a));
    }
    if (role == Qt::TextAlignmentRole && (column == Value || column == Range))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant FigureTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (static_cast<ColumnId>(section)) {
        case Path: return QStringLiteral("Figure");
        case Value: return QStringLiteral("Value");
        case Unit: return QStringLiteral("Unit");
        case Range: return QStringLiteral("Low – high");
        case Source: return QStringLiteral("Source");
        case Confidence: return QStringLiteral("Confidence");
        case Note: return QStringLiteral("Note");
        case ColumnCount: break;
    }
    return {};
}

}  // namespace rackplan::gui
