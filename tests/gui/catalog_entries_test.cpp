#include <catch2/catch.hpp>

#include <QAction>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QUndoStack>

#include "catalog/catalog_editor.h"
#include "catalog/entry_actions.h"
#include "catalog/new_id_dialog.h"
#include "gui_test_support.h"
#include "io/run_request.h"
#include "screenshot.h"
#include "store/catalog_store.h"
#include "store/scenario_store.h"

using namespace rackplan;
using namespace rackplan::gui;
using namespace rackplan::gui::test;

namespace {

hw::Catalog stored(const TempDb& tmp) {
    store::Database db = store::open_database_unseeded(tmp.path());
    return store::load_catalog(db);
}

QAction& action(MainWindow& w, const char* name) {
    auto* a = w.findChild<QAction*>(QString::fromLatin1(name));
    REQUIRE(a);
    return *a;
}

void select(MainWindow& w, EntryKind kind, const char* id) {
    w.show_kind(kind);
    REQUIRE(w.select_entry(kind, row_of(w, kind, QString::fromLatin1(id))));
}

// Selects the detail row of figure `path` of the entry on screen.
void select_figure(MainWindow& w, const QString& path) {
    const auto& rows = w.detail_model().rows();
    for (size_t r = 0; r < rows.size(); ++r)
        if (rows[r].path == path) {
            w.detail_view().setCurrentIndex(w.detail_view().model()->index(static_cast<int>(r), 0));
            return;
        }
    FAIL("no figure " << path.toStdString());
}

}  // namespace

TEST_CASE("a copy of a chip is added, undone, redone, saved and found after a reload", "[gui][catalog][entries]") {
    TempDb tmp;
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    CatalogEntryActions& actions = w.entry_actions();
    const size_t chips = seed_catalog().chips.size();
    select(w, EntryKind::chips, "trn2");
    CHECK(actions.add_button().isEnabled());
    CHECK(actions.add_button().text() == QStringLiteral("&Add chip…"));
    CHECK(actions.remove_button().isEnabled());
    CHECK_FALSE(actions.add_price_button().isVisibleTo(&w));  // prices are systems'

    // The dialog's check is core's: OK only for a good id.
    CHECK(actions.id_problem(QStringLiteral("trn2")) == QStringLiteral("a chip with id 'trn2' exists already"));
    CHECK(actions.id_problem(QStringLiteral("Trn2 lab")).contains(QStringLiteral("only lower-case letters")));
    CHECK(actions.id_problem(QString()).contains(QStringLiteral("needs an id")));
    CHECK(actions.id_problem(QStringLiteral("trn2-lab")).isEmpty());
    NewIdDialog dialog(QStringLiteral("Add chip"), QStringLiteral("id"), QStringLiteral("trn2"),
                       [&](const QString& id) { return actions.id_problem(id); });
    auto* buttons = dialog.findChild<QDialogButtonBox*>();
    auto* edit = dialog.findChild<QLineEdit*>(QStringLiteral("newIdEdit"));
    auto* problem = dialog.findChild<QLabel*>(QStringLiteral("newIdProblem"));
    REQUIRE(buttons);
    REQUIRE(edit);
    REQUIRE(problem);
    CHECK(problem->text().contains(QStringLiteral("exists already")));
    CHECK_FALSE(buttons->button(QDialogButtonBox::Ok)->isEnabled());
    edit->setText(QStringLiteral("trn2-lab"));
    CHECK(problem->text().isEmpty());
    CHECK(buttons->button(QDialogButtonBox::Ok)->isEnabled());
    CHECK(dialog.id() == QStringLiteral("trn2-lab"));

    // A refused id changes nothing and says why on the page.
    CHECK(actions.add_entry(QStringLiteral("trn2")) == QStringLiteral("chips[%1].id: a chip with id 'trn2' exists already").arg(chips));
    CHECK(w.edit_message().contains(QStringLiteral("exists already")));
    CHECK_FALSE(w.catalog_editor().modified());

    REQUIRE(actions.add_entry(QStringLiteral("trn2-lab")).isEmpty());
    CHECK(w.table_proxy(EntryKind::chips).rowCount() == static_cast<int>(chips) + 1);
    CHECK(w.detail_title().contains(QStringLiteral("trn2-lab")));  // the new entry is shown
    CHECK(w.catalog_editor().catalog().find_chip("trn2-lab")->name == seed_catalog().find_chip("trn2")->name + " (copy)");
    CHECK(w.catalog_editor().modified());
    QAction& undo = action(w, "undoAction");
    QAction& redo = action(w, "redoAction");
    CHECK(undo.text().contains(QStringLiteral("Add chips trn2-lab")));
    undo.trigger();
    CHECK(row_of(w, EntryKind::chips, QStringLiteral("trn2-lab")) < 0);
    CHECK_FALSE(w.catalog_editor().modified());
    redo.trigger();
    CHECK(row_of(w, EntryKind::chips, QStringLiteral("trn2-lab")) >= 0);
    CHECK_FALSE(stored(tmp).find_chip("trn2-lab"));  // not before the save

    REQUIRE(w.save_catalog().isEmpty());
    CHECK(stored(tmp).find_chip("trn2-lab"));
    MainWindow again;
    REQUIRE(again.open_database(tmp.path()).isEmpty());
    CHECK(row_of(again, EntryKind::chips, QStringLiteral("trn2-lab")) >= 0);
    REQUIRE(again.select_entry(EntryKind::chips, row_of(again, EntryKind::chips, QStringLiteral("trn2-lab"))));
    CHECK(again.detail_model().rows().size() > 5);  // every figure came along
}

TEST_CASE("removing a chip a system uses is refused, naming the systems", "[gui][catalog][entries]") {
    TempDb tmp;
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    select(w, EntryKind::chips, "h100-sxm");
    const int depth = w.catalog_editor().undo_stack().count();
    const QString refusal = w.entry_actions().remove_entry();
    CHECK(refusal.contains(QStringLiteral("chip 'h100-sxm' is still referred to: system 'dgx-h100' uses it as its chip")));
    CHECK(refusal.contains(QStringLiteral("system 'p5.48xlarge' uses it as its chip")));
    CHECK(w.edit_message().startsWith(QStringLiteral("Refused, nothing changed")));
    CHECK(w.edit_message().contains(QStringLiteral("system 'dgx-h100' uses it as its chip")));
    CHECK(w.catalog_editor().undo_stack().count() == depth);
    CHECK_FALSE(w.catalog_editor().modified());
    CHECK(row_of(w, EntryKind::chips, QStringLiteral("h100-sxm")) >= 0);
}

TEST_CASE("an unused model is removed and saved but one a saved scenario uses stays", "[gui][catalog][entries]") {
    TempDb tmp;
    {
        // A scenario saved by the CLI (or an earlier session) that compares on mixtral-8x7b.
        store::Database db = store::open_catalog_db(tmp.path());
        io::RunRequest r;
        r.set_cell("mode", "train");
        r.set_cell("model", "mixtral-8x7b");
        r.systems.push_back({"dgx-h100", 64, {}, {}});
        store::save_scenario(db, "moe <q3>", "compare", io::to_json(r).dump());
    }
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    select(w, EntryKind::models, "mixtral-8x7b");
    CHECK(w.entry_actions().remove_entry().contains(
        QStringLiteral("model 'mixtral-8x7b' is still referred to: saved scenario 'moe <q3>' (compare) uses it as its model")));
    CHECK_FALSE(w.catalog_editor().modified());

    select(w, EntryKind::models, "mpt-7b");
    REQUIRE(w.entry_actions().remove_entry().isEmpty());
    CHECK(row_of(w, EntryKind::models, QStringLiteral("mpt-7b")) < 0);
    CHECK(action(w, "undoAction").text().contains(QStringLiteral("Remove models mpt-7b")));
    action(w, "undoAction").trigger();
    CHECK(row_of(w, EntryKind::models, QStringLiteral("mpt-7b")) >= 0);
    CHECK(w.detail_title().contains(QStringLiteral("mpt-7b")));  // shown where it came back
    action(w, "redoAction").trigger();
    REQUIRE(w.save_catalog().isEmpty());
    CHECK_FALSE(stored(tmp).find_model("mpt-7b"));
    CHECK(stored(tmp).models.size() == seed_catalog().models.size() - 1);
}

TEST_CASE("a system's price is added as a copy of another and removed again", "[gui][catalog][entries]") {
    TempDb tmp;
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    CatalogEntryActions& actions = w.entry_actions();
    select(w, EntryKind::systems, "trn2.48xlarge");
    CHECK(actions.add_price_button().isVisibleTo(&w));
    CHECK(actions.prices() == QStringList{QStringLiteral("on_demand"), QStringLiteral("reserved_3y")});
    CHECK_FALSE(actions.remove_price_button().isEnabled());  // no price row selected
    select_figure(w, QStringLiteral("price.on_demand"));
    CHECK(actions.remove_price_button().isEnabled());
    CHECK(actions.price_problem(QStringLiteral("spot")).contains(QStringLiteral("is not a price")));

    REQUIRE(actions.add_price(QStringLiteral("reserved_1y")).isEmpty());
    const hw::System* s = w.catalog_editor().catalog().find_system("trn2.48xlarge");
    REQUIRE(hw::find_figure(s->figures, "price.reserved_1y"));
    CHECK(hw::find_figure(s->figures, "price.reserved_1y")->value == hw::find_figure(s->figures, "price.on_demand")->value);
    select_figure(w, QStringLiteral("price.reserved_1y"));
    REQUIRE(actions.remove_price().isEmpty());
    CHECK_FALSE(hw::find_figure(w.catalog_editor().catalog().find_system("trn2.48xlarge")->figures, "price.reserved_1y"));
    CHECK(w.catalog_editor().undo_stack().count() == 2);

    // dgx-h100 has no rates: plans rent it at p5.48xlarge's.
    select(w, EntryKind::systems, "p5.48xlarge");
    select_figure(w, QStringLiteral("price.on_demand"));
    CHECK(actions.remove_price().contains(QStringLiteral("system 'dgx-h100' is rented at its price.on_demand")));
}

TEST_CASE("the catalog page with its Add and Remove buttons, for a look", "[gui][catalog][entries][screenshot]") {
    const QString keep = qEnvironmentVariable("RACKPLAN_KEEP_SCREENSHOTS");
    if (keep.isEmpty()) return;  // only when asked: a picture to look at, not a check
    TempDb tmp;
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    select(w, EntryKind::systems, "p5.48xlarge");
    select_figure(w, QStringLiteral("price.on_demand"));
    CHECK(w.entry_actions().remove_entry().contains(QStringLiteral("still referred to")));
    CHECK(save_screenshot(w, keep + QStringLiteral("/catalog-entries.png")).isEmpty());
}
