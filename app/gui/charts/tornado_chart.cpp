#include "tornado_chart.h"

#include <algorithm>
#include <cmath>

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QHorizontalStackedBarSeries>
#include <QValueAxis>

#include "charts/chart_style.h"
#include "compare/cost_text.h"
#include "number_format.h"

namespace rackplan::gui {

TornadoChart::TornadoChart(QWidget* parent) : QObject(parent) {
    auto* chart = new QChart;
    series_ = new QHorizontalStackedBarSeries;
    series_->setBarWidth(0.7);
    low_ = new QBarSet(QStringLiteral("input 20 % lower"));
    high_ = new QBarSet(QStringLiteral("input 20 % higher"));
    low_->setColor(series_colour(0));
    low_->setBorderColor(series_colour(0));
    high_->setColor(series_colour(5));
    high_->setBorderColor(series_colour(5));
    series_->append(low_);
    series_->append(high_);
    chart->addSeries(series_);
    groups_ = new QBarCategoryAxis;
    change_ = new QValueAxis;
    change_->setLabelFormat(QStringLiteral("%.3g"));
    chart->addAxis(groups_, Qt::AlignLeft);
    chart->addAxis(change_, Qt::AlignBottom);
    series_->attachAxis(groups_);
    series_->attachAxis(change_);
    view_ = make_chart_view(chart, parent);
    set_row(nullptr);
}

void TornadoChart::set_row(const CandidateResult* row) {
    low_->remove(0, low_->count());
    high_->remove(0, high_->count());
    groups_->clear();
    QChart* chart = view_->chart();
    const cost::CostEvaluation* c = row ? row->cost() : nullptr;
    if (!c || c->tornado.empty()) {
        chart->setTitle(row ? QStringLiteral("Sensitivity: ") + chart_text(qstr(row->candidate.system)) +
                                  QStringLiteral(" is not priced")
                            : QStringLiteral("Sensitivity of $ per million tokens"));
        change_->setTitleText(QString());
        change_->setRange(-1, 1);
        return;
    }
    const double base = c->per_mtok.point.value();
    // core sorts widest first; the axis draws bottom up, so the widest goes last.
    std::vector<cost::TornadoBar> bars(c->tornado.begin(),
                                       c->tornado.begin() + std::min<size_t>(c->tornado.size(), kMaxBars));
    std::reverse(bars.begin(), bars.end());
    QStringList names;
    double reach = 0;
    for (const cost::TornadoBar& b : bars) {
        names << chart_text(qstr(b.group));
        low_->append(b.at_low - base);
        high_->append(b.at_high - base);
        reach = std::max({reach, std::fabs(b.at_low - base), std::fabs(b.at_high - base)});
    }
    groups_->append(names);
    reach = reach > 0 ? reach * 1.1 : 1.0;
    change_->setRange(-reach, reach);
    change_->applyNiceNumbers();
    change_->setTitleText(QStringLiteral("Change in $ per M tokens from ") + money_text(base));
    chart->setTitle(QStringLiteral("Sensitivity of ") + chart_text(qstr(row->candidate.system)) +
                    QStringLiteral(": each input ±20 %"));
}

}  // namespace rackplan::gui
