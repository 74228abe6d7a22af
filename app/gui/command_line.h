#pragma once
// rackplan-gui's options. Parsed before QApplication exists, so that --help and --version
// work without a display.
#include <filesystem>
#include <optional>

#include <QString>
#include <QStringList>

namespace rackplan::gui {

struct GuiOptions {
    std::optional<std::filesystem::path> db;   // --db PATH
    std::optional<QString> screenshot;         // --screenshot FILE.png
    std::optional<QString> scenario;           // --scenario NAME: opened and run on start
    std::optional<QString> page;               // --page compare|plan|catalog: shown on start
    std::optional<QString> chart;              // --chart NAME: the Compare page's chart tab shown
    bool help = false;
    bool version = false;
};

struct CommandLine {
    GuiOptions options;
    QString error;  // empty when the arguments are valid
};

// `arguments` includes the program name first, as argv does.
CommandLine parse_command_line(const QStringList& arguments);

QString help_text();

// The chart tab names --chart takes, in tab order.
const QStringList& chart_names();

}  // namespace rackplan::gui
