#include "cost_text.h"

#include <cmath>

#include <QLocale>

namespace rackplan::gui {
namespace {

QString sig(double v) { return QLocale::c().toString(v, 'g', 3); }

}  // namespace

QString money_text(double usd) {
    if (!std::isfinite(usd)) return QStringLiteral("—");
    const double a = std::fabs(usd);
    if (a >= 1e9) return QStringLiteral("$") + sig(usd / 1e9) + QStringLiteral("B");
    if (a >= 1e6) return QStringLiteral("$") + sig(usd / 1e6) + QStringLiteral("M");
    if (a >= 1e3) return QStringLiteral("$") + sig(usd / 1e3) + QStringLiteral("k");
    return QStringLiteral("$") + sig(usd);
}

}  // namespace rackplan::gui
