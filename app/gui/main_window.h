#pragma once
// The catalog browser: one tab per entry kind (sortable, filterable), and below it every
// figure of the selected entry. It reads the database once per open and keeps no handle.
#include <array>
#include <filesystem>
#include <memory>

#include <QMainWindow>

#include "catalog_sort_proxy.h"
#include "catalog_table_model.h"
#include "figure_table_model.h"

class QLabel;
class QLineEdit;
class QSplitter;
class QTabWidget;
class QTableView;

namespace rackplan::gui {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens (creating and seeding if missing) the database and shows its catalog. Returns an
    // error message; on error the window keeps what it showed before.
    QString open_database(const std::filesystem::path& path);

    // Geometry, splitter and last tab, from and to QSettings.
    void restore_settings();
    void save_settings() const;

    void show_kind(EntryKind kind);
    bool select_entry(EntryKind kind, int row);  // row in the sorted, filtered view
    void set_filter(const QString& text);

    [[nodiscard]] EntryKind current_kind() const;
    [[nodiscard]] CatalogTableModel& table_model(EntryKind kind) { return *models_[index_of(kind)]; }
    [[nodiscard]] CatalogSortProxy& table_proxy(EntryKind kind) { return *proxies_[index_of(kind)]; }
    [[nodiscard]] const FigureTableModel& detail_model() const { return *detail_; }
    [[nodiscard]] QTableView& table_view(EntryKind kind) { return *views_[index_of(kind)]; }
    [[nodiscard]] QTableView& detail_view() { return *detail_view_; }
    [[nodiscard]] QString detail_title() const;
    [[nodiscard]] QString status_text() const;
    [[nodiscard]] const std::filesystem::path& database_path() const { return db_path_; }

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    static size_t index_of(EntryKind kind) { return static_cast<size_t>(kind); }
    void build_menus();
    QWidget* build_lists();
    QWidget* build_detail();
    void show_current_detail();
    void show_detail(EntryKind kind, const QModelIndex& proxy_index);
    void open_database_dialog();
    void show_about();

    std::unique_ptr<hw::Catalog> catalog_;
    std::filesystem::path db_path_;
    std::array<CatalogTableModel*, kAllEntryKinds.size()> models_{};
    std::array<CatalogSortProxy*, kAllEntryKinds.size()> proxies_{};
    std::array<QTableView*, kAllEntryKinds.size()> views_{};
    FigureTableModel* detail_ = nullptr;
    QTableView* detail_view_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    QSplitter* splitter_ = nullptr;
    QLineEdit* filter_ = nullptr;
    QLabel* title_ = nullptr;
    QLabel* summary_ = nullptr;
    QLabel* status_ = nullptr;
};

}  // namespace rackplan::gui
