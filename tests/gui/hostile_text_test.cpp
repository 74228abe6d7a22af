#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <QApplication>
#include <QBarCategoryAxis>
#include <QChart>
#include <QComboBox>
#include <QHelpEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QTableView>
#include <QToolTip>

#include "charts/step_chart.h"
#include "compare/comparison_table_model.h"
#include "compare/detail_pane.h"
#include "compare/workload_editor.h"
#include "gui_test_support.h"
#include "io/catalog_json.h"
#include "scenarios/scenario_dock.h"
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

namespace {

// A valid model whose name is markup, quotes and a newline (llama3-8b's architecture).
hw::Catalog hostile_model_catalog() {
    nlohmann::json model{{"id", "hostile-model"}, {"name", kHostile}, {"source", "HOSTILE-SRC"}, {"note", kHostile},
                         {"layers", 32},          {"hidden", 4096},  {"heads", 32},             {"kv_heads", 8},
                         {"head_dim", 128},       {"ffn", 14336},    {"ffn_act", "swiglu"},     {"vocab", 128256},
                         {"max_context", 8192},   {"tied_embeddings", false}, {"experts", 0},   {"experts_per_token", 0},
                         {"expert_ffn", 0},       {"shared_experts", 0}, {"dense_layers", 0}};
    nlohmann::json doc{{"format", "rackplan-catalog"},
                       {"version", 1},
                       {"sources", {{"HOSTILE-SRC", kHostile}}},
                       {"models", nlohmann::json::array({model})}};
    io::CatalogParse parse = io::parse_catalog(doc.dump());
    for (const auto& i : parse.issues) UNSCOPED_INFO(i.path << ": " << i.message);
    REQUIRE(parse.ok());
    return parse.catalog;
}

}  // namespace

TEST_CASE("a hostile model name and scenario name are shown literally in the comparison", "[gui][hostile][compare]") {
    TempDb tmp;
    {
        store::Database db = store::open_catalog_db(tmp.path());  // seeded, then one model added
        const Issues issues = store::import_catalog(db, hostile_model_catalog());
        for (const auto& i : issues) UNSCOPED_INFO(i.path << ": " << i.message);
        REQUIRE(issues.empty());
    }
    const QString hostile = qstr(kHostile);
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    ComparePage& page = w.compare();
    ComparisonInput in = small_comparison({"dgx-h100"}, 8);
    in.model = "hostile-model";
    in.global_batch = 64;
    REQUIRE(run_to_completion(page, in));

    // Widgets that show plain text hold it as it is.
    CHECK(page.workload().model_box().currentText() == hostile + QStringLiteral(" (hostile-model)"));
    CHECK(page.header_text().startsWith(hostile + QStringLiteral(" · ")));
    for (QLabel* label : page.findChildren<QLabel*>())
        if (label->text().contains(QStringLiteral("<script>"))) CHECK(label->textFormat() == Qt::PlainText);
    REQUIRE(page.table_model().rowCount() == 1);
    CHECK(page.result()->model_label == kHostile + " (hostile-model)");
    // Charts draw rich text: there it is escaped, so the markup is drawn as characters.
    const QString title = page.step_chart().chart()->title();
    CHECK_FALSE(title.contains(QStringLiteral("<script>")));
    CHECK(title.contains(QStringLiteral("&lt;script&gt;alert(1)&lt;/script&gt;")));
    CHECK(title.contains(QStringLiteral("&quot;quotes&quot;")));

    // A custom architecture named with markup.
    ComparisonInput custom = in;
    custom.model.clear();
    custom.custom = custom_from(seed_catalog(), "llama3-8b");
    custom.custom.name = kHostile;
    REQUIRE(run_to_completion(page, custom));
    CHECK(page.workload().name_field().text() == hostile);
    CHECK(page.header_text().startsWith(hostile + QStringLiteral(" · ")));
    CHECK_FALSE(page.step_chart().chart()->title().contains(QStringLiteral("<b>")));

    // A scenario named with markup: listed, opened and titled as typed.
    REQUIRE(w.save_scenario(hostile).isEmpty());
    CHECK(w.scenario_names() == QStringList{hostile});
    REQUIRE(w.scenario_dock().list().count() == 1);
    CHECK(w.scenario_dock().list().item(0)->text() == hostile);
    CHECK(w.windowTitle().contains(QStringLiteral("<script>alert(1)</script>")));
    REQUIRE(w.open_scenario(hostile).isEmpty());
    CHECK(w.current_scenario() == hostile);
    CHECK(to_json(page.input()) == to_json(custom));
    REQUIRE(page.wait_idle(120000));
}

TEST_CASE("a hostile name typed into the catalog editor is stored and shown literally", "[gui][hostile][catalog]") {
    TempDb tmp;
    const QString hostile = qstr(kHostile);
    {
        MainWindow w;
        REQUIRE(w.open_database(tmp.path()).isEmpty());
        const int row = row_of(w, EntryKind::systems, QStringLiteral("p5.48xlarge"));
        REQUIRE(row >= 0);
        const QModelIndex name = w.table_proxy(EntryKind::systems).index(row, 1);
        REQUIRE(w.table_proxy(EntryKind::systems).setData(name, hostile));
        // A figure's note and a refused value quote what was typed, as typed.
        w.show_kind(EntryKind::systems);
        REQUIRE(w.select_entry(EntryKind::systems, row_of(w, EntryKind::systems, QStringLiteral("p5.48xlarge"))));
        const FigureTableModel& detail = w.detail_model();
        int price = -1;
        for (int r = 0; r < detail.rowCount(); ++r)
            if (detail.rows()[static_cast<size_t>(r)].path == QStringLiteral("price.on_demand")) price = r;
        REQUIRE(price >= 0);
        QAbstractItemModel& model = *w.detail_view().model();
        REQUIRE(model.setData(model.index(price, FigureTableModel::Note), hostile));
        CHECK(model.index(price, FigureTableModel::Note).data().toString() == hostile);
        CHECK_FALSE(model.setData(model.index(price, FigureTableModel::Value), QStringLiteral("<b>9</b>")));
        CHECK(w.edit_message().contains(QStringLiteral("must be a number, got \"<b>9</b>\"")));
        REQUIRE(w.save_catalog().isEmpty());
    }
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    const int row = row_of(w, EntryKind::systems, QStringLiteral("p5.48xlarge"));
    REQUIRE(row >= 0);
    CHECK(w.table_proxy(EntryKind::systems).index(row, 1).data().toString() == hostile);
    CHECK(w.table_proxy(EntryKind::systems).index(row, 1).data(Qt::EditRole).toString() == hostile);
    w.show_kind(EntryKind::systems);
    REQUIRE(w.select_entry(EntryKind::systems, row));
    CHECK(w.detail_title() == hostile + QStringLiteral(" (p5.48xlarge)"));
    // Every label of the window that shows catalog text does so as plain text.
    for (QLabel* label : w.findChildren<QLabel*>())
        if (label->text().contains(QStringLiteral("<script>")) || label->text().contains(QStringLiteral("<b>")))
            CHECK(label->textFormat() == Qt::PlainText);
    bool note_found = false;
    for (const DetailRow& r : w.detail_model().rows()) note_found = note_found || r.note == hostile;
    CHECK(note_found);
}
