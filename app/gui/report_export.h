#pragma once
// File > Export report… and the pages' "Export report…" buttons: the procurement report of the
// result on screen (the Plan page's when it is shown, else the Compare page's), built by core's
// report builder from plan::to_json of that result, the document `rackplan report` reads back
// from a saved scenario, and written through report::write_report (atomic, any format). The
// catalog is the one the result was computed with, never pending (unsaved) catalog edits.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QStringList>
#include <nlohmann/json.hpp>

#include "io/report/report_render.h"
#include "io/run_request.h"

class QAction;

namespace rackplan::engine {
class EvaluationContext;
}

namespace rackplan::gui {

class ComparePage;
class MainWindow;
class PlanPage;

// What one report is built from.
struct ReportSource {
    nlohmann::json result;                                     // plan::to_json of the comparison or plan
    std::shared_ptr<const engine::EvaluationContext> context;  // the catalog it was computed with
    std::string scenario;                                      // "unsaved comparison" when none is saved
    std::string result_date;                                   // when it landed on screen; empty: unknown
    std::optional<io::RunRequest> request;                     // the input as run: the report's "Command"
};

// The finished result on each page, or nothing while it has none (a cancelled one included).
std::optional<ReportSource> compare_report_source(const ComparePage& page, const std::string& scenario);
std::optional<ReportSource> plan_report_source(const PlanPage& page, const std::string& scenario);

// The file dialog's filters: PDF, HTML, Markdown, CSV, in that order.
const QStringList& report_filters();
// The format a dialog answer names: the path's extension when it is a known one, else the
// chosen filter; nothing when neither names one.
std::optional<io::report::Format> report_format(const QString& path, const QString& filter = {});
// `path` with the format's extension added when it has none.
QString with_report_extension(const QString& path, io::report::Format format);

// Builds the report and writes it. Returns an error message naming the path; empty when written.
QString export_report(const ReportSource& source, io::report::Format format, const std::filesystem::path& path);

// Keeps the File menu's action and the pages' buttons enabled exactly while their result
// exists and nothing runs, and runs the dialog when one is triggered.
class ReportExporter : public QObject {
    Q_OBJECT
public:
    explicit ReportExporter(MainWindow& window);

    [[nodiscard]] QAction* action() const { return action_; }
    // The report source of the page on screen, with the window's scenario name when it is
    // that page's; nothing when that page has no result or is busy.
    [[nodiscard]] std::optional<ReportSource> current_source() const;
    // The source of a given page (true: Plan page).
    [[nodiscard]] std::optional<ReportSource> source_of(bool plan) const;

    void update_enabled();
    // The file dialog, then export_report; an error goes to a message box.
    void export_dialog(bool plan);

private:
    [[nodiscard]] std::string scenario_for(bool plan) const;

    MainWindow& window_;
    QAction* action_;
    QDateTime compare_time_, plan_time_;  // when each page's result landed
};

}  // namespace rackplan::gui
