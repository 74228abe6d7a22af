#include "main_window.h"
#include "main_window_support.h"

#include <QAction>
#include <QCloseEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QUndoStack>
#include <QVBoxLayout>

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
#include "result_table.h"
#include "scenarios/scenario_dock.h"
#include "store/calibration_fits.h"
#include "store/catalog_store.h"

namespace rackplan::gui {
namespace {

QSettings window_settings() { return QSettings(QStringLiteral("rackplan"), QStringLiteral("rackplan-gui")); }

QTableView* make_table(QWidget* parent) {
    QTableView* v = make_result_table(parent);
    v->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    return v;
}

QLabel* plain_label(QWidget* parent) {
    auto* l = new QLabel(parent);
    l->setTextFormat(Qt::PlainText);  // catalog text is data, never markup
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return l;
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent), editor_(new CatalogEditor(this)) {
    setWindowTitle(QStringLiteral("rackplan"));
    pages_ = new QTabWidget(this);
    pages_->setObjectName(QStringLiteral("pages"));
    pages_->setDocumentMode(true);
    compare_ = new ComparePage(pages_);
    splitter_ = new QSplitter(Qt::Vertical, pages_);
    splitter_->setObjectName(QStringLiteral("mainSplitter"));
    splitter_->addWidget(build_lists());
    splitter_->addWidget(build_detail());
    splitter_->setStretchFactor(0, 1);
    splitter_->setStretchFactor(1, 1);
    splitter_->setChildrenCollapsible(false);
    pages_->addTab(compare_, QStringLiteral("Compare"));
    pages_->addTab(splitter_, QStringLiteral("Catalog"));
    plan_ = new PlanPage(pages_);
    pages_->addTab(plan_, QStringLiteral("Plan"));
    validation_ = new ValidationPage(pages_);
    pages_->addTab(validation_, QStringLiteral("Validation"));
    setCentralWidget(pages_);
    dock_ = new ScenarioDock(this);
    addDockWidget(Qt::RightDockWidgetArea, dock_);
    dock_->hide();  // opened from the Scenarios menu; its state is remembered
    build_menus();
    status_ = plain_label(this);
    statusBar()->addWidget(status_, 1);
    resize(1400, 900);

    connect(compare_, &ComparePage::inputChanged, this, &MainWindow::update_title);
    connect(compare_, &ComparePage::comparisonFinished, this, [this] {
        record_result();
        update_title();
    });
    // The Plan page sizes fleets for the workload and systems on the Compare page.
    connect(compare_, &ComparePage::inputChanged, this, [this] { plan_->set_source(compare_->input()); });
    connect(compare_, &ComparePage::comparisonFinished, this, [this] { plan_->set_source(compare_->input()); });
    connect(plan_, &PlanPage::planFinished, this, [this] {
        record_result();
        update_title();
    });
    connect(plan_, &PlanPage::inputChanged, this, &MainWindow::update_title);
    connect(dock_, &ScenarioDock::openRequested, this, [this](const QString& name) {
        if (const QString e = open_scenario(name); !e.isEmpty()) show_error(QStringLiteral("Cannot open scenario"), e);
    });
    connect(dock_, &ScenarioDock::duplicateRequested, this, &MainWindow::duplicate_dialog);
    connect(dock_, &ScenarioDock::deleteRequested, this, &MainWindow::delete_dialog);
    connect(dock_, &ScenarioDock::selectionChanged, this, [this](const QString& name) {
        QString error;
        dock_->set_history(name.isNull() ? std::vector<store::ScenarioResult>{} : repo_.history(name, error));
    });
    connect(editor_, &CatalogEditor::catalogChanged, this, &MainWindow::show_catalog);
    connect(editor_, &CatalogEditor::storedChanged, this, &MainWindow::use_stored_catalog);
    connect(&editor_->undo_stack(), &QUndoStack::indexChanged, this, [this] {
        show_edit_state();
        update_title();
    });
    show_edit_state();
}

MainWindow::~MainWindow() {
    // The editor is a child that outlives this part of the window; its undo stack signals
    // as it is cleared.
    editor_->undo_stack().disconnect(this);
    editor_->disconnect(this);
}

void MainWindow::build_menus() {
    QMenu* file = menuBar()->addMenu(QStringLiteral("&File"));
    QAction* open = file->addAction(QStringLiteral("&Open database…"));
    open->setShortcut(QKeySequence::Open);
    connect(open, &QAction::triggered, this, &MainWindow::open_database_dialog);
    add_catalog_file_actions(file);
    file->addSeparator();
    report_ = new ReportExporter(*this);
    file->addAction(report_->action());
    file->addSeparator();
    QAction* quit = file->addAction(QStringLiteral("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    build_edit_menu();
    build_scenario_menu();

    QMenu* help = menuBar()->addMenu(QStringLiteral("&Help"));
    QAction* about = help->addAction(QStringLiteral("&About rackplan"));
    connect(about, &QAction::triggered, this, &MainWindow::show_about);
}

QWidget* MainWindow::build_lists() {
    auto* box = new QWidget(this);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(6, 6, 6, 0);

    auto* filter_row = new QHBoxLayout;
    auto* filter_label = new QLabel(QStringLiteral("&Filter:"), box);
    filter_ = new QLineEdit(box);
    filter_->setToolTip(QStringLiteral("Shows the entries with this text in any column, e.g. NVIDIA, trn2, torus"));
    filter_->setClearButtonEnabled(true);
    filter_label->setBuddy(filter_);
    filter_row->addWidget(filter_label);
    filter_row->addWidget(filter_, 1);
    entry_actions_ = new CatalogEntryActions(*editor_, [this] {
        CatalogEntryActions::Selection s;
        if (!tabs_ || !detail_view_) return s;  // still being built
        s.kind = current_kind();
        s.id = views_[index_of(s.kind)]->currentIndex().siblingAtColumn(0).data(CatalogTableModel::IdRole).toString();
        const int row = detail_view_->currentIndex().row();
        const auto& rows = detail_->rows();
        if (s.kind == EntryKind::systems && row >= 0 && row < static_cast<int>(rows.size()) &&
            rows[static_cast<size_t>(row)].path.startsWith(QLatin1String("price.")))
            s.price = rows[static_cast<size_t>(row)].path.mid(6);
        return s;
    }, this);
    connect(entry_actions_, &CatalogEntryActions::refused, this, [this](const QString& why) { show_edit_state(why); });
    filter_row->addWidget(&entry_actions_->add_button());
    filter_row->addWidget(&entry_actions_->remove_button());
    layout->addLayout(filter_row);

    tabs_ = new QTabWidget(box);
    for (EntryKind kind : kAllEntryKinds) {
        const size_t i = index_of(kind);
        models_[i] = new CatalogTableModel(kind, this);
        proxies_[i] = new CatalogSortProxy(this);
        proxies_[i]->setSourceModel(models_[i]);
        models_[i]->set_edit_handler([this, kind](const QString& id, const QString& field, const QString& text) {
            return edit_catalog(entry_field_edit(kind, id, field, text));
        });
        views_[i] = make_table(tabs_);
        views_[i]->setModel(proxies_[i]);
        views_[i]->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
        views_[i]->setSortingEnabled(true);
        views_[i]->sortByColumn(0, Qt::AscendingOrder);
        const auto& columns = columns_of(kind);
        for (int c = 0; c < static_cast<int>(columns.size()); ++c)
            views_[i]->horizontalHeader()->setSectionResizeMode(
                c, columns[static_cast<size_t>(c)].stretch ? QHeaderView::Stretch : QHeaderView::ResizeToContents);
        connect(views_[i]->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
                [this, kind](const QModelIndex& current) {
                    if (kind == current_kind()) show_detail(kind, current);
                });
        tabs_->addTab(views_[i], kind_title(kind));
    }
    connect(tabs_, &QTabWidget::currentChanged, this, [this] { show_current_detail(); });
    connect(filter_, &QLineEdit::textChanged, this, &MainWindow::set_filter);
    layout->addWidget(tabs_, 1);
    return box;
}

QWidget* MainWindow::build_detail() {
    auto* box = new QWidget(this);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(6, 6, 6, 0);
    title_ = plain_label(box);
    QFont big = title_->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.25);
    title_->setFont(big);
    summary_ = plain_label(box);
    summary_->setWordWrap(true);
    auto* title_row = new QHBoxLayout;
    title_row->addWidget(title_, 1);
    title_row->addWidget(&entry_actions_->add_price_button());
    title_row->addWidget(&entry_actions_->remove_price_button());
    layout->addLayout(title_row);
    layout->addWidget(summary_);

    detail_ = new FigureTableModel(this);
    detail_view_ = make_table(box);
    detail_view_->setModel(detail_);
    detail_view_->setItemDelegate(new FigureDelegate(detail_view_));
    detail_view_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                                  QAbstractItemView::AnyKeyPressed);
    detail_->set_edit_handler([this](const DetailRow& row, FigureTableModel::ColumnId column, const QString& text) {
        const QString id = views_[index_of(current_kind())]->currentIndex().siblingAtColumn(0).data(CatalogTableModel::IdRole).toString();
        return edit_catalog(cell_edit(current_kind(), id, row, column, text));
    });
    QHeaderView* h = detail_view_->horizontalHeader();
    for (int c = 0; c < FigureTableModel::ColumnCount; ++c)
        h->setSectionResizeMode(c, c == FigureTableModel::Note ? QHeaderView::Stretch : QHeaderView::ResizeToContents);
    connect(detail_view_->selectionModel(), &QItemSelectionModel::currentRowChanged, entry_actions_,
            &CatalogEntryActions::update);
    layout->addWidget(detail_view_, 1);
    edit_note_ = plain_label(box);  // a refusal quotes what was typed: plain text
    edit_note_->setObjectName(QStringLiteral("catalogEditNote"));
    edit_note_->setWordWrap(true);
    layout->addWidget(edit_note_);
    return box;
}

QString MainWindow::open_database(const std::filesystem::path& path) {
    hw::Catalog loaded;
    try {
        store::Database db = store::open_catalog_db(path);
        loaded = store::load_catalog(db);
    } catch (const store::Error& e) {
        return one_line(QString::fromUtf8(e.what()));  // names the file already
    } catch (const std::exception& e) {
        return one_line(path_text(path) + QStringLiteral(": ") + QString::fromUtf8(e.what()));
    }
    db_path_ = path;
    repo_ = ScenarioRepository(path);
    editor_->reset(path, std::move(loaded));  // fills the lists (show_catalog)
    context_ = std::make_shared<const engine::EvaluationContext>(editor_->stored(), calibrations_for(editor_->stored()));
    scenario_.clear();
    saved_json_.clear();
    recorded_.reset();
    compare_->set_context(context_);
    plan_->set_context(context_);
    validation_->set_context(context_);
    plan_->set_source(compare_->input());
    refresh_scenarios();
    for (EntryKind kind : kAllEntryKinds) select_entry(kind, 0);
    update_title();
    show_current_detail();
    return {};
}

EntryKind MainWindow::current_kind() const { return kAllEntryKinds[static_cast<size_t>(std::max(0, tabs_->currentIndex()))]; }

void MainWindow::show_kind(EntryKind kind) {
    show_page(CatalogPageIndex);
    tabs_->setCurrentIndex(static_cast<int>(index_of(kind)));
}

void MainWindow::show_page(Page page) { pages_->setCurrentIndex(static_cast<int>(page)); }

MainWindow::Page MainWindow::current_page() const { return static_cast<Page>(pages_->currentIndex()); }

bool MainWindow::select_entry(EntryKind kind, int row) {
    QTableView* v = views_[index_of(kind)];
    const QModelIndex index = v->model()->index(row, 0);
    if (!index.isValid()) return false;
    v->setCurrentIndex(index);  // selects the row; the detail follows through currentRowChanged
    v->scrollTo(index);
    if (kind == current_kind()) show_detail(kind, index);
    return true;
}

void MainWindow::set_filter(const QString& text) {
    if (filter_->text() != text) {
        filter_->setText(text);  // comes back here through textChanged
        return;
    }
    for (CatalogSortProxy* p : proxies_) p->setFilterFixedString(text);
    show_current_detail();
}

void MainWindow::show_current_detail() {
    const EntryKind kind = current_kind();
    QTableView* v = views_[index_of(kind)];
    QModelIndex current = v->currentIndex();
    if (!current.isValid() && v->model()->rowCount() > 0) {
        select_entry(kind, 0);
        return;
    }
    show_detail(kind, current);
}

void MainWindow::show_detail(EntryKind kind, const QModelIndex& proxy_index) {
    const QString id = proxy_index.isValid() ? proxy_index.siblingAtColumn(0).data(CatalogTableModel::IdRole).toString()
                                             : QString();
    auto detail = id.isEmpty() ? std::nullopt : describe_entry(editor_->catalog(), kind, id.toStdString());
    if (!detail) {
        title_->setText(views_[index_of(kind)]->model()->rowCount() == 0 && !filter_->text().isEmpty()
                            ? QStringLiteral("No %1 match the filter").arg(kind_title(kind).toLower())
                            : QString());
        summary_->clear();
        detail_->clear();
        entry_actions_->update();
        return;
    }
    title_->setText(detail->title);
    summary_->setText(detail->note.isEmpty() ? detail->summary : detail->summary + QLatin1Char('\n') + detail->note);
    // Edited cells are marked against the stored entry (the same object when nothing is pending).
    auto stored = &editor_->catalog() != &editor_->stored() ? describe_entry(editor_->stored(), kind, id.toStdString())
                                                            : std::nullopt;
    detail_->set_rows(std::move(detail->rows), stored ? std::move(stored->rows) : std::vector<DetailRow>{});
    entry_actions_->update();
}

QString MainWindow::detail_title() const { return title_->text(); }

QString MainWindow::status_text() const { return status_->text(); }

void MainWindow::restore_settings() {
    QSettings s = window_settings();
    if (s.contains(QStringLiteral("window/geometry")))
        restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    if (s.contains(QStringLiteral("window/splitter")))
        splitter_->restoreState(s.value(QStringLiteral("window/splitter")).toByteArray());
    const int tab = s.value(QStringLiteral("window/tab"), 0).toInt();
    if (tab >= 0 && tab < tabs_->count()) tabs_->setCurrentIndex(tab);
    const int page = s.value(QStringLiteral("window/page"), 0).toInt();
    if (page >= 0 && page < pages_->count()) pages_->setCurrentIndex(page);
    if (s.contains(QStringLiteral("window/state"))) restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    compare_->restore_state(s);
}

void MainWindow::save_settings() const {
    QSettings s = window_settings();
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/splitter"), splitter_->saveState());
    s.setValue(QStringLiteral("window/tab"), tabs_->currentIndex());
    s.setValue(QStringLiteral("window/page"), pages_->currentIndex());
    s.setValue(QStringLiteral("window/state"), saveState());
    compare_->save_state(s);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!settle_catalog_edits()) {
        event->ignore();
        return;
    }
    save_settings();
    QMainWindow::closeEvent(event);
}

void MainWindow::open_database_dialog() {
    if (!settle_catalog_edits()) return;
    const QString dir = db_path_.empty() ? QString() : path_text(db_path_.parent_path());
    const QString file = QFileDialog::getOpenFileName(this, QStringLiteral("Open database"), dir,
                                                      QStringLiteral("SQLite databases (*.db *.sqlite);;All files (*)"));
    if (file.isEmpty()) return;
    const QString error = open_database(std::filesystem::path(file.toStdString()));
    if (error.isEmpty()) return;
    QMessageBox box(QMessageBox::Warning, QStringLiteral("Cannot open database"), error, QMessageBox::Ok, this);
    box.setTextFormat(Qt::PlainText);
    box.exec();
}

void MainWindow::show_about() {
    QMessageBox box(QMessageBox::Information, QStringLiteral("About rackplan"),
                    QStringLiteral("rackplan-gui %1\n\nCost-performance capacity planning of AI compute: what Trainium "
                                   "racks and GPU clusters deliver and cost for a workload, from an analytical model.\n\n"
                                   "Database: %2")
                        .arg(qstr(io::version_string()), path_text(db_path_)),
                    QMessageBox::Ok, this);
    box.setTextFormat(Qt::PlainText);
    box.exec();
}

}  // namespace rackplan::gui
