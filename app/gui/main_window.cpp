#include "main_window.h"

#include <QAction>
#include <QCloseEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
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

#include "io/seed.h"
#include "number_format.h"
#include "plain_tooltip_delegate.h"
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
    build_menus();
    splitter_ = new QSplitter(Qt::Vertical, this);
    splitter_->setObjectName(QStringLiteral("mainSplitter"));
    splitter_->addWidget(build_lists());
    splitter_->addWidget(build_detail());
    splitter_->setStretchFactor(0, 1);
    splitter_->setStretchFactor(1, 1);
    splitter_->setChildrenCollapsible(false);
    setCentralWidget(splitter_);
    status_ = plain_label(this);
    statusBar()->addWidget(status_, 1);
    resize(1400, 900);
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
    setWindowTitle(QStringLiteral("rackplan — ") + QString::fromStdString(path.filename().string()));
    show_current_detail();
    return {};
}

EntryKind MainWindow::current_kind() const { return kAllEntryKinds[static_cast<size_t>(std::max(0, tabs_->currentIndex()))]; }

void MainWindow::show_kind(EntryKind kind) { tabs_->setCurrentIndex(static_cast<int>(index_of(kind))); }

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
}

void MainWindow::save_settings() const {
    QSettings s = window_settings();
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/splitter"), splitter_->saveState());
    s.setValue(QStringLiteral("window/tab"), tabs_->currentIndex());
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

}  // namespace rackplan::gui
