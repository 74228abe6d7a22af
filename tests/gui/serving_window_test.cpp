// Serving in the desktop application: a comparison of a served model (latencies, output
// tokens/s, the decode-iteration chart), a fleet plan for requests per second, and bad serving
// input marked at its field — each checked against the core call the CLI makes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHorizontalStackedBarSeries>
#include <QLogValueAxis>
#include <QProgressBar>
#include <QTabWidget>
#include <QTableView>

#include "charts/cost_time_chart.h"
#include "charts/decode_chart.h"
#include "charts/step_chart.h"
#include "compare/comparison_table_model.h"
#include "compare/detail_pane.h"
#include "compare/serving_parts.h"
#include "compare/serving_text.h"
#include "compare/workload_editor.h"
#include "gui_test_support.h"
#include "io/published_accuracy.h"
#include "number_format.h"
#include "plan/compare.h"
#include "planning/plan_page.h"
#include "planning/plan_table_model.h"

using namespace rackplan;
using namespace rackplan::gui;
using namespace rackplan::gui::test;

namespace {

// Llama 3 8B served 2048 in + 256 out under a 50 ms TPOT limit on 8 H100s and 16 Trainium2.
ComparisonInput serving_comparison() {
    ComparisonInput in;
    in.mode = engine::Mode::infer;
    in.model = "llama3-8b";
    in.input_len = 2048;
    in.output_len = 256;
    in.tpot_slo_ms = 50;
    in.candidates = {{"dgx-h100", 8, std::nullopt}, {"trn2.48xlarge", 16, std::nullopt}};
    return in;
}

const engine::EvaluationContext& context() {
    static const engine::EvaluationContext ctx(seed_catalog());
    return ctx;
}

// plan::compare of the same scenario, as `rackplan compare --mode infer` runs it.
plan::CompareResult direct_compare(const ComparisonInput& in) {
    const io::ScenarioParse base = scenario_for(in, in.candidates.front(), context().catalog());
    REQUIRE(base.scenario);
    std::vector<plan::SystemChoice> choices;
    for (const Candidate& c : in.candidates) choices.push_back({c.system, c.chips, c.pricing});
    return plan::compare(context(), *base.scenario, choices);
}

bool marked(const QWidget* w) { return w && w->styleSheet().contains(QStringLiteral("background")); }

}  // namespace

TEST_CASE("a serving comparison shows core's latencies, throughput and decode breakdown", "[gui][serving]") {
    TempDb tmp;
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    ComparePage& page = w.compare();
    const ComparisonInput in = serving_comparison();
    REQUIRE(run_to_completion(page, in));
    CHECK(page.workload().mode() == engine::Mode::infer);
    CHECK(page.header_text().contains(QStringLiteral("2048 in + 256 out tokens")));

    const ComparisonTableModel& table = page.table_model();
    REQUIRE(table.rowCount() == 2);
    const plan::CompareResult direct = direct_compare(in);
    CHECK(direct.time_metric == plan::TimeMetric::tpot);
    CHECK(page.result()->time_metric == plan::TimeMetric::tpot);
    for (int row = 0; row < 2; ++row) {
        const CandidateResult* shown = table.row_result(row);
        REQUIRE(shown);
        const auto d = std::find_if(direct.rows.begin(), direct.rows.end(),
                                    [&](const plan::CompareRow& r) { return r.system == shown->candidate.system; });
        REQUIRE(d != direct.rows.end());
        REQUIRE(d->best());
        REQUIRE(d->best()->infer);
        REQUIRE(shown->serving());
        CHECK_FALSE(shown->best());  // no training figures on a serving row
        const engine::InferPerformance& p = *d->best()->infer;
        CHECK(shown->serving()->layout == p.layout);
        auto value = [&](int column) { return table.index(row, column).data(ComparisonTableModel::ValueRole).toDouble(); };
        CHECK(value(ComparisonTableModel::Ttft) == units::to_ms(p.point.ttft));
        CHECK(value(ComparisonTableModel::Tpot) == units::to_ms(p.point.tpot));
        CHECK(value(ComparisonTableModel::Tpot) <= 50.0);  // the SLO holds
        CHECK(value(ComparisonTableModel::TokensPerS) == p.tokens_per_s);
        CHECK(value(ComparisonTableModel::TokensPerSPerChip) == p.tokens_per_s_per_chip);
        CHECK(value(ComparisonTableModel::Batch) == p.point.batch);
        CHECK(value(ComparisonTableModel::Replicas) == d->best()->replicas);
        CHECK(table.index(row, ComparisonTableModel::Ttft).data().toString() ==
              format_fixed(units::to_ms(p.point.ttft), 1, true));
        CHECK(table.index(row, ComparisonTableModel::Layout).data().toString() == serving_layout_summary(p.layout));
        CHECK(table.index(row, ComparisonTableModel::Rank).data().toString() == QString::number(d->time_rank));
        CHECK(table.index(row, ComparisonTableModel::CostRank).data().toString() ==
              (d->cost_rank > 0 ? QString::number(d->cost_rank) : QStringLiteral("—")));
        if (d->best()->cost)
            CHECK(value(ComparisonTableModel::UsdPerMtok) == d->best()->cost->per_mtok.point.value());
    }
    // Serving columns show, training ones hide.
    QTableView& view = page.table_view();
    for (int c : {ComparisonTableModel::Ttft, ComparisonTableModel::Tpot, ComparisonTableModel::TokensPerS,
                  ComparisonTableModel::TokensPerSPerChip, ComparisonTableModel::Batch, ComparisonTableModel::Replicas,
                  ComparisonTableModel::UsdPerMtok, ComparisonTableModel::PowerKw, ComparisonTableModel::Rank,
                  ComparisonTableModel::CostRank})
        CHECK_FALSE(view.isColumnHidden(c));
    for (int c : {ComparisonTableModel::StepTime, ComparisonTableModel::Mfu, ComparisonTableModel::TimeToTrain})
        CHECK(view.isColumnHidden(c));
    CHECK(table.headerData(ComparisonTableModel::Ttft, Qt::Horizontal).toString() == QStringLiteral("TTFT ms"));

    // The decode chart: one set per part of an iteration, one entry per system, fastest on top.
    QTabWidget& tabs = page.chart_tabs();
    CHECK(tabs.tabText(ComparePage::StepTab) == QStringLiteral("Decode step"));
    CHECK_FALSE(tabs.isTabEnabled(ComparePage::RooflineTab));
    CHECK_FALSE(tabs.isTabEnabled(ComparePage::ScalingTab));
    QHorizontalStackedBarSeries* bars = page.decode_chart().series();
    REQUIRE(bars->barSets().size() == static_cast<qsizetype>(kDecodeParts.size()));
    const CandidateResult* best = table.row_result(0);
    double shown_total = 0.0;
    for (size_t k = 0; k < kDecodeParts.size(); ++k) {
        QBarSet* set = bars->barSets()[static_cast<qsizetype>(k)];
        CHECK(set->label() == QString::fromLatin1(kDecodeParts[k].short_label));
        REQUIRE(set->count() == 2);
        CHECK(set->at(1) == units::to_ms(kDecodeParts[k].of(best->serving()->point.decode)));
        shown_total += set->at(1);
    }
    CHECK(shown_total == Approx(units::to_ms(best->serving()->point.decode.total)).epsilon(1e-9));
    CHECK(shown_total > 0.0);
    const QStringList categories = page.decode_chart().systems_axis()->categories();
    REQUIRE(categories.size() == 2);
    CHECK(categories.last().startsWith(qstr(best->candidate.system) + QStringLiteral(" ×")));
    // The training step chart holds nothing of a serving comparison.
    CHECK(page.step_chart().series()->barSets().isEmpty());

    // Cost versus time puts every priced deployment on the TPOT axis.
    CHECK(page.cost_time_chart().time_axis()->titleText().contains(QStringLiteral("Time per output token")));
    CHECK_FALSE(page.cost_time_chart().points().empty());

    // The detail pane: the deployment, latencies, the first-token and decode parts, memory by kind.
    DetailPane& detail = page.detail();
    CHECK(detail.layout_text().startsWith(QStringLiteral("Deployment: ")));
    CHECK(detail.value(QStringLiteral("Latency"), QStringLiteral("TTFT")) == ms_text(best->serving()->point.ttft));
    CHECK(detail.value(QStringLiteral("Latency"), QStringLiteral("TPOT")) == ms_text(best->serving()->point.tpot));
    CHECK(detail.value(QStringLiteral("Decode step"), {}) == ms_text(best->serving()->point.decode.total));
    CHECK(detail.value(QStringLiteral("Decode step"), QStringLiteral("GEMM")) ==
          ms_text(best->serving()->point.decode.gemm));
    CHECK(detail.value(QStringLiteral("First token"), {}) == ms_text(best->serving()->point.ttft));
    CHECK(detail.value(QStringLiteral("First token"), QStringLiteral("TP comm")) ==
          ms_text(best->serving()->point.first_token.tp_comm));
    // How far the model has been from the published serving runs on the row's hardware family.
    {
        const hw::Catalog& catalog = context().catalog();
        const hw::Chip* chip = catalog.find_chip(best->chip_id);
        REQUIRE(chip);
        const io::PublishedAccuracy acc = io::installed_published_accuracy(catalog);
        const auto metrics = io::family_accuracy(acc, catalog, "infer", chip->architecture);
        REQUIRE_FALSE(metrics.empty());  // both candidates' families have published serving rows
        const QString family = QStringLiteral("Published runs, ") + QString::fromStdString(io::hardware_family_label(chip->architecture));
        const std::map<std::string, QString> names{{"ttft_ms", QStringLiteral("TTFT")}, {"tpot_ms", QStringLiteral("TPOT")},
                                                   {"tokens_per_s", QStringLiteral("Tokens/s")}};
        for (const io::FamilyAccuracy& f : metrics)
            CHECK(detail.value(family, names.at(f.metric)) == format_fixed(100.0 * f.median_abs, 0, true) + QStringLiteral(" %"));
    }
    CHECK(detail.value(QStringLiteral("Tokens/s"), QStringLiteral("Batch")) ==
          QString::number(best->serving()->point.batch));
    CHECK(detail.value(QStringLiteral("Memory per chip"), QStringLiteral("Weights")) ==
          format_fixed(units::to_gib(best->serving()->memory.weights), 2, true) + QStringLiteral(" GiB"));
    CHECK_FALSE(detail.value(QStringLiteral("Memory per chip"), QStringLiteral("KV in use")).isEmpty());

    // Back to training: the step chart and training columns return.
    ComparisonInput train = small_comparison({"dgx-h100"}, 8);
    REQUIRE(run_to_completion(page, train));
    CHECK(tabs.tabText(ComparePage::StepTab) == QStringLiteral("Step time"));
    CHECK(tabs.isTabEnabled(ComparePage::RooflineTab));
    CHECK(view.isColumnHidden(ComparisonTableModel::Ttft));
    CHECK_FALSE(view.isColumnHidden(ComparisonTableModel::StepTime));
    CHECK(page.decode_chart().series()->barSets().isEmpty());
}

TEST_CASE("bad serving input marks the field core's row reader names", "[gui][serving]") {
    TempDb tmp;
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    ComparePage& page = w.compare();
    WorkloadEditor& editor = page.workload();

    ComparisonInput in = serving_comparison();
    in.output_len = 0;
    page.set_input(in);
    CHECK(marked(editor.editor_for("output_len")));
    CHECK_FALSE(marked(editor.editor_for("input_len")));
    CHECK(editor.issues_text().contains(QStringLiteral("output_len")));
    CHECK(page.status_text().contains(QStringLiteral("problem")));

    // A format no engine knows, as a saved request may hold it: shown as written, and marked.
    const InputParse parse = input_from_json(
        R"({"kind":"compare","workload":{"mode":"infer","model":"llama3-8b","input_len":"512","output_len":"64",
            "kv_dtype":"fp7"},"systems":[{"system":"dgx-h100","chips":8}]})");
    REQUIRE(parse.input);
    CHECK(parse.input->kv_dtype == "fp7");
    page.set_input(*parse.input);
    CHECK(marked(editor.editor_for("kv_dtype")));
    CHECK_FALSE(marked(editor.editor_for("output_len")));
    CHECK(static_cast<QComboBox*>(editor.editor_for("kv_dtype"))->currentText() == QStringLiteral("fp7"));
    CHECK(editor.issues_text().contains(QStringLiteral("kv_dtype")));
    CHECK(editor.issues_text().contains(QStringLiteral("fp7")));

    // Choosing a known format clears the mark.
    auto* kv = static_cast<QComboBox*>(editor.editor_for("kv_dtype"));
    kv->setCurrentIndex(kv->findData(QStringLiteral("fp8")));
    REQUIRE(page.wait_idle(120000));
    CHECK_FALSE(marked(editor.editor_for("kv_dtype")));
    CHECK(editor.issues_text().isEmpty());
    CHECK(page.input().kv_dtype == "fp8");

    // Training fields hide in serving mode and come back with training.
    CHECK_FALSE(editor.editor_for("seq_len")->isVisibleTo(&editor));
    CHECK(editor.editor_for("output_len")->isVisibleTo(&editor));
    editor.mode_box().setCurrentIndex(0);
    CHECK(editor.editor_for("seq_len")->isVisibleTo(&editor));
    CHECK_FALSE(editor.editor_for("output_len")->isVisibleTo(&editor));
    CHECK(page.input().mode == engine::Mode::train);
}

TEST_CASE("a serving plan sizes each fleet for requests per second, with real progress", "[gui][serving][plan]") {
    TempDb tmp;
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    const ComparisonInput in = plan_input(serving_comparison(), 40.0);
    CHECK(*in.requests_per_s == 40.0);
    CHECK_FALSE(in.demand_days);

    // The progress plan::plan reports: 0..1, moving forward through the systems, ending at 1.
    std::vector<double> seen;
    const PlanRun direct_run = run_plan(context(), in, 2, nullptr, [&](double p) { seen.push_back(p); });
    REQUIRE(direct_run.error.empty());
    REQUIRE(seen.size() >= in.candidates.size() + 1);
    CHECK(seen.back() == 1.0);
    CHECK(std::all_of(seen.begin(), seen.end(), [](double p) { return p >= 0.0 && p <= 1.0; }));
    CHECK(std::any_of(seen.begin(), seen.end(), [](double p) { return p > 0.0 && p < 0.5; }));
    CHECK(std::is_sorted(seen.begin(), seen.end()));

    PlanPage& page = w.planning();
    CHECK(page.progress_bar().maximum() == 1000);  // a fraction, not a busy indicator
    QSignalSpy finished(&page, &PlanPage::planFinished);
    page.set_input(in);
    CHECK(page.busy());
    REQUIRE(finished.wait(300000));
    CHECK(page.requests_per_s().value() == 40.0);
    CHECK_FALSE(page.days().isVisibleTo(&page));
    const auto run = page.result();
    REQUIRE(run);
    REQUIRE(run->result.rows.size() == 2);
    CHECK(run->result.time_metric == plan::TimeMetric::tpot);

    // The same call `rackplan plan --requests-per-s 40` makes.
    Candidate probe = in.candidates[0];
    probe.chips = 1;
    const io::ScenarioParse base = scenario_for(in, probe, context().catalog());
    REQUIRE(base.scenario);
    const plan::PlanResult direct = plan::plan(context(), *base.scenario,
                                               {{"dgx-h100", std::nullopt, engine::Pricing::own},
                                                {"trn2.48xlarge", std::nullopt, engine::Pricing::own}},
                                               plan::Demand{std::nullopt, 40.0});
    const PlanTableModel& table = page.table_model();
    REQUIRE(table.rowCount() == 2);
    CHECK_FALSE(page.table_view().isColumnHidden(PlanTableModel::Replicas));
    CHECK(table.headerData(PlanTableModel::Days, Qt::Horizontal).toString() == QStringLiteral("TPOT ms"));
    int planned = 0;
    for (int r = 0; r < 2; ++r) {
        const plan::PlanRow* row = table.row_at(r);
        const auto& d = *std::find_if(direct.rows.begin(), direct.rows.end(),
                                      [&](const plan::PlanRow& x) { return x.system == row->system; });
        REQUIRE(static_cast<bool>(row->plan()) == static_cast<bool>(d.plan()));
        if (!d.plan()) continue;
        ++planned;
        REQUIRE(row->fleet);
        CHECK(row->fleet->chips == d.fleet->chips);
        CHECK(row->plan()->replicas == d.plan()->replicas);
        CHECK(d.plan()->replicas >= 1);
        CHECK(table.index(r, PlanTableModel::Replicas).data().toString() == QString::number(d.plan()->replicas));
        CHECK(table.index(r, PlanTableModel::Chips).data().toString() == QString::number(d.fleet->chips));
        CHECK(table.index(r, PlanTableModel::Days).data(PlanTableModel::ValueRole).toDouble() ==
              units::to_ms(d.plan()->time));
        if (d.ownership.own)
            CHECK(table.index(r, PlanTableModel::Tco).data(PlanTableModel::ValueRole).toDouble() ==
                  d.ownership.own->tco.point.value());
    }
    CHECK(planned >= 1);
    CHECK(page.status_text().contains(QStringLiteral("requests/s")));

    // Saved as a serving plan and opened again with its demand.
    w.show_page(MainWindow::PlanPageIndex);
    REQUIRE(w.save_scenario(QStringLiteral("serve")).isEmpty());
    MainWindow again;
    REQUIRE(again.open_database(tmp.path()).isEmpty());
    QSignalSpy again_finished(&again.planning(), &PlanPage::planFinished);
    REQUIRE(again.open_scenario(QStringLiteral("serve")).isEmpty());
    CHECK(again.current_page() == MainWindow::PlanPageIndex);
    CHECK(again.planning().requests_per_s().value() == 40.0);
    REQUIRE(again_finished.wait(300000));
    CHECK_FALSE(again.has_unsaved_changes());
}
