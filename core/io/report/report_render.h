#pragma once
// The text renderings of a ReportDocument. Every piece of text from the document (catalog
// names, messages, figure paths) is escaped for the target format here, so a hostile catalog
// entry (`<script>`, quotes, commas, newlines, `|`) shows as text and never as markup.
// The PDF rendering needs Qt and lives in app/report.
#include <string>
#include <string_view>
#include <optional>

#include "io/report/report_document.h"

namespace rackplan::io::report {

enum class Format { pdf, html, markdown, csv };
// "pdf", "html", "md" (or "markdown"), "csv"; empty when unknown.
std::optional<Format> format_from(std::string_view name);

// One self-contained page: inline CSS, charts as inline SVG, no scripts, no external links.
std::string render_html(const ReportDocument& doc);
// GitHub-flavoured Markdown: headings, key-value lists, pipe tables (charts as their data).
std::string render_markdown(const ReportDocument& doc);
// Every table of the document as RFC 4180 CSV blocks separated by an empty line; each block
// is a record `table,ID,CAPTION`, the header (titles with units in brackets) and the rows.
// Numbers are unformatted and at full precision; an empty field is "not applicable".
std::string render_csv(const ReportDocument& doc);

// Escaping, exposed for tests and other renderers.
std::string escape_html(std::string_view s);            // & < > " '
std::string escape_markdown(std::string_view s);         // \ ` * _ [ ] < > | # and line breaks
// A chart's data as a table (Markdown and other text renderings).
Table chart_table(const Chart& chart);

}  // namespace rackplan::io::report
