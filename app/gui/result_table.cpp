#include "result_table.h"

#include <QHeaderView>
#include <QTableView>

#include "plain_tooltip_delegate.h"

namespace rackplan::gui {

QTableView* make_result_table(QWidget* parent) {
    auto* v = new QTableView(parent);
    v->setSelectionBehavior(QAbstractItemView::SelectRows);
    v->setSelectionMode(QAbstractItemView::SingleSelection);
    v->setEditTriggers(QAbstractItemView::NoEditTriggers);
    v->setAlternatingRowColors(true);
    v->setWordWrap(false);
    v->setTextElideMode(Qt::ElideRight);
    v->verticalHeader()->setVisible(false);
    v->horizontalHeader()->setHighlightSections(false);
    v->setItemDelegate(new PlainTooltipDelegate(v));
    return v;
}

}  // namespace rackplan::gui
