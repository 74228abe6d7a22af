#include <catch2/catch.hpp>

#include <QDateTime>
#include <QFileInfo>
#include <QImage>
#include <QListWidget>
#include <QProcess>
#include <QTreeWidget>

#include "compare/candidates_editor.h"
#include "compare/comparison_table_model.h"
#include "gui_test_support.h"
#include "io/seed.h"
#include "number_format.h"
#include "scenarios/scenario_dock.h"
#include "screenshot.h"
#include "store/catalog_store.h"

using namespace rackplan;
using namespace rackplan::gui;
using namespace rackplan::gui::test;

TEST_CASE("a comparison is saved, reopened with the same inputs, duplicated and deleted", "[gui][scenario]") {
    TempDb tmp;
    ComparisonInput in = small_comparison();
    in.train_tokens = 2e12;
    in.utilization = 0.8;
    {
        MainWindow w;
        REQUIRE(w.open_database(tmp.path()).isEmpty());
        REQUIRE(run_to_completion(w.compare(), in));
        CHECK(w.has_unsaved_changes());
        REQUIRE(w.save_scenario(QStringLiteral("demo")).isEmpty());
        CHECK(w.current_scenario() == QStringLiteral("demo"));
        CHECK_FALSE(w.has_unsaved_changes());
        CHECK(w.windowTitle().endsWith(QStringLiteral("demo")));
        // The result on screen was computed from exactly this input: it starts the history.
        CHECK(w.history_size(QStringLiteral("demo")) == 1);
        // Each run of the saved input adds to it.
        QSignalSpy finished(&w.compare(), &ComparePage::comparisonFinished);
        w.compare().run();
        REQUIRE(finished.wait(120000));
        CHECK(w.history_size(QStringLiteral("demo")) == 2);
        // An edit makes it unsaved; its results are not this scenario's and are not recorded.
        w.compare().candidates().set_chips(1, 32);
        REQUIRE(finished.wait(120000));
        CHECK(w.has_unsaved_changes());
        CHECK(w.windowTitle().endsWith(QStringLiteral("demo*")));
        CHECK(w.history_size(QStringLiteral("demo")) == 2);
        REQUIRE(w.compare().wait_idle(120000));
    }

    MainWindow again;
    REQUIRE(again.open_database(tmp.path()).isEmpty());
    CHECK(again.scenario_names() == QStringList{QStringLiteral("demo")});
    QSignalSpy finished(&again.compare(), &ComparePage::comparisonFinished);
    REQUIRE(again.open_scenario(QStringLiteral("demo")).isEmpty());
    CHECK(to_json(again.compare().input()) == to_json(in));
    CHECK_FALSE(again.has_unsaved_changes());
    REQUIRE(finished.wait(120000));
    CHECK(again.compare().table_model().rowCount() == 2);
    CHECK(again.history_size(QStringLiteral("demo")) == 3);

    // The dock lists it and shows its history, newest first.
    ScenarioDock& dock = again.scenario_dock();
    REQUIRE(dock.list().count() == 1);
    dock.list().setCurrentRow(0);
    CHECK(dock.history().topLevelItemCount() == 3);
    CHECK(dock.history().topLevelItem(0)->text(2).contains(QStringLiteral("fastest")));
    // Each result says when (UTC, to the second) and which engine computed it.
    for (int i = 0; i < dock.history().topLevelItemCount(); ++i) {
        const QTreeWidgetItem* item = dock.history().topLevelItem(i);
        CHECK(QDateTime::fromString(item->text(0), QStringLiteral("yyyy-MM-dd HH:mm:ss")).isValid());
        CHECK(item->text(1) == qstr(io::version_string()));
    }
    CHECK(dock.history().topLevelItem(0)->text(0) >= dock.history().topLevelItem(2)->text(0));  // newest first

    REQUIRE(again.duplicate_scenario(QStringLiteral("demo"), QStringLiteral("demo copy")).isEmpty());
    CHECK(again.scenario_names() == QStringList({QStringLiteral("demo"), QStringLiteral("demo copy")}));
    CHECK(again.history_size(QStringLiteral("demo copy")) == 0);  // results stay with the original
    CHECK_FALSE(again.duplicate_scenario(QStringLiteral("demo"), QStringLiteral("demo copy")).isEmpty());
    CHECK_FALSE(again.duplicate_scenario(QStringLiteral("nope"), QStringLiteral("x")).isEmpty());
    CHECK_FALSE(again.save_scenario(QStringLiteral("   ")).isEmpty());

    REQUIRE(again.delete_scenario(QStringLiteral("demo")).isEmpty());
    CHECK(again.scenario_names() == QStringList{QStringLiteral("demo copy")});
    CHECK(again.current_scenario().isEmpty());  // what is on screen stays, unsaved
    CHECK(again.compare().table_model().rowCount() == 2);
    CHECK_FALSE(again.delete_scenario(QStringLiteral("demo")).isEmpty());
    CHECK(again.open_scenario(QStringLiteral("demo")).contains(QStringLiteral("no scenario named")));

    REQUIRE(again.open_scenario(QStringLiteral("demo copy")).isEmpty());
    CHECK(to_json(again.compare().input()) == to_json(in));
    REQUIRE(again.compare().wait_idle(120000));
}

TEST_CASE("a scenario that another program wrote badly is refused with a reason", "[gui][scenario]") {
    TempDb tmp;
    {
        store::Database db = store::open_catalog_db(tmp.path());
        store::save_scenario(db, "broken", "compare", R"({"format":"rackplan-comparison","version":1})");
        store::save_scenario(db, "a plan", "plan", "{}");
        store::save_scenario(db, "a batch", "batch", "{}");
    }
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    // Comparisons and plans only.
    CHECK(w.scenario_names() == QStringList({QStringLiteral("a plan"), QStringLiteral("broken")}));
    CHECK(w.open_scenario(QStringLiteral("broken")).contains(QStringLiteral("workload")));
    CHECK(w.open_scenario(QStringLiteral("a plan")).contains(QStringLiteral("kind: missing")));
    CHECK(w.open_scenario(QStringLiteral("a batch")).contains(QStringLiteral("not a comparison or plan")));
    CHECK(w.current_scenario().isEmpty());
}

namespace {

struct Run {
    int code = -1;
    QString out;
    QString err;
};

Run run_gui_binary(const QStringList& args, const TempDb& home) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("HOME"), home.dir.path());
    env.insert(QStringLiteral("XDG_DATA_HOME"), home.dir.path() + QStringLiteral("/data"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.dir.path() + QStringLiteral("/config"));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), home.dir.path());
    env.remove(QStringLiteral("RACKPLAN_DB"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(RACKPLAN_GUI), args);
    REQUIRE(p.waitForFinished(300000));
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

}  // namespace

TEST_CASE("rackplan-gui --scenario NAME --screenshot renders the finished comparison", "[gui][scenario][binary]") {
    TempDb tmp;
    const QString db = QString::fromStdString(tmp.path("g.db").string());
    {
        MainWindow w;
        REQUIRE(w.open_database(tmp.path("g.db")).isEmpty());
        REQUIRE(run_to_completion(w.compare(), small_comparison()));
        REQUIRE(w.save_scenario(QStringLiteral("demo")).isEmpty());
        REQUIRE(w.history_size(QStringLiteral("demo")) == 1);
    }
    const QString png = QString::fromStdString(tmp.path("cmp.png").string());
    const Run r = run_gui_binary({QStringLiteral("--db"), db, QStringLiteral("--scenario"), QStringLiteral("demo"),
                                  QStringLiteral("--screenshot"), png},
                                 tmp);
    INFO(r.err.toStdString());
    CHECK(r.code == 0);
    const QImage image(png);
    REQUIRE_FALSE(image.isNull());
    CHECK(image.size() == kScreenshotSize);
    CHECK(QFileInfo(png).size() > 30000);
    // The run it made before rendering is in the scenario's history.
    MainWindow w;
    REQUIRE(w.open_database(tmp.path("g.db")).isEmpty());
    CHECK(w.history_size(QStringLiteral("demo")) == 2);

    const Run missing = run_gui_binary({QStringLiteral("--db"), db, QStringLiteral("--scenario"), QStringLiteral("nope"),
                                        QStringLiteral("--screenshot"), png + QStringLiteral(".2.png")},
                                       tmp);
    CHECK(missing.code == 1);
    CHECK(missing.err.startsWith(QStringLiteral("rackplan-gui: no scenario named 'nope'")));
    CHECK(missing.err.count(QLatin1Char('\n')) == 1);
    CHECK_FALSE(QFileInfo::exists(png + QStringLiteral(".2.png")));
}

TEST_CASE("a scenario saved by the CLI opens in the GUI, one saved in the GUI is the CLI's request form", "[gui][scenario][request]") {
    TempDb tmp;
    {
        MainWindow w;
        REQUIRE(w.open_database(tmp.path()).isEmpty());
    }
    {
        // What `rackplan compare --mode train --model llama3-8b --seq-len 8192 --global-batch 256 --chips 64
        // --pricing on_demand --systems p5.48xlarge,dgx-h100@own --save cli` stores, and the older form.
        store::Database db = store::open_database_unseeded(tmp.path());
        io::RunRequest r;
        for (auto [k, v] : {std::pair{"mode", "train"}, {"model", "llama3-8b"}, {"seq_len", "8192"}, {"global_batch", "256"},
                            {"chips", "64"}, {"pricing", "on_demand"}})
            r.set_cell(k, v);
        r.systems = {{"p5.48xlarge", std::nullopt, std::nullopt, {}}, {"dgx-h100", std::nullopt, engine::Pricing::own, {}}};
        store::save_scenario(db, "cli", "compare", io::to_json(r).dump());
        store::save_scenario(db, "cli-old", "compare",
                             R"({"command":"compare","flags":[["--mode","train"],["--model","llama3-8b"],["--chips","64"],)"
                             R"(["--seq-len","8192"],["--global-batch","256"],["--systems","p5.48xlarge@on_demand,dgx-h100"]]})");
    }
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    CHECK(w.scenario_names().contains(QStringLiteral("cli")));
    QSignalSpy finished(&w.compare(), &ComparePage::comparisonFinished);
    REQUIRE(w.open_scenario(QStringLiteral("cli")).isEmpty());
    const ComparisonInput in = w.compare().input();
    REQUIRE(in.candidates.size() == 2);
    CHECK(in.candidates[0].system == "p5.48xlarge");
    CHECK(in.candidates[0].chips == 64);
    CHECK(in.candidates[0].pricing == engine::Pricing::on_demand);
    CHECK(in.candidates[1].pricing == engine::Pricing::own);
    REQUIRE(finished.wait(120000));
    REQUIRE(w.compare().wait_idle(120000));
    CHECK(w.compare().table_model().rowCount() == 2);
    CHECK_FALSE(w.has_unsaved_changes());
    CHECK(w.history_size(QStringLiteral("cli")) == 1);  // the run is recorded as this scenario's
    REQUIRE(w.open_scenario(QStringLiteral("cli-old")).isEmpty());
    CHECK(w.compare().input().candidates[0].pricing == engine::Pricing::on_demand);
    REQUIRE(w.compare().wait_idle(120000));

    // Saved from the GUI: the request form, with the result document of plan::to_json.
    REQUIRE(w.save_scenario(QStringLiteral("gui")).isEmpty());
    store::Database db = store::open_database_unseeded(tmp.path());
    const auto saved = store::load_scenario(db, "gui");
    REQUIRE(saved);
    const io::RequestParse back = io::parse_request(nlohmann::json::parse(saved->input_json));
    REQUIRE(back.request);
    CHECK(back.request->kind == "compare");
    CHECK(io::systems_text(back.request->systems) == "p5.48xlarge:64@on_demand,dgx-h100:64@own");
    const auto results = store::list_results(db, saved->id);
    REQUIRE(results.size() == 1);
    CHECK(nlohmann::json::parse(results[0].output_json)["kind"] == "compare");
}
