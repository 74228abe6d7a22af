#include "catalog_table_model.h"

#include <QBrush>

#include "confidence_style.h"
#include "number_format.h"

namespace rackplan::gui {

CatalogTableModel::CatalogTableModel(EntryKind kind, QObject* parent)
    : QAbstractTableModel(parent), kind_(kind), columns_(columns_of(kind)) {}

void CatalogTableModel::set_catalog(const hw::Catalog& catalog) {
    const int n = entry_count(catalog, kind_);
    bool same_entries = n == rowCount() && n > 0;
    for (int i = 0; same_entries && i < n; ++i) same_entries = ids_[static_cast<size_t>(i)] == qstr(entry_id(catalog, kind_, i));
    if (!same_entries) beginResetModel();
    cells_.assign(static_cast<size_t>(n), {});
    ids_.assign(static_cast<size_t>(n), {});
    for (int i = 0; i < n; ++i) {
        auto& row = cells_[static_cast<size_t>(i)];
        for (const Column& c : columns_) {
            Cell cell{c.value(catalog, i), std::nullopt, {}};
            if (const hw::Figure* f = c.figure ? c.figure(catalog, i) : nullptr) {
                cell.confidence = f->confidence;
                cell.provenance = qstr(hw::to_string(f->confidence)) + QStringLiteral(": ") + format_written(f->value) +
                                  QLatin1Char(' ') + qstr(f->unit);
                if (f->has_range())
                    cell.provenance += QStringLiteral(" (") + format_written(*f->low) + QStringLiteral(" – ") +
                                       format_written(*f->high) + QLatin1Char(')');
                cell.provenance += QStringLiteral(", source ") + qstr(f->source);
            }
            row.push_back(std::move(cell));
        }
        ids_[static_cast<size_t>(i)] = qstr(entry_id(catalog, kind_, i));
    }
    if (same_entries) emit dataChanged(index(0, 0), index(n - 1, columnCount() - 1));
    else endResetModel();
}

QString CatalogTableModel::id_at(int row) const {
    return row >= 0 && row < rowCount() ? ids_[static_cast<size_t>(row)] : QString();
}

int CatalogTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(cells_.size());
}

int CatalogTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(columns_.size());
}

QVariant CatalogTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= columnCount()) return {};
    const Column& column = columns_[static_cast<size_t>(index.column())];
    const Cell& cell = cells_[static_cast<size_t>(index.row())][static_cast<size_t>(index.column())];
    const QVariant& v = cell.value;
    const bool number = v.typeId() == QMetaType::Double;
    const bool estimate = cell.confidence == hw::Confidence::estimate;
    switch (role) {
        case Qt::EditRole:
            return column.field.isEmpty() ? QVariant() : v;
        case Qt::DisplayRole:
            if (!v.isValid()) return QStringLiteral("—");
            if (!number) return v.toString();
            return (estimate ? QStringLiteral("~") : QString()) + format_fixed(v.value<double>(), column.decimals, column.keep_zeros);
        case Qt::ToolTipRole:
            if (!v.isValid()) return QStringLiteral("not in the catalog");
            return cell.provenance.isEmpty() ? QVariant() : QVariant(cell.provenance);
        case Qt::BackgroundRole:
            return estimate ? QVariant(QBrush(confidence_colour(hw::Confidence::estimate))) : QVariant();
        case Qt::ForegroundRole:
            return estimate ? QVariant(QBrush(QColor(0x1a, 0x1a, 0x1a))) : QVariant();
        case Qt::TextAlignmentRole:
            return QVariant::fromValue(Qt::AlignVCenter | (number || !v.isValid() ? Qt::AlignRight : Qt::AlignLeft));
        case SortRole: return v;
        case IdRole: return ids_[static_cast<size_t>(index.row())];
        default: return {};
    }
}

QVariant CatalogTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= columnCount()) return {};
    const Column& c = columns_[static_cast<size_t>(section)];
    if (role == Qt::DisplayRole) return c.header;
    if (role == Qt::ToolTipRole && !c.tooltip.isEmpty()) return c.tooltip;
    return {};
}

Qt::ItemFlags CatalogTableModel::flags(const QModelIndex& index) const {
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && handler_ && index.column() < columnCount() &&
        !columns_[static_cast<size_t>(index.column())].field.isEmpty())
        f |= Qt::ItemIsEditable;
    return f;
}

bool CatalogTableModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (role != Qt::EditRole || !(flags(index) & Qt::ItemIsEditable) || index.row() >= rowCount()) return false;
    const Cell& cell = cells_[static_cast<size_t>(index.row())][static_cast<size_t>(index.column())];
    if (value.toString() == cell.value.toString()) return false;  // the editor closed unchanged
    // Copies: the handler's edit replaces this model's cells.
    const QString id = ids_[static_cast<size_t>(index.row())];
    const QString field = columns_[static_cast<size_t>(index.column())].field;
    return handler_(id, field, value.toString()).isEmpty();
}

}  // namespace rackplan::gui
