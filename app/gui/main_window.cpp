#include "main_window.h"

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
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "compare/compare_page.h"
#include "compare/comparison_run.h"
#include "engine/evaluate.h"
#include "io/seed.h"
#include "number_format.h"
#include "plain_tooltip_delegate.h"
#include "scenarios/scenario_dock.h"
#include "store/catalog_store.h"

namespace rackplan::gui {
namespace {

QSettings window_settings() { return QSettings(QStringLiteral("rackplan"), QStringLiteral("rackplan-gui")); }

QString path_text(const std::filesystem::path& p) { return QString::fromStdString(p.string()); }

// Messages go into one status line or one stderr line.
QString one_line(QString s) {
    s.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return s.trimmed();
}

QTableView* make_table(QWidget* parent) {
    auto* v = new QTableView(parent);
    v->setSelectionBehavior(QAbstractItemView::SelectRows);
    v->setSelectionMode(QAbstractItemView::SingleSelection);
    v->setEditTriggers(QAbstractItemView::NoEditTriggers);
    v->setAlternatingRowColors(true);
    v->setWordWrap(false);
    v->setTextElideMode(Qt::ElideRight);
    v->verticalHeader()->setVisible(false);
    v->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    v->horizontalHeader()->setHighlightSections(false);
    v->setItemDelegate(new PlainTooltipDelegate(v));
    return v;
}

QLabel* plain_label(QWidget* parent) {
    auto* l = new QLabel(parent);
    l->setTextFormat(Qt::PlainText);  // catalog text is data, never markup
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return l;
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent), catalog_(std::make_unique<hw::Catalog>()) {
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
    connect(dock_, &ScenarioDock::openRequested, this, [this](const QString& name) {
        if (const QString e = open_scenario(name); !e.isEmpty()) show_error(QStringLiteral("Cannot open scenario"), e);
    });
    connect(dock_, &ScenarioDock::duplicateRequested, this, &MainWindow::duplicate_dialog);
    connect(dock_, &ScenarioDock::deleteRequested, this, &MainWindow::delete_dialog);
    connect(dock_, &ScenarioDock::selectionChanged, this, [this](const QString& name) {
        QString error;
        dock_->set_history(name.isNull() ? std::vector<store::ScenarioResult>{} : repo_.history(name, error));
    });
}

MainWindow::~MainWindow() = default;

void MainWindow::build_menus() {
    QMenu* file = menuBar()->addMenu(QStringLiteral("&File"));
    QAction* open = file->addAction(QStringLiteral("&Open database…"));
    open->setShortcut(QKeySequence::Open);
    connect(open, &QAction::triggered, this, &MainWindow::open_database_dialog);
    file->addSeparator();
    QAction* quit = file->addAction(QStringLiteral("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

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
    layout->addLayout(filter_row);

    tabs_ = new QTabWidget(box);
    for (EntryKind kind : kAllEntryKinds) {
        const size_t i = index_of(kind);
        models_[i] = new CatalogTableModel(kind, this);
        proxies_[i] = new CatalogSortProxy(this);
        proxies_[i]->setSourceModel(models_[i]);
        views_[i] = make_table(tabs_);
        views_[i]->setModel(proxies_[i]);
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
    layout->addWidget(title_);
    layout->addWidget(summary_);

    detail_ = new FigureTableModel(this);
    detail_view_ = make_table(box);
    detail_view_->setModel(detail_);
    QHeaderView* h = detail_view_->horizontalHeader();
    for (int c = 0; c < FigureTableModel::ColumnCount; ++c)
        h->setSectionResizeMode(c, c == FigureTableModel::Note ? QHeaderView::Stretch : QHeaderView::ResizeToContents);
    layout->addWidget(detail_view_, 1);
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
    *catalog_ = std::move(loaded);
    db_path_ = path;
    repo_ = ScenarioRepository(path);
    context_ = std::make_shared<const engine::EvaluationContext>(*catalog_);
    scenario_.clear();
    saved_json_.clear();
    recorded_.reset();
    compare_->set_context(context_);
    refresh_scenarios();
    QStringList counts;
    for (EntryKind kind : kAllEntryKinds) {
        const size_t i = index_of(kind);
        models_[i]->set_catalog(*catalog_);
        const int n = entry_count(*catalog_, kind);
        tabs_->setTabText(static_cast<int>(i), QStringLiteral("%1 (%2)").arg(kind_title(kind)).arg(n));
        counts << QStringLiteral("%1 %2").arg(n).arg(kind_title(kind).toLower());
        select_entry(kind, 0);
    }
    status_->setText(QStringLiteral("Database: ") + path_text(path) + QStringLiteral("    ") +
                     counts.join(QStringLiteral(" · ")));
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
    auto detail = id.isEmpty() ? std::nullopt : describe_entry(*catalog_, kind, id.toStdString());
    if (!detail) {
        title_->setText(views_[index_of(kind)]->model()->rowCount() == 0 && !filter_->text().isEmpty()
                            ? QStringLiteral("No %1 match the filter").arg(kind_title(kind).toLower())
                            : QString());
        summary_->clear();
        detail_->clear();
        return;
    }
    title_->setText(detail->title);
    summary_->setText(detail->note.isEmpty() ? detail->summary : detail->summary + QLatin1Char('\n') + detail->note);
    detail_->set_rows(std::move(detail->rows));
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
    save_settings();
    QMainWindow::closeEvent(event);
}

void MainWindow::open_database_dialog() {
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
    return scenario_.isEmpty() || to_json(compare_->input()) != saved_json_;
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
    setWindowTitle(title);
}

QString MainWindow::open_scenario(const QString& name) {
    QString error;
    const auto saved = repo_.load(name, error);
    if (!saved) return error;
    const InputParse parse = input_from_json(saved->input_json);
    if (!parse.input) return QStringLiteral("scenario '%1' cannot be read: %2").arg(name, qstr(parse.error));
    scenario_ = name;
    saved_json_ = saved->input_json;
    recorded_.reset();
    show_page(ComparePageIndex);
    compare_->set_input(*parse.input);
    refresh_scenarios();
    update_title();
    return {};
}

QString MainWindow::save_scenario(const QString& name) {
    const std::string json = to_json(compare_->input());
    if (const QString e = repo_.save(name, json); !e.isEmpty()) return e;
    scenario_ = name;
    saved_json_ = json;
    recorded_.reset();
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
    saved_json_.clear();
    recorded_.reset();
    show_page(ComparePageIndex);
    compare_->reset();
    update_title();
}

void MainWindow::record_result() {
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
