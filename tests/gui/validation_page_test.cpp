// The Validation page: core's comparison with the published runs shipped in data/validation,
// every row in the table (compared or not, with the reason), the groups of io::summarize and
// one chart series per family with a point per compared row.
#include <catch2/catch.hpp>

#include <map>

#include <QChart>
#include <QChartView>
#include <QScatterSeries>
#include <QStandardItemModel>

#include "engine/evaluate.h"
#include "gui_test_support.h"
#include "validation/validation_page.h"

using namespace rackplan;
using namespace rackplan::gui;
using namespace rackplan::gui::test;

TEST_CASE("the Validation page shows core's comparison with the published runs", "[gui][validation]") {
    TempDb tmp;
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    ValidationPage& page = w.validation();
    page.refresh();  // showing the page does this
    const io::InstalledValidation* shown = page.result();
    REQUIRE(shown);
    REQUIRE(shown->unavailable.empty());

    // What core compares for the same catalog.
    const engine::EvaluationContext ctx(seed_catalog());
    const io::InstalledValidation direct = io::validate_installed(ctx);
    REQUIRE(direct.run.rows.size() == shown->run.rows.size());
    REQUIRE(direct.run.rows.size() > 50);
    for (std::size_t i = 0; i < direct.run.rows.size(); ++i) {
        CHECK(shown->run.rows[i].id == direct.run.rows[i].id);
        CHECK(shown->run.rows[i].predicted == direct.run.rows[i].predicted);
    }
    CHECK(page.header_text().startsWith(QStringLiteral("%1 published rows compared, %2 not compared")
                                            .arg(direct.run.rows.size())
                                            .arg(direct.run.excluded.size())));

    const QStandardItemModel& rows = page.rows_model();
    REQUIRE(rows.rowCount() == static_cast<int>(direct.run.rows.size() + direct.run.excluded.size()));
    CHECK(rows.item(0, 0)->text() == QString::fromStdString(direct.run.rows[0].id));
    CHECK(rows.item(0, 5)->data(Qt::UserRole).toDouble() == Approx(100.0 * direct.run.rows[0].rel_error));
    const int first_excluded = static_cast<int>(direct.run.rows.size());
    CHECK(rows.item(first_excluded, 7)->text() == QString::fromStdString(direct.run.excluded[0].reason));

    const auto groups = io::summarize(direct.run.rows);
    const QStandardItemModel& summary = page.summary_model();
    REQUIRE(summary.rowCount() == static_cast<int>(groups.size()));
    CHECK(summary.item(0, 3)->data(Qt::UserRole).toDouble() == Approx(100.0 * groups[0].median_abs));
    CHECK(summary.item(0, 5)->text() == QString::fromStdString(groups[0].worst));

    std::map<std::string, int> per_family;
    for (const auto& r : direct.run.rows) ++per_family[r.family];
    int scatters = 0;
    for (QAbstractSeries* s : page.chart_view().chart()->series())
        if (auto* sc = qobject_cast<QScatterSeries*>(s)) {
            ++scatters;
            const std::string family = sc->name().left(1).toStdString();
            INFO("family " << family);
            CHECK(sc->count() == per_family.at(family));
        }
    CHECK(scatters == static_cast<int>(per_family.size()));

    // Hovering a point names its row; row text is data, escaped in the rich tooltip.
    io::ValidationRow hostile = direct.run.rows[0];
    hostile.id = "<b>C1</b>";
    const QString tip = ValidationPage::point_text(hostile);
    CHECK(tip.contains(QStringLiteral("&lt;b&gt;C1&lt;/b&gt;")));
    CHECK(tip.contains(QString::fromStdString(hostile.subject)));

    // A catalog change makes it run again when next shown: with no hardware, nothing compares.
    page.set_context(std::make_shared<const engine::EvaluationContext>(hw::Catalog{}));
    page.refresh();
    REQUIRE(page.result());
    CHECK(page.result()->run.rows.empty());
    CHECK(page.rows_model().rowCount() == static_cast<int>(direct.run.rows.size() + direct.run.excluded.size()));
    CHECK(page.header_text().startsWith(QStringLiteral("0 published rows compared")));
    CHECK(page.summary_model().rowCount() == 0);
}
