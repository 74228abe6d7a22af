#include <catch2/catch.hpp>

#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include <QAction>
#include <QBrush>
#include <QFont>
#include <QTableView>
#include <QUndoStack>

#include "catalog/catalog_editor.h"
#include "confidence_style.h"
#include "gui_test_support.h"
#include "io/catalog_json.h"
#include "number_format.h"
#include "store/catalog_store.h"
#include "units/quantity.h"

using namespace rackplan;
using namespace rackplan::gui;
using namespace rackplan::gui::test;

namespace {

// The catalog as the database holds it now (a fresh connection, as another program would).
hw::Catalog stored(const TempDb& tmp) {
    store::Database db = store::open_database_unseeded(tmp.path());
    return store::load_catalog(db);
}

double figure_value(const hw::Catalog& c, const char* system, const char* path) {
    const hw::System* s = c.find_system(system);
    REQUIRE(s);
    const hw::Figure* f = hw::find_figure(s->figures, path);
    REQUIRE(f);
    return f->value;
}

// Selects entry `id` and returns the detail-table index of figure `path`, column `column`.
QModelIndex detail_cell(MainWindow& w, EntryKind kind, const QString& id, const QString& path,
                        FigureTableModel::ColumnId column) {
    w.show_kind(kind);
    REQUIRE(w.select_entry(kind, row_of(w, kind, id)));
    const auto& rows = w.detail_model().rows();
    for (size_t r = 0; r < rows.size(); ++r)
        if (rows[r].path == path) return w.detail_view().model()->index(static_cast<int>(r), column);
    FAIL("no figure " << path.toStdString());
    return {};
}

// Types `text` into the cell as the view's editor would.
bool type_into(MainWindow& w, const QModelIndex& cell, const QString& text) {
    REQUIRE(cell.flags() & Qt::ItemIsEditable);
    return w.detail_view().model()->setData(cell, text, Qt::EditRole);
}

QAction& action(MainWindow& w, const char* name) {
    auto* a = w.findChild<QAction*>(QString::fromLatin1(name));
    REQUIRE(a);
    return *a;
}

std::string test_read(const QString& path) {
    std::ifstream in(path.toStdString(), std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

int chip_index(const hw::Catalog& c, const std::string& id) {
    for (size_t i = 0; i < c.chips.size(); ++i)
        if (c.chips[i].id == id) return static_cast<int>(i);
    return -1;
}

}  // namespace

TEST_CASE("a figure edit is undone, redone and saved, a new window reads it from the database", "[gui][catalog][edit]") {
    TempDb tmp;
    const double before = figure_value(seed_catalog(), "p5.48xlarge", "price.on_demand");
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    const QString title = w.windowTitle();
    const QModelIndex price = detail_cell(w, EntryKind::systems, QStringLiteral("p5.48xlarge"),
                                          QStringLiteral("price.on_demand"), FigureTableModel::Value);
    CHECK(price.data().toString() == format_written(before));
    CHECK_FALSE(action(w, "saveCatalogAction").isEnabled());

    REQUIRE(type_into(w, price, QStringLiteral("123.25")));
    CHECK(price.data().toString() == QStringLiteral("123.25"));  // updated in place: the index stays valid
    // Marked as edited against what the database holds.
    CHECK(price.data(FigureTableModel::EditedRole).toBool());
    CHECK(price.data(Qt::FontRole).value<QFont>().bold());
    CHECK(price.data(Qt::ToolTipRole).toString() ==
          QStringLiteral("Edited, not saved. In the database: ") + format_written(before));
    CHECK_FALSE(price.siblingAtColumn(FigureTableModel::Unit).data(FigureTableModel::EditedRole).toBool());
    CHECK(w.catalog_editor().modified());
    CHECK(w.windowTitle() == title + QStringLiteral(" — catalog edited, not saved"));
    CHECK(action(w, "saveCatalogAction").isEnabled());
    CHECK(w.edit_message().startsWith(QStringLiteral("Catalog edited, not saved")));
    // The list follows (on-demand $/h column) and the database does not, until saved.
    const int row = row_of(w, EntryKind::systems, QStringLiteral("p5.48xlarge"));
    CHECK(w.table_proxy(EntryKind::systems).index(row, 7).data().toString() == QStringLiteral("123.25"));
    CHECK(figure_value(stored(tmp), "p5.48xlarge", "price.on_demand") == before);

    QAction& undo = action(w, "undoAction");
    QAction& redo = action(w, "redoAction");
    CHECK(undo.shortcut() == QKeySequence(Qt::CTRL | Qt::Key_Z));
    CHECK(redo.shortcuts().contains(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z)));
    CHECK(undo.text().contains(QStringLiteral("systems p5.48xlarge price.on_demand.value")));
    undo.trigger();
    CHECK(price.data().toString() == format_written(before));
    CHECK_FALSE(price.data(FigureTableModel::EditedRole).toBool());
    CHECK_FALSE(w.catalog_editor().modified());
    CHECK(w.windowTitle() == title);
    redo.trigger();
    CHECK(price.data().toString() == QStringLiteral("123.25"));

    // A second edit on another entry: undo shows it where it happened.
    const QModelIndex bw = detail_cell(w, EntryKind::chips, QStringLiteral("h100-sxm"), QStringLiteral("hbm.bandwidth"),
                                       FigureTableModel::Unit);
    const QString old_unit = bw.data().toString();
    REQUIRE(old_unit == QStringLiteral("TB/s"));
    REQUIRE(type_into(w, bw, QStringLiteral("GB/s")));  // same dimension: 3.35 GB/s, a (bad) but valid edit
    w.show_kind(EntryKind::models);
    undo.trigger();
    CHECK(w.current_kind() == EntryKind::chips);
    CHECK(w.detail_title().endsWith(QStringLiteral("(h100-sxm)")));
    CHECK(w.catalog_editor().undo_stack().count() == 2);

    // The comparison runs on the stored catalog: a pending edit does not reach it, a saved one does.
    ComparisonInput in = small_comparison({"p5.48xlarge"}, 8);
    in.candidates.at(0).pricing = engine::Pricing::on_demand;
    REQUIRE(run_to_completion(w.compare(), in));
    const auto rate = [&] {
        const cost::CostEvaluation* c = w.compare().result()->rows.at(0).cost();
        REQUIRE(c);
        return units::to_usd_per_hour(c->cost_rate.point);
    };
    CHECK(rate() == Approx(before));  // one node of 8 chips

    QSignalSpy finished(&w.compare(), &ComparePage::comparisonFinished);
    REQUIRE(w.save_catalog().isEmpty());
    CHECK_FALSE(w.catalog_editor().modified());
    CHECK_FALSE(action(w, "saveCatalogAction").isEnabled());
    CHECK(w.windowTitle() == title);
    CHECK(figure_value(stored(tmp), "p5.48xlarge", "price.on_demand") == 123.25);
    const QModelIndex saved = detail_cell(w, EntryKind::systems, QStringLiteral("p5.48xlarge"),
                                          QStringLiteral("price.on_demand"), FigureTableModel::Value);
    CHECK_FALSE(saved.data(FigureTableModel::EditedRole).toBool());
    CHECK(stored(tmp).find_chip("h100-sxm")->figures.at("hbm.bandwidth").unit == "TB/s");  // undone: not saved
    REQUIRE((finished.count() > 0 || finished.wait(120000)));
    REQUIRE(w.compare().wait_idle(120000));
    CHECK(rate() == Approx(123.25));

    // Undo after a save is an edit again (back to the stored value on the next save).
    undo.trigger();
    CHECK(w.catalog_editor().modified());
    redo.trigger();
    CHECK_FALSE(w.catalog_editor().modified());

    MainWindow again;
    REQUIRE(again.open_database(tmp.path()).isEmpty());
    CHECK(detail_cell(again, EntryKind::systems, QStringLiteral("p5.48xlarge"), QStringLiteral("price.on_demand"),
                      FigureTableModel::Value)
              .data()
              .toString() == QStringLiteral("123.25"));
    CHECK(again.catalog_editor().undo_stack().count() == 0);
}

TEST_CASE("an invalid edit is refused with its JSON path, nothing changes", "[gui][catalog][edit]") {
    TempDb tmp;
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    const std::string before = io::dump_catalog(stored(tmp));
    const int i = chip_index(w.catalog_editor().catalog(), "h100-sxm");
    REQUIRE(i >= 0);
    const QString at = QStringLiteral("chips[%1].hbm.bandwidth.").arg(i);
    // The cells of one figure; they stay valid while the entry is shown (edits update in place).
    std::map<FigureTableModel::ColumnId, QModelIndex> cell;
    for (auto c : {FigureTableModel::Value, FigureTableModel::Unit, FigureTableModel::Low, FigureTableModel::Confidence,
                   FigureTableModel::Source, FigureTableModel::Note})
        cell[c] = detail_cell(w, EntryKind::chips, QStringLiteral("h100-sxm"), QStringLiteral("hbm.bandwidth"), c);
    const QString value = cell[FigureTableModel::Value].data().toString();
    REQUIRE(value == QStringLiteral("3.35"));

    struct Case {
        FigureTableModel::ColumnId column;
        const char* typed;
        QString expected;  // the start of the message
    };
    const std::vector<Case> cases{
        {FigureTableModel::Value, "-3.35", at + QStringLiteral("value: must be positive, got -3.35")},
        {FigureTableModel::Value, "NaN", at + QStringLiteral("value: must be finite")},
        {FigureTableModel::Value, "fast", at + QStringLiteral("value: must be a number, got \"fast\"")},
        {FigureTableModel::Value, "", at + QStringLiteral("value: missing")},
        {FigureTableModel::Unit, "parsecs", at + QStringLiteral("unit: unknown unit 'parsecs' (expected ")},
        {FigureTableModel::Unit, "GB", at + QStringLiteral("unit: 'GB' is not ")},
        {FigureTableModel::Confidence, "estimate", at.chopped(1) + QStringLiteral(": an estimate needs low and high")},
        {FigureTableModel::Source, "NOPE", at + QStringLiteral("source: unknown source tag 'NOPE'")},
        {FigureTableModel::Low, "low", at + QStringLiteral("low: must be a number, got \"low\"")},
    };
    for (const Case& c : cases) {
        INFO(c.typed);
        const QModelIndex index = cell[c.column];
        const QString shown = index.data().toString();
        CHECK_FALSE(type_into(w, index, QString::fromUtf8(c.typed)));
        const QString message = w.edit_message();
        CHECK(message.startsWith(QStringLiteral("Refused, nothing changed — ") + c.expected));
        // Inline on the cell: red, with the reason as its tooltip; the value as it was.
        CHECK(index.data().toString() == shown);
        CHECK(index.data(Qt::ToolTipRole).toString().contains(c.expected));
        CHECK(index.data(Qt::BackgroundRole).value<QBrush>().color() == QColor(0xf6, 0xc9, 0xc4));
        CHECK_FALSE(w.catalog_editor().modified());
    }
    CHECK(cell[FigureTableModel::Value].data().toString() == value);
    CHECK(w.catalog_editor().undo_stack().count() == 0);
    CHECK(w.save_catalog().isEmpty());  // nothing to save
    CHECK(io::dump_catalog(stored(tmp)) == before);

    // A valid edit clears the mark; an edit that changes nothing ("3.350") is not an edit.
    REQUIRE(type_into(w, cell[FigureTableModel::Note], QStringLiteral("checked")));
    CHECK(cell[FigureTableModel::Low].data(Qt::BackgroundRole).isNull());
    CHECK(cell[FigureTableModel::Note].data().toString() == QStringLiteral("checked"));
    CHECK(w.catalog_editor().undo_stack().count() == 1);
    CHECK(type_into(w, cell[FigureTableModel::Value], value + QStringLiteral("0")));
    CHECK(w.catalog_editor().undo_stack().count() == 1);
    CHECK_FALSE(w.edit_message().startsWith(QStringLiteral("Refused")));

    // The list's name cell: an empty name is refused with its path too.
    const int row = row_of(w, EntryKind::chips, QStringLiteral("h100-sxm"));
    const QModelIndex name = w.table_proxy(EntryKind::chips).index(row, 1);
    REQUIRE(name.flags() & Qt::ItemIsEditable);
    CHECK_FALSE(w.table_proxy(EntryKind::chips).index(row, 0).flags() & Qt::ItemIsEditable);  // ids are not
    CHECK_FALSE(w.table_proxy(EntryKind::chips).setData(name, QString()));
    CHECK(w.edit_message().contains(QStringLiteral("chips[%1].name: must be a non-empty string").arg(i)));
}

TEST_CASE("an estimate is made field by field: range first, then the confidence", "[gui][catalog][edit]") {
    TempDb tmp;
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    auto cell = [&](FigureTableModel::ColumnId column) {
        return detail_cell(w, EntryKind::chips, QStringLiteral("h100-sxm"), QStringLiteral("power.tdp"), column);
    };
    REQUIRE(cell(FigureTableModel::Value).data().toString() == QStringLiteral("700"));
    REQUIRE(type_into(w, cell(FigureTableModel::Low), QStringLiteral("650")));
    REQUIRE(type_into(w, cell(FigureTableModel::High), QStringLiteral("750")));
    REQUIRE(type_into(w, cell(FigureTableModel::Confidence), QStringLiteral("estimate")));
    CHECK(cell(FigureTableModel::Confidence).data(Qt::BackgroundRole).value<QBrush>().color() ==
          confidence_colour(hw::Confidence::estimate));
    // The list marks the estimate as the CLI does.
    const int row = row_of(w, EntryKind::chips, QStringLiteral("h100-sxm"));
    CHECK(w.table_proxy(EntryKind::chips).index(row, 7).data().toString() == QStringLiteral("~700"));
    // Removing half of its range is refused.
    CHECK_FALSE(type_into(w, cell(FigureTableModel::Low), QString()));
    REQUIRE(w.save_catalog().isEmpty());
    const hw::Figure& tdp = stored(tmp).find_chip("h100-sxm")->figures.at("power.tdp");
    CHECK(tdp.confidence == hw::Confidence::estimate);
    CHECK(tdp.low == 650.0);
    CHECK(tdp.high == 750.0);
}

TEST_CASE("import lists a bad file's problems and changes nothing, export writes what is shown", "[gui][catalog][import]") {
    TempDb tmp;
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    const std::string before = io::dump_catalog(stored(tmp));
    const QString data = QStringLiteral(RACKPLAN_TEST_DATA_DIR "/");

    SECTION("a file that breaks cross-entry rules") {
        const QStringList issues = w.import_catalog(data + QStringLiteral("catalog_cross_bad.json"), false);
        CHECK(issues.filter(QStringLiteral("systems[0].chip: unknown chip id 'no-such-chip'")).size() == 1);
        CHECK(issues.filter(QStringLiteral("UNKNOWN-TAG")).size() >= 1);
    }
    SECTION("a file with document errors, and one that is not JSON") {
        QStringList issues = w.import_catalog(data + QStringLiteral("catalog_bad.json"), true);
        CHECK(issues.size() >= 3);
        for (const QString& line : issues) CHECK(line.contains(QStringLiteral(": ")));
        issues = w.import_catalog(data + QStringLiteral("catalog_truncated.json"), false);
        REQUIRE(issues.size() == 1);
        CHECK(issues[0].startsWith(QStringLiteral("$: not valid JSON")));
        issues = w.import_catalog(data + QStringLiteral("no-such-file.json"), false);
        REQUIRE(issues.size() == 1);
        CHECK(issues[0].contains(QStringLiteral("no-such-file.json: cannot read")));
    }
    CHECK(io::dump_catalog(stored(tmp)) == before);
    CHECK(io::dump_catalog(w.catalog_editor().catalog()) == before);

    // Export: the catalog on screen, pending edits included, as `catalog export` writes it.
    const QString out = QString::fromStdString(tmp.path("export.json").string());
    REQUIRE(w.export_catalog(out).isEmpty());
    CHECK(test_read(out) == before);
    const QModelIndex name = w.table_proxy(EntryKind::chips).index(row_of(w, EntryKind::chips, QStringLiteral("trn2")), 1);
    REQUIRE(w.table_proxy(EntryKind::chips).setData(name, QStringLiteral("Trainium2 (edited)")));
    REQUIRE(w.export_catalog(out).isEmpty());
    io::CatalogParse exported = io::parse_catalog(test_read(out));
    REQUIRE(exported.ok());
    CHECK(exported.catalog.find_chip("trn2")->name == "Trainium2 (edited)");
    CHECK_FALSE(w.export_catalog(QString::fromStdString(tmp.path("no/such/dir/x.json").string())).isEmpty());

    // Import waits for pending edits; then a good file (merge) replaces entries by id.
    CHECK(w.import_catalog(out, false).first().contains(QStringLiteral("unsaved edits")));
    w.catalog_editor().undo_stack().undo();
    REQUIRE(w.import_catalog(out, false).isEmpty());
    CHECK(stored(tmp).find_chip("trn2")->name == "Trainium2 (edited)");
    CHECK(w.table_proxy(EntryKind::chips).index(row_of(w, EntryKind::chips, QStringLiteral("trn2")), 1).data().toString() ==
          QStringLiteral("Trainium2 (edited)"));
    CHECK(w.edit_message().startsWith(QStringLiteral("imported ")));
    CHECK(w.catalog_editor().undo_stack().count() == 0);
}
