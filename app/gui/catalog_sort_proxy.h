#pragma once
// Sorting and filtering of an entry list: numbers sort as numbers, absent values first,
// text case-insensitively; the filter matches any column's text.
#include <QSortFilterProxyModel>

namespace rackplan::gui {

class CatalogSortProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit CatalogSortProxy(QObject* parent = nullptr);

protected:
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;
};

}  // namespace rackplan::gui
