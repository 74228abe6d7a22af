#include <charconv>
#include <cmath>

#include "io/csv_reader.h"
#include "io/report/report_render.h"

namespace rackplan::io::report {
namespace {

// Shortest text that reads back as the same double; integers without a point.
std::string full_precision(double v) {
    if (!std::isfinite(v)) return {};
    if (v == std::trunc(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return ec == std::errc() ? std::string(buf, end) : std::string();
}

std::string field(const Cell& c) {
    if (const auto* s = std::get_if<std::string>(&c)) return csv_escape(*s);
    if (const auto* d = std::get_if<double>(&c)) return full_precision(*d);
    return {};
}

}  // namespace

std::optional<Format> format_from(std::string_view name) {
    if (name == "pdf") return Format::pdf;
    if (name == "html") return Format::html;
    if (name == "md" || name == "markdown") return Format::markdown;
    if (name == "csv") return Format::csv;
    return std::nullopt;
}

std::string render_csv(const ReportDocument& doc) {
    std::string out;
    for (const Table* t : tables_of(doc)) {
        if (!out.empty()) out += "\n";
        out += "table," + csv_escape(t->id) + "," + csv_escape(t->caption) + "\n";
        for (std::size_t i = 0; i < t->columns.size(); ++i) {
            const Column& c = t->columns[i];
            out += (i ? "," : "") + csv_escape(c.unit.empty() ? c.title : c.title + " [" + c.unit + "]");
        }
        out += "\n";
        for (const auto& row : t->rows) {
            for (std::size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + field(row[i]);
            out += "\n";
        }
    }
    return out;
}

}  // namespace rackplan::io::report
