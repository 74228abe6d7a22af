#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <QApplication>
#include <QHelpEvent>
#include <QTableView>
#include <QToolTip>

#include "gui_test_support.h"
#include "io/catalog_json.h"
#include "number_format.h"
#include "plain_tooltip_delegate.h"
#include "store/catalog_store.h"

using namespace rackplan;
using namespace rackplan::gui;
using namespace rackplan::gui::test;

namespace {

const std::string kHostile = "<script>alert(1)</script>, \"quotes\", commas, newline\n<b>bold</b> & more";

nlohmann::json figure(double v, const char* unit) {
    return {{"value", v}, {"unit", unit}, {"source", "HOSTILE-SRC"}, {"confidence", "documented"}, {"note", kHostile}};
}

// A valid catalog document whose every free-text field is markup, quotes and a newline.
hw::Catalog hostile_catalog() {
    nlohmann::json chip{{"id", "hostile-chip"},
                        {"name", kHostile},
                        {"vendor", kHostile},
                        {"architecture", "gpu-sm"},
                        {"note", kHostile},
                        {"peak", {{"tensor", {{"bf16", figure(100, "TFLOP/s")}}}}},
                        {"cores", figure(10, "count")},
                        {"hbm", {{"capacity", figure(16, "GB")}, {"bandwidth", figure(1, "TB/s")}}},
                        {"power", {{"tdp", figure(300, "W")}}}};
    nlohmann::json doc{{"format", "rackplan-catalog"},
                       {"version", 1},
                       {"sources", {{"HOSTILE-SRC", kHostile}}},
                       {"chips", nlohmann::json::array({chip})}};
    io::CatalogParse parse = io::parse_catalog(doc.dump());
    for (const auto& i : parse.issues) UNSCOPED_INFO(i.path << ": " << i.message);
    REQUIRE(parse.ok());
    return parse.catalog;
}

}  // namespace

TEST_CASE("catalog text with markup, quotes and newlines is shown literally", "[gui][hostile]") {
    TempDb tmp;
    {
        store::Database db = store::open_catalog_db(tmp.path());
        const Issues issues = store::import_catalog(db, hostile_catalog());
        for (const auto& i : issues) UNSCOPED_INFO(i.path << ": " << i.message);
        REQUIRE(issues.empty());
    }
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    const QString hostile = qstr(kHostile);
    const int row = row_of(w, EntryKind::chips, QStringLiteral("hostile-chip"));
    REQUIRE(row >= 0);
    const auto& proxy = w.table_proxy(EntryKind::chips);
    CHECK(proxy.index(row, 1).data().toString() == hostile);  // name
    CHECK(proxy.index(row, 2).data().toString() == hostile);  // vendor

    REQUIRE(w.select_entry(EntryKind::chips, row));
    CHECK(w.detail_title() == hostile + QStringLiteral(" (hostile-chip)"));
    const FigureTableModel& detail = w.detail_model();
    REQUIRE(detail.rowCount() == 5);
    for (int r = 0; r < detail.rowCount(); ++r) {
        CHECK(detail.index(r, FigureTableModel::Note).data().toString() == hostile);
        CHECK(detail.index(r, FigureTableModel::Source).data(Qt::ToolTipRole).toString() ==
              QStringLiteral("HOSTILE-SRC: ") + hostile);
    }
    // Tooltips (notes, citations) would render markup: the view shows them escaped.
    const QString html = tooltip_html(hostile);
    CHECK_FALSE(html.contains(QStringLiteral("<script>")));
    CHECK(html.contains(QStringLiteral("&lt;script&gt;alert(1)&lt;/script&gt;")));
    w.setAttribute(Qt::WA_DontShowOnScreen, true);
    w.show();
    QApplication::processEvents();
    QTableView& view = w.detail_view();
    const QRect note = view.visualRect(detail.index(0, FigureTableModel::Note));
    REQUIRE(note.isValid());
    QHelpEvent help(QEvent::ToolTip, note.center(), view.viewport()->mapToGlobal(note.center()));
    QApplication::sendEvent(view.viewport(), &help);
    CHECK(QToolTip::text() == html);
    QToolTip::hideText();
    w.hide();

    // The filter treats the text as text too, not as a pattern.
    w.set_filter(QStringLiteral("<script>alert(1)"));
    CHECK(proxy.rowCount() == 1);
}
