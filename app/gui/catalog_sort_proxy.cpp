#include "catalog_sort_proxy.h"

#include "catalog_table_model.h"

namespace rackplan::gui {

CatalogSortProxy::CatalogSortProxy(QObject* parent) : QSortFilterProxyModel(parent) {
    setSortRole(CatalogTableModel::SortRole);
    setFilterKeyColumn(-1);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

bool CatalogSortProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const {
    const QVariant a = left.data(sortRole());
    const QVariant b = right.data(sortRole());
    if (!a.isValid() || !b.isValid()) return !a.isValid() && b.isValid();
    if (a.typeId() == QMetaType::Double && b.typeId() == QMetaType::Double) return a.value<double>() < b.value<double>();
    return QString::compare(a.toString(), b.toString(), sortCaseSensitivity()) < 0;
}

}  // namespace rackplan::gui
