#pragma once
// Step time of every candidate, stacked by where it goes (compute, each kind of exposed
// communication, pipeline bubble, optimizer): one bar set per part, one value per system,
// fastest system on top. Systems without a layout keep their row, empty, so the ranking reads
// the same as the table.
#include <QChartView>

#include "compare/comparison_run.h"

class QBarCategoryAxis;
class QHorizontalStackedBarSeries;
class QValueAxis;

namespace rackplan::gui {

class StepChart : public QObject {
    Q_OBJECT
public:
    explicit StepChart(QWidget* parent);
    [[nodiscard]] QChartView* view() const { return view_; }
    [[nodiscard]] QChart* chart() const { return view_->chart(); }
    [[nodiscard]] QHorizontalStackedBarSeries* series() const { return series_; }
    [[nodiscard]] QBarCategoryAxis* systems_axis() const { return systems_; }

    void set_result(const ComparisonResult* result);

private:
    QChartView* view_;
    QHorizontalStackedBarSeries* series_;
    QBarCategoryAxis* systems_;
    QValueAxis* seconds_;
};

}  // namespace rackplan::gui
