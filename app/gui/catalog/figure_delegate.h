#pragma once
// Editors for the detail table's cells: a list of the three confidence levels, a list of the
// units of the figure's dimension (editable: what is typed is still judged by core), a line
// for the rest. Tooltips stay plain text (PlainTooltipDelegate). A refused cell keeps its red
// mark even when its row is selected, and an editor is at least as wide as its content.
#include "plain_tooltip_delegate.h"

namespace rackplan::gui {

class FigureDelegate : public PlainTooltipDelegate {
    Q_OBJECT
public:
    using PlainTooltipDelegate::PlainTooltipDelegate;

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    void setEditorData(QWidget* editor, const QModelIndex& index) const override;
    void setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const override;
    void updateEditorGeometry(QWidget* editor, const QStyleOptionViewItem& option,
                              const QModelIndex& index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;
};

}  // namespace rackplan::gui
