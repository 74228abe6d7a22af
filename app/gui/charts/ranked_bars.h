#pragma once
// What the step-time and decode-step charts share: one horizontal stacked bar per system,
// ranked like the table (fastest on top), one bar set per part, and a legend without the
// parts that are zero for every system.
#include <vector>

#include <QString>
#include <QStringList>

#include "compare/comparison_run.h"

class QBarCategoryAxis;
class QBarSet;
class QChart;
class QChartView;
class QHorizontalStackedBarSeries;
class QValueAxis;
class QWidget;

namespace rackplan::gui {

struct RankedBars {
    QChartView* view = nullptr;
    QHorizontalStackedBarSeries* series = nullptr;
    QBarCategoryAxis* systems = nullptr;  // left
    QValueAxis* values = nullptr;         // bottom
};

// An empty chart with its axes attached; `value_title` under the bottom axis.
RankedBars make_ranked_bars(QWidget* parent, const QString& value_title, const QString& label_format);

// The rows bottom to top on the category axis: slowest first, so rank 1 sits at the top.
std::vector<const CandidateResult*> bottom_to_top(const ComparisonResult& result);

// The axis label of a row ("dgx-h100 ×8" plus `suffix`), numbered when it repeats.
void add_category(QStringList& categories, const CandidateResult& row, const QString& suffix);

// A bar set for part `k`, in the series palette.
QBarSet* part_set(const char* label, size_t k);

// Parts that are zero for every system (no pipeline, no experts) stay out of the legend.
void hide_empty_parts(QChart* chart, QHorizontalStackedBarSeries* series);

}  // namespace rackplan::gui
