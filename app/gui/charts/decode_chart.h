#pragma once
// One decode iteration of every serving candidate, stacked by where it goes (block GEMMs,
// attention over the KV cache, vector work, tensor- and pipeline-parallel communication), as
// a generating sequence sees it at the deployment's batch: the serving twin of StepChart. One
// bar set per part, one value per system, fastest system on top; systems without a layout
// keep their row, empty, so the ranking reads the same as the table.
#include <QChartView>

#include "compare/comparison_run.h"

class QBarCategoryAxis;
class QHorizontalStackedBarSeries;
class QValueAxis;

namespace rackplan::gui {

class DecodeChart : public QObject {
    Q_OBJECT
public:
    explicit DecodeChart(QWidget* parent);
    [[nodiscard]] QChartView* view() const { return view_; }
    [[nodiscard]] QChart* chart() const { return view_->chart(); }
    [[nodiscard]] QHorizontalStackedBarSeries* series() const { return series_; }
    [[nodiscard]] QBarCategoryAxis* systems_axis() const { return systems_; }

    // A serving comparison; a training one (or none) leaves the chart empty.
    void set_result(const ComparisonResult* result);

private:
    QChartView* view_;
    QHorizontalStackedBarSeries* series_;
    QBarCategoryAxis* systems_;
    QValueAxis* ms_;
};

}  // namespace rackplan::gui
