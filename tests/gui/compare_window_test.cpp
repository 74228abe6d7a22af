#include <catch2/catch.hpp>

#include <QTreeWidget>

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QComboBox>
#include <QFontInfo>
#include <QFontMetrics>
#include <QHorizontalStackedBarSeries>
#include <QLegend>
#include <QLineSeries>
#include <QScatterSeries>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QTest>

#include "charts/microbench_chart.h"
#include "charts/roofline_chart.h"
#include "charts/scaling_chart.h"
#include "charts/step_chart.h"
#include "compare/breakdown_kinds.h"
#include "compare/candidates_editor.h"
#include "compare/comparison_table_model.h"
#include "compare/detail_pane.h"
#include "compare/workload_editor.h"
#include "engine/evaluate.h"
#include "gui_test_support.h"
#include "number_format.h"

using namespace rackplan;
using namespace rackplan::gui;
using namespace rackplan::gui::test;

namespace {

// What core says for one candidate, evaluated here directly: the GUI must show exactly this.
engine::TrainResult direct(const ComparisonInput& in, size_t i) {
    static const engine::EvaluationContext ctx(seed_catalog());
    io::ScenarioParse p = scenario_for(in, in.candidates[i], ctx.catalog());
    REQUIRE(p.scenario);
    engine::EvaluateOptions o;
    o.detail = true;
    return engine::evaluate_train(ctx, *p.scenario, o);
}

}  // namespace

TEST_CASE("a comparison runs in the background, ranked by step time, with core's numbers", "[gui][compare]") {
    TempDb tmp;
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    ComparePage& page = w.compare();
    const ComparisonInput in = small_comparison();
    REQUIRE(run_to_completion(page, in));

    const ComparisonTableModel& table = page.table_model();
    REQUIRE(table.rowCount() == 2);
    const double first = table.index(0, ComparisonTableModel::StepTime).data(ComparisonTableModel::ValueRole).toDouble();
    const double second = table.index(1, ComparisonTableModel::StepTime).data(ComparisonTableModel::ValueRole).toDouble();
    CHECK(first > 0);
    CHECK(first <= second);
    CHECK(table.index(0, ComparisonTableModel::Rank).data().toString() == QStringLiteral("1"));
    CHECK(table.index(1, ComparisonTableModel::Rank).data().toString() == QStringLiteral("2"));

    // Each row holds what evaluate_train returns for that system: the same layout and step.
    for (int row = 0; row < 2; ++row) {
        const size_t i = static_cast<size_t>(table.index(row, 0).data(ComparisonTableModel::InputIndexRole).toInt());
        CHECK(table.index(row, 0).data(ComparisonTableModel::SystemIdRole).toString() == qstr(in.candidates[i].system));
        const engine::TrainResult r = direct(in, i);
        REQUIRE(r.best);
        const CandidateResult* shown = table.row_result(row);
        REQUIRE(shown);
        REQUIRE(shown->ok());
        CHECK(shown->best()->layout == r.best->layout);
        CHECK(table.index(row, ComparisonTableModel::StepTime).data(ComparisonTableModel::ValueRole).toDouble() ==
              r.best->breakdown.step.value());
        CHECK(table.index(row, ComparisonTableModel::Mfu).data(ComparisonTableModel::ValueRole).toDouble() == r.best->mfu);
        CHECK(table.index(row, ComparisonTableModel::StepTime).data().toString() ==
              format_fixed(r.best->breakdown.step.value(), 3, true));
        CHECK(table.index(row, ComparisonTableModel::Chips).data().toString() == QStringLiteral("64"));
    }

    // The stacked chart: one set per part of the step, one value per system, fastest on top.
    QHorizontalStackedBarSeries* bars = page.step_chart().series();
    REQUIRE(bars->barSets().size() == static_cast<qsizetype>(kStepParts.size()));
    const CandidateResult* best = table.row_result(0);
    for (size_t k = 0; k < kStepParts.size(); ++k) {
        QBarSet* set = bars->barSets()[static_cast<qsizetype>(k)];
        CHECK(set->label() == QString::fromLatin1(kStepParts[k].short_label));
        REQUIRE(set->count() == 2);
        // Categories run bottom to top: the fastest system is the last value.
        CHECK(set->at(1) == kStepParts[k].of(best->best()->breakdown).value());
    }
    const QStringList categories = page.step_chart().systems_axis()->categories();
    REQUIRE(categories.size() == 2);
    CHECK(categories.last() == qstr(best->candidate.system) + QStringLiteral(" ×64"));

    // The detail pane and the per-system charts follow the selected (first) row.
    CHECK(page.selected_row() == 0);
    CHECK(page.detail().title().startsWith(qstr(best->candidate.system) + QStringLiteral(" × 64 chips")));
    CHECK(page.detail().value(QStringLiteral("Step time"), {}).startsWith(
        format_fixed(best->best()->breakdown.step.value(), 3, true)));
    CHECK_FALSE(page.detail().value(QStringLiteral("Memory per chip"), QStringLiteral("Activations")).isEmpty());
    // A narrow pane elides long names; every name row says it whole in its tooltip.
    {
        QTreeWidget& tree = page.detail().tree();
        int named = 0;
        for (int g = 0; g < tree.topLevelItemCount(); ++g) {
            const QTreeWidgetItem* group = tree.topLevelItem(g);
            CHECK_FALSE(group->toolTip(0).isEmpty());
            for (int c = 0; c < group->childCount(); ++c, ++named) CHECK_FALSE(group->child(c)->toolTip(0).isEmpty());
        }
        CHECK(named > 10);
    }
    CHECK(page.roofline_chart().point_count() > 0);
    CHECK(page.roofline_chart().ceiling()->count() == 3);
    int expected_points = 0;
    for (const engine::OpTime& op : best->best()->block_ops)
        expected_points += op.flops.value() > 0 && op.bytes.value() > 0 && op.forward.value() > 0;
    CHECK(page.roofline_chart().point_count() == expected_points);
    CHECK(page.microbench_chart().gemm_series()->count() > 5);
    CHECK_FALSE(page.microbench_chart().collective_chart()->series().isEmpty());

    // The scaling curve (a second background job) has a point at the candidate's own count.
    REQUIRE(page.scaling());
    const ScalingResult& scaling = *page.scaling();
    CHECK(scaling.system == best->candidate.system);
    bool own = false;
    for (const ScalingPoint& p : scaling.points) {
        if (p.chips != 64) continue;
        own = true;
        CHECK(p.tokens_per_s == best->best()->tokens_per_s);
    }
    CHECK(own);
    CHECK(page.scaling_chart().throughput()->count() > 1);
    CHECK(page.scaling_chart().mfu()->count() == page.scaling_chart().throughput()->count());

    // Another row: everything follows.
    page.select_row(1);
    REQUIRE(page.wait_idle(120000));
    CHECK(page.detail().title().startsWith(qstr(table.row_result(1)->candidate.system)));
    CHECK(page.scaling()->system == table.row_result(1)->candidate.system);
}

TEST_CASE("a system without a layout keeps its row with core's reason", "[gui][compare]") {
    TempDb tmp;
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    ComparisonInput in = small_comparison({"dgx-h100", "dgx-a100-80g"}, 8);
    in.model = "llama3.1-405b";  // 405B parameters do not fit on 8 chips whatever the layout
    in.candidates[0].chips = 1024;
    in.global_batch = 1024;
    REQUIRE(run_to_completion(w.compare(), in));
    const ComparisonTableModel& table = w.compare().table_model();
    REQUIRE(table.rowCount() == 2);
    CHECK(table.row_result(0)->candidate.system == "dgx-h100");
    const CandidateResult* none = table.row_result(1);
    REQUIRE(none);
    CHECK_FALSE(none->ok());
    CHECK(none->status() == engine::Status::infeasible);
    const QString layout = table.index(1, ComparisonTableModel::Layout).data().toString();
    CHECK(layout.startsWith(QStringLiteral("infeasible: ")));
    CHECK(layout.contains(qstr(none->message())));
    CHECK(table.index(1, ComparisonTableModel::Rank).data().toString() == QStringLiteral("—"));
    CHECK(table.index(1, ComparisonTableModel::StepTime).data().toString() == QStringLiteral("—"));
    CHECK(table.index(1, ComparisonTableModel::Layout).data(Qt::BackgroundRole).isValid());
    // Its bars are empty and its label says so.
    for (QBarSet* set : w.compare().step_chart().series()->barSets()) CHECK(set->at(0) == 0.0);
    CHECK(w.compare().step_chart().systems_axis()->categories().first().endsWith(QStringLiteral("(no layout)")));
    w.compare().select_row(1);
    CHECK(w.compare().detail().layout_text().contains(qstr(none->message())));
    CHECK(w.compare().roofline_chart().point_count() == 0);
}

TEST_CASE("a bad workload marks the field and keeps the last comparison", "[gui][compare]") {
    TempDb tmp;
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    ComparePage& page = w.compare();
    REQUIRE(run_to_completion(page, small_comparison()));
    const auto before = page.result();

    ComparisonInput bad = small_comparison();
    bad.model.clear();
    bad.custom = custom_from(seed_catalog(), "llama3-8b");
    bad.custom.kv_heads = 5;  // 32 heads are not a multiple of 5
    page.set_input(bad);
    CHECK_FALSE(page.busy());
    CHECK(page.result() == before);
    CHECK(page.workload().issues_text().contains(QStringLiteral("kv_heads")));
    CHECK(page.workload().field("kv_heads")->styleSheet().contains(QStringLiteral("background")));
    CHECK(page.status_text().contains(QStringLiteral("problem")));

    // Fixing it runs again, the custom architecture under its own name.
    bad.custom.kv_heads = 8;
    bad.custom.name = "my 8B";
    REQUIRE(run_to_completion(page, bad));
    CHECK(page.workload().issues_text().isEmpty());
    CHECK(page.result() != before);
    CHECK(page.result()->model_label == "my 8B");
    CHECK(page.table_model().rowCount() == 2);
}

TEST_CASE("editing a what-if input re-runs the comparison, kept layouts re-time live", "[gui][compare][whatif]") {
    TempDb tmp;
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    ComparePage& page = w.compare();
    REQUIRE(run_to_completion(page, small_comparison()));
    const CandidateResult h100 = *std::find_if(page.result()->rows.begin(), page.result()->rows.end(),
                                               [](const CandidateResult& r) { return r.candidate.system == "dgx-h100"; });
    REQUIRE(h100.ok());
    const parallel::Layout searched = h100.best()->layout;

    // Keep the layouts, then give dgx-h100 twice the chips through its row.
    page.layout_policy().setCurrentIndex(1);
    REQUIRE(page.wait_idle(60000));
    REQUIRE(page.input().layouts == LayoutPolicy::keep);
    for (const Candidate& c : page.input().candidates) CHECK(c.layout.has_value());
    QSignalSpy finished(&page, &ComparePage::comparisonFinished);
    page.candidates().set_chips(0, 128);
    REQUIRE(finished.wait(60000));
    REQUIRE(page.wait_idle(60000));
    const auto& rows = page.result()->rows;
    REQUIRE(rows.size() == 2);
    REQUIRE(rows[0].ok());
    const parallel::Layout kept = rows[0].best()->layout;
    CHECK(kept.tp == searched.tp);
    CHECK(kept.pp == searched.pp);
    CHECK(kept.micro_batch == searched.micro_batch);
    CHECK(kept.dp == searched.dp * 2);  // data parallelism follows the chips
    REQUIRE(rows[0].row.search);
    CHECK(rows[0].row.search->counts.valid == 1);  // nothing was searched
    // A fixed-layout comparison of two systems takes milliseconds, not a search's time.
    CHECK(page.result()->seconds < 0.5);

    // Utilization reaches the engine: with train tokens, the days to train follow it.
    ComparisonInput in = page.input();
    in.train_tokens = 1e12;
    in.utilization = 0.5;
    REQUIRE(run_to_completion(page, in));
    const double half = page.table_model().index(0, ComparisonTableModel::TimeToTrain)
                            .data(ComparisonTableModel::ValueRole).toDouble();
    in.utilization = 1.0;
    REQUIRE(run_to_completion(page, in));
    const double full = page.table_model().index(0, ComparisonTableModel::TimeToTrain)
                            .data(ComparisonTableModel::ValueRole).toDouble();
    CHECK(half == Approx(2.0 * full));
}

TEST_CASE("the chips-per-system field sets every candidate", "[gui][compare][whatif]") {
    TempDb tmp;
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    ComparePage& page = w.compare();
    REQUIRE(run_to_completion(page, small_comparison()));
    QSignalSpy finished(&page, &ComparePage::comparisonFinished);
    QSpinBox* chips = page.workload().findChild<QSpinBox*>(QStringLiteral("chips"));
    REQUIRE(chips);
    chips->setValue(32);
    REQUIRE(finished.wait(60000));
    for (const Candidate& c : page.input().candidates) CHECK(c.chips == 32);
    for (int r = 0; r < page.table_model().rowCount(); ++r)
        CHECK(page.table_model().index(r, ComparisonTableModel::Chips).data().toString() == QStringLiteral("32"));
}

TEST_CASE("a search in flight can be cancelled and the window stays responsive", "[gui][compare][cancel]") {
    TempDb tmp;
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    ComparePage& page = w.compare();
    // GPT-3 175B on 4,096 chips: a search of millions of layouts, seconds of work.
    ComparisonInput heavy = small_comparison({"dgx-h100", "trn2.48xlarge", "gb200-nvl72"}, 4096);
    heavy.model = "gpt3-175b";
    heavy.seq_len = 2048;
    heavy.global_batch = 2048;
    QSignalSpy finished(&page, &ComparePage::comparisonFinished);
    page.set_input(heavy);
    CHECK(page.busy());  // set_input returned at once: the search runs on a worker thread
    QTest::qWait(50);   // events keep flowing meanwhile
    page.cancel();
    CHECK_FALSE(page.busy());
    CHECK(page.status_text().startsWith(QStringLiteral("Cancelled")));
    QTest::qWait(300);
    CHECK(finished.isEmpty());  // the cancelled run's result never lands
    CHECK(page.table_model().rowCount() == 0);
}

TEST_CASE("charts draw user text literally and with a font that has glyphs", "[gui][compare][font]") {
    TempDb tmp;
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    REQUIRE(run_to_completion(w.compare(), small_comparison()));
    for (QChart* chart : {w.compare().step_chart().chart(), w.compare().roofline_chart().chart(),
                          w.compare().scaling_chart().chart(), w.compare().microbench_chart().gemm_chart()}) {
        const QFont font = chart->titleFont();
        CHECK(QFontMetrics(font).inFont(QLatin1Char('A')));
        CHECK(QFontMetrics(font).horizontalAdvance(chart->title()) > 0);
        CHECK_FALSE(QFontInfo(font).family().isEmpty());
        CHECK(QFontMetrics(chart->legend()->font()).inFont(QLatin1Char('9')));
    }
}

TEST_CASE("the compare page remembers its chart tab and splitters", "[gui][compare][settings]") {
    {
        MainWindow first;
        first.compare().show_chart(2);
        first.save_settings();
    }
    MainWindow second;
    QTabWidget* charts = second.compare().findChild<QTabWidget*>(QStringLiteral("charts"));
    REQUIRE(charts);
    CHECK(charts->currentIndex() == 0);
    second.restore_settings();
    CHECK(charts->currentIndex() == 2);
    CHECK(second.current_page() == MainWindow::ComparePageIndex);
}
