#include "figure_delegate.h"

#include <algorithm>

#include <QComboBox>

#include "figure_table_model.h"
#include "hw/figure.h"
#include "number_format.h"
#include "units/unit_table.h"

namespace rackplan::gui {
namespace {

// The units of the dimension the current unit measures (a figure's unit is always valid).
QStringList sibling_units(const QString& unit) {
    QStringList out;
    if (const auto u = units::find_unit(unit.toStdString()))
        for (std::string_view name : units::units_of(u->dimension)) out << qstr(name);
    return out;
}

}  // namespace

QWidget* FigureDelegate::createEditor(QWidget* parent, const QStyleOptionViewItem& option,
                                      const QModelIndex& index) const {
    const auto* model = qobject_cast<const FigureTableModel*>(index.model());
    const DetailRow* row =
        model && index.row() < model->rowCount() ? &model->rows()[static_cast<size_t>(index.row())] : nullptr;
    if (row && row->confidence && index.column() == FigureTableModel::Confidence) {
        auto* box = new QComboBox(parent);
        for (auto c : {hw::Confidence::documented, hw::Confidence::derived, hw::Confidence::estimate})
            box->addItem(qstr(hw::to_string(c)));
        return box;
    }
    if (row && row->confidence && index.column() == FigureTableModel::Unit) {
        auto* box = new QComboBox(parent);
        box->setEditable(true);  // any text may be typed; core names what is wrong with it
        box->addItems(sibling_units(row->unit));
        return box;
    }
    return PlainTooltipDelegate::createEditor(parent, option, index);
}

void FigureDelegate::setEditorData(QWidget* editor, const QModelIndex& index) const {
    if (auto* box = qobject_cast<QComboBox*>(editor)) {
        const QString text = index.data(Qt::EditRole).toString();
        const int i = box->findText(text);
        if (i >= 0) box->setCurrentIndex(i);
        else if (box->isEditable()) box->setEditText(text);
        return;
    }
    PlainTooltipDelegate::setEditorData(editor, index);
}

void FigureDelegate::setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const {
    if (auto* box = qobject_cast<QComboBox*>(editor)) {
        model->setData(index, box->currentText(), Qt::EditRole);
        return;
    }
    PlainTooltipDelegate::setModelData(editor, model, index);
}

void FigureDelegate::updateEditorGeometry(QWidget* editor, const QStyleOptionViewItem& option,
                                          const QModelIndex& index) const {
    PlainTooltipDelegate::updateEditorGeometry(editor, option, index);
    QRect r = editor->geometry();
    r.setWidth(std::max(r.width(), editor->sizeHint().width()));
    editor->setGeometry(r);
}

void FigureDelegate::initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const {
    PlainTooltipDelegate::initStyleOption(option, index);
    // The selection colour would hide the red mark of the cell that was just refused.
    if (index.data(FigureTableModel::RefusedRole).toBool()) option->state &= ~QStyle::State_Selected;
}

}  // namespace rackplan::gui
