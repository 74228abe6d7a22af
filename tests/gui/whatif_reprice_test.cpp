#include <catch2/catch.hpp>

#include <QComboBox>
#include <QPushButton>
#include <QDoubleSpinBox>
#include <QLineSeries>
#include <QScatterSeries>
#include <QBarSet>
#include <QBarCategoryAxis>

#include "charts/cost_time_chart.h"
#include "charts/tornado_chart.h"
#include "compare/candidates_editor.h"
#include "compare/cost_text.h"
#include "compare/comparison_table_model.h"
#include "compare/detail_pane.h"
#include "compare/what_if_panel.h"
#include "gui_test_support.h"
#include "number_format.h"
#include "plan/plan_json.h"

using namespace rackplan;
using namespace rackplan::gui;
using namespace rackplan::gui::test;

namespace {

// Ten systems, each at a layout kept from a search, so the runs take milliseconds.
ComparisonInput ten_systems() {
    ComparisonInput in = small_comparison({"dgx-h100", "hgx-h200", "dgx-b200", "dgx-a100-80g", "mi300x-8", "p5.48xlarge",
                                           "trn2.48xlarge", "p4d.24xlarge", "p5en.48xlarge", "trn1.32xlarge"});
    in.train_tokens = 1e12;
    return in;
}

}  // namespace

TEST_CASE("the comparison is plan::compare: cost columns, ranks and core's numbers", "[gui][compare][cost]") {
    TempDb tmp;
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    ComparisonInput in = small_comparison({"dgx-h100", "trn2.48xlarge"});
    in.train_tokens = 1e12;
    in.candidates[1].pricing = engine::Pricing::on_demand;
    REQUIRE(run_to_completion(w.compare(), in));
    const auto result = w.compare().result();
    REQUIRE(result);

    // The same call `rackplan compare` makes gives the same rows.
    engine::EvaluationContext ctx(seed_catalog());
    const io::ScenarioParse base = scenario_for(in, in.candidates[0], ctx.catalog());
    REQUIRE(base.scenario);
    plan::CompareOptions o;
    const plan::CompareResult cli = plan::compare(ctx, *base.scenario,
                                                  {{"dgx-h100", 64, engine::Pricing::own}, {"trn2.48xlarge", 64, engine::Pricing::on_demand}}, o);
    const ComparisonTableModel& table = w.compare().table_model();
    for (int row = 0; row < table.rowCount(); ++row) {
        const CandidateResult* r = table.row_result(row);
        REQUIRE(r);
        REQUIRE(r->cost());
        const auto& core_row = *std::find_if(cli.rows.begin(), cli.rows.end(), [&](const plan::CompareRow& c) { return c.system == r->candidate.system; });
        REQUIRE(core_row.best());
        REQUIRE(core_row.best()->cost);
        CHECK(r->cost()->per_mtok.point.value() == core_row.best()->cost->per_mtok.point.value());
        CHECK(r->cost()->per_mtok.p90.value() == core_row.best()->cost->per_mtok.p90.value());
        CHECK(r->row.cost_rank == core_row.cost_rank);
        CHECK(r->row.time_rank == core_row.time_rank);
        CHECK(table.index(row, ComparisonTableModel::UsdPerMtok).data(ComparisonTableModel::ValueRole).toDouble() ==
              r->cost()->per_mtok.point.value());
        CHECK(table.index(row, ComparisonTableModel::UsdPerMtok).data().toString().contains(QStringLiteral("–")));
        CHECK(table.index(row, ComparisonTableModel::UsdRun).data(ComparisonTableModel::ValueRole).toDouble() ==
              r->cost()->per_run->point.value());
        CHECK(table.index(row, ComparisonTableModel::Pricing).data().toString() == qstr(engine::to_string(r->candidate.pricing)));
    }
    CHECK(table.headerData(ComparisonTableModel::UsdRun, Qt::Horizontal).toString() == QStringLiteral("$/run"));
    // The saved result is the document the CLI stores.
    const nlohmann::json doc = nlohmann::json::parse(result_json(*result));
    CHECK(doc["kind"] == "compare");
    CHECK(doc["systems"].size() == 2);
    CHECK(doc["systems"][1]["pricing"] == "on_demand");

    // Charts: every priced layout on the scatter, an error bar per system, the front, the tornado.
    CostTimeChart& scatter = w.compare().cost_time_chart();
    CHECK(scatter.points().size() == 2);
    CHECK(scatter.error_bars().size() == 2);
    CHECK(scatter.front()->count() == static_cast<int>(result->pareto.size()));
    CHECK(scatter.front()->count() >= 1);
    w.compare().select_row(0);
    const CandidateResult* first = table.row_result(0);
    TornadoChart& tornado = w.compare().tornado_chart();
    CHECK(tornado.groups_axis()->count() ==
          static_cast<int>(std::min<size_t>(first->cost()->tornado.size(), TornadoChart::kMaxBars)));
    CHECK(tornado.low()->at(tornado.low()->count() - 1) ==
          Approx(first->cost()->tornado.front().at_low - first->cost()->per_mtok.point.value()));
    CHECK(w.compare().detail().value(QStringLiteral("Cost (%1)").arg(qstr(engine::to_string(first->candidate.pricing))),
                                     QStringLiteral("$/M tokens")) == money_range_text(first->cost()->per_mtok));
}

TEST_CASE("a system that cannot be paid for the way asked keeps its time and says why", "[gui][compare][cost]") {
    TempDb tmp;
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    ComparisonInput in = small_comparison({"dgx-h100", "trn2.48xlarge"});
    in.candidates[1].pricing = engine::Pricing::own;  // no capex in the catalog
    REQUIRE(run_to_completion(w.compare(), in));
    const ComparisonTableModel& table = w.compare().table_model();
    int unpriced = -1;
    for (int r = 0; r < table.rowCount(); ++r)
        if (table.row_result(r)->candidate.system == "trn2.48xlarge") unpriced = r;
    REQUIRE(unpriced >= 0);
    const CandidateResult* r = table.row_result(unpriced);
    CHECK(r->ok());
    CHECK_FALSE(r->cost());
    CHECK(r->row.cost_rank == 0);
    CHECK(r->row.time_rank > 0);
    CHECK(table.index(unpriced, ComparisonTableModel::UsdPerMtok).data().toString() == QStringLiteral("not priced"));
    CHECK(table.index(unpriced, ComparisonTableModel::UsdPerMtok).data(Qt::ToolTipRole).toString().contains(QStringLiteral("pricing")));
    // Its power needs no price.
    CHECK(table.index(unpriced, ComparisonTableModel::PowerKw).data(ComparisonTableModel::ValueRole).toDouble() > 0.0);
    // The editor's default for a system picks a pricing the catalog can price.
    CHECK(w.compare().candidates().default_pricing("trn2.48xlarge", 64) == engine::Pricing::on_demand);
    CHECK(w.compare().candidates().default_pricing("dgx-h100", 64) == engine::Pricing::own);
}

TEST_CASE("cost what-ifs re-price ten systems without a search, the rest re-run", "[gui][compare][whatif][cost]") {
    TempDb tmp;
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    ComparePage& page = w.compare();
    ComparisonInput in = ten_systems();
    for (Candidate& c : in.candidates) c.pricing = page.candidates().default_pricing(c.system, c.chips);
    REQUIRE(run_to_completion(page, in, 300000));
    const auto before = page.result();
    REQUIRE(before->rows.size() == 10);
    const CandidateResult* h100 = &before->rows[0];
    REQUIRE(h100->cost());
    const double usd_before = h100->cost()->per_mtok.point.value();

    // $/kWh: re-priced on the spot (no background job), same layouts, a higher cost.
    QSignalSpy finished(&page, &ComparePage::comparisonFinished);
    page.what_if().usd_per_kwh().setValue(0.30);
    CHECK_FALSE(page.busy());
    REQUIRE(finished.count() == 1);
    const auto after = page.result();
    REQUIRE(after != before);
    CHECK(*after->input.usd_per_kwh == 0.30);
    CHECK(after->rows[0].best()->layout == h100->best()->layout);
    CHECK(after->rows[0].cost()->per_mtok.point.value() > usd_before);
    CHECK(page.last_reprice_ms() > 0);
    CHECK(page.what_if().timing_text().contains(QStringLiteral("10 systems")));
    WARN("re-priced 10 systems (every layout, table and charts) in " << page.last_reprice_ms() << " ms");
    // What core's reprice gives for the same input.
    engine::EvaluationContext ctx(seed_catalog());
    const ComparisonResult direct = repriced(*before, after->input, ctx.catalog());
    WARN("of which pricing every layout (plan::reprice): " << direct.price_seconds * 1e3 << " ms");
    CHECK(direct.rows[0].cost()->per_mtok.point.value() == after->rows[0].cost()->per_mtok.point.value());

    // Pricing for all: rented where the catalog has rates, own elsewhere is not priced.
    page.what_if().pricing().setCurrentIndex(page.what_if().pricing().findData(static_cast<int>(engine::Pricing::on_demand)));
    page.what_if().findChild<QPushButton*>()->click();
    CHECK_FALSE(page.busy());
    for (const CandidateResult& r : page.result()->rows) CHECK(r.candidate.pricing == engine::Pricing::on_demand);

    // Utilization changes the time to train: a run, not a re-price.
    page.what_if().utilization().setValue(0.5);
    CHECK(page.busy());
    REQUIRE(page.wait_idle(300000));
}
