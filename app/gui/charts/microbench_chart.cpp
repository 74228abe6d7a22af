#include "microbench_chart.h"

#include <cmath>

#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QLineSeries>
#include <QValueAxis>

#include "charts/chart_style.h"
#include "number_format.h"

namespace rackplan::gui {

MicrobenchChart::MicrobenchChart(QWidget* parent) : QWidget(parent) {
    auto* gemm = new QChart;
    gemm_size_ = new QCategoryAxis;
    gemm_size_->setTitleText(QStringLiteral("m = n = k"));
    gemm_eff_ = new QValueAxis;
    gemm_eff_->setTitleText(QStringLiteral("Efficiency (% of peak)"));
    gemm_eff_->setRange(0, 100);
    gemm_eff_->setLabelFormat(QStringLiteral("%.0f"));
    gemm->addAxis(gemm_size_, Qt::AlignBottom);
    gemm->addAxis(gemm_eff_, Qt::AlignLeft);
    gemm_ = new QLineSeries;
    gemm_->setPointsVisible(true);
    gemm_->setPen(QPen(series_colour(0), 2));
    gemm->addSeries(gemm_);
    gemm_->attachAxis(gemm_size_);
    gemm_->attachAxis(gemm_eff_);
    gemm->legend()->hide();

    auto* coll = new QChart;
    message_ = new QCategoryAxis;
    message_->setTitleText(QStringLiteral("Message size per rank (bytes)"));
    busbw_ = new QValueAxis;
    busbw_->setTitleText(QStringLiteral("Bus bandwidth (GB/s)"));
    busbw_->setLabelFormat(QStringLiteral("%.0f"));
    coll->addAxis(message_, Qt::AlignBottom);
    coll->addAxis(busbw_, Qt::AlignLeft);

    gemm_view_ = make_chart_view(gemm, this);
    collective_view_ = make_chart_view(coll, this);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(gemm_view_, 1);
    layout->addWidget(collective_view_, 1);
    set_row(nullptr);
}

QChart* MicrobenchChart::gemm_chart() const { return gemm_view_->chart(); }
QChart* MicrobenchChart::collective_chart() const { return collective_view_->chart(); }

void MicrobenchChart::set_row(const CandidateResult* row) {
    gemm_->clear();
    QChart* coll = collective_view_->chart();
    coll->removeAllSeries();
    if (!row || row->curves.gemm_efficiency.empty()) {
        gemm_chart()->setTitle(QStringLiteral("GEMM efficiency: select a system"));
        coll->setTitle(QStringLiteral("All-reduce bus bandwidth: select a system"));
        set_log2_ticks(gemm_size_, {{128, QStringLiteral("128")}, {32768, QStringLiteral("32K")}});
        set_log2_ticks(message_, {{1024, QStringLiteral("1K")}, {4.0 * 1024 * 1024 * 1024, QStringLiteral("4G")}});
        busbw_->setRange(0, 1);
        return;
    }
    const MicrobenchCurves& c = row->curves;
    const QString chip = chart_text(qstr(row->chip_id));
    gemm_chart()->setTitle(QStringLiteral("GEMM %1 on %2").arg(qstr(hw::to_string(c.dtype)), chip));
    gemm_chart()->setToolTip(qstr(row->chip_name));
    std::vector<std::pair<double, QString>> ticks;
    for (const CurvePoint& p : c.gemm_efficiency) gemm_->append(std::log2(p.x), 100.0 * p.y);
    // Every other size, counted from the largest, keeps the labels apart.
    for (auto it = c.gemm_efficiency.rbegin(); it != c.gemm_efficiency.rend(); ++it)
        if (ticks.empty() || it->x * 4 <= ticks.front().first) ticks.insert(ticks.begin(), {it->x, size_label(it->x)});
    set_log2_ticks(gemm_size_, ticks, c.gemm_efficiency.front().x, c.gemm_efficiency.back().x);

    coll->setTitle(QStringLiteral("All-reduce on ") + chart_text(qstr(row->candidate.system)));
    double top = 0.0, lo = 0.0, hi = 0.0;
    std::vector<std::pair<double, QString>> sizes;
    size_t colour = 0;
    for (const CollectiveCurve& curve : c.all_reduce) {
        auto* s = new QLineSeries;
        s->setName(QStringLiteral("%1 (%2)").arg(qstr(curve.scope)).arg(curve.ranks));
        s->setPen(QPen(series_colour(colour++), 2));
        s->setPointsVisible(true);
        for (const CurvePoint& p : curve.busbw_gbps) {
            s->append(std::log2(p.x), p.y);
            top = std::max(top, p.y);
            lo = lo > 0 ? std::min(lo, p.x) : p.x;
            hi = std::max(hi, p.x);
        }
        if (sizes.empty())  // one label per factor of 64, counted from the largest size: short labels stay whole
            for (auto it = curve.busbw_gbps.rbegin(); it != curve.busbw_gbps.rend(); ++it)
                if (sizes.empty() || it->x * 64 <= sizes.front().first)
                    sizes.insert(sizes.begin(), {it->x, size_label(it->x)});
        coll->addSeries(s);
        s->attachAxis(message_);
        s->attachAxis(busbw_);
    }
    if (c.all_reduce.empty()) coll->setTitle(QStringLiteral("All-reduce: a single chip has no collective"));
    if (!sizes.empty()) set_log2_ticks(message_, sizes, lo, hi);
    busbw_->setRange(0, top > 0 ? top * 1.1 : 1.0);
    busbw_->applyNiceNumbers();
}

}  // namespace rackplan::gui
