#include "planning/plan_chart.h"

#include <algorithm>

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>

#include "charts/chart_style.h"
#include "number_format.h"

namespace rackplan::gui {

PlanChart::PlanChart(QWidget* parent) : QObject(parent) {
    auto* chart = new QChart;
    series_ = new QBarSeries;
    series_->setBarWidth(0.7);
    tco_ = new QBarSet(QStringLiteral("Own: TCO (bar: P10–P90)"));
    rent_ = new QBarSet(QStringLiteral("Rent the same fleet"));
    tco_->setColor(series_colour(0));
    tco_->setBorderColor(series_colour(0));
    rent_->setColor(series_colour(1));
    rent_->setBorderColor(series_colour(1));
    series_->append(tco_);
    series_->append(rent_);
    chart->addSeries(series_);
    systems_ = new QBarCategoryAxis;
    usd_ = new QValueAxis;
    usd_->setTitleText(QStringLiteral("$ million"));
    usd_->setLabelFormat(QStringLiteral("%.3g"));
    chart->addAxis(systems_, Qt::AlignBottom);
    chart->addAxis(usd_, Qt::AlignLeft);
    series_->attachAxis(systems_);
    series_->attachAxis(usd_);
    view_ = make_chart_view(chart, parent);
    set_rows({}, 3.0);
}

void PlanChart::set_rows(const std::vector<const plan::PlanRow*>& rows, double years) {
    QChart* chart = view_->chart();
    for (QLineSeries* s : bars_) {
        chart->removeSeries(s);
        delete s;
    }
    bars_.clear();
    tco_->remove(0, tco_->count());
    rent_->remove(0, rent_->count());
    systems_->clear();
    chart->setTitle(QStringLiteral("Cost of each fleet over %1 years").arg(format_fixed(years, 1)));
    QStringList names;
    double top = 0;
    const double n = static_cast<double>(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
        const plan::PlanRow& r = *rows[i];
        QString name = qstr(r.system);
        for (int k = 2; names.contains(chart_text(name)); ++k) name = qstr(r.system) + QStringLiteral(" #%1").arg(k);
        names << chart_text(name);
        const auto& own = r.ownership.own;
        const auto& rent = r.ownership.rent;
        tco_->append(own ? own->tco.point.value() * 1e-6 : 0.0);
        rent_->append(rent ? rent->total.point.value() * 1e-6 : 0.0);
        if (rent) top = std::max(top, rent->total.point.value() * 1e-6);
        if (!own) continue;
        const double lo = own->tco.p10.value() * 1e-6, hi = own->tco.p90.value() * 1e-6;
        top = std::max({top, hi, own->tco.point.value() * 1e-6});
        // The TCO bar is the left one of a pair: its centre sits a quarter of the width left.
        const double x = static_cast<double>(i) - 0.7 / 4.0, cap = 0.06;
        auto* s = new QLineSeries;
        s->append({{x - cap, lo}, {x + cap, lo}, {x, lo}, {x, hi}, {x - cap, hi}, {x + cap, hi}});
        QPen pen(QColor(0x22, 0x22, 0x22));
        pen.setWidthF(1.4);
        s->setPen(pen);
        chart->addSeries(s);
        s->attachAxis(systems_);
        s->attachAxis(usd_);
        bars_.push_back(s);
        for (QLegendMarker* m : chart->legend()->markers(s)) m->setVisible(false);
    }
    systems_->append(names);
    if (n > 0) systems_->setRange(names.front(), names.back());
    usd_->setRange(0, top > 0 ? top * 1.1 : 1.0);
    usd_->applyNiceNumbers();
}

}  // namespace rackplan::gui
