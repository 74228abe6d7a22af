#pragma once
// What every chart shares: look, the colours of the step parts, and the escaping of text.
// Qt Charts draws titles, axis labels, categories and legend entries as rich text, and
// system and model names are user data: they go through chart_text() to show literally.
#include <utility>
#include <vector>

#include <QColor>
#include <QString>
#include <QStringList>

class QChart;
class QChartView;
class QCategoryAxis;
class QWidget;

namespace rackplan::gui {

QString chart_text(const QString& plain);

// A chart view with antialiasing, the legend at the bottom and compact margins.
QChartView* make_chart_view(QChart* chart, QWidget* parent);

// A distinct, colour-blind-safe colour for series `i` (Okabe–Ito, then greys).
QColor series_colour(size_t i);

// An axis over log2(x) whose ticks read as the values: `ticks` (x, label) pairs. The range
// covers the ticks and the data from `lo` to `hi` (x values) with half a step to spare.
void set_log2_ticks(QCategoryAxis* axis, const std::vector<std::pair<double, QString>>& ticks, double lo = 0,
                    double hi = 0);

// Bytes as nccl-tests prints sizes: 1K, 4M, 1G (powers of 1024).
QString size_label(double bytes);

}  // namespace rackplan::gui
