#include "number_format.h"

#include <QLocale>

namespace rackplan::gui {

QString format_fixed(double value, int decimals, bool keep_zeros) {
    // The C locale: a catalog figure reads the same on every desktop.
    QString s = QLocale::c().toString(value, 'f', decimals);
    if (keep_zeros || !s.contains(QLatin1Char('.'))) return s;
    while (s.endsWith(QLatin1Char('0'))) s.chop(1);
    if (s.endsWith(QLatin1Char('.'))) s.chop(1);
    if (s == QLatin1String("-0")) s = QStringLiteral("0");
    return s;
}

QString format_written(double value) { return QLocale::c().toString(value, 'g', 12); }

}  // namespace rackplan::gui
