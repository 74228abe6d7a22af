#include "decode_chart.h"

#include <algorithm>

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QHorizontalStackedBarSeries>
#include <QLegend>
#include <QLegendMarker>
#include <QValueAxis>

#include "charts/chart_style.h"
#include "compare/serving_parts.h"
#include "number_format.h"

namespace rackplan::gui {

DecodeChart::DecodeChart(QWidget* parent) : QObject(parent) {
    auto* chart = new QChart;
    series_ = new QHorizontalStackedBarSeries;
    series_->setBarWidth(0.6);
    chart->addSeries(series_);
    systems_ = new QBarCategoryAxis;
    ms_ = new QValueAxis;
    ms_->setTitleText(QStringLiteral("Decode iteration (ms)"));
    ms_->setLabelFormat(QStringLiteral("%.3g"));
    chart->addAxis(systems_, Qt::AlignLeft);
    chart->addAxis(ms_, Qt::AlignBottom);
    series_->attachAxis(systems_);
    series_->attachAxis(ms_);
    view_ = make_chart_view(chart, parent);
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

    // Bottom to top on the axis: slowest first, so rank 1 sits at the top.
    std::vector<const CandidateResult*> rows;
    for (auto it = result->ranking.rbegin(); it != result->ranking.rend(); ++it) rows.push_back(&result->rows[*it]);
    QStringList categories;
    for (const CandidateResult* r : rows) {
        QString label = qstr(r->candidate.system) + QStringLiteral(" ×%1").arg(r->candidate.chips);
        if (const engine::InferPerformance* p = r->serving()) label += QStringLiteral(" (batch %1)").arg(p->point.batch);
        else label += QStringLiteral(" (no layout)");
        QString unique = label;
        for (int n = 2; categories.contains(chart_text(unique)); ++n) unique = label + QStringLiteral(" #%1").arg(n);
        categories << chart_text(unique);
    }
    double longest = 0.0;
    for (size_t k = 0; k < kDecodeParts.size(); ++k) {
        auto* set = new QBarSet(QString::fromLatin1(kDecodeParts[k].short_label));
        set->setColor(series_colour(k));
        set->setBorderColor(series_colour(k));
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
    // Parts that are zero for every system (no pipeline, one chip) stay out of the legend.
    const auto sets = series_->barSets();
    for (qsizetype k = 0; k < sets.size(); ++k) {
        bool any = false;
        for (int i = 0; i < sets[k]->count(); ++i) any |= sets[k]->at(i) > 0.0;
        for (QLegendMarker* m : chart->legend()->markers(series_))
            if (m->label() == sets[k]->label()) m->setVisible(any);
    }
}

}  // namespace rackplan::gui
