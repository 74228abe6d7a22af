#include "screenshot.h"

#include <QApplication>
#include <QImageWriter>
#include <QPixmap>
#include <QSaveFile>
#include <QWidget>

namespace rackplan::gui {

QString save_screenshot(QWidget& widget, const QString& file, QSize size) {
    widget.setAttribute(Qt::WA_DontShowOnScreen, true);
    widget.resize(size);
    widget.show();
    QApplication::processEvents();  // lets layouts and resize-to-contents settle
    const QImage image = widget.grab().toImage();
    widget.hide();
    if (image.isNull()) return QStringLiteral("cannot render the window");

    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly)) return QStringLiteral("cannot write %1: %2").arg(file, out.errorString());
    QImageWriter writer(&out, "png");
    if (!writer.write(image)) return QStringLiteral("cannot write %1: %2").arg(file, writer.errorString());
    if (!out.commit()) return QStringLiteral("cannot write %1: %2").arg(file, out.errorString());
    return {};
}

}  // namespace rackplan::gui
