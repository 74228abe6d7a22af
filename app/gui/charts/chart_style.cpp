#include "chart_style.h"

#include <array>
#include <cmath>

#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QGraphicsLayout>
#include <QLegend>

#include "number_format.h"

namespace rackplan::gui {

QString chart_text(const QString& plain) {
    QString s = plain.toHtmlEscaped();
    s.replace(QLatin1Char('\n'), QLatin1Char(' '));  // one line: a newline would be dropped or break the layout
    return s;
}

QChartView* make_chart_view(QChart* chart, QWidget* parent) {
    chart->setAnimationOptions(QChart::NoAnimation);  // a live update shows the new numbers at once
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    chart->setBackgroundRoundness(0);
    QFont title = chart->titleFont();
    title.setBold(true);
    chart->setTitleFont(title);
    auto* view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(200, 160);  // two side by side still fit beside the detail pane
    return view;
}

QColor series_colour(size_t i) {
    static const std::array<QColor, 10> colours{QColor(0x00, 0x72, 0xb2), QColor(0xe6, 0x9f, 0x00),
                                               QColor(0x00, 0x9e, 0x73), QColor(0xcc, 0x79, 0xa7),
                                               QColor(0x56, 0xb4, 0xe9), QColor(0xd5, 0x5e, 0x00),
                                               QColor(0xf0, 0xe4, 0x42), QColor(0x99, 0x99, 0x99),
                                               QColor(0x33, 0x33, 0x33), QColor(0x88, 0x44, 0x00)};
    return colours[i % colours.size()];
}

void set_log2_ticks(QCategoryAxis* axis, const std::vector<std::pair<double, QString>>& ticks, double lo_x,
                    double hi_x) {
    for (const QString& label : axis->categoriesLabels()) axis->remove(label);
    axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    for (const auto& [x, label] : ticks) axis->append(label, std::log2(x));
    if (!ticks.empty()) {
        // Half a step of room at each end keeps the first and last labels whole.
        const double first = lo_x > 0 ? std::min(lo_x, ticks.front().first) : ticks.front().first;
        const double last = hi_x > 0 ? std::max(hi_x, ticks.back().first) : ticks.back().first;
        const double lo = std::log2(first) - 0.5, hi = std::log2(last) + 0.5;
        axis->setStartValue(lo);
        axis->setRange(lo, hi);
    }
}

QString size_label(double bytes) {
    static const char* units[] = {"", "K", "M", "G", "T"};
    int u = 0;
    while (bytes >= 1024.0 && u < 4) {
        bytes /= 1024.0;
        ++u;
    }
    return format_fixed(bytes, 0) + QLatin1String(units[u]);
}

}  // namespace rackplan::gui
