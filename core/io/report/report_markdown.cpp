#include "io/report/report_render.h"

namespace rackplan::io::report {
namespace {

std::string heading(const Column& c) { return c.unit.empty() ? c.title : c.title + " (" + c.unit + ")"; }

void table(std::string& out, const Table& t) {
    if (!t.caption.empty()) out += "*" + escape_markdown(t.caption) + "*\n\n";
    out += "|";
    for (const Column& c : t.columns) out += " " + escape_markdown(heading(c)) + " |";
    out += "\n|";
    for (const Column& c : t.columns) out += c.type == ColumnType::text ? " --- |" : " ---: |";
    out += "\n";
    for (const auto& row : t.rows) {
        out += "|";
        for (std::size_t i = 0; i < row.size() && i < t.columns.size(); ++i) out += " " + escape_markdown(cell_text(row[i], t.columns[i])) + " |";
        out += "\n";
    }
    out += "\n";
}

std::string anchor(const Section& s) { return "section-" + s.id; }

}  // namespace

std::string escape_markdown(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '\\': case '`': case '*': case '_': case '[': case ']': case '<': case '>': case '|': case '#':
                out += '\\';
                out += c;
                break;
            case '\r': break;
            case '\n': out += "<br>"; break;  // a line break inside a table cell or list item
            default: out += c;
        }
    }
    return out;
}

Table chart_table(const Chart& chart) {
    Table t;
    t.id = chart.id;
    t.caption = chart.title + " (chart data)";
    if (chart.kind == ChartKind::scatter) {
        t.columns = {{"Series", "", ColumnType::text, 0}, {"Point", "", ColumnType::text, 0},
                     {chart.x_label, "", ColumnType::number, 3}, {chart.y_label, "", ColumnType::number, 3}};
        for (const Series& s : chart.series)
            for (std::size_t i = 0; i < s.x.size() && i < s.values.size(); ++i)
                t.rows.push_back({Cell(s.name), i < s.labels.size() ? Cell(s.labels[i]) : Cell(), Cell(s.x[i]), Cell(s.values[i])});
        return t;
    }
    t.columns = {{"", "", ColumnType::text, 0}};
    for (const Series& s : chart.series) {
        t.columns.push_back({s.name, chart.kind == ChartKind::tornado ? chart.x_label : chart.y_label, ColumnType::number, 3});
        if (chart.kind == ChartKind::range_bar) {
            t.columns.push_back({"P10", chart.y_label, ColumnType::number, 3});
            t.columns.push_back({"P90", chart.y_label, ColumnType::number, 3});
        }
    }
    for (std::size_t c = 0; c < chart.categories.size(); ++c) {
        std::vector<Cell> row;
        row.emplace_back(chart.categories[c]);
        for (const Series& s : chart.series) {
            row.push_back(c < s.values.size() ? Cell(s.values[c]) : Cell());
            if (chart.kind == ChartKind::range_bar) {
                row.push_back(c < s.low.size() ? Cell(s.low[c]) : Cell());
                row.push_back(c < s.high.size() ? Cell(s.high[c]) : Cell());
            }
        }
        t.rows.push_back(std::move(row));
    }
    return t;
}

std::string render_markdown(const ReportDocument& doc) {
    std::string out = "# " + escape_markdown(doc.title) + "\n\n";
    if (!doc.subtitle.empty()) out += escape_markdown(doc.subtitle) + "\n\n";
    for (const auto& [k, v] : doc.metadata.items) out += "- **" + escape_markdown(k) + ":** " + escape_markdown(v) + "\n";
    out += "\n## Contents\n\n";
    for (const Section& s : doc.sections)
        out += std::string(s.level > 1 ? "  " : "") + "- [" + escape_markdown(s.heading) + "](#" + anchor(s) + ")\n";
    out += "\n";
    for (const Section& s : doc.sections) {
        out += "<a id=\"" + anchor(s) + "\"></a>\n\n";
        out += std::string(s.level > 1 ? "### " : "## ") + escape_markdown(s.heading) + "\n\n";
        for (const Block& b : s.blocks) {
            if (const auto* p = std::get_if<Paragraph>(&b)) out += (p->note ? "> " : "") + escape_markdown(p->text) + "\n\n";
            else if (const auto* kv = std::get_if<KeyValues>(&b)) {
                for (const auto& [k, v] : kv->items) out += "- **" + escape_markdown(k) + ":** " + escape_markdown(v) + "\n";
                out += "\n";
            } else if (const auto* t = std::get_if<Table>(&b)) table(out, *t);
            else if (const auto* c = std::get_if<Chart>(&b)) {
                out += "**" + escape_markdown(c->title) + "**";
                if (c->baseline) out += " (point: " + format_number(*c->baseline, 3) + " " + escape_markdown(c->x_label) + ")";
                out += "\n\n";
                Table t = chart_table(*c);
                t.caption.clear();
                table(out, t);
            }
        }
    }
    return out;
}

}  // namespace rackplan::io::report
