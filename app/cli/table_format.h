#pragma once
// A small result table and its three renderings: aligned text for people, RFC 4180 CSV and a
// JSON array of objects for machines. Values stay numbers until rendered, so CSV and JSON
// carry full precision while the text table rounds.
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace rackplan::cli {

struct Column {
    std::string key;         // CSV header and JSON key (snake_case)
    std::string title;       // text-table header
    int max_decimals = 3;    // text table only
};

struct Cell {
    std::variant<std::monostate, std::string, double> value;  // monostate = not available
    bool estimate = false;   // text table marks it with '~'

    Cell() = default;
    Cell(std::string s) : value(std::move(s)) {}
    Cell(const char* s) : value(std::string(s)) {}
    Cell(double d, bool est = false) : value(d), estimate(est) {}
    Cell(int i) : value(static_cast<double>(i)) {}
    static Cell missing() { return {}; }
};

struct Table {
    std::vector<Column> columns;
    std::vector<std::vector<Cell>> rows;
};

enum class Format { table, csv, json };
std::optional<Format> format_from(std::string_view s);

// Numbers for people: at most `max_decimals` and 6 significant digits, trailing zeros trimmed.
std::string format_number(double x, int max_decimals = 3);
// Shortest text that reads back as the same double (CSV, figure values as written).
std::string exact_number(double x);

std::string render_text(const Table& t);  // header, then rows; numbers right-aligned
std::string render_csv(const Table& t);   // header of keys; LF line ends
std::string render_json(const Table& t);  // [ {key: value, ...}, ... ], missing = null
std::string render(const Table& t, Format f);

std::string csv_field(std::string_view s);  // quoted when it holds , " CR or LF
size_t display_width(std::string_view utf8);

}  // namespace rackplan::cli
