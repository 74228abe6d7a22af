// The GUI tests' runner: one QApplication for the whole run, offscreen unless the
// environment chose a platform, and QSettings kept away from the user's real files.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <QApplication>
#include <QStandardPaths>

#include "gui_app.h"

int main(int argc, char** argv) {
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QStandardPaths::setTestModeEnabled(true);
    rackplan::gui::install_message_filter();
    QApplication app(argc, argv);
    rackplan::gui::init_resources();
    return Catch::Session().run(argc, argv);
}
