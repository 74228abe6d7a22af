#pragma once
// The tornado of the selected system's $ per million tokens: how far it moves when each
// uncertain input (capex, power, $/kWh, PUE, throughput...) is set 20 % lower or higher, the
// widest on top, drawn as the change from the point value.
#include <QChartView>

#include "compare/comparison_run.h"

class QBarCategoryAxis;
class QBarSet;
class QHorizontalStackedBarSeries;
class QValueAxis;

namespace rackplan::gui {

class TornadoChart : public QObject {
    Q_OBJECT
public:
    explicit TornadoChart(QWidget* parent);
    [[nodiscard]] QChartView* view() const { return view_; }
    [[nodiscard]] QChart* chart() const { return view_->chart(); }
    [[nodiscard]] QBarCategoryAxis* groups_axis() const { return groups_; }
    [[nodiscard]] QBarSet* low() const { return low_; }
    [[nodiscard]] QBarSet* high() const { return high_; }

    void set_row(const CandidateResult* row);

    static constexpr int kMaxBars = 10;

private:
    QChartView* view_;
    QHorizontalStackedBarSeries* series_;
    QBarSet* low_;
    QBarSet* high_;
    QBarCategoryAxis* groups_;
    QValueAxis* change_;
};

}  // namespace rackplan::gui
