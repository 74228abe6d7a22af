#include "decode_chart.h"

#include <algorithm>

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QHorizontalStackedBarSeries>
#include <QValueAxis>

#include "charts/chart_style.h"
#include "charts/ranked_bars.h"
#include "compare/serving_parts.h"
#include "number_format.h"

namespace rackplan::gui {

DecodeChart::DecodeChart(QWidget* parent) : QObject(parent) {
    const RankedBars b = make_ranked_bars(parent, QStringLiteral("Decode iteration (ms)"), QStringLiteral("%.3g"));
    view_ = b.view;
    series_ = b.series;
    systems_ = b.systems;
    ms_ = b.values;
    set_result(nullptr);
}

void DecodeChart::set_result(const ComparisonResult* result) {
    series_->clear();
    systems_->clear();
    QChart* chart = view_->chart();
    if (!result || result->rows.empty() || result->input.mode != engine::Mode::infer) {
        chart->setTitle(QStringLiteral("Decode iteration by system"));
        ms_->setRange(0, 1);
        return;
    }
    chart->setTitle(QStringLiteral("Decode iteration of ") + chart_text(qstr(result->model_label)) +
                    QStringLiteral(" at each system's batch, fastest on top"));

    const std::vector<const CandidateResult*> rows = bottom_to_top(*result);
    QStringList categories;
    for (const CandidateResult* r : rows) {
        const engine::InferPerformance* p = r->serving();
        add_category(categories, *r, p ? QStringLiteral(" (batch %1)").arg(p->point.batch) : QStringLiteral(" (no layout)"));
    }
    double longest = 0.0;
    for (size_t k = 0; k < kDecodeParts.size(); ++k) {
        QBarSet* set = part_set(kDecodeParts[k].short_label, k);
        for (const CandidateResult* r : rows) {
            const engine::InferPerformance* p = r->serving();
            *set << (p ? units::to_ms(kDecodeParts[k].of(p->point.decode)) : 0.0);
        }
        series_->append(set);
    }
    for (const CandidateResult* r : rows)
        if (const engine::InferPerformance* p = r->serving()) longest = std::max(longest, units::to_ms(p->point.decode.total));
    systems_->append(categories);
    if (longest <= 0.0) {
        // One output token per request: there is no decode iteration, only the prefill.
        chart->setTitle(QStringLiteral("No decode iteration: each request generates one token"));
        ms_->setRange(0, 1);
    } else {
        ms_->setRange(0.0, longest * 1.05);
        ms_->applyNiceNumbers();
    }
    hide_empty_parts(chart, series_);
}

}  // namespace rackplan::gui
