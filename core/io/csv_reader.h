#pragma once
// RFC 4180 CSV: quoted fields with commas, doubled quotes and newlines; CRLF or LF; a UTF-8
// BOM is skipped. Reads incrementally from a stream so large files use bounded memory.
#include <istream>
#include <optional>
#include <string>
#include <vector>

namespace rackplan::io {

using CsvRow = std::vector<std::string>;

class CsvReader {
public:
    explicit CsvReader(std::istream& in);

    // Next record, or nullopt at end of input. A malformed record (a quote inside an
    // unquoted field, an unterminated quoted field) sets error() and returns nullopt.
    std::optional<CsvRow> next();

    [[nodiscard]] const std::string& error() const { return error_; }
    // 1-based line where the last returned record started.
    [[nodiscard]] long line() const { return record_line_; }

private:
    std::istream& in_;
    long line_ = 1;
    long record_line_ = 0;
    bool first_ = true;
    std::string error_;
};

// Whole text at once (tests, small files). Throws nothing: errors come back in `error`.
struct CsvTable {
    CsvRow header;
    std::vector<CsvRow> rows;
    std::string error;
};
CsvTable read_csv_text(const std::string& text);

// One field quoted as RFC 4180 requires (only when it holds , " CR or LF).
std::string csv_escape(const std::string& field);
std::string csv_line(const CsvRow& row);  // joined with ',' and ended with "\n"

}  // namespace rackplan::io
