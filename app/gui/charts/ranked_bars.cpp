#include "ranked_bars.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QHorizontalStackedBarSeries>
#include <QLegend>
#include <QLegendMarker>
#include <QValueAxis>

#include "charts/chart_style.h"
#include "number_format.h"

namespace rackplan::gui {

RankedBars make_ranked_bars(QWidget* parent, const QString& value_title, const QString& label_format) {
    RankedBars b;
    auto* chart = new QChart;
    b.series = new QHorizontalStackedBarSeries;
    b.series->setBarWidth(0.6);
    chart->addSeries(b.series);
    b.systems = new QBarCategoryAxis;
    b.values = new QValueAxis;
    b.values->setTitleText(value_title);
    b.values->setLabelFormat(label_format);
    chart->addAxis(b.systems, Qt::AlignLeft);
    chart->addAxis(b.values, Qt::AlignBottom);
    b.series->attachAxis(b.systems);
    b.series->attachAxis(b.values);
    b.view = make_chart_view(chart, parent);
    return b;
}

std::vector<const CandidateResult*> bottom_to_top(const ComparisonResult& result) {
    std::vector<const CandidateResult*> rows;
    for (auto it = result.ranking.rbegin(); it != result.ranking.rend(); ++it) rows.push_back(&result.rows[*it]);
    return rows;
}

void add_category(QStringList& categories, const CandidateResult& row, const QString& suffix) {
    const QString label = qstr(row.candidate.system) + QStringLiteral(" ×%1").arg(row.candidate.chips) + suffix;
    QString unique = label;
    for (int n = 2; categories.contains(chart_text(unique)); ++n) unique = label + QStringLiteral(" #%1").arg(n);
    categories << chart_text(unique);
}

QBarSet* part_set(const char* label, size_t k) {
    auto* set = new QBarSet(QString::fromLatin1(label));
    set->setColor(series_colour(k));
    set->setBorderColor(series_colour(k));
    return set;
}

void hide_empty_parts(QChart* chart, QHorizontalStackedBarSeries* series) {
    const auto sets = series->barSets();
    for (qsizetype k = 0; k < sets.size(); ++k) {
        bool any = false;
        for (int i = 0; i < sets[k]->count(); ++i) any |= sets[k]->at(i) > 0.0;
        for (QLegendMarker* m : chart->legend()->markers(series))
            if (m->label() == sets[k]->label()) m->setVisible(any);
    }
}

}  // namespace rackplan::gui
