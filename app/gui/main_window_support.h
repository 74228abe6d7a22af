#pragma once
// Small text helpers the main window's files share (main_window*.cpp).
#include <filesystem>

#include <QString>

namespace rackplan::gui {

// Messages go into one status line or one stderr line.
inline QString one_line(QString s) {
    s.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return s.trimmed();
}

inline QString path_text(const std::filesystem::path& p) { return QString::fromStdString(p.string()); }

}  // namespace rackplan::gui
