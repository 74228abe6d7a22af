#include "report_writer.h"

#include <QApplication>
#include <QBuffer>
#include <QSaveFile>
#include <cstdio>
#include <cstdlib>

#include "report_pdf.h"

namespace rackplan::report {

std::string render_report(const io::report::ReportDocument& doc, io::report::Format format) {
    using io::report::Format;
    switch (format) {
        case Format::html: return io::report::render_html(doc);
        case Format::markdown: return io::report::render_markdown(doc);
        case Format::csv: return io::report::render_csv(doc);
        case Format::pdf: {
            QBuffer buffer;
            buffer.open(QIODevice::WriteOnly);
            write_pdf(doc, buffer);
            return buffer.data().toStdString();
        }
    }
    return {};
}

void write_report(const io::report::ReportDocument& doc, io::report::Format format, const std::filesystem::path& path) {
    QSaveFile file(QString::fromStdString(path.string()));
    auto fail = [&](const QString& why) { throw WriteError("cannot write " + path.string() + ": " + why.toStdString()); };
    if (!file.open(QIODevice::WriteOnly)) fail(file.errorString());
    if (format == io::report::Format::pdf) {
        write_pdf(doc, file);
    } else {
        const std::string text = render_report(doc, format);
        if (file.write(text.data(), static_cast<qint64>(text.size())) != static_cast<qint64>(text.size())) fail(file.errorString());
    }
    if (!file.commit()) fail(file.errorString());
}

HeadlessApplication::HeadlessApplication() {
    if (QCoreApplication::instance()) return;
    if (std::getenv("QT_QPA_PLATFORM") == nullptr) qputenv("QT_QPA_PLATFORM", "offscreen");
    // Qt's own notes (no XDG_RUNTIME_DIR, offscreen font hints) are not the user's business on
    // a command line whose stderr carries its errors; critical and fatal ones still show.
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext&, const QString& message) {
        if (type == QtCriticalMsg || type == QtFatalMsg) fprintf(stderr, "%s\n", qPrintable(message));
    });
    app_ = std::make_unique<QApplication>(argc_, argv_);
}

HeadlessApplication::~HeadlessApplication() = default;

}  // namespace rackplan::report
