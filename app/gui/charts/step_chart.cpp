#include "step_chart.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QHorizontalStackedBarSeries>
#include <QLegend>
#include <QLegendMarker>
#include <QValueAxis>

#include "charts/chart_style.h"
#include "compare/breakdown_kinds.h"
#include "number_format.h"

namespace rackplan::gui {

StepChart::StepChart(QWidget* parent) : QObject(parent) {
    auto* chart = new QChart;
    series_ = new QHorizontalStackedBarSeries;
    series_->setBarWidth(0.6);
    chart->addSeries(series_);
    systems_ = new QBarCategoryAxis;
    seconds_ = new QValueAxis;
    seconds_->setTitleText(QStringLiteral("Step time (s)"));
    seconds_->setLabelFormat(QStringLiteral("%.2g"));
    chart->addAxis(systems_, Qt::AlignLeft);
    chart->addAxis(seconds_, Qt::AlignBottom);
    series_->attachAxis(systems_);
    series_->attachAxis(seconds_);
    view_ = make_chart_view(chart, parent);
    set_result(nullptr);
}

void StepChart::set_result(const ComparisonResult* result) {
    series_->clear();
    systems_->clear();
    QChart* chart = view_->chart();
    if (!result || result->rows.empty()) {
        chart->setTitle(QStringLiteral("Step time by system"));
        seconds_->setRange(0, 1);
        return;
    }
    chart->setTitle(QStringLiteral("Step time of ") + chart_text(qstr(result->model_label)) +
                    QStringLiteral(", fastest on top"));

    // Bottom to top on the axis: slowest first, so rank 1 sits at the top.
    std::vector<const CandidateResult*> rows;
    for (auto it = result->ranking.rbegin(); it != result->ranking.rend(); ++it) rows.push_back(&result->rows[*it]);
    QStringList categories;
    for (const CandidateResult* r : rows) {
        QString label = qstr(r->candidate.system) + QStringLiteral(" ×%1").arg(r->candidate.chips);
        if (!r->ok()) label += QStringLiteral(" (no layout)");
        QString unique = label;
        for (int n = 2; categories.contains(chart_text(unique)); ++n) unique = label + QStringLiteral(" #%1").arg(n);
        categories << chart_text(unique);
    }
    double longest = 0.0;
    for (size_t k = 0; k < kStepParts.size(); ++k) {
        auto* set = new QBarSet(QString::fromLatin1(kStepParts[k].short_label));
        set->setColor(series_colour(k));
        set->setBorderColor(series_colour(k));
        for (const CandidateResult* r : rows) *set << (r->ok() ? kStepParts[k].of(r->best()->breakdown).value() : 0.0);
        series_->append(set);
    }
    for (const CandidateResult* r : rows)
        if (r->ok()) longest = std::max(longest, r->best()->breakdown.step.value());
    systems_->append(categories);
    seconds_->setRange(0.0, longest > 0 ? longest * 1.05 : 1.0);
    seconds_->applyNiceNumbers();
    // Parts that are zero for every system (no pipeline, no experts) stay out of the legend.
    const auto sets = series_->barSets();
    for (qsizetype k = 0; k < sets.size(); ++k) {
        bool any = false;
        for (int i = 0; i < sets[k]->count(); ++i) any |= sets[k]->at(i) > 0.0;
        for (QLegendMarker* m : chart->legend()->markers(series_))
            if (m->label() == sets[k]->label()) m->setVisible(any);
    }
}

}  // namespace rackplan::gui
