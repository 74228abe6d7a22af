#include "step_chart.h"

#include <algorithm>

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QHorizontalStackedBarSeries>
#include <QValueAxis>

#include "charts/chart_style.h"
#include "charts/ranked_bars.h"
#include "compare/breakdown_kinds.h"
#include "number_format.h"

namespace rackplan::gui {

StepChart::StepChart(QWidget* parent) : QObject(parent) {
    const RankedBars b = make_ranked_bars(parent, QStringLiteral("Step time (s)"), QStringLiteral("%.2g"));
    view_ = b.view;
    series_ = b.series;
    systems_ = b.systems;
    seconds_ = b.values;
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

    const std::vector<const CandidateResult*> rows = bottom_to_top(*result);
    QStringList categories;
    for (const CandidateResult* r : rows) add_category(categories, *r, r->ok() ? QString() : QStringLiteral(" (no layout)"));
    double longest = 0.0;
    for (size_t k = 0; k < kStepParts.size(); ++k) {
        QBarSet* set = part_set(kStepParts[k].short_label, k);
        for (const CandidateResult* r : rows) *set << (r->ok() ? kStepParts[k].of(r->best()->breakdown).value() : 0.0);
        series_->append(set);
    }
    for (const CandidateResult* r : rows)
        if (r->ok()) longest = std::max(longest, r->best()->breakdown.step.value());
    systems_->append(categories);
    seconds_->setRange(0.0, longest > 0 ? longest * 1.05 : 1.0);
    seconds_->applyNiceNumbers();
    hide_empty_parts(chart, series_);
}

}  // namespace rackplan::gui
