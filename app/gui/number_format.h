#pragma once
// How numbers are written on screen. Display only: values are never parsed back.
#include <string_view>

#include <QString>

namespace rackplan::gui {

// Fixed decimals, trailing zeros (and a bare point) dropped unless `keep_zeros`.
QString format_fixed(double value, int decimals, bool keep_zeros = false);

// A catalog value as its author wrote it: up to 12 significant digits, no exponent below 1e12.
QString format_written(double value);

inline QString qstr(std::string_view s) { return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())); }

}  // namespace rackplan::gui
