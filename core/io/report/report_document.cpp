#include "io/report/report_document.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace rackplan::io::report {

std::string format_number(double v, int decimals) {
    if (!std::isfinite(v)) return "n/a";
    // A tiny non-zero figure (a fraction of a cent per step) would show as 0.00.
    const double magnitude = std::fabs(v);
    if (magnitude > 0.0 && magnitude < std::pow(10.0, -decimals)) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.2g", v);
        return buf;
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", std::max(0, decimals), magnitude);
    std::string digits(buf);
    const std::size_t point = digits.find('.');
    std::string whole = digits.substr(0, point), frac = point == std::string::npos ? "" : digits.substr(point);
    std::string grouped;
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
        grouped += whole[i];
    }
    const bool negative = v < 0.0 && std::stod(digits) != 0.0;
    return (negative ? "-" : "") + grouped + frac;
}

namespace {
// The fewest decimals (up to 4) that show a catalog figure as written: 8, 0.85, 2.5.
int decimals_needed(double v) {
    for (int d = 0; d < 4; ++d) {
        const double scale = std::pow(10.0, d);
        if (std::fabs(std::round(v * scale) / scale - v) <= 1e-9 * std::max(1.0, std::fabs(v))) return d;
    }
    return 4;
}
}  // namespace

std::string cell_text(const Cell& c, const Column& col) {
    if (const auto* s = std::get_if<std::string>(&c)) return *s;
    if (const auto* d = std::get_if<double>(&c)) {
        if (col.type == ColumnType::integer) return format_number(*d, 0);
        return format_number(*d, col.decimals < 0 ? decimals_needed(*d) : col.decimals);
    }
    return {};
}

std::vector<const Table*> tables_of(const ReportDocument& doc) {
    std::vector<const Table*> out;
    for (const Section& s : doc.sections)
        for (const Block& b : s.blocks)
            if (const auto* t = std::get_if<Table>(&b)) out.push_back(t);
    return out;
}

}  // namespace rackplan::io::report
