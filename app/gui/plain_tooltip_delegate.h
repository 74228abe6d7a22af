#pragma once
// Item tooltips as plain text. QToolTip renders anything that looks like markup as rich
// text, and catalog notes and citations are user data: they are escaped before showing.
#include <QStyledItemDelegate>

namespace rackplan::gui {

// `plain` escaped and wrapped as a rich-text paragraph that shows it literally.
QString tooltip_html(const QString& plain);

class PlainTooltipDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    bool helpEvent(QHelpEvent* event, QAbstractItemView* view, const QStyleOptionViewItem& option,
                   const QModelIndex& index) override;
};

}  // namespace rackplan::gui
