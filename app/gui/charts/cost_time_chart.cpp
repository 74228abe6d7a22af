#include "cost_time_chart.h"

#include <algorithm>
#include <cmath>

#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>

#include "charts/chart_style.h"
#include "number_format.h"

namespace rackplan::gui {

double chart_time(const plan::Candidate& c, plan::TimeMetric metric) {
    switch (metric) {
        case plan::TimeMetric::time_to_train: return units::to_days(c.time);
        case plan::TimeMetric::tpot:
        case plan::TimeMetric::ttft: return units::to_ms(c.time);
        case plan::TimeMetric::step_time: break;
    }
    return c.time.value();
}

QString time_axis_title(plan::TimeMetric metric) {
    switch (metric) {
        case plan::TimeMetric::time_to_train: return QStringLiteral("Time to train (days)");
        case plan::TimeMetric::tpot: return QStringLiteral("Time per output token (ms)");
        case plan::TimeMetric::ttft: return QStringLiteral("Time to first token (ms)");
        case plan::TimeMetric::step_time: break;
    }
    return QStringLiteral("Step time (s)");
}

CostTimeChart::CostTimeChart(QWidget* parent) : QObject(parent) {
    auto* chart = new QChart;
    time_ = new QLogValueAxis;
    cost_ = new QLogValueAxis;
    for (QLogValueAxis* a : {time_, cost_}) {
        a->setBase(2.0);
        a->setLabelFormat(QStringLiteral("%.3g"));
        a->setMinorTickCount(1);
    }
    cost_->setTitleText(QStringLiteral("$ per million tokens (log)"));
    chart->addAxis(time_, Qt::AlignBottom);
    chart->addAxis(cost_, Qt::AlignLeft);
    front_ = new QLineSeries;
    front_->setName(QStringLiteral("Pareto front"));
    QPen pen(QColor(0x33, 0x33, 0x33));
    pen.setWidthF(1.5);
    pen.setStyle(Qt::DashLine);
    front_->setPen(pen);
    front_->setPointsVisible(true);  // a front of one layout is still seen
    chart->addSeries(front_);
    front_->attachAxis(time_);
    front_->attachAxis(cost_);
    view_ = make_chart_view(chart, parent);
    chart->legend()->setAlignment(Qt::AlignRight);  // ten system names stay readable
    set_result(nullptr);
}

void CostTimeChart::set_result(const ComparisonResult* result) {
    QChart* chart = view_->chart();
    for (QScatterSeries* s : points_) chart->removeSeries(s), delete s;
    for (QLineSeries* s : bars_) chart->removeSeries(s), delete s;
    points_.clear();
    bars_.clear();
    front_->clear();
    chart->setTitle(QStringLiteral("Cost versus time"));
    time_->setTitleText(time_axis_title(result ? result->time_metric : plan::TimeMetric::step_time) +
                        QStringLiteral(" (log)"));
    time_->setRange(1, 2);
    cost_->setRange(1, 2);
    if (!result) return;

    double tmin = INFINITY, tmax = 0, cmin = INFINITY, cmax = 0;
    auto extend = [&](double t, double c) {
        tmin = std::min(tmin, t), tmax = std::max(tmax, t);
        cmin = std::min(cmin, c), cmax = std::max(cmax, c);
    };
    // Caps of the error bars are a share of the time span: computed after the span is known.
    struct Bar {
        double t, lo, hi;
        QColor colour;
    };
    std::vector<Bar> bars;
    for (size_t i = 0; i < result->rows.size(); ++i) {
        const CandidateResult& r = result->rows[i];
        auto* s = new QScatterSeries;
        s->setName(chart_text(qstr(r.candidate.system) + QStringLiteral(" ×%1").arg(r.candidate.chips)));
        s->setColor(series_colour(i));
        s->setBorderColor(series_colour(i).darker(130));
        s->setMarkerSize(9);
        for (size_t k = 0; k < r.row.layouts.size(); ++k) {
            const plan::Candidate& c = r.row.layouts[k];
            if (!c.cost) continue;
            const double t = chart_time(c, result->time_metric), cost = c.cost->per_mtok.point.value();
            if (!std::isfinite(t) || !std::isfinite(cost) || t <= 0 || cost <= 0) continue;  // log axes
            s->append(t, cost);
            extend(t, cost);
            if (k == 0) {
                const double lo = c.cost->per_mtok.p10.value(), hi = c.cost->per_mtok.p90.value();
                if (std::isfinite(lo) && std::isfinite(hi) && lo > 0) {
                    bars.push_back({t, lo, hi, series_colour(i)});
                    extend(t, lo);
                    extend(t, hi);
                }
            }
        }
        if (s->count() == 0) {
            delete s;
            continue;
        }
        chart->addSeries(s);
        s->attachAxis(time_);
        s->attachAxis(cost_);
        points_.push_back(s);
    }
    if (points_.empty()) {
        chart->setTitle(QStringLiteral("Cost versus time: no system is priced"));
        return;
    }
    for (const plan::ParetoPoint& p : result->pareto) {
        const plan::Candidate& c = result->rows[p.row].row.layouts[p.layout];
        front_->append(chart_time(c, result->time_metric), c.cost->per_mtok.point.value());
    }

    // On log axes a cap is a fixed ratio wide: the same on screen wherever the bar is.
    const double cap = std::pow(tmax / tmin, 0.012);
    for (const Bar& b : bars) {
        auto* s = new QLineSeries;
        // Cap, stem, cap as one path that doubles back on itself.
        s->append({{b.t / cap, b.lo}, {b.t * cap, b.lo}, {b.t, b.lo}, {b.t, b.hi}, {b.t / cap, b.hi}, {b.t * cap, b.hi}});
        QPen pen(b.colour.darker(120));
        pen.setWidthF(1.3);
        s->setPen(pen);
        chart->addSeries(s);
        s->attachAxis(time_);
        s->attachAxis(cost_);
        bars_.push_back(s);
        for (QLegendMarker* m : chart->legend()->markers(s)) m->setVisible(false);
    }
    // Whole powers of two around the data, so the labels mark round values.
    auto span = [](double lo, double hi, QLogValueAxis* a) {
        double l = std::exp2(std::floor(std::log2(lo / 1.05))), h = std::exp2(std::ceil(std::log2(hi * 1.05)));
        if (h <= l) h = l * 2;
        a->setRange(l, h);
    };
    span(tmin, tmax, time_);
    span(cmin, cmax, cost_);
    chart->setTitle(QStringLiteral("Cost versus time of ") + chart_text(qstr(result->model_label)) +
                    QStringLiteral(": bars P10–P90, dashed the Pareto front"));
}

}  // namespace rackplan::gui
