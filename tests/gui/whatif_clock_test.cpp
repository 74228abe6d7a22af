// The efficiency what-if: the sustained tensor clock (the CLI's --sustained-clock). It changes
// step times, so it re-runs the comparison instead of re-pricing it, and a saved scenario keeps it.
#include <catch2/catch.hpp>

#include <QCheckBox>
#include <QDoubleSpinBox>

#include "compare/comparison_run.h"
#include "compare/comparison_table_model.h"
#include "compare/what_if_panel.h"
#include "gui_test_support.h"
#include "store/catalog_store.h"
#include "store/scenario_store.h"

using namespace rackplan;
using namespace rackplan::gui;
using namespace rackplan::gui::test;

TEST_CASE("the sustained clock is an engine what-if: not a re-price, carried by the request", "[gui][whatif][input]") {
    ComparisonInput in = small_comparison({"dgx-h100"});
    ComparisonInput slow = in;
    slow.sustained_clock = 0.7;
    CHECK_FALSE(reprice_only(in, slow));
    ComparisonInput pricier = in;
    pricier.usd_per_kwh = 0.3;
    CHECK(reprice_only(in, pricier));

    // Request form both ways; none set leaves the request without assumptions.
    CHECK(to_request(slow).assumptions.sustained_clock == 0.7);
    CHECK_FALSE(to_request(in).assumptions.sustained_clock);
    CHECK(to_json(in).find("assumptions") == std::string::npos);
    const InputParse back = input_from_json(to_json(slow));
    REQUIRE(back.input);
    CHECK(back.input->sustained_clock == 0.7);
    CHECK(to_json(*back.input) == to_json(slow));
    // The engine scenario of each candidate carries it (not as a batch cell).
    const io::ScenarioParse s = scenario_for(slow, slow.candidates[0], seed_catalog());
    REQUIRE(s.scenario);
    CHECK(s.scenario->assumptions.sustained_clock == 0.7);
    for (const auto& [column, value] : scenario_cells(slow, slow.candidates[0])) CHECK(column != "sustained_clock");
}

TEST_CASE("setting the sustained clock in the panel re-runs the comparison with slower steps and is saved",
          "[gui][compare][whatif]") {
    TempDb tmp;
    {
        MainWindow w;
        REQUIRE(w.open_database(tmp.path()).isEmpty());
        ComparePage& page = w.compare();
        QDoubleSpinBox& field = page.what_if().sustained_clock();
        CHECK(field.text() == QStringLiteral("engine default 0.85"));  // at its minimum: the default
        CHECK(field.toolTip().contains(QStringLiteral("burst clock")));

        REQUIRE(run_to_completion(page, small_comparison({"dgx-h100"})));
        const auto before = page.result();
        REQUIRE(before);
        REQUIRE(before->rows.size() == 1);
        REQUIRE(before->rows[0].best());
        const double step_before = before->rows[0].best()->breakdown.step.value();

        QSignalSpy finished(&page, &ComparePage::comparisonFinished);
        field.setValue(0.7);
        // Not re-priced on the spot: the result on screen is still the old one and a run is coming.
        CHECK(finished.isEmpty());
        CHECK(page.result() == before);
        CHECK(page.busy());
        REQUIRE(finished.wait(120000));
        REQUIRE(page.wait_idle(120000));
        const auto after = page.result();
        REQUIRE(after != before);
        CHECK(after->input.sustained_clock == 0.7);
        REQUIRE(after->rows[0].best());
        const double step_after = after->rows[0].best()->breakdown.step.value();
        // Compute-bound training on H100: slower by nearly the clock ratio 0.85 / 0.7, never more.
        CHECK(step_after / step_before > 1.1);
        CHECK(step_after / step_before <= 0.85 / 0.7 + 1e-9);
        // The table shows the new time.
        CHECK(page.table_model().index(0, ComparisonTableModel::StepTime).data(ComparisonTableModel::ValueRole).toDouble() ==
              Approx(step_after));

        REQUIRE(w.save_scenario(QStringLiteral("slow clock")).isEmpty());
        store::Database db = store::open_database_unseeded(tmp.path());
        const auto saved = store::load_scenario(db, "slow clock");
        REQUIRE(saved);
        const io::RequestParse request = io::parse_request(nlohmann::json::parse(saved->input_json));
        REQUIRE(request.request);
        CHECK(request.request->assumptions.sustained_clock == 0.7);
        CHECK(nlohmann::json::parse(saved->input_json)["assumptions"] == nlohmann::json({{"sustained_clock", 0.7}}));
        // The field at its minimum is the default again: no assumption in the input.
        field.setValue(field.minimum());
        CHECK_FALSE(page.input().sustained_clock);
        REQUIRE(page.wait_idle(120000));
    }
    // Reopened, the panel shows it and the comparison runs with it.
    MainWindow again;
    REQUIRE(again.open_database(tmp.path()).isEmpty());
    QSignalSpy finished(&again.compare(), &ComparePage::comparisonFinished);
    REQUIRE(again.open_scenario(QStringLiteral("slow clock")).isEmpty());
    CHECK(again.compare().what_if().sustained_clock().value() == Approx(0.7));
    CHECK(again.compare().input().sustained_clock == 0.7);
    REQUIRE(finished.wait(120000));
    REQUIRE(again.compare().wait_idle(120000));
    CHECK(again.compare().result()->input.sustained_clock == 0.7);
    CHECK_FALSE(again.has_unsaved_changes());
}

TEST_CASE("an input that ignores the measured calibration runs on the catalog alone", "[gui][whatif][input]") {
    // A context calibrated as if h100-sxm had measured slow: its steps are longer.
    engine::Calibrations slow;
    kernels::GemmCalibration fit;
    fit.chip_id = "h100-sxm";
    fit.clock_fraction = 0.5;
    slow.gemm["h100-sxm"] = fit;
    const engine::EvaluationContext calibrated(seed_catalog(), slow);
    const engine::EvaluationContext bare(seed_catalog());

    ComparisonInput in = small_comparison({"dgx-h100"});
    const auto step = [](const ComparisonResult& r) {
        REQUIRE(r.rows.size() == 1);
        REQUIRE(r.rows[0].row.best());
        return r.rows[0].row.best()->train->breakdown.step.value();
    };
    const double with_fit = step(run_comparison(calibrated, in));
    const double catalog_only = step(run_comparison(bare, in));
    CHECK(with_fit > 1.1 * catalog_only);
    in.uncalibrated = true;
    CHECK(step(run_comparison(calibrated, in)) == catalog_only);
    CHECK_FALSE(reprice_only(small_comparison({"dgx-h100"}), in));

    // Saved and read back, and the panel shows it.
    const InputParse back = input_from_json(to_json(in));
    REQUIRE(back.input);
    CHECK(back.input->uncalibrated);
    WhatIfPanel panel;
    panel.set_input(*back.input);
    CHECK(panel.uncalibrated().isChecked());
    ComparisonInput filled = small_comparison({"dgx-h100"});
    panel.fill(filled);
    CHECK(filled.uncalibrated);
}
