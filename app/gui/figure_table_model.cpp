#include "figure_table_model.h"

#include <QBrush>
#include <QFont>

#include "confidence_style.h"
#include "number_format.h"

namespace rackplan::gui {
namespace {

const QColor kRefusedBackground(0xf6, 0xc9, 0xc4);

QString cell_text(const DetailRow& r, FigureTableModel::ColumnId column) {
    switch (column) {
        case FigureTableModel::Path: return r.path;
        case FigureTableModel::Value: return r.value;
        case FigureTableModel::Unit: return r.unit;
        case FigureTableModel::Low: return r.low;
        case FigureTableModel::High: return r.high;
        case FigureTableModel::Source: return r.source;
        case FigureTableModel::Confidence:
            return r.confidence ? qstr(hw::to_string(*r.confidence)) : QStringLiteral("exact");
        case FigureTableModel::Note: return r.note;
        case FigureTableModel::ColumnCount: break;
    }
    return {};
}

bool same_figures(const std::vector<DetailRow>& a, const std::vector<DetailRow>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (a[i].path != b[i].path) return false;
    return true;
}

}  // namespace

FigureTableModel::FigureTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void FigureTableModel::set_rows(std::vector<DetailRow> rows, std::vector<DetailRow> stored) {
    stored_ = std::move(stored);
    if (!rows_.empty() && same_figures(rows_, rows)) {
        rows_ = std::move(rows);
        refusal_.reset();
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    rows_ = std::move(rows);
    refusal_.reset();
    endResetModel();
}

const DetailRow* FigureTableModel::stored_row(int row) const {
    const QString& path = rows_[static_cast<size_t>(row)].path;
    if (static_cast<size_t>(row) < stored_.size() && stored_[static_cast<size_t>(row)].path == path)
        return &stored_[static_cast<size_t>(row)];
    for (const DetailRow& r : stored_)
        if (r.path == path) return &r;
    return nullptr;
}

void FigureTableModel::clear_refusal() {
    if (!refusal_) return;
    const QModelIndex cell = index(refusal_->row, refusal_->column);
    refusal_.reset();
    emit dataChanged(cell, cell);
}

bool FigureTableModel::editable(const DetailRow& row, ColumnId column) {
    if (!row.confidence) return column == Value;  // a model's exact architecture value
    return column != Path && column != ColumnCount;
}

int FigureTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int FigureTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

Qt::ItemFlags FigureTableModel::flags(const QModelIndex& index) const {
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && handler_ && index.row() < rowCount() &&
        editable(rows_[static_cast<size_t>(index.row())], static_cast<ColumnId>(index.column())))
        f |= Qt::ItemIsEditable;
    return f;
}

bool FigureTableModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (role != Qt::EditRole || !(flags(index) & Qt::ItemIsEditable)) return false;
    const DetailRow row = rows_[static_cast<size_t>(index.row())];  // a copy: the handler replaces rows_
    const auto column = static_cast<ColumnId>(index.column());
    const QString text = value.toString();
    if (text == cell_text(row, column)) return false;  // the editor closed unchanged
    clear_refusal();
    const QString refused = handler_(row, column, text);  // may replace rows_ through set_rows
    if (refused.isEmpty()) return true;
    refusal_ = Refusal{index.row(), index.column(), refused};
    emit dataChanged(index, index);
    return false;
}

QVariant FigureTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const DetailRow& r = rows_[static_cast<size_t>(index.row())];
    const auto column = static_cast<ColumnId>(index.column());
    const bool refused = refusal_ && refusal_->row == index.row() && refusal_->column == index.column();
    const DetailRow* stored = stored_.empty() ? nullptr : stored_row(index.row());
    const bool edited = stored && cell_text(*stored, column) != cell_text(r, column);
    if (role == Qt::DisplayRole || role == Qt::EditRole) return cell_text(r, column);
    if (role == RefusedRole) return refused;
    if (role == EditedRole) return edited;
    if (role == Qt::FontRole && edited) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role == Qt::ToolTipRole) {
        if (refused) return QStringLiteral("Edit refused, nothing changed: ") + refusal_->message;
        if (edited) {
            const QString was = cell_text(*stored, column);
            return QStringLiteral("Edited, not saved. In the database: ") +
                   (was.isEmpty() ? QStringLiteral("(empty)") : was);
        }
        if (column == Source) return r.citation;
        if (column == Confidence)
            return r.confidence ? confidence_meaning(*r.confidence) : QStringLiteral("exact: a published architecture value");
        if (column == Note && !r.note.isEmpty()) return r.note;
        return {};
    }
    if (refused) {
        if (role == Qt::BackgroundRole) return QBrush(kRefusedBackground);
        if (role == Qt::ForegroundRole) return QBrush(QColor(0x1a, 0x1a, 0x1a));
    }
    if (column == Confidence && r.confidence) {
        if (role == Qt::BackgroundRole) return QBrush(confidence_colour(*r.confidence));
        if (role == Qt::ForegroundRole) return QBrush(QColor(0x1a, 0x1a, 0x1a));
    }
    if (role == Qt::TextAlignmentRole && (column == Value || column == Low || column == High))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant FigureTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (static_cast<ColumnId>(section)) {
        case Path: return QStringLiteral("Figure");
        case Value: return QStringLiteral("Value");
        case Unit: return QStringLiteral("Unit");
        case Low: return QStringLiteral("Low");
        case High: return QStringLiteral("High");
        case Source: return QStringLiteral("Source");
        case Confidence: return QStringLiteral("Confidence");
        case Note: return QStringLiteral("Note");
        case ColumnCount: break;
    }
    return {};
}

}  // namespace rackplan::gui
