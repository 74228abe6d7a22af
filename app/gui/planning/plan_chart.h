#pragma once
// Cost of each system's fleet over the plan's horizon: owning (TCO, with its P10–P90 as an
// error bar) beside renting the same fleet, cheapest system first.
#include <QChartView>

#include "planning/plan_run.h"

class QBarCategoryAxis;
class QBarSeries;
class QBarSet;
class QLineSeries;
class QValueAxis;

namespace rackplan::gui {

class PlanChart : public QObject {
    Q_OBJECT
public:
    explicit PlanChart(QWidget* parent);
    [[nodiscard]] QChartView* view() const { return view_; }
    [[nodiscard]] QChart* chart() const { return view_->chart(); }
    [[nodiscard]] QBarSet* tco() const { return tco_; }
    [[nodiscard]] QBarSet* rent() const { return rent_; }
    [[nodiscard]] QBarCategoryAxis* systems_axis() const { return systems_; }
    [[nodiscard]] const std::vector<QLineSeries*>& error_bars() const { return bars_; }

    // Rows in the order given (the table's).
    void set_rows(const std::vector<const plan::PlanRow*>& rows, double years);

private:
    QChartView* view_;
    QBarSeries* series_;
    QBarSet* tco_;
    QBarSet* rent_;
    QBarCategoryAxis* systems_;
    QValueAxis* usd_;
    std::vector<QLineSeries*> bars_;
};

}  // namespace rackplan::gui
