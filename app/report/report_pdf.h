#pragma once
// The report as a PDF: A4 portrait, a title page, a table of contents with page numbers,
// "page N of M" on every page, tables that repeat their header across pages (and split their
// columns when too wide), charts drawn as vectors through Qt Charts. Needs a QApplication.
#include <QIODevice>

#include "io/report/report_document.h"

namespace rackplan::report {

// Writes the PDF into an open device. Lays the document out twice: the first pass finds the
// page of every section and the page count, the second draws with them.
void write_pdf(const io::report::ReportDocument& doc, QIODevice& out);

}  // namespace rackplan::report
