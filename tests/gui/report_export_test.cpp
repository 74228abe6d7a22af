#include <catch2/catch.hpp>

#include <QAction>
#include <QFile>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QStandardPaths>

#include "catalog/catalog_editor.h"
#include "gui_test_support.h"
#include "io/report/report_render.h"
#include "io/run_request_command.h"
#include "planning/plan_page.h"
#include "report_export.h"
#include "screenshot.h"

using namespace rackplan;
using namespace rackplan::gui;
using namespace rackplan::gui::test;

namespace {

std::string read_file(const std::filesystem::path& p) {
    QFile f(QString::fromStdString(p.string()));
    REQUIRE(f.open(QIODevice::ReadOnly));
    return f.readAll().toStdString();
}

// RFC 4180 records (quoted fields may hold commas, quotes and line breaks); an empty line
// is an empty record. Fails the test on an unterminated quote.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
    std::vector<std::vector<std::string>> records(1);
    std::string field;
    bool quoted = false, any = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += '"', ++i;
            else if (c == '"') quoted = false;
            else field += c;
        } else if (c == '"') {
            quoted = any = true;
        } else if (c == ',') {
            records.back().push_back(field), field.clear(), any = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            if (any || !field.empty()) records.back().push_back(field);
            field.clear(), any = false;
            records.emplace_back();
        } else {
            field += c, any = true;
        }
    }
    REQUIRE_FALSE(quoted);
    if (any || !field.empty()) records.back().push_back(field);
    if (records.back().empty()) records.pop_back();
    return records;
}

// The text without white space: the PDF wraps a long line where Qt may break it (after a
// hyphen too), and pdftotext -layout gives the break back as a newline and an indent.
QString unwrapped(QString s) {
    s.remove(QRegularExpression(QStringLiteral("\\s+")));
    return s;
}

const char* const kSavedName = "DGX <H100> & \"co\"";  // markup and quotes: must be escaped
const char* const kPendingName = "Pending unsaved name";

}  // namespace

TEST_CASE("the report of the comparison on screen is written in every format", "[gui][report]") {
    TempDb tmp;
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    ComparePage& page = w.compare();
    QAction* action = w.report_exporter().action();
    REQUIRE(action);
    // No result yet: nothing to export.
    CHECK_FALSE(action->isEnabled());
    CHECK_FALSE(page.export_button().isEnabled());
    CHECK_FALSE(w.planning().export_button().isEnabled());
    CHECK_FALSE(w.report_exporter().current_source());

    // A saved catalog edit reaches the comparison (and the report); a pending one does not.
    REQUIRE(w.catalog_editor().apply({"systems", "dgx-h100", "name", std::string(kSavedName)}).isEmpty());
    REQUIRE(w.save_catalog().isEmpty());
    REQUIRE(page.wait_idle(120000));

    QSignalSpy finished(&page, &ComparePage::comparisonFinished);
    page.set_input(small_comparison());
    CHECK_FALSE(action->isEnabled());  // a run in progress
    REQUIRE((!finished.isEmpty() || finished.wait(120000)));
    REQUIRE(page.wait_idle(120000));
    w.show_page(MainWindow::ComparePageIndex);
    CHECK(action->isEnabled());
    CHECK(page.export_button().isEnabled());
    CHECK_FALSE(w.planning().export_button().isEnabled());  // no plan yet

    REQUIRE(w.catalog_editor().apply({"systems", "trn2.48xlarge", "name", std::string(kPendingName)}).isEmpty());
    REQUIRE(w.catalog_editor().modified());

    const std::optional<ReportSource> source = w.report_exporter().current_source();
    REQUIRE(source);
    CHECK(source->scenario == "unsaved comparison");
    CHECK_FALSE(source->result_date.empty());
    // The equivalent command, as `rackplan report` shows it for a saved scenario.
    REQUIRE(source->request);
    const std::string command = io::command_line(*source->request);
    CHECK(command.rfind("rackplan compare --mode train --model llama3-8b", 0) == 0);
    CHECK(command.find("--systems dgx-h100:64@own,trn2.48xlarge:64@own") != std::string::npos);
    const std::filesystem::path dir = tmp.path("reports");
    std::filesystem::create_directories(dir);

    SECTION("HTML: system names escaped, the catalog the comparison ran on") {
        const auto path = dir / "r.html";
        REQUIRE(export_report(*source, io::report::Format::html, path).isEmpty());
        const std::string html = read_file(path);
        CHECK(html.find(io::report::escape_html(kSavedName)) != std::string::npos);
        CHECK(html.find(kSavedName) == std::string::npos);
        CHECK(html.find("AWS EC2 trn2.48xlarge") != std::string::npos);  // trn2's stored name
        CHECK(html.find(kPendingName) == std::string::npos);
        CHECK(html.find("unsaved comparison") != std::string::npos);
        CHECK(html.find("<dt>Command</dt><dd>" + io::report::escape_html(command) + "</dd>") != std::string::npos);
    }
    SECTION("Markdown") {
        const auto path = dir / "r.md";
        REQUIRE(export_report(*source, io::report::Format::markdown, path).isEmpty());
        const std::string md = read_file(path);
        CHECK(md.rfind("# ", 0) == 0);
        CHECK(md.find(io::report::escape_markdown(kSavedName)) != std::string::npos);
        CHECK(md.find(kPendingName) == std::string::npos);
        CHECK(md.find("- **Command:** " + io::report::escape_markdown(command)) != std::string::npos);
    }
    SECTION("CSV parses: every block's rows as wide as its header") {
        const auto path = dir / "r.csv";
        REQUIRE(export_report(*source, io::report::Format::csv, path).isEmpty());
        const auto records = parse_csv(read_file(path));
        int tables = 0;
        bool saw_name = false;
        for (size_t i = 0; i < records.size(); ++i) {
            if (records[i].empty() || records[i][0] != "table") continue;
            ++tables;
            REQUIRE(i + 1 < records.size());
            const size_t width = records[i + 1].size();
            for (size_t r = i + 2; r < records.size() && !records[r].empty(); ++r) {
                INFO("table " << records[i][1] << " record " << r);
                CHECK(records[r].size() == width);
                for (const std::string& f : records[r]) saw_name = saw_name || f == kSavedName;
            }
        }
        CHECK(tables >= 2);
        CHECK(saw_name);  // unescaped in CSV: quoted, read back whole
    }
    SECTION("PDF") {
        const auto path = dir / "r.pdf";
        REQUIRE(export_report(*source, io::report::Format::pdf, path).isEmpty());
        const std::string pdf = read_file(path);
        CHECK(pdf.rfind("%PDF", 0) == 0);
        const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
        if (!pdftotext.isEmpty()) {
            QProcess p;
            p.start(pdftotext, {QString::fromStdString(path.string()), QStringLiteral("-")});
            REQUIRE(p.waitForFinished(60000));
            const QString text = QString::fromUtf8(p.readAllStandardOutput());
            CHECK(text.contains(QStringLiteral("Executive summary")));
            // The title page's metadata, as the CLI's report has it. -layout: the default mode
            // joins a line that breaks after a hyphen ("--global-" / "batch") into "--globalbatch".
            QProcess layout;
            layout.start(pdftotext, {QStringLiteral("-layout"), QStringLiteral("-f"), QStringLiteral("1"), QStringLiteral("-l"),
                                     QStringLiteral("1"), QString::fromStdString(path.string()), QStringLiteral("-")});
            REQUIRE(layout.waitForFinished(60000));
            const QString first_page = QString::fromUtf8(layout.readAllStandardOutput());
            CHECK(unwrapped(first_page).contains(QStringLiteral("Command") + unwrapped(QString::fromStdString(command))));
            CHECK_FALSE(text.contains(QString::fromLatin1(kPendingName)));
            // Chart categories too: Qt Charts reads labels as rich text, so an unescaped
            // "<H100>" would vanish from the axis.
            CHECK(text.contains(QString::fromLatin1(kSavedName)));
            CHECK_FALSE(text.contains(QStringLiteral("DGX & \"co\"")));
        } else {
            WARN("pdftotext not found: the PDF's text is not checked");
        }
    }
    SECTION("a path that cannot be written is named in the error") {
        const auto path = dir / "missing" / "r.html";
        const QString error = export_report(*source, io::report::Format::html, path);
        CHECK(error.contains(QString::fromStdString(path.string())));
        CHECK_FALSE(std::filesystem::exists(path));
    }
    SECTION("kept for a look (and a comparison with `rackplan report`) when RACKPLAN_KEEP_REPORTS names a folder") {
        const QString keep = qEnvironmentVariable("RACKPLAN_KEEP_REPORTS");
        if (keep.isEmpty()) return;
        REQUIRE(w.save_scenario(QStringLiteral("report-look")).isEmpty());
        const auto saved = w.report_exporter().current_source();
        REQUIRE(saved);
        const std::filesystem::path out = keep.toStdString();
        REQUIRE(export_report(*saved, io::report::Format::pdf, out / "gui.pdf").isEmpty());
        std::filesystem::copy_file(tmp.path(), out / "catalog.db", std::filesystem::copy_options::overwrite_existing);
        CHECK(save_screenshot(w, QString::fromStdString((out / "compare.png").string())).isEmpty());
        w.show_page(MainWindow::PlanPageIndex);
        CHECK(save_screenshot(w, QString::fromStdString((out / "plan.png").string())).isEmpty());
    }
    SECTION("a saved scenario's name is the report's") {
        REQUIRE(w.save_scenario(QStringLiteral("rack-q3")).isEmpty());
        const auto saved = w.report_exporter().current_source();
        REQUIRE(saved);
        CHECK(saved->scenario == "rack-q3");
    }
}

TEST_CASE("the export format follows the file's extension, else the chosen filter", "[gui][report]") {
    using io::report::Format;
    const QStringList& filters = report_filters();
    REQUIRE(filters.size() == 4);
    CHECK(report_format(QStringLiteral("/x/a.pdf")) == Format::pdf);
    CHECK(report_format(QStringLiteral("/x/a.HTM")) == Format::html);
    CHECK(report_format(QStringLiteral("/x/a.md"), filters[0]) == Format::markdown);
    CHECK(report_format(QStringLiteral("/x/a"), filters[3]) == Format::csv);
    CHECK(report_format(QStringLiteral("/x/a"), filters[1]) == Format::html);
    CHECK_FALSE(report_format(QStringLiteral("/x/a.txt")));
    CHECK(with_report_extension(QStringLiteral("/x/a"), Format::markdown) == QStringLiteral("/x/a.md"));
    CHECK(with_report_extension(QStringLiteral("/x/a.txt"), Format::pdf) == QStringLiteral("/x/a.txt"));
}

TEST_CASE("the report of the plan on screen has the fleet and its ownership", "[gui][report][plan]") {
    TempDb tmp;
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    PlanPage& page = w.planning();
    w.show_page(MainWindow::PlanPageIndex);
    QAction* action = w.report_exporter().action();
    CHECK_FALSE(action->isEnabled());
    ComparisonInput in = small_comparison({"dgx-h100"});
    in.train_tokens = 2e11;
    QSignalSpy finished(&page, &PlanPage::planFinished);
    page.set_input(plan_input(in, 20));
    CHECK_FALSE(action->isEnabled());  // planning
    CHECK_FALSE(page.export_button().isEnabled());
    REQUIRE(finished.wait(300000));
    REQUIRE(page.wait_idle(300000));
    CHECK(action->isEnabled());
    CHECK(page.export_button().isEnabled());

    const auto source = w.report_exporter().current_source();
    REQUIRE(source);
    CHECK(source->scenario == "unsaved plan");
    const auto path = tmp.path("plan.md");
    REQUIRE(export_report(*source, io::report::Format::markdown, path).isEmpty());
    const std::string md = read_file(path);
    CHECK(md.find("## Fleet plan") != std::string::npos);
    CHECK(md.find("Buy or rent") != std::string::npos);
    CHECK(md.find("Capex P10") != std::string::npos);  // the plan's capex range
    REQUIRE(source->request);
    const std::string command = io::command_line(*source->request);
    CHECK(command.rfind("rackplan plan ", 0) == 0);
    CHECK(command.find("--systems dgx-h100@own --demand-days 20") != std::string::npos);
    CHECK(md.find("- **Command:** " + io::report::escape_markdown(command)) != std::string::npos);
    // The Compare page has no comparison with these systems: its button stays off.
    CHECK_FALSE(w.compare().export_button().isEnabled());
}
