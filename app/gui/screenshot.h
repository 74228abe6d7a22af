#pragma once
// Renders a widget at a fixed size into a PNG: README pictures and checks without a display.
#include <QSize>
#include <QString>

class QWidget;

namespace rackplan::gui {

inline constexpr QSize kScreenshotSize{1400, 900};

// Shows `widget` off screen at `size`, grabs it and writes `file` atomically. Returns an
// error message, empty on success.
QString save_screenshot(QWidget& widget, const QString& file, QSize size = kScreenshotSize);

}  // namespace rackplan::gui
