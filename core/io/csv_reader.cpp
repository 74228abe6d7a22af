#include "io/csv_reader.h"

#include <sstream>

namespace rackplan::io {

CsvReader::CsvReader(std::istream& in) : in_(in) {}

std::optional<CsvRow> CsvReader::next() {
    if (!error_.empty()) return std::nullopt;
    if (first_) {
        first_ = false;
        if (in_.peek() == 0xEF) {
            char bom[3];
            in_.read(bom, 3);
            if (!(bom[0] == '\xEF' && bom[1] == '\xBB' && bom[2] == '\xBF')) {
                error_ = "line 1: unexpected bytes at start of file";
                return std::nullopt;
            }
        }
    }
    int c = in_.get();
    if (c == EOF) return std::nullopt;
    record_line_ = line_;
    CsvRow row;
    std::string field;
    bool quoted = false;      // inside a quoted field
    bool was_quoted = false;  // the current field started with a quote
    for (;; c = in_.get()) {
        if (quoted) {
            if (c == EOF) {
                error_ = "line " + std::to_string(record_line_) + ": quoted field is not closed";
                return std::nullopt;
            }
            if (c == '"') {
                if (in_.peek() == '"') {
                    in_.get();
                    field += '"';
                } else {
                    quoted = false;
                }
            } else {
                if (c == '\n') ++line_;
                field += static_cast<char>(c);
            }
            continue;
        }
        if (c == ',') {
            row.push_back(std::move(field));
            field.clear();
            was_quoted = false;
        } else if (c == '"') {
            if (!field.empty() || was_quoted) {
                error_ = "line " + std::to_string(line_) + ": a quote inside an unquoted field";
                return std::nullopt;
            }
            quoted = was_quoted = true;
        } else if (c == '\r' && in_.peek() == '\n') {
            continue;
        } else if (c == '\n' || c == EOF) {
            if (c == '\n') ++line_;
            row.push_back(std::move(field));
            return row;
        } else {
            if (was_quoted) {
                error_ = "line " + std::to_string(line_) + ": text after a closing quote";
                return std::nullopt;
            }
            field += static_cast<char>(c);
        }
    }
}

CsvTable read_csv_text(const std::string& text) {
    std::istringstream in(text);
    CsvReader reader(in);
    CsvTable t;
    bool header = true;
    while (auto row = reader.next()) {
        if (header) {
            t.header = std::move(*row);
            header = false;
        } else if (!(row->size() == 1 && (*row)[0].empty())) {
            t.rows.push_back(std::move(*row));
        }
    }
    t.error = reader.error();
    return t;
}

std::string csv_escape(const std::string& field) {
    if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
    std::string out = "\"";
    for (char ch : field) {
        if (ch == '"') out += '"';
        out += ch;
    }
    return out + "\"";
}

std::string csv_line(const CsvRow& row) {
    std::string s;
    for (size_t i = 0; i < row.size(); ++i) {
        if (i) s += ',';
        s += csv_escape(row[i]);
    }
    return s + "\n";
}

}  // namespace rackplan::io
