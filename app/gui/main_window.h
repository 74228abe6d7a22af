#pragma once
// The main window: the what-if comparison (Compare page), the catalog browser and editor
// (Catalog page: one tab per entry kind, sortable, filterable, and below it every figure of
// the selected entry, editable in place, with undo, saved in one transaction) and the saved
// scenarios (menu and dock). It reads the database once per open and keeps no handle;
// scenario and catalog operations open it for their transaction.
#include <array>
#include <filesystem>
#include <memory>

#include <QMainWindow>

#include "catalog_sort_proxy.h"
#include "catalog_table_model.h"
#include "figure_table_model.h"
#include "engine/evaluate.h"
#include "io/catalog_edit.h"
#include "scenarios/scenario_repository.h"

class QAction;
class QLabel;
class QLineEdit;
class QSplitter;
class QTabWidget;
class QTableView;

namespace rackplan::engine {
class EvaluationContext;
}

namespace rackplan::gui {

class CatalogEditor;
class CatalogEntryActions;
class ComparePage;
class PlanPage;
class ValidationPage;
class ReportExporter;
class ScenarioDock;
struct ComparisonResult;
struct PlanRun;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens (creating and seeding if missing) the database and shows its catalog. Returns an
    // error message; on error the window keeps what it showed before.
    QString open_database(const std::filesystem::path& path);

    // Geometry, splitters, dock, page and tabs, from and to QSettings.
    void restore_settings();
    void save_settings() const;

    enum Page { ComparePageIndex, CatalogPageIndex, PlanPageIndex, ValidationPageIndex };
    void show_page(Page page);
    [[nodiscard]] Page current_page() const;
    [[nodiscard]] ComparePage& compare() { return *compare_; }
    [[nodiscard]] PlanPage& planning() { return *plan_; }
    [[nodiscard]] ValidationPage& validation() { return *validation_; }
    [[nodiscard]] ScenarioDock& scenario_dock() { return *dock_; }

    // Saved comparisons. Each returns an error message, empty on success.
    QString open_scenario(const QString& name);       // shows it and runs it
    QString save_scenario(const QString& name);       // the comparison on screen, under `name`
    QString duplicate_scenario(const QString& from, const QString& to);
    QString delete_scenario(const QString& name);
    void new_comparison();
    [[nodiscard]] QStringList scenario_names() const;
    [[nodiscard]] QString current_scenario() const { return scenario_; }
    [[nodiscard]] const std::string& scenario_kind() const { return scenario_kind_; }  // "compare" or "plan"
    // File > Export report… and the pages' buttons.
    [[nodiscard]] ReportExporter& report_exporter() { return *report_; }
    // The comparison on screen differs from the saved scenario (or none is saved).
    [[nodiscard]] bool has_unsaved_changes() const;
    [[nodiscard]] int history_size(const QString& name) const;

    void show_kind(EntryKind kind);  // also brings the Catalog page forward
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

    // Catalog editing. Cells of the lists (names) and of the detail table are edited in place,
    // each edit judged by core; the comparison uses the stored catalog, so a saved edit (or an
    // import) reaches it and a pending one does not.
    [[nodiscard]] CatalogEditor& catalog_editor() { return *editor_; }
    // Add… / Remove… of the selected entry, Add price… / Remove price of the selected price.
    [[nodiscard]] CatalogEntryActions& entry_actions() { return *entry_actions_; }
    QString save_catalog();                                         // empty when saved
    QStringList import_catalog(const QString& file, bool replace);  // the problems; empty when imported
    QString export_catalog(const QString& file);                    // empty when written
    [[nodiscard]] QString edit_message() const;                     // the Catalog page's edit note

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
    void build_scenario_menu();
    void refresh_scenarios();
    void update_title();
    void record_result();
    void save_dialog(bool ask_name);
    void duplicate_dialog(const QString& from);
    void delete_dialog(const QString& name);
    void show_error(const QString& title, const QString& message);
    void build_edit_menu();
    void add_catalog_file_actions(QMenu* file);
    void show_catalog(EntryKind kind, const QString& id);  // after an edit, undo, load or import
    void use_stored_catalog();                             // after a save or import
    [[nodiscard]] engine::Calibrations calibrations_for(const hw::Catalog& catalog) const;
    QString edit_catalog(const io::FieldEdit& edit);
    void show_edit_state(const QString& problem = {});
    void save_catalog_dialog();
    void import_catalog_dialog();
    void export_catalog_dialog();
    bool settle_catalog_edits();  // asks to save or discard pending edits; false: cancelled

    CatalogEditor* editor_ = nullptr;
    CatalogEntryActions* entry_actions_ = nullptr;
    std::shared_ptr<const engine::EvaluationContext> context_;
    std::filesystem::path db_path_;
    ScenarioRepository repo_;
    QString scenario_;           // the saved scenario on screen; empty: not saved yet
    std::string saved_json_;     // its input as saved
    std::weak_ptr<const ComparisonResult> recorded_;  // the last result written to its history
    std::string scenario_kind_ = "compare";           // "compare" or "plan": which page it is
    std::weak_ptr<const PlanRun> recorded_plan_;
    QTabWidget* pages_ = nullptr;
    ComparePage* compare_ = nullptr;
    PlanPage* plan_ = nullptr;
    ValidationPage* validation_ = nullptr;
    ScenarioDock* dock_ = nullptr;
    ReportExporter* report_ = nullptr;
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
    QLabel* edit_note_ = nullptr;
    QAction* save_catalog_ = nullptr;
};

}  // namespace rackplan::gui
