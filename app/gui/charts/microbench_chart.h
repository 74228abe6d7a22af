#pragma once
// The selected system's emulated microbenchmarks, side by side: GEMM efficiency against
// square problem size, and all-reduce bus bandwidth against message size for one node, one
// scale-up domain and all the candidate's chips.
#include <QWidget>

#include "compare/comparison_run.h"

class QCategoryAxis;
class QChart;
class QChartView;
class QLineSeries;
class QValueAxis;

namespace rackplan::gui {

class MicrobenchChart : public QWidget {
    Q_OBJECT
public:
    explicit MicrobenchChart(QWidget* parent);
    [[nodiscard]] QChart* gemm_chart() const;
    [[nodiscard]] QChart* collective_chart() const;
    [[nodiscard]] QLineSeries* gemm_series() const { return gemm_; }

    void set_row(const CandidateResult* row);

private:
    QChartView* gemm_view_;
    QChartView* collective_view_;
    QLineSeries* gemm_;
    QCategoryAxis* gemm_size_;
    QValueAxis* gemm_eff_;
    QCategoryAxis* message_;
    QValueAxis* busbw_;
};

}  // namespace rackplan::gui
