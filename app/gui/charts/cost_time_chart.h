#pragma once
// Cost versus time of every priced layout of every system ($ per million tokens against time
// to train, or step time without train tokens): one colour per system, its best layout drawn
// larger with the P10–P90 range of its cost as an error bar, and the Pareto front (no
// cheaper layout is also faster) as a line through the layouts on it.
#include <QChartView>

#include "compare/comparison_run.h"

class QLineSeries;
class QScatterSeries;
class QLogValueAxis;

namespace rackplan::gui {

class CostTimeChart : public QObject {
    Q_OBJECT
public:
    explicit CostTimeChart(QWidget* parent);
    [[nodiscard]] QChartView* view() const { return view_; }
    [[nodiscard]] QChart* chart() const { return view_->chart(); }
    [[nodiscard]] QLineSeries* front() const { return front_; }
    // Scatter series, one per system with a priced layout, in input order.
    [[nodiscard]] const std::vector<QScatterSeries*>& points() const { return points_; }
    // Error bars, one per system whose best layout is priced.
    [[nodiscard]] const std::vector<QLineSeries*>& error_bars() const { return bars_; }
    [[nodiscard]] QLogValueAxis* time_axis() const { return time_; }
    [[nodiscard]] QLogValueAxis* cost_axis() const { return cost_; }

    void set_result(const ComparisonResult* result);

private:
    QChartView* view_;
    QLineSeries* front_;
    std::vector<QScatterSeries*> points_;
    std::vector<QLineSeries*> bars_;
    QLogValueAxis* time_;
    QLogValueAxis* cost_;
};

// The value on the chart's time axis (days to train, or seconds per step).
double chart_time(const plan::Candidate& c, plan::TimeMetric metric);
QString time_axis_title(plan::TimeMetric metric);

}  // namespace rackplan::gui
