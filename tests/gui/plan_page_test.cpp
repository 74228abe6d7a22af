#include <catch2/catch.hpp>

#include <QBarSet>
#include <QDoubleSpinBox>
#include <QLineSeries>

#include "gui_test_support.h"
#include "plan/plan_json.h"
#include "planning/plan_chart.h"
#include "planning/plan_page.h"
#include "planning/plan_table_model.h"
#include "store/catalog_store.h"

using namespace rackplan;
using namespace rackplan::gui;
using namespace rackplan::gui::test;

TEST_CASE("the plan page sizes each fleet with plan::plan in the background", "[gui][plan]") {
    TempDb tmp;
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    ComparisonInput in = small_comparison({"dgx-h100", "trn2.48xlarge"});
    in.train_tokens = 2e11;
    in.candidates[1].pricing = engine::Pricing::on_demand;
    PlanPage& page = w.planning();
    QSignalSpy finished(&page, &PlanPage::planFinished);
    page.set_input(plan_input(in, 20));
    CHECK(page.busy());  // the window does not wait
    REQUIRE(finished.wait(300000));
    const auto run = page.result();
    REQUIRE(run);
    REQUIRE(run->result.rows.size() == 2);

    // The same call `rackplan plan` makes.
    engine::EvaluationContext ctx(seed_catalog());
    Candidate probe = in.candidates[0];
    probe.chips = 1;
    const io::ScenarioParse base = scenario_for(plan_input(in, 20), probe, ctx.catalog());
    REQUIRE(base.scenario);
    const plan::PlanResult direct = plan::plan(ctx, *base.scenario,
                                               {{"dgx-h100", std::nullopt, engine::Pricing::own},
                                                {"trn2.48xlarge", std::nullopt, engine::Pricing::on_demand}},
                                               plan::Demand{20.0, std::nullopt});
    const PlanTableModel& table = page.table_model();
    REQUIRE(table.rowCount() == 2);
    for (int r = 0; r < 2; ++r) {
        const plan::PlanRow* row = table.row_at(r);
        const auto& d = *std::find_if(direct.rows.begin(), direct.rows.end(), [&](const plan::PlanRow& x) { return x.system == row->system; });
        REQUIRE(row->fleet);
        REQUIRE(d.fleet);
        CHECK(row->fleet->chips == d.fleet->chips);
        CHECK(table.index(r, PlanTableModel::Chips).data().toString() == QString::number(d.fleet->chips));
        CHECK(table.index(r, PlanTableModel::Nodes).data().toString() == QString::number(d.fleet->nodes));
        if (d.ownership.own)
            CHECK(table.index(r, PlanTableModel::Tco).data(PlanTableModel::ValueRole).toDouble() == d.ownership.own->tco.point.value());
    }
    // The chart: one pair of bars per system, an error bar per owned fleet.
    CHECK(page.chart().tco()->count() == 2);
    int owned = 0;
    for (const plan::PlanRow& r : run->result.rows) owned += r.ownership.own.has_value();
    CHECK(static_cast<int>(page.chart().error_bars().size()) == owned);
    CHECK(owned >= 1);

    // Saved as a plan, with the CLI's result document, and opened again on the Plan page.
    w.show_page(MainWindow::PlanPageIndex);
    REQUIRE(w.save_scenario(QStringLiteral("fleet")).isEmpty());
    CHECK(w.history_size(QStringLiteral("fleet")) == 1);
    {
        store::Database db = store::open_database_unseeded(tmp.path());
        const auto s = store::load_scenario(db, "fleet");
        REQUIRE(s);
        CHECK(s->kind == "plan");
        const auto results = store::list_results(db, s->id);
        REQUIRE(results.size() == 1);
        CHECK(nlohmann::json::parse(results[0].output_json)["kind"] == "plan");
        const io::RequestParse request = io::parse_request(nlohmann::json::parse(s->input_json));
        REQUIRE(request.request);
        CHECK(*request.request->demand_days == 20);
    }
    MainWindow again;
    REQUIRE(again.open_database(tmp.path()).isEmpty());
    QSignalSpy again_finished(&again.planning(), &PlanPage::planFinished);
    REQUIRE(again.open_scenario(QStringLiteral("fleet")).isEmpty());
    CHECK(again.current_page() == MainWindow::PlanPageIndex);
    CHECK(again.planning().days().value() == 20);
    REQUIRE(again_finished.wait(300000));
    CHECK_FALSE(again.has_unsaved_changes());
}

TEST_CASE("a plan without train tokens says what is missing", "[gui][plan]") {
    TempDb tmp;
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    w.planning().set_input(plan_input(small_comparison(), 10));
    REQUIRE(w.planning().wait_idle(60000));
    CHECK(w.planning().status_text().contains(QStringLiteral("train_tokens")));
    CHECK_FALSE(w.planning().result());
}
