#include "plain_tooltip_delegate.h"

#include <QAbstractItemView>
#include <QHelpEvent>
#include <QTextDocument>
#include <QToolTip>

namespace rackplan::gui {

QString tooltip_html(const QString& plain) { return Qt::convertFromPlainText(plain, Qt::WhiteSpaceNormal); }

bool PlainTooltipDelegate::helpEvent(QHelpEvent* event, QAbstractItemView* view, const QStyleOptionViewItem& option,
                                     const QModelIndex& index) {
    if (!event || event->type() != QEvent::ToolTip || !index.isValid())
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    const QString text = index.data(Qt::ToolTipRole).toString();
    if (text.isEmpty()) {
        QToolTip::hideText();
        event->ignore();
        return false;
    }
    QToolTip::showText(event->globalPos(), tooltip_html(text), view, option.rect);
    return true;
}

}  // namespace rackplan::gui
