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

}  // namespace rackplan::gui
