#pragma once
// The procurement report as data: one content model that every rendering (PDF in app/report,
// HTML, Markdown, CSV here) draws from, so the formats cannot disagree. Built from a saved
// compare or plan result document (plan/plan_json.h) and the catalog it was computed with:
// the numbers are the saved ones, the catalog adds names and every figure's provenance.
// Text is plain (never markup); each renderer escapes it for its format.
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "hw/catalog.h"
#include "hw/issue.h"
#include "io/published_accuracy.h"

namespace rackplan::io::report {

struct Paragraph {
    std::string text;
    bool note = false;  // a caveat or explanation, set smaller
};

struct KeyValues {
    std::vector<std::pair<std::string, std::string>> items;
};

enum class ColumnType { text, number, integer };

struct Column {
    std::string title;
    std::string unit;  // "days", "USD/h", "%": shown beside the title; empty = none
    ColumnType type = ColumnType::text;
    int decimals = 2;  // number columns: digits after the point when shown; -1 = as the value needs (up to 4)
};

// A cell: empty (not applicable), a text or a number (null in the result = empty).
using Cell = std::variant<std::monostate, std::string, double>;

struct Table {
    std::string id;       // short, unique in the document: the CSV block's name
    std::string caption;
    std::vector<Column> columns;
    std::vector<std::vector<Cell>> rows;
};

enum class ChartKind {
    stacked_bar,  // categories x series, values stacked per category
    range_bar,    // one series: a point per category with low/high whiskers (P10–P90)
    scatter,      // series of (x, y) points; a series with `line` is drawn joined (a front)
    tornado,      // categories = inputs; series[0] at low, series[1] at high around `baseline`
};

struct Series {
    std::string name;
    std::vector<double> values;        // per category (bars); y (scatter)
    std::vector<double> low, high;     // range_bar whiskers, per category
    std::vector<double> x;             // scatter
    std::vector<std::string> labels;   // scatter: per point
    bool line = false;                 // scatter: join the points
};

struct Chart {
    std::string id;
    std::string title;
    ChartKind kind = ChartKind::stacked_bar;
    std::string x_label, y_label;  // with units
    std::vector<std::string> categories;
    std::vector<Series> series;
    std::optional<double> baseline;  // tornado: the point value
};

using Block = std::variant<Paragraph, KeyValues, Table, Chart>;

struct Section {
    std::string id;       // anchor: "summary", "workload", ...
    std::string heading;
    int level = 1;        // 1 = section, 2 = subsection
    std::vector<Block> blocks;
};

struct ReportDocument {
    std::string title;
    std::string subtitle;
    KeyValues metadata;  // scenario, kind, engine version, dates
    std::vector<Section> sections;
};

struct ReportContext {
    std::string scenario;        // saved scenario name
    std::string engine_version;  // that computed the result
    std::string result_date;     // when the result was computed (ISO 8601)
    std::string report_date;     // today (the caller's clock: core reads none)
    // The command line that produced it, when known (io::command_line of its request, so the
    // CLI's and the GUI's reports show the same words): the metadata item "Command".
    std::string command;
    // The model against published runs (io::published_accuracy), for the "How far to trust the
    // estimates" section; empty rows with `unavailable` set say why there is none.
    PublishedAccuracy accuracy;
};

struct BuildResult {
    std::optional<ReportDocument> document;  // set when issues is empty
    Issues issues;                           // what the result document lacks, by JSON path
};

// The report of a compare or plan result document. A document of another kind, or one missing
// what the report needs, comes back as issues naming the JSON path.
BuildResult build_report(const nlohmann::json& result, const hw::Catalog& catalog, const ReportContext& context);

// Every table of the document, in order (charts excluded), for CSV.
std::vector<const Table*> tables_of(const ReportDocument& doc);

// A number as shown in a table or text: fixed decimals, thousands separated by commas; a very
// small non-zero value keeps two significant digits; "n/a" for a non-finite value.
std::string format_number(double v, int decimals);
// A cell as text for a column (empty for an empty cell).
std::string cell_text(const Cell& c, const Column& col);

}  // namespace rackplan::io::report
