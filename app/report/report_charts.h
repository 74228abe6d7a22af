#pragma once
// A report chart (data, core/io/report) as a Qt Charts QChart, for vector drawing into the PDF.
#include <QColor>
#include <memory>

#include "io/report/report_document.h"

QT_BEGIN_NAMESPACE
class QChart;
QT_END_NAMESPACE

namespace rackplan::report {

// Stacked bars per category, P10–P90 boxes around the point, cost-time scatter with its
// front joined, tornado bars of the change from the point. Null for a chart with no data.
std::unique_ptr<QChart> make_chart(const io::report::Chart& chart);

// The report's series colours (the HTML's too), by series index.
QColor series_color(std::size_t i);

}  // namespace rackplan::report
