// The main window's catalog editing: File menu catalog actions, Edit menu, edits, save, import and export.
#include "main_window.h"
#include "main_window_support.h"

#include <QAction>
#include <QFileDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QUndoStack>

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
#include "validation/validation_page.h"
#include "report_export.h"
#include "scenarios/scenario_dock.h"
#include "store/calibration_fits.h"
#include "store/catalog_store.h"

namespace rackplan::gui {

void MainWindow::add_catalog_file_actions(QMenu* file) {
    file->addSeparator();
    save_catalog_ = file->addAction(QStringLiteral("Save &catalog"));
    save_catalog_->setObjectName(QStringLiteral("saveCatalogAction"));
    save_catalog_->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_S));
    save_catalog_->setToolTip(QStringLiteral("Write the catalog edits to the database, all in one transaction"));
    save_catalog_->setEnabled(false);
    connect(save_catalog_, &QAction::triggered, this, &MainWindow::save_catalog_dialog);
    connect(&editor_->undo_stack(), &QUndoStack::cleanChanged, save_catalog_,
            [save = save_catalog_](bool clean) { save->setEnabled(!clean); });
    QAction* import = file->addAction(QStringLiteral("&Import catalog…"));
    import->setObjectName(QStringLiteral("importCatalogAction"));
    connect(import, &QAction::triggered, this, &MainWindow::import_catalog_dialog);
    QAction* exp = file->addAction(QStringLiteral("&Export catalog…"));
    exp->setObjectName(QStringLiteral("exportCatalogAction"));
    connect(exp, &QAction::triggered, this, &MainWindow::export_catalog_dialog);
}

void MainWindow::build_edit_menu() {
    QMenu* edit = menuBar()->addMenu(QStringLiteral("&Edit"));
    QAction* undo = editor_->undo_stack().createUndoAction(this, QStringLiteral("&Undo"));
    undo->setObjectName(QStringLiteral("undoAction"));
    undo->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Z));
    QAction* redo = editor_->undo_stack().createRedoAction(this, QStringLiteral("&Redo"));
    redo->setObjectName(QStringLiteral("redoAction"));
    redo->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
    edit->addAction(undo);
    edit->addAction(redo);
}

void MainWindow::show_catalog(EntryKind kind, const QString& id) {
    const hw::Catalog& catalog = editor_->catalog();
    QStringList counts;
    for (EntryKind k : kAllEntryKinds) {
        const size_t i = index_of(k);
        models_[i]->set_catalog(catalog);
        const int n = entry_count(catalog, k);
        tabs_->setTabText(static_cast<int>(i), QStringLiteral("%1 (%2)").arg(kind_title(k)).arg(n));
        counts << QStringLiteral("%1 %2").arg(n).arg(kind_title(k).toLower());
    }
    status_->setText(QStringLiteral("Database: ") + path_text(db_path_) + QStringLiteral("    ") +
                     counts.join(QStringLiteral(" · ")));
    // An undone or redone edit is shown where it happened.
    QTableView* v = views_[index_of(kind)];
    const QString shown = v->currentIndex().siblingAtColumn(0).data(CatalogTableModel::IdRole).toString();
    if (!id.isEmpty() && (kind != current_kind() || shown != id)) {
        const auto* proxy = proxies_[index_of(kind)];
        for (int r = 0; r < proxy->rowCount(); ++r)
            if (proxy->index(r, 0).data(CatalogTableModel::IdRole).toString() == id) {
                tabs_->setCurrentIndex(static_cast<int>(index_of(kind)));
                select_entry(kind, r);
                break;
            }
    }
    show_current_detail();
}

// The database's measured points fitted for `catalog`, as `rackplan evaluate` uses them, so the
// window's numbers and the CLI's agree. A database that cannot be read gives none.
engine::Calibrations MainWindow::calibrations_for(const hw::Catalog& catalog) const {
    try {
        store::Database db = store::open_database_unseeded(db_path_);
        return store::load_calibrations(db, catalog, false).fits;
    } catch (const std::exception&) {
        return {};
    }
}

void MainWindow::use_stored_catalog() {
    context_ = std::make_shared<const engine::EvaluationContext>(editor_->stored(), calibrations_for(editor_->stored()));
    compare_->set_context(context_);  // keeps the comparison on screen and runs it again
    plan_->set_context(context_);
    validation_->set_context(context_);
    show_current_detail();  // nothing is shown as edited any more
    update_title();
}

QString MainWindow::edit_catalog(const io::FieldEdit& edit) {
    const QString refused = editor_->apply(edit);
    if (!refused.isEmpty()) show_edit_state(refused);
    return refused;
}

void MainWindow::show_edit_state(const QString& problem) {
    QString text;
    if (!problem.isEmpty()) {
        text = QStringLiteral("Refused, nothing changed — ") + problem;
    } else if (editor_->modified()) {
        text = QStringLiteral("Catalog edited, not saved: File › Save catalog writes the edits to the database in one "
                              "transaction; Edit › Undo takes them back. The comparison uses the saved catalog.");
    } else {
        text = QStringLiteral("Double-click a value, unit, range, source, confidence or note to edit it (names in the "
                              "list above too); each edit is checked as a catalog file would be. Add… copies the "
                              "selected entry under a new id; Remove… takes out one nothing refers to.");
    }
    edit_note_->setText(text);
    edit_note_->setStyleSheet(problem.isEmpty() ? QString()
                                                : QStringLiteral("QLabel { background: #f6c9c4; color: #1a1a1a; "
                                                                 "padding: 4px; border-radius: 3px; }"));
}

QString MainWindow::edit_message() const { return edit_note_->text(); }

QString MainWindow::save_catalog() {
    const bool had_edits = editor_->modified();
    const QString error = editor_->save();
    if (!error.isEmpty()) show_edit_state(QStringLiteral("not saved: ") + error);
    else if (had_edits) edit_note_->setText(QStringLiteral("Catalog saved to ") + path_text(db_path_) +
                                            QStringLiteral("; the comparison uses it now."));
    return error;
}

QStringList MainWindow::import_catalog(const QString& file, bool replace) {
    const auto outcome = editor_->import_file(file, replace ? store::ImportMode::replace : store::ImportMode::merge);
    if (outcome.issues.isEmpty()) edit_note_->setText(outcome.summary);
    return outcome.issues;
}

QString MainWindow::export_catalog(const QString& file) { return editor_->export_file(file); }

void MainWindow::save_catalog_dialog() {
    const QString error = save_catalog();
    if (error.isEmpty()) return;
    IssueListDialog(QStringLiteral("Catalog not saved"),
                    QStringLiteral("The catalog edits were not saved; the database is unchanged."),
                    error.split(QLatin1Char('\n')), this)
        .exec();
}

void MainWindow::import_catalog_dialog() {
    if (editor_->modified()) {
        show_error(QStringLiteral("Import catalog"),
                   QStringLiteral("The catalog has unsaved edits. Save them (File › Save catalog) or undo them first."));
        return;
    }
    const QString dir = db_path_.empty() ? QString() : path_text(db_path_.parent_path());
    const QString file = QFileDialog::getOpenFileName(this, QStringLiteral("Import catalog"), dir,
                                                      QStringLiteral("Catalog JSON (*.json);;All files (*)"));
    if (file.isEmpty()) return;
    QMessageBox ask(QMessageBox::Question, QStringLiteral("Import catalog"),
                    QStringLiteral("Add the file's entries to the catalog (an entry with the same id is replaced), "
                                   "or replace the whole catalog with the file?"),
                    QMessageBox::Cancel, this);
    QPushButton* merge = ask.addButton(QStringLiteral("Add and replace by id"), QMessageBox::AcceptRole);
    QPushButton* whole = ask.addButton(QStringLiteral("Replace the whole catalog"), QMessageBox::DestructiveRole);
    ask.setDefaultButton(merge);
    ask.exec();
    if (ask.clickedButton() != merge && ask.clickedButton() != whole) return;
    const QStringList issues = import_catalog(file, ask.clickedButton() == whole);
    if (issues.isEmpty()) return;
    IssueListDialog(QStringLiteral("Catalog not imported"),
                    QStringLiteral("%1: %2 problem%3; nothing was imported.")
                        .arg(file)
                        .arg(issues.size())
                        .arg(issues.size() == 1 ? "" : "s"),
                    issues, this)
        .exec();
}

void MainWindow::export_catalog_dialog() {
    const QString dir = db_path_.empty() ? QString() : path_text(db_path_.parent_path());
    const QString file = QFileDialog::getSaveFileName(this, QStringLiteral("Export catalog"),
                                                      dir + QStringLiteral("/catalog.json"),
                                                      QStringLiteral("Catalog JSON (*.json);;All files (*)"));
    if (file.isEmpty()) return;
    if (const QString e = export_catalog(file); !e.isEmpty()) show_error(QStringLiteral("Catalog not exported"), e);
    else edit_note_->setText(QStringLiteral("Exported the catalog on screen") +
                             (editor_->modified() ? QStringLiteral(", unsaved edits included,") : QString()) +
                             QStringLiteral(" to ") + file);
}

bool MainWindow::settle_catalog_edits() {
    if (!editor_->modified()) return true;
    QMessageBox box(QMessageBox::Question, QStringLiteral("Unsaved catalog edits"),
                    QStringLiteral("The catalog has edits that are not saved in the database."),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setDefaultButton(QMessageBox::Save);
    const int answer = box.exec();
    if (answer == QMessageBox::Cancel) return false;
    if (answer == QMessageBox::Save) {
        const QString error = save_catalog();
        if (!error.isEmpty()) {
            show_error(QStringLiteral("Catalog not saved"), error);
            return false;
        }
    }
    return true;
}

}  // namespace rackplan::gui
