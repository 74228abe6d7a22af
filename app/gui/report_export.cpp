#include "report_export.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>

#include "compare/compare_page.h"
#include "compare/comparison_run.h"
#include "engine/evaluate.h"
#include "io/run_request_command.h"
#include "io/seed.h"
#include "plan/plan_json.h"
#include "main_window.h"
#include "planning/plan_page.h"
#include "planning/plan_run.h"
#include "report_writer.h"

namespace rackplan::gui {
namespace {

using io::report::Format;

QString qstr(const std::string& s) { return QString::fromStdString(s); }

// The CLI's forms, so both reports read alike: the report's date as `rackplan report` writes
// it ("2026-11-26 19:13 UTC"), the result's as the scenario store keeps it (ISO 8601).
std::string report_date_text(const QDateTime& t) {
    return t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")).toStdString();
}
std::string result_date_text(const QDateTime& t) {
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs).toStdString() : std::string();
}

struct FormatName {
    Format format;
    const char* extension;  // the one a new file gets
    const char* filter;
};
constexpr FormatName kFormats[] = {
    {Format::pdf, "pdf", "PDF (*.pdf)"},
    {Format::html, "html", "HTML (*.html *.htm)"},
    {Format::markdown, "md", "Markdown (*.md *.markdown)"},
    {Format::csv, "csv", "CSV (*.csv)"},
};

std::optional<Format> format_of_extension(const QString& path) {
    const QString ext = QFileInfo(path).suffix().toLower();
    if (ext == QLatin1String("pdf")) return Format::pdf;
    if (ext == QLatin1String("html") || ext == QLatin1String("htm")) return Format::html;
    if (ext == QLatin1String("md") || ext == QLatin1String("markdown")) return Format::markdown;
    if (ext == QLatin1String("csv")) return Format::csv;
    return std::nullopt;
}

// A scenario name as a file name: letters, digits, '-', '_' and '.' kept, the rest '_'.
QString file_stem(const std::string& scenario) {
    QString s = qstr(scenario);
    for (QChar& c : s)
        if (!c.isLetterOrNumber() && c != QLatin1Char('-') && c != QLatin1Char('_') && c != QLatin1Char('.')) c = QLatin1Char('_');
    return s.isEmpty() ? QStringLiteral("report") : s;
}

}  // namespace

std::optional<ReportSource> compare_report_source(const ComparePage& page, const std::string& scenario) {
    const auto result = page.result();
    if (!result || result->cancelled || !page.result_context()) return std::nullopt;
    ReportSource s;
    s.result = plan::to_json(compare_result(*result));
    s.context = page.result_context();
    s.scenario = scenario;
    s.request = to_request(result->input, kComparisonKind);
    return s;
}

std::optional<ReportSource> plan_report_source(const PlanPage& page, const std::string& scenario) {
    const auto run = page.result();
    if (!run || run->cancelled || !run->error.empty() || !page.result_context()) return std::nullopt;
    ReportSource s;
    s.result = plan::to_json(run->result);
    s.context = page.result_context();
    s.scenario = scenario;
    s.request = to_request(run->input, kPlanKind);
    return s;
}

const QStringList& report_filters() {
    static const QStringList filters = [] {
        QStringList l;
        for (const FormatName& f : kFormats) l << QString::fromLatin1(f.filter);
        return l;
    }();
    return filters;
}

std::optional<Format> report_format(const QString& path, const QString& filter) {
    if (const auto f = format_of_extension(path)) return f;
    for (const FormatName& f : kFormats)
        if (filter == QLatin1String(f.filter)) return f.format;
    return std::nullopt;
}

QString with_report_extension(const QString& path, Format format) {
    if (!QFileInfo(path).suffix().isEmpty()) return path;
    for (const FormatName& f : kFormats)
        if (f.format == format) return path + QLatin1Char('.') + QLatin1String(f.extension);
    return path;
}

QString export_report(const ReportSource& source, Format format, const std::filesystem::path& path) {
    const QString where = QString::fromStdString(path.string());
    if (!source.context) return QStringLiteral("Cannot write %1: no catalog for the result").arg(where);
    io::report::ReportContext ctx;
    ctx.scenario = source.scenario;
    ctx.engine_version = io::version_string();  // this program computed the result on screen
    ctx.result_date = source.result_date;
    ctx.report_date = report_date_text(QDateTime::currentDateTimeUtc());
    if (source.request) ctx.command = io::command_line(*source.request);  // as `rackplan report` shows it
    ctx.accuracy = io::installed_published_accuracy(source.context->catalog());
    const io::report::BuildResult built = io::report::build_report(source.result, source.context->catalog(), ctx);
    if (!built.document) {
        const Issue& first = built.issues.front();
        return QStringLiteral("Cannot write %1: the result %2%3")
            .arg(where, first.path.empty() ? QString() : qstr(first.path) + QStringLiteral(": "), qstr(first.message));
    }
    try {
        report::write_report(*built.document, format, path);
    } catch (const std::exception& e) {
        const QString why = QString::fromUtf8(e.what());
        return why.contains(where) ? why : QStringLiteral("Cannot write %1: %2").arg(where, why);
    }
    return {};
}

ReportExporter::ReportExporter(MainWindow& window) : QObject(&window), window_(window) {
    action_ = new QAction(QStringLiteral("E&xport report…"), this);
    action_->setObjectName(QStringLiteral("exportReportAction"));
    action_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    action_->setStatusTip(QStringLiteral("The procurement report of the comparison or plan on screen (PDF, HTML, Markdown, CSV)"));
    connect(action_, &QAction::triggered, this,
            [this] { export_dialog(window_.current_page() == MainWindow::PlanPageIndex); });

    ComparePage& compare = window_.compare();
    PlanPage& plan = window_.planning();
    connect(&compare, &ComparePage::exportReportRequested, this, [this] { export_dialog(false); });
    connect(&plan, &PlanPage::exportReportRequested, this, [this] { export_dialog(true); });
    connect(&compare, &ComparePage::comparisonFinished, this, [this] {
        compare_time_ = QDateTime::currentDateTimeUtc();
        update_enabled();
    });
    connect(&plan, &PlanPage::planFinished, this, [this] {
        plan_time_ = QDateTime::currentDateTimeUtc();
        update_enabled();
    });
    connect(&compare, &ComparePage::busyChanged, this, &ReportExporter::update_enabled);
    connect(&plan, &PlanPage::busyChanged, this, &ReportExporter::update_enabled);
    // An edit starts the debounce (busy) after it signals; judge once it has.
    connect(&compare, &ComparePage::inputChanged, this, &ReportExporter::update_enabled, Qt::QueuedConnection);
    connect(&plan, &PlanPage::inputChanged, this, &ReportExporter::update_enabled, Qt::QueuedConnection);
    if (auto* pages = window_.findChild<QTabWidget*>(QStringLiteral("pages")))
        connect(pages, &QTabWidget::currentChanged, this, &ReportExporter::update_enabled);
    update_enabled();
}

std::string ReportExporter::scenario_for(bool plan) const {
    const QString name = window_.current_scenario();
    const bool ours = !name.isEmpty() && (window_.scenario_kind() == kPlanKind) == plan;
    if (!ours) return plan ? "unsaved plan" : "unsaved comparison";
    return name.toStdString() + (window_.has_unsaved_changes() ? " (unsaved changes)" : "");
}

std::optional<ReportSource> ReportExporter::source_of(bool plan) const {
    std::optional<ReportSource> s;
    if (plan) {
        if (!window_.planning().busy()) s = plan_report_source(window_.planning(), scenario_for(true));
        if (s) s->result_date = result_date_text(plan_time_);
    } else {
        if (!window_.compare().busy()) s = compare_report_source(window_.compare(), scenario_for(false));
        if (s) s->result_date = result_date_text(compare_time_);
    }
    return s;
}

std::optional<ReportSource> ReportExporter::current_source() const {
    return source_of(window_.current_page() == MainWindow::PlanPageIndex);
}

void ReportExporter::update_enabled() {
    const bool compare_ready = !window_.compare().busy() && window_.compare().result() &&
                               !window_.compare().result()->cancelled;
    const auto plan_run = window_.planning().result();
    const bool plan_ready = !window_.planning().busy() && plan_run && !plan_run->cancelled;
    window_.compare().export_button().setEnabled(compare_ready);
    window_.planning().export_button().setEnabled(plan_ready);
    action_->setEnabled(window_.current_page() == MainWindow::PlanPageIndex ? plan_ready : compare_ready);
}

void ReportExporter::export_dialog(bool plan) {
    const std::optional<ReportSource> source = source_of(plan);
    if (!source) {  // a run started since the action was enabled
        update_enabled();
        return;
    }
    QString filter = report_filters().front();
    const QString suggested = QDir(QDir::homePath()).filePath(file_stem(source->scenario) + QStringLiteral(".pdf"));
    QString path = QFileDialog::getSaveFileName(&window_, QStringLiteral("Export report"), suggested,
                                                report_filters().join(QStringLiteral(";;")), &filter);
    if (path.isEmpty()) return;
    const std::optional<Format> format = report_format(path, filter);
    if (!format) {
        QMessageBox::warning(&window_, QStringLiteral("Cannot export the report"),
                             QStringLiteral("%1: the extension names no report format (pdf, html, md or csv)").arg(path));
        return;
    }
    path = with_report_extension(path, *format);
    if (const QString error = export_report(*source, *format, path.toStdString()); !error.isEmpty())
        QMessageBox::warning(&window_, QStringLiteral("Cannot export the report"), error);
    else
        window_.statusBar()->showMessage(QStringLiteral("Report written to %1").arg(path), 8000);
}

}  // namespace rackplan::gui
