#include <catch2/catch.hpp>

#include <QFileInfo>
#include <QImage>
#include <QProcess>

#include "gui_test_support.h"
#include "screenshot.h"

using namespace rackplan;
using namespace rackplan::gui;
using namespace rackplan::gui::test;

namespace {

struct Run {
    int code = -1;
    QString out;
    QString err;
};

// Runs the built rackplan-gui offscreen, with a private home so no user file is touched.
Run run_gui_binary(const QStringList& args, const TempDb& home) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("HOME"), home.dir.path());
    env.insert(QStringLiteral("XDG_DATA_HOME"), home.dir.path() + QStringLiteral("/data"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.dir.path() + QStringLiteral("/config"));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), home.dir.path());
    env.remove(QStringLiteral("RACKPLAN_DB"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(RACKPLAN_GUI), args);
    REQUIRE(p.waitForFinished(60000));
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

QString path_of(const TempDb& tmp, const char* name) { return QString::fromStdString(tmp.path(name).string()); }

}  // namespace

TEST_CASE("save_screenshot renders the window into a PNG of the fixed size", "[gui][screenshot]") {
    TempDb tmp;
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    const QString png = path_of(tmp, "window.png");
    REQUIRE(save_screenshot(w, png).isEmpty());
    CHECK(QFileInfo(png).size() > 10000);
    const QImage image(png);
    REQUIRE_FALSE(image.isNull());
    CHECK(image.size() == kScreenshotSize);
    // Not one flat colour: the tables and text were drawn.
    CHECK(image.pixel(10, 10) != image.pixel(700, 600));

    CHECK(save_screenshot(w, path_of(tmp, "no/such/folder/window.png")).startsWith(QStringLiteral("cannot write")));
}

TEST_CASE("rackplan-gui --screenshot writes a PNG and says nothing", "[gui][screenshot][binary]") {
    TempDb tmp;
    const QString png = path_of(tmp, "gui.png");
    const Run r = run_gui_binary({QStringLiteral("--db"), path_of(tmp, "x.db"), QStringLiteral("--screenshot"), png}, tmp);
    INFO(r.err.toStdString());
    CHECK(r.code == 0);
    CHECK(r.err.isEmpty());
    const QImage image(png);
    REQUIRE_FALSE(image.isNull());
    CHECK(image.size() == kScreenshotSize);
    CHECK(QFileInfo(path_of(tmp, "x.db")).size() > 0);  // created and seeded
}

TEST_CASE("rackplan-gui reports errors in one line", "[gui][binary]") {
    TempDb tmp;
    SECTION("unwritable screenshot") {
        const Run r = run_gui_binary({QStringLiteral("--db"), path_of(tmp, "x.db"), QStringLiteral("--screenshot"),
                                      path_of(tmp, "missing/dir/gui.png")},
                                     tmp);
        CHECK(r.code == 1);
        CHECK(r.err.startsWith(QStringLiteral("rackplan-gui: cannot write ")));
        CHECK(r.err.count(QLatin1Char('\n')) == 1);
    }
    SECTION("a database that cannot be opened") {
        const Run r = run_gui_binary({QStringLiteral("--db"), QStringLiteral("/proc/rackplan-test/x.db"),
                                      QStringLiteral("--screenshot"), path_of(tmp, "gui.png")},
                                     tmp);
        CHECK(r.code == 1);
        CHECK(r.err.startsWith(QStringLiteral("rackplan-gui: ")));
        CHECK(r.err.contains(QStringLiteral("/proc/rackplan-test")));
        CHECK(r.err.count(QLatin1Char('\n')) == 1);
        CHECK_FALSE(QFileInfo::exists(path_of(tmp, "gui.png")));
    }
    SECTION("an unknown option") {
        const Run r = run_gui_binary({QStringLiteral("--frobnicate")}, tmp);
        CHECK(r.code == 2);
        CHECK(r.err.startsWith(QStringLiteral("rackplan-gui: ")));
        CHECK(r.err.contains(QStringLiteral("frobnicate")));
        CHECK(r.err.count(QLatin1Char('\n')) == 1);
    }
}

TEST_CASE("rackplan-gui --help and --version", "[gui][binary]") {
    TempDb tmp;
    const Run help = run_gui_binary({QStringLiteral("--help")}, tmp);
    CHECK(help.code == 0);
    CHECK(help.out.startsWith(QStringLiteral("Usage: rackplan-gui")));
    CHECK(help.out.contains(QStringLiteral("--screenshot")));
    const Run version = run_gui_binary({QStringLiteral("--version")}, tmp);
    CHECK(version.code == 0);
    CHECK(version.out == QStringLiteral("rackplan-gui ") + QString::fromStdString(io::version_string()) + QLatin1Char('\n'));
}
