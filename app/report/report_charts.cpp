#include "report_charts.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QBoxPlotSeries>
#include <QBoxSet>
#include <QChart>
#include <QHorizontalBarSeries>
#include <QHorizontalStackedBarSeries>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

#include "io/report/chart_scale.h"

namespace rackplan::report {
namespace {

using io::report::Chart;
using io::report::ChartKind;

QFont font(double pixels, bool bold = false) {
    QFont f("DejaVu Sans");
    f.setPixelSize(static_cast<int>(pixels));
    f.setBold(bold);
    return f;
}

// Qt Charts draws axis titles, categories and legend entries as rich text; catalog names are
// data ("DGX <H100>"), so they are escaped to show literally.
QString chart_text(const std::string& plain) { return QString::fromStdString(plain).toHtmlEscaped(); }

QValueAxis* value_axis(double lo, double hi, const std::string& title) {
    const io::report::Axis a = io::report::nice_axis(lo, hi);
    auto* axis = new QValueAxis;
    axis->setRange(a.min, a.max);
    axis->setTickCount(static_cast<int>(a.ticks.size()));
    const int decimals = a.step >= 1.0 ? 0 : static_cast<int>(std::ceil(-std::log10(a.step) - 1e-9));
    axis->setLabelFormat(QString("%.%1f").arg(decimals));
    axis->setTitleText(chart_text(title));
    axis->setLabelsFont(font(12));
    axis->setTitleFont(font(12, true));
    return axis;
}

QBarCategoryAxis* category_axis(const std::vector<std::string>& categories, bool reversed) {
    auto* axis = new QBarCategoryAxis;
    QStringList names;
    for (const std::string& c : categories) names << chart_text(c.size() > 36 ? c.substr(0, 35) + "..." : c);
    if (reversed) std::reverse(names.begin(), names.end());  // horizontal bars list bottom-up
    axis->append(names);
    axis->setLabelsFont(font(12));
    return axis;
}

template <class V>
std::vector<V> reversed(std::vector<V> v) {
    std::reverse(v.begin(), v.end());
    return v;
}

void stacked(QChart& chart, const Chart& c) {
    auto* series = new QHorizontalStackedBarSeries;
    double pos_max = 0.0, neg_min = 0.0;
    for (std::size_t k = 0; k < c.categories.size(); ++k) {
        double pos = 0.0, neg = 0.0;
        for (const auto& s : c.series)
            if (k < s.values.size()) (s.values[k] >= 0 ? pos : neg) += s.values[k];
        pos_max = std::max(pos_max, pos), neg_min = std::min(neg_min, neg);
    }
    for (std::size_t i = 0; i < c.series.size(); ++i) {
        auto* set = new QBarSet(chart_text(c.series[i].name));
        for (double v : reversed(c.series[i].values)) set->append(v);
        set->setColor(series_color(i));
        set->setBorderColor(series_color(i));
        series->append(set);
    }
    series->setBarWidth(0.6);
    chart.addSeries(series);
    auto* y = category_axis(c.categories, true);
    auto* x = value_axis(neg_min, pos_max, c.y_label);
    chart.addAxis(y, Qt::AlignLeft);
    chart.addAxis(x, Qt::AlignBottom);
    series->attachAxis(y);
    series->attachAxis(x);
}

void ranges(QChart& chart, const Chart& c) {
    const auto& s = c.series.front();
    auto* series = new QBoxPlotSeries;
    series->setName("P10 - P90 (line: point)");
    double hi = 0.0;
    for (std::size_t k = 0; k < c.categories.size(); ++k) {
        const double point = k < s.values.size() ? s.values[k] : 0.0;
        const double lo = k < s.low.size() ? s.low[k] : point, up = k < s.high.size() ? s.high[k] : point;
        auto* box = new QBoxSet(lo, lo, point, up, up, QString::fromStdString(c.categories[k]));
        series->append(box);
        hi = std::max({hi, up, point});
    }
    series->setBrush(QColor("#aec7e8"));
    series->setPen(QPen(series_color(0), 2));
    series->setBoxWidth(0.4);
    chart.addSeries(series);
    auto* x = category_axis(c.categories, false);
    auto* y = value_axis(0.0, hi, c.y_label);
    chart.addAxis(x, Qt::AlignBottom);
    chart.addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
}

void scatter(QChart& chart, const Chart& c) {
    double xh = 0.0, yh = 0.0;
    for (const auto& s : c.series)
        for (std::size_t i = 0; i < s.x.size() && i < s.values.size(); ++i) xh = std::max(xh, s.x[i]), yh = std::max(yh, s.values[i]);
    auto* x = value_axis(0.0, xh, c.x_label);
    auto* y = value_axis(0.0, yh, c.y_label);
    chart.addAxis(x, Qt::AlignBottom);
    chart.addAxis(y, Qt::AlignLeft);
    for (std::size_t i = 0; i < c.series.size(); ++i) {
        const auto& s = c.series[i];
        QXYSeries* series = nullptr;
        if (s.line) {
            auto* l = new QLineSeries;
            l->setPen(QPen(QColor("#333333"), 2, Qt::DashLine));
            series = l;
        } else {
            auto* p = new QScatterSeries;
            p->setMarkerSize(11);
            p->setColor(series_color(i));
            p->setBorderColor(series_color(i));
            series = p;
        }
        series->setName(chart_text(s.name));
        for (std::size_t k = 0; k < s.x.size() && k < s.values.size(); ++k) series->append(s.x[k], s.values[k]);
        chart.addSeries(series);
        series->attachAxis(x);
        series->attachAxis(y);
    }
}

void tornado(QChart& chart, const Chart& c) {
    const double base = c.baseline.value_or(0.0);
    auto* series = new QHorizontalBarSeries;
    double lo = 0.0, hi = 0.0;
    for (std::size_t i = 0; i < c.series.size() && i < 2; ++i) {
        auto* set = new QBarSet(chart_text(c.series[i].name));
        for (double v : reversed(c.series[i].values)) {
            set->append(v - base);
            lo = std::min(lo, v - base), hi = std::max(hi, v - base);
        }
        set->setColor(series_color(i));
        set->setBorderColor(series_color(i));
        series->append(set);
    }
    series->setBarWidth(0.8);
    chart.addSeries(series);
    auto* y = category_axis(c.categories, true);
    const double m = std::max(std::fabs(lo), std::fabs(hi));
    auto* x = value_axis(-m, m, "change from the point value " + io::report::format_number(base, 3) + " (" + c.x_label + ")");
    chart.addAxis(y, Qt::AlignLeft);
    chart.addAxis(x, Qt::AlignBottom);
    series->attachAxis(y);
    series->attachAxis(x);
}

}  // namespace

QColor series_color(std::size_t i) {
    static const char* palette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
    return QColor(palette[i % 10]);
}

std::unique_ptr<QChart> make_chart(const Chart& c) {
    if (c.series.empty() || (c.kind != ChartKind::scatter && c.categories.empty())) return nullptr;
    auto chart = std::make_unique<QChart>();
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setBackgroundRoundness(0);
    chart->setDropShadowEnabled(false);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->legend()->setAlignment(Qt::AlignTop);
    chart->legend()->setFont(font(12));
    switch (c.kind) {
        case ChartKind::stacked_bar: stacked(*chart, c); break;
        case ChartKind::range_bar: ranges(*chart, c); break;
        case ChartKind::scatter: scatter(*chart, c); break;
        case ChartKind::tornado: tornado(*chart, c); break;
    }
    return chart;
}

}  // namespace rackplan::report
