#include "gui_app.h"

#include <cstdio>
#include <cstdlib>

#include <QApplication>
#include <QIcon>
#include <QMessageBox>

#include "command_line.h"
#include "compare/compare_page.h"
#include "io/seed.h"
#include "main_window.h"
#include "planning/plan_page.h"
#include "number_format.h"
#include "screenshot.h"
#include "store/catalog_store.h"

// Q_INIT_RESOURCE must be called from the global namespace.
static void init_rackplan_resources() { Q_INIT_RESOURCE(rackplan); }

namespace rackplan::gui {
namespace {

// How long --screenshot waits for a scenario's searches before giving up.
constexpr int kScenarioTimeoutMs = 300'000;

void print(std::FILE* to, const QString& text) {
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), to);
}

int fail(const QString& message, int code) {
    QString line = message;
    line.replace(QLatin1Char('\n'), QLatin1Char(' '));
    print(stderr, QStringLiteral("rackplan-gui: ") + line + QLatin1Char('\n'));
    return code;
}

// Without a platform plugin that can start, QApplication aborts with several lines of
// advice; say it in one.
bool has_display() {
    return qEnvironmentVariableIsSet("QT_QPA_PLATFORM") || qEnvironmentVariableIsSet("DISPLAY") ||
           qEnvironmentVariableIsSet("WAYLAND_DISPLAY");
}

void drop_benign_warnings(QtMsgType type, const QMessageLogContext& context, const QString& message) {
    if (type == QtWarningMsg && (message.startsWith(QLatin1String("This plugin does not support")) ||
                                 message.startsWith(QLatin1String("QStandardPaths: XDG_RUNTIME_DIR not set"))))
        return;
    print(stderr, qFormatLogMessage(type, context, message) + QLatin1Char('\n'));
    if (type == QtFatalMsg) std::abort();
}

}  // namespace

void init_resources() { init_rackplan_resources(); }

void install_message_filter() { qInstallMessageHandler(drop_benign_warnings); }

int run_gui(int argc, char** argv) {
    QStringList arguments;
    for (int i = 0; i < argc; ++i) arguments << QString::fromLocal8Bit(argv[i]);
    const CommandLine cl = parse_command_line(arguments);
    if (!cl.error.isEmpty()) return fail(cl.error, 2);
    if (cl.options.help) {
        print(stdout, help_text());
        return 0;
    }
    if (cl.options.version) {
        print(stdout, QStringLiteral("rackplan-gui ") + qstr(io::version_string()) + QLatin1Char('\n'));
        return 0;
    }
    const bool screenshot = cl.options.screenshot.has_value();
    if (screenshot && !qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    if (!has_display())
        return fail(QStringLiteral("no display: set DISPLAY, or QT_QPA_PLATFORM=offscreen to run without one"), 1);

    install_message_filter();
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("rackplan"));
    QApplication::setApplicationName(QStringLiteral("rackplan-gui"));
    QApplication::setApplicationVersion(qstr(io::version_string()));
    QApplication::setDesktopFileName(QStringLiteral("rackplan"));
    init_resources();
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/rackplan.svg")));

    std::filesystem::path db;
    try {
        db = store::default_db_path(cl.options.db);
    } catch (const std::exception& e) {
        return fail(QStringLiteral("database location: ") + QString::fromUtf8(e.what()), 1);
    }
    MainWindow window;
    if (const QString error = window.open_database(db); !error.isEmpty()) {
        if (!screenshot) {
            QMessageBox box(QMessageBox::Critical, QStringLiteral("rackplan"), error, QMessageBox::Ok);
            box.setTextFormat(Qt::PlainText);
            box.exec();
        }
        return fail(error, 1);
    }
    if (cl.options.scenario) {
        if (const QString error = window.open_scenario(*cl.options.scenario); !error.isEmpty()) {
            if (!screenshot) {
                QMessageBox box(QMessageBox::Critical, QStringLiteral("rackplan"), error, QMessageBox::Ok);
                box.setTextFormat(Qt::PlainText);
                box.exec();
            }
            return fail(error, 1);
        }
    }
    if (cl.options.page) {
        if (*cl.options.page == QLatin1String("plan")) window.show_page(MainWindow::PlanPageIndex);
        else if (*cl.options.page == QLatin1String("catalog")) window.show_page(MainWindow::CatalogPageIndex);
        else if (*cl.options.page == QLatin1String("validation")) window.show_page(MainWindow::ValidationPageIndex);
        else window.show_page(MainWindow::ComparePageIndex);
    }
    if (cl.options.chart) window.compare().show_chart(static_cast<int>(chart_names().indexOf(*cl.options.chart)));
    if (screenshot) {
        // The picture shows the finished comparison, plan and charts, never a half-drawn state.
        if (!window.compare().wait_idle(kScenarioTimeoutMs) || !window.planning().wait_idle(kScenarioTimeoutMs))
            return fail(QStringLiteral("the comparison did not finish within %1 s").arg(kScenarioTimeoutMs / 1000), 1);
        if (const QString error = save_screenshot(window, *cl.options.screenshot); !error.isEmpty()) return fail(error, 1);
        return 0;
    }
    window.restore_settings();
    window.show();
    return QApplication::exec();
}

}  // namespace rackplan::gui
