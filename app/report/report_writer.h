#pragma once
// Writing a report in any format: the entry point the CLI and the GUI's export call.
// PDF needs a QApplication (Qt Charts draws through the widgets stack); headless callers get
// one from HeadlessApplication. Every file is written atomically (QSaveFile: temp + rename),
// so a failed write leaves any old file in place.
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "io/report/report_document.h"
#include "io/report/report_render.h"

class QApplication;

namespace rackplan::report {

// Why a report could not be written ("cannot write /x/y.pdf: Permission denied").
class WriteError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Renders `doc` as `format` into `path`. Throws WriteError.
void write_report(const io::report::ReportDocument& doc, io::report::Format format, const std::filesystem::path& path);

// The bytes of the rendering (PDF included), for previews and tests.
std::string render_report(const io::report::ReportDocument& doc, io::report::Format format);

// A QApplication for a program without one (the CLI): on the offscreen platform unless
// QT_QPA_PLATFORM names another, so it works without a display. Holds nothing when an
// application already exists (the GUI).
class HeadlessApplication {
public:
    HeadlessApplication();
    ~HeadlessApplication();
    HeadlessApplication(const HeadlessApplication&) = delete;
    HeadlessApplication& operator=(const HeadlessApplication&) = delete;

private:
    // QApplication keeps references to argc and argv for its lifetime.
    std::string name_ = "rackplan";
    int argc_ = 1;
    char* argv_[2] = {name_.data(), nullptr};
    std::unique_ptr<QApplication> app_;
};

}  // namespace rackplan::report
