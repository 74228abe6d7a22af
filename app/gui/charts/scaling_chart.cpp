#include "scaling_chart.h"

#include <cmath>

#include <QCategoryAxis>
#include <QLineSeries>
#include <QValueAxis>

#include "charts/chart_style.h"
#include "number_format.h"

namespace rackplan::gui {

ScalingChart::ScalingChart(QWidget* parent) : QObject(parent) {
    auto* chart = new QChart;
    chips_ = new QCategoryAxis;
    chips_->setTitleText(QStringLiteral("Chips"));
    tokens_axis_ = new QValueAxis;
    tokens_axis_->setTitleText(QStringLiteral("Tokens/s"));
    tokens_axis_->setLabelFormat(QStringLiteral("%.3g"));
    mfu_axis_ = new QValueAxis;
    mfu_axis_->setTitleText(QStringLiteral("MFU (%)"));
    mfu_axis_->setLabelFormat(QStringLiteral("%.0f"));
    mfu_axis_->setRange(0, 100);
    mfu_axis_->setTickCount(6);
    mfu_axis_->setGridLineVisible(false);  // the tokens/s grid is the one to read
    chart->addAxis(chips_, Qt::AlignBottom);
    chart->addAxis(tokens_axis_, Qt::AlignLeft);
    chart->addAxis(mfu_axis_, Qt::AlignRight);

    tokens_ = new QLineSeries;
    tokens_->setName(QStringLiteral("Tokens/s"));
    mfu_ = new QLineSeries;
    mfu_->setName(QStringLiteral("MFU"));
    const std::pair<QLineSeries*, QValueAxis*> pairs[] = {{tokens_, tokens_axis_}, {mfu_, mfu_axis_}};
    size_t colour = 0;
    for (auto [series, axis] : pairs) {
        series->setPointsVisible(true);
        series->setPen(QPen(series_colour(colour), 2));
        axis->setLinePenColor(series_colour(colour));
        axis->setLabelsColor(series_colour(colour++));
        chart->addSeries(series);
        series->attachAxis(chips_);
        series->attachAxis(axis);
    }
    view_ = make_chart_view(chart, parent);
    set_result(nullptr, 0);
}

void ScalingChart::set_pending(const QString& system) {
    tokens_->clear();
    mfu_->clear();
    view_->chart()->setTitle(QStringLiteral("Scaling of ") + chart_text(system) + QStringLiteral(": searching…"));
}

void ScalingChart::set_result(const ScalingResult* result, int global_batch) {
    tokens_->clear();
    mfu_->clear();
    QChart* chart = view_->chart();
    if (!result || result->points.empty()) {
        chart->setTitle(result ? QStringLiteral("Scaling of ") + chart_text(qstr(result->system)) +
                                     QStringLiteral(": no chip count to compare")
                               : QStringLiteral("Scaling: select a system"));
        set_log2_ticks(chips_, {{1, QStringLiteral("1")}, {2, QStringLiteral("2")}});
        tokens_axis_->setRange(0, 1);
        mfu_axis_->setRange(0, 100);
        return;
    }
    std::vector<std::pair<double, QString>> ticks;
    QStringList missing;
    double top = 0.0, top_mfu = 0.0;
    for (const ScalingPoint& p : result->points) {
        ticks.emplace_back(p.chips, QString::number(p.chips));
        if (p.status == engine::Status::ok) {
            top = std::max(top, p.tokens_per_s);
            top_mfu = std::max(top_mfu, 100.0 * p.mfu);
        } else {
            missing << QString::number(p.chips);
        }
    }
    // Axis in thousands or millions so its labels stay short (display only).
    const double unit = top >= 1e6 ? 1e6 : top >= 1e3 ? 1e3 : 1.0;
    tokens_axis_->setTitleText(unit == 1e6   ? QStringLiteral("Million tokens/s")
                               : unit == 1e3 ? QStringLiteral("Thousand tokens/s")
                                             : QStringLiteral("Tokens/s"));
    for (const ScalingPoint& p : result->points) {
        if (p.status != engine::Status::ok) continue;
        tokens_->append(std::log2(p.chips), p.tokens_per_s / unit);
        mfu_->append(std::log2(p.chips), 100.0 * p.mfu);
    }
    set_log2_ticks(chips_, ticks);
    tokens_axis_->setRange(0, top > 0 ? top / unit * 1.1 : 1.0);
    tokens_axis_->applyNiceNumbers();
    (void)top_mfu;
    mfu_axis_->setRange(0, 100);  // MFU reads against the whole peak
    QString title = QStringLiteral("Scaling of ") + chart_text(qstr(result->system)) +
                    QStringLiteral(": best layout at each size, global batch %1").arg(global_batch);
    if (!missing.isEmpty()) title += QStringLiteral(" (no layout at ") + missing.join(QStringLiteral(", ")) + QLatin1Char(')');
    chart->setTitle(title);
}

}  // namespace rackplan::gui
