// The main window's scenarios: the Scenarios menu, open, save, duplicate, delete and the history of results.
#include "main_window.h"
#include "main_window_support.h"

#include <QAction>
#include <QInputDialog>
#include <QLineEdit>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>

#include "catalog/catalog_editor.h"
#include "catalog/cell_edit.h"
#include "catalog/entry_actions.h"
#include "catalog/figure_delegate.h"
#include "catalog/issue_list_dialog.h"
#include "compare/compare_page.h"
#include "compare/comparison_run.h"
#include "engine/evaluate.h"
#include "io/seed.h"
#include "number_format.h"
#include "planning/plan_page.h"
#include "report_export.h"
#include "scenarios/scenario_dock.h"
#include "store/calibration_fits.h"
#include "store/catalog_store.h"

namespace rackplan::gui {

void MainWindow::build_scenario_menu() {
    QMenu* menu = menuBar()->addMenu(QStringLiteral("&Scenarios"));
    QAction* fresh = menu->addAction(QStringLiteral("&New comparison"));
    fresh->setShortcut(QKeySequence::New);
    connect(fresh, &QAction::triggered, this, &MainWindow::new_comparison);
    QAction* save = menu->addAction(QStringLiteral("&Save"));
    save->setShortcut(QKeySequence::Save);
    connect(save, &QAction::triggered, this, [this] { save_dialog(false); });
    QAction* save_as = menu->addAction(QStringLiteral("Save &as…"));
    save_as->setShortcut(QKeySequence::SaveAs);
    connect(save_as, &QAction::triggered, this, [this] { save_dialog(true); });
    QAction* dup = menu->addAction(QStringLiteral("&Duplicate…"));
    connect(dup, &QAction::triggered, this, [this] {
        if (scenario_.isEmpty()) save_dialog(true);
        else duplicate_dialog(scenario_);
    });
    QAction* del = menu->addAction(QStringLiteral("De&lete…"));
    connect(del, &QAction::triggered, this, [this] {
        if (!scenario_.isEmpty()) delete_dialog(scenario_);
    });
    menu->addSeparator();
    QAction* show = dock_->toggleViewAction();
    show->setText(QStringLiteral("Show &saved scenarios"));
    menu->addAction(show);
    connect(menu, &QMenu::aboutToShow, this, [this, del] { del->setEnabled(!scenario_.isEmpty()); });
}

void MainWindow::show_error(const QString& title, const QString& message) {
    QMessageBox box(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box.setTextFormat(Qt::PlainText);  // scenario names are data
    box.exec();
}

void MainWindow::refresh_scenarios() {
    QString error;
    const auto list = repo_.list(error);
    dock_->set_scenarios(list, scenario_);
    if (!error.isEmpty()) status_->setText(QStringLiteral("Scenarios: ") + one_line(error));
    if (!dock_->selected().isNull()) dock_->set_history(repo_.history(dock_->selected(), error));
}

QStringList MainWindow::scenario_names() const {
    QString error;
    QStringList names;
    for (const store::Scenario& s : repo_.list(error)) names << qstr(s.name);
    return names;
}

bool MainWindow::has_unsaved_changes() const {
    if (scenario_.isEmpty()) return true;
    return scenario_kind_ == kPlanKind ? to_json(plan_->input(), kPlanKind) != saved_json_
                                       : to_json(compare_->input()) != saved_json_;
}

int MainWindow::history_size(const QString& name) const {
    QString error;
    return static_cast<int>(repo_.history(name, error).size());
}

void MainWindow::update_title() {
    QString title = QStringLiteral("rackplan");
    if (!db_path_.empty()) title += QStringLiteral(" — ") + QString::fromStdString(db_path_.filename().string());
    title += QStringLiteral(" — ") + (scenario_.isEmpty() ? QStringLiteral("unsaved comparison") : one_line(scenario_));
    if (!scenario_.isEmpty() && has_unsaved_changes()) title += QLatin1Char('*');
    if (editor_->modified()) title += QStringLiteral(" — catalog edited, not saved");
    setWindowTitle(title);
    if (const int tab = pages_->indexOf(splitter_); tab >= 0)
        pages_->setTabText(tab, editor_->modified() ? QStringLiteral("Catalog*") : QStringLiteral("Catalog"));
}

QString MainWindow::open_scenario(const QString& name) {
    QString error;
    const auto saved = repo_.load(name, error);
    if (!saved) return error;
    const InputParse parse = input_from_json(saved->input_json);
    if (!parse.input) return QStringLiteral("scenario '%1' cannot be read: %2").arg(name, qstr(parse.error));
    scenario_ = name;
    saved_json_ = to_json(*parse.input, parse.kind);  // canonical: a CLI-saved request is not "changed"
    scenario_kind_ = parse.kind;
    recorded_.reset();
    recorded_plan_.reset();
    if (parse.kind == kPlanKind) {
        show_page(PlanPageIndex);
        plan_->set_input(*parse.input);
    } else {
        show_page(ComparePageIndex);
        compare_->set_input(*parse.input);
    }
    refresh_scenarios();
    update_title();
    return {};
}

QString MainWindow::save_scenario(const QString& name) {
    // The Plan page saves a plan; any other page the comparison.
    const std::string kind(current_page() == PlanPageIndex ? kPlanKind : kComparisonKind);
    const std::string json = kind == kPlanKind ? to_json(plan_->input(), kPlanKind) : to_json(compare_->input());
    if (const QString e = repo_.save(name, json, kind); !e.isEmpty()) return e;
    scenario_ = name;
    saved_json_ = json;
    scenario_kind_ = kind;
    recorded_.reset();
    recorded_plan_.reset();
    record_result();  // the result on screen, when it is this input's
    refresh_scenarios();
    update_title();
    return {};
}

QString MainWindow::duplicate_scenario(const QString& from, const QString& to) {
    if (const QString e = repo_.duplicate(from, to); !e.isEmpty()) return e;
    refresh_scenarios();
    return {};
}

QString MainWindow::delete_scenario(const QString& name) {
    if (const QString e = repo_.remove(name); !e.isEmpty()) return e;
    if (name == scenario_) {
        scenario_.clear();  // the comparison stays on screen, unsaved
        saved_json_.clear();
        recorded_.reset();
    }
    refresh_scenarios();
    update_title();
    return {};
}

void MainWindow::new_comparison() {
    scenario_.clear();
    scenario_kind_ = std::string(kComparisonKind);
    saved_json_.clear();
    recorded_.reset();
    show_page(ComparePageIndex);
    compare_->reset();
    update_title();
}

void MainWindow::record_result() {
    if (scenario_kind_ == kPlanKind) {
        const auto run = plan_->result();
        if (scenario_.isEmpty() || !run || run->cancelled || recorded_plan_.lock() == run) return;
        bool recorded = false;
        const QString error = repo_.record_result(scenario_, run->input_json, plan_result_json(*run), recorded);
        if (!error.isEmpty()) status_->setText(QStringLiteral("Result not recorded: ") + one_line(error));
        if (recorded) recorded_plan_ = run;
        return;
    }
    const auto result = compare_->result();
    if (scenario_.isEmpty() || !result || result->cancelled || recorded_.lock() == result) return;
    bool recorded = false;
    const QString error = repo_.record_result(scenario_, result->input_json, result_json(*result), recorded);
    if (!error.isEmpty()) {
        status_->setText(QStringLiteral("Result not recorded: ") + one_line(error));
        return;
    }
    if (!recorded) return;
    recorded_ = result;
    if (dock_->selected() == scenario_) {
        QString e;
        dock_->set_history(repo_.history(scenario_, e));
    }
}

void MainWindow::save_dialog(bool ask_name) {
    QString name = scenario_;
    if (ask_name || name.isEmpty()) {
        bool ok = false;
        name = QInputDialog::getText(this, QStringLiteral("Save comparison"), QStringLiteral("Scenario name:"),
                                     QLineEdit::Normal, scenario_, &ok);
        if (!ok) return;
        if (name != scenario_ && scenario_names().contains(name) &&
            QMessageBox::question(this, QStringLiteral("Replace scenario"),
                                  QStringLiteral("A scenario of this name exists. Replace it (and its results)?")) !=
                QMessageBox::Yes)
            return;
    }
    if (const QString e = save_scenario(name); !e.isEmpty()) show_error(QStringLiteral("Cannot save scenario"), e);
}

void MainWindow::duplicate_dialog(const QString& from) {
    bool ok = false;
    const QString to = QInputDialog::getText(this, QStringLiteral("Duplicate scenario"), QStringLiteral("New name:"),
                                             QLineEdit::Normal, from + QStringLiteral(" copy"), &ok);
    if (!ok) return;
    if (const QString e = duplicate_scenario(from, to); !e.isEmpty())
        show_error(QStringLiteral("Cannot duplicate scenario"), e);
}

void MainWindow::delete_dialog(const QString& name) {
    QMessageBox box(QMessageBox::Question, QStringLiteral("Delete scenario"),
                    QStringLiteral("Delete the scenario “%1” and its recorded results?").arg(name),
                    QMessageBox::Yes | QMessageBox::No, this);
    box.setTextFormat(Qt::PlainText);
    if (box.exec() != QMessageBox::Yes) return;
    if (const QString e = delete_scenario(name); !e.isEmpty()) show_error(QStringLiteral("Cannot delete scenario"), e);
}

}  // namespace rackplan::gui
