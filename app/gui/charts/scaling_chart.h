#pragma once
// Scaling of one candidate: tokens/s (left axis) and MFU (right axis) of the best layout at
// each chip count, chips on a log2 axis. Counts without a layout are left out and listed in
// the title's note.
#include <QChartView>

#include "compare/scaling.h"

class QCategoryAxis;
class QLineSeries;
class QValueAxis;

namespace rackplan::gui {

class ScalingChart : public QObject {
    Q_OBJECT
public:
    explicit ScalingChart(QWidget* parent);
    [[nodiscard]] QChartView* view() const { return view_; }
    [[nodiscard]] QChart* chart() const { return view_->chart(); }
    [[nodiscard]] QLineSeries* throughput() const { return tokens_; }
    [[nodiscard]] QLineSeries* mfu() const { return mfu_; }

    void set_pending(const QString& system);
    void set_result(const ScalingResult* result, int global_batch);

private:
    QChartView* view_;
    QLineSeries* tokens_;
    QLineSeries* mfu_;
    QCategoryAxis* chips_;
    QValueAxis* tokens_axis_;
    QValueAxis* mfu_axis_;
};

}  // namespace rackplan::gui
