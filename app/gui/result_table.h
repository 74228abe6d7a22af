#pragma once
// The read-only table views of the window (catalog lists, comparison, plan): whole rows
// selected one at a time, alternating rows, elided cells with the full text in the tooltip,
// no row numbers. Callers set the model and the column sizing.
class QTableView;
class QWidget;

namespace rackplan::gui {

QTableView* make_result_table(QWidget* parent);

}  // namespace rackplan::gui
