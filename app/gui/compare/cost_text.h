#pragma once
// Money and cost ranges as the GUI writes them: "$3.45M", "$812k", "$0.214"; a range as
// "point (P10–P90)", the point alone when the range collapses onto it at three digits.
#include <QString>

#include "cost/cost_evaluation.h"

namespace rackplan::gui {

QString money_text(double usd);

template <class Q>
QString money_range_text(const cost::Range<Q>& r, double scale = 1.0) {
    const QString point = money_text(r.point.value() * scale);
    const QString lo = money_text(r.p10.value() * scale), hi = money_text(r.p90.value() * scale);
    if (lo == point && hi == point) return point;
    return point + QStringLiteral(" (") + lo + QStringLiteral("–") + hi + QStringLiteral(")");
}

}  // namespace rackplan::gui
