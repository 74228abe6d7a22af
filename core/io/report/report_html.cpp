// The report as one self-contained HTML page: inline CSS, charts drawn as inline SVG from the
// document's chart data (no script, nothing fetched), every text escaped.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "io/report/chart_scale.h"
#include "io/report/report_render.h"

namespace rackplan::io::report {
namespace {

constexpr const char* kPalette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
const char* color(std::size_t i) { return kPalette[i % (sizeof kPalette / sizeof *kPalette)]; }

std::string px(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

std::string svg_text(double x, double y, const std::string& s, const char* anchor = "start", const char* extra = "") {
    return "<text x=\"" + px(x) + "\" y=\"" + px(y) + "\" text-anchor=\"" + anchor + "\"" + extra + ">" + escape_html(s) + "</text>";
}

std::string rect(double x, double y, double w, double h, const char* fill, const std::string& title = {}) {
    std::string r = "<rect x=\"" + px(x) + "\" y=\"" + px(y) + "\" width=\"" + px(std::max(0.0, w)) + "\" height=\"" +
                    px(std::max(0.0, h)) + "\" fill=\"" + fill + "\">";
    if (!title.empty()) r += "<title>" + escape_html(title) + "</title>";
    return r + "</rect>";
}

std::string line(double x1, double y1, double x2, double y2, const char* stroke, double width = 1.0, const char* dash = nullptr) {
    return "<line x1=\"" + px(x1) + "\" y1=\"" + px(y1) + "\" x2=\"" + px(x2) + "\" y2=\"" + px(y2) + "\" stroke=\"" + stroke +
           "\" stroke-width=\"" + px(width) + "\"" + (dash ? std::string(" stroke-dasharray=\"") + dash + "\"" : "") + "/>";
}

// Legend entries in one or more rows above the plot; returns the height used.
double legend(std::string& svg, const std::vector<std::string>& names, double width, double top) {
    double x = 10, y = top;
    for (std::size_t i = 0; i < names.size(); ++i) {
        const double w = 24 + 7.0 * static_cast<double>(names[i].size());
        if (x + w > width - 10 && x > 10) x = 10, y += 18;
        svg += rect(x, y, 12, 12, color(i)) + svg_text(x + 16, y + 10.5, names[i]);
        x += w + 12;
    }
    return y + 18 - top;
}

// Horizontal bars (stacked, ranges, tornado): categories down the left, values along x.
std::string horizontal(const Chart& c) {
    const double width = 780, label_w = 235, right = 20, bar_h = 22, gap = 10;
    std::string body;
    std::vector<std::string> names;
    if (c.kind == ChartKind::range_bar) names = {"point", "P10-P90"};
    else
        for (const Series& s : c.series) names.push_back(s.name);
    const double legend_h = legend(body, names, width, 8);
    const double top = 8 + legend_h + 8;
    const double n = static_cast<double>(c.categories.size());
    const double plot_h = n * (bar_h + gap);

    // Value extent.
    double lo = 0.0, hi = 0.0;
    for (std::size_t k = 0; k < c.categories.size(); ++k) {
        if (c.kind == ChartKind::stacked_bar) {
            double pos = 0.0, neg = 0.0;
            for (const Series& s : c.series)
                if (k < s.values.size()) (s.values[k] >= 0 ? pos : neg) += s.values[k];
            hi = std::max(hi, pos), lo = std::min(lo, neg);
        } else {
            for (const Series& s : c.series) {
                if (k < s.values.size()) hi = std::max(hi, s.values[k]), lo = std::min(lo, s.values[k]);
                if (k < s.high.size()) hi = std::max(hi, s.high[k]);
                if (k < s.low.size()) lo = std::min(lo, s.low[k]);
            }
        }
    }
    if (c.kind == ChartKind::tornado && c.baseline) {
        // Zoom on the swings around the point: the tornado's information is in the differences.
        double a = *c.baseline, b = *c.baseline;
        for (const Series& s : c.series)
            for (double v : s.values) a = std::min(a, v), b = std::max(b, v);
        const double pad = std::max((b - a) * 0.08, std::fabs(*c.baseline) * 0.01);
        lo = a - pad, hi = b + pad;
    }
    const Axis axis = nice_axis(lo, hi);
    const double x0 = label_w, x1 = width - right;
    auto X = [&](double v) { return x0 + (v - axis.min) / (axis.max - axis.min) * (x1 - x0); };

    for (double t : axis.ticks) {
        body += line(X(t), top, X(t), top + plot_h, "#dddddd");
        body += svg_text(X(t), top + plot_h + 14, format_tick(t, axis.step), "middle");
    }
    body += svg_text((x0 + x1) / 2, top + plot_h + 32, c.kind == ChartKind::tornado ? c.x_label : c.y_label, "middle",
                     " font-weight=\"bold\"");
    for (std::size_t k = 0; k < c.categories.size(); ++k) {
        const double y = top + static_cast<double>(k) * (bar_h + gap) + gap / 2;
        std::string name = c.categories[k];
        if (name.size() > 31) name = name.substr(0, 30) + "...";
        body += svg_text(label_w - 6, y + bar_h * 0.7, name, "end");
        if (c.kind == ChartKind::stacked_bar) {
            double pos = 0.0, neg = 0.0;
            for (std::size_t i = 0; i < c.series.size(); ++i) {
                if (k >= c.series[i].values.size()) continue;
                const double v = c.series[i].values[k];
                double& at = v >= 0 ? pos : neg;
                const double a = X(at), b = X(at + v);
                body += rect(std::min(a, b), y, std::fabs(b - a), bar_h, color(i),
                             c.categories[k] + ": " + c.series[i].name + " " + format_number(v, 3));
                at += v;
            }
        } else if (c.kind == ChartKind::range_bar) {
            const Series& s = c.series.front();
            if (k < s.low.size() && k < s.high.size()) {
                body += rect(X(s.low[k]), y + bar_h * 0.3, X(s.high[k]) - X(s.low[k]), bar_h * 0.4, "#aec7e8",
                             c.categories[k] + ": P10 " + format_number(s.low[k], 3) + ", P90 " + format_number(s.high[k], 3));
                body += line(X(s.low[k]), y + 3, X(s.low[k]), y + bar_h - 3, color(1), 2);
                body += line(X(s.high[k]), y + 3, X(s.high[k]), y + bar_h - 3, color(1), 2);
            }
            if (k < s.values.size())
                body += "<circle cx=\"" + px(X(s.values[k])) + "\" cy=\"" + px(y + bar_h / 2) + "\" r=\"5\" fill=\"" + color(0) + "\"/>";
        } else {  // tornado: bars from the baseline to each end
            const double base = c.baseline.value_or(0.0);
            for (std::size_t i = 0; i < c.series.size() && i < 2; ++i)
                if (k < c.series[i].values.size()) {
                    const double v = c.series[i].values[k];
                    body += rect(std::min(X(base), X(v)), y, std::fabs(X(v) - X(base)), bar_h, color(i),
                                 c.categories[k] + ": " + c.series[i].name + " " + format_number(v, 4));
                }
        }
    }
    if (c.kind == ChartKind::tornado && c.baseline) body += line(X(*c.baseline), top, X(*c.baseline), top + plot_h, "#000000", 1.5);
    else if (axis.min < 0.0) body += line(X(0), top, X(0), top + plot_h, "#000000");
    const double height = top + plot_h + 44;
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + px(width) + "\" height=\"" + px(height) + "\" viewBox=\"0 0 " +
           px(width) + " " + px(height) + "\" font-family=\"sans-serif\" font-size=\"12\" role=\"img\">" + body + "</svg>";
}

std::string scatter(const Chart& c) {
    const double width = 760, height = 420, left = 80, right = 20, bottom = 50;
    std::string body;
    std::vector<std::string> names;
    for (const Series& s : c.series) names.push_back(s.name);
    const double top = 8 + legend(body, names, width, 8) + 10;
    double xl = INFINITY, xh = -INFINITY, yl = INFINITY, yh = -INFINITY;
    for (const Series& s : c.series)
        for (std::size_t i = 0; i < s.x.size() && i < s.values.size(); ++i)
            xl = std::min(xl, s.x[i]), xh = std::max(xh, s.x[i]), yl = std::min(yl, s.values[i]), yh = std::max(yh, s.values[i]);
    if (!std::isfinite(xl)) return {};
    const Axis ax = nice_axis(std::min(0.0, xl), xh), ay = nice_axis(std::min(0.0, yl), yh);
    const double x0 = left, x1 = width - right, y0 = height - bottom, y1 = top;
    auto X = [&](double v) { return x0 + (v - ax.min) / (ax.max - ax.min) * (x1 - x0); };
    auto Y = [&](double v) { return y0 - (v - ay.min) / (ay.max - ay.min) * (y0 - y1); };
    for (double t : ax.ticks) body += line(X(t), y1, X(t), y0, "#dddddd") + svg_text(X(t), y0 + 14, format_tick(t, ax.step), "middle");
    for (double t : ay.ticks) body += line(x0, Y(t), x1, Y(t), "#dddddd") + svg_text(x0 - 6, Y(t) + 4, format_tick(t, ay.step), "end");
    body += line(x0, y0, x1, y0, "#000000") + line(x0, y0, x0, y1, "#000000");
    body += svg_text((x0 + x1) / 2, height - 12, c.x_label, "middle", " font-weight=\"bold\"");
    body += "<text transform=\"translate(16," + px((y0 + y1) / 2) + ") rotate(-90)\" text-anchor=\"middle\" font-weight=\"bold\">" +
            escape_html(c.y_label) + "</text>";
    for (std::size_t i = 0; i < c.series.size(); ++i) {
        const Series& s = c.series[i];
        if (s.line) {
            std::string pts;
            for (std::size_t k = 0; k < s.x.size() && k < s.values.size(); ++k) pts += px(X(s.x[k])) + "," + px(Y(s.values[k])) + " ";
            body += "<polyline points=\"" + pts + "\" fill=\"none\" stroke=\"" + color(i) + "\" stroke-width=\"2\" stroke-dasharray=\"6 3\"/>";
            continue;
        }
        for (std::size_t k = 0; k < s.x.size() && k < s.values.size(); ++k)
            body += "<circle cx=\"" + px(X(s.x[k])) + "\" cy=\"" + px(Y(s.values[k])) + "\" r=\"5\" fill=\"" + color(i) + "\"><title>" +
                    escape_html(s.name + (k < s.labels.size() ? " " + s.labels[k] : "")) + "</title></circle>";
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + px(width) + "\" height=\"" + px(height) + "\" viewBox=\"0 0 " +
           px(width) + " " + px(height) + "\" font-family=\"sans-serif\" font-size=\"12\" role=\"img\">" + body + "</svg>";
}

std::string heading_of(const Column& c) { return c.unit.empty() ? c.title : c.title + " (" + c.unit + ")"; }

void table(std::string& out, const Table& t) {
    out += "<div class=\"table\"><table>";
    if (!t.caption.empty()) out += "<caption>" + escape_html(t.caption) + "</caption>";
    out += "<thead><tr>";
    for (const Column& c : t.columns) out += "<th>" + escape_html(heading_of(c)) + "</th>";
    out += "</tr></thead><tbody>";
    for (const auto& row : t.rows) {
        out += "<tr>";
        for (std::size_t i = 0; i < row.size() && i < t.columns.size(); ++i)
            out += std::string(t.columns[i].type == ColumnType::text ? "<td>" : "<td class=\"num\">") +
                   escape_html(cell_text(row[i], t.columns[i])) + "</td>";
        out += "</tr>";
    }
    out += "</tbody></table></div>\n";
}

constexpr const char* kStyle = R"(body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.4}
h1{font-size:1.7em;margin-bottom:0.2em}h2{border-bottom:2px solid #1f77b4;padding-bottom:0.2em;margin-top:2em}
dl.kv{display:grid;grid-template-columns:max-content auto;gap:0.2em 1.5em}dl.kv dt{font-weight:bold}dl.kv dd{margin:0}
.table{overflow-x:auto;margin:1em 0}table{border-collapse:collapse;font-size:0.85em}caption{text-align:left;font-weight:bold;padding:0.3em 0}
th,td{border:1px solid #ccc;padding:0.25em 0.5em;vertical-align:top;white-space:pre-wrap}th{background:#eef3f8}td.num{text-align:right;white-space:nowrap}
p.note{font-size:0.9em;color:#555}figure{margin:1em 0}figcaption{font-weight:bold;margin-bottom:0.3em}nav li.sub{margin-left:1.5em}
)";

}  // namespace

std::string escape_html(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string render_html(const ReportDocument& doc) {
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape_html(doc.title) +
                      "</title><style>" + kStyle + "</style></head><body>\n";
    out += "<h1>" + escape_html(doc.title) + "</h1>\n";
    if (!doc.subtitle.empty()) out += "<p>" + escape_html(doc.subtitle) + "</p>\n";
    out += "<dl class=\"kv\">";
    for (const auto& [k, v] : doc.metadata.items) out += "<dt>" + escape_html(k) + "</dt><dd>" + escape_html(v) + "</dd>";
    out += "</dl>\n<nav><h2>Contents</h2><ul>";
    for (const Section& s : doc.sections)
        out += std::string(s.level > 1 ? "<li class=\"sub\">" : "<li>") + "<a href=\"#" + escape_html(s.id) + "\">" + escape_html(s.heading) +
               "</a></li>";
    out += "</ul></nav>\n";
    for (const Section& s : doc.sections) {
        out += std::string(s.level > 1 ? "<h3" : "<h2") + " id=\"" + escape_html(s.id) + "\">" + escape_html(s.heading) +
               (s.level > 1 ? "</h3>\n" : "</h2>\n");
        for (const Block& b : s.blocks) {
            if (const auto* p = std::get_if<Paragraph>(&b))
                out += std::string(p->note ? "<p class=\"note\">" : "<p>") + escape_html(p->text) + "</p>\n";
            else if (const auto* kv = std::get_if<KeyValues>(&b)) {
                out += "<dl class=\"kv\">";
                for (const auto& [k, v] : kv->items) out += "<dt>" + escape_html(k) + "</dt><dd>" + escape_html(v) + "</dd>";
                out += "</dl>\n";
            } else if (const auto* t = std::get_if<Table>(&b)) {
                table(out, *t);
            } else if (const auto* c = std::get_if<Chart>(&b)) {
                const std::string svg = c->kind == ChartKind::scatter ? scatter(*c) : horizontal(*c);
                if (svg.empty()) continue;
                out += "<figure><figcaption>" + escape_html(c->title) + "</figcaption>" + svg + "</figure>\n";
            }
        }
    }
    return out + "</body></html>\n";
}

}  // namespace rackplan::io::report
