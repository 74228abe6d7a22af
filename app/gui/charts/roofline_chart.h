#pragma once
// Roofline of one candidate's chip: the ceiling min(peak, intensity × HBM bandwidth) from the
// chip's tensor peak at the job's precision and its HBM bandwidth, and one point per operator
// of a transformer block (forward, one micro-batch, per chip) at its arithmetic intensity
// (FLOPs / bytes moved) and the rate the engine timed it at (FLOPs / forward time).
#include <vector>

#include <QChartView>

#include "compare/comparison_run.h"

class QGraphicsSimpleTextItem;
class QLineSeries;
class QLogValueAxis;
class QScatterSeries;

namespace rackplan::gui {

class RooflineChart : public QObject {
    Q_OBJECT
public:
    explicit RooflineChart(QWidget* parent);
    [[nodiscard]] QChartView* view() const { return view_; }
    [[nodiscard]] QChart* chart() const { return view_->chart(); }
    [[nodiscard]] QLineSeries* ceiling() const { return ceiling_; }
    // GEMMs, attention, vector ops (norms, activations, residuals, routing).
    [[nodiscard]] const std::vector<QScatterSeries*>& operator_series() const { return ops_; }
    [[nodiscard]] int point_count() const;

    void set_row(const CandidateResult* row, hw::Dtype dtype);

private:
    struct Label {
        QPointF at;
        QGraphicsSimpleTextItem* item;
    };
    void place_labels();

    QChartView* view_;
    QLineSeries* ceiling_;
    std::vector<QScatterSeries*> ops_;
    QLogValueAxis* intensity_;
    QLogValueAxis* rate_;
    std::vector<Label> labels_;
};

}  // namespace rackplan::gui
