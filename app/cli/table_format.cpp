#include "table_format.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

namespace rackplan::cli {
namespace {

bool is_number(const Cell& c) { return std::holds_alternative<double>(c.value); }

std::string text_of(const Cell& c, int max_decimals) {
    if (std::holds_alternative<std::monostate>(c.value)) return "-";
    if (const auto* s = std::get_if<std::string>(&c.value)) return *s;
    return (c.estimate ? "~" : "") + format_number(std::get<double>(c.value), max_decimals);
}

}  // namespace

std::optional<Format> format_from(std::string_view s) {
    if (s == "table") return Format::table;
    if (s == "csv") return Format::csv;
    if (s == "json") return Format::json;
    return std::nullopt;
}

std::string format_number(double x, int max_decimals) {
    if (!std::isfinite(x)) return std::isnan(x) ? "nan" : (x > 0 ? "inf" : "-inf");
    int magnitude = x == 0.0 ? 0 : static_cast<int>(std::floor(std::log10(std::fabs(x))));
    int decimals = std::clamp(5 - magnitude, 0, std::max(0, max_decimals));
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
    std::string s = buf;
    if (s.find('.') != std::string::npos) {
        s.erase(s.find_last_not_of('0') + 1);
        if (s.back() == '.') s.pop_back();
    }
    if (s == "-0") s = "0";
    return s;
}

std::string exact_number(double x) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x);
    return ec == std::errc() ? std::string(buf, end) : format_number(x, 17);
}

size_t display_width(std::string_view utf8) {
    // Count code points (bytes that do not continue a sequence); good enough for the
    // Latin text, dashes and symbols a catalog holds.
    return static_cast<size_t>(std::count_if(utf8.begin(), utf8.end(),
                                             [](char ch) { return (static_cast<unsigned char>(ch) & 0xC0) != 0x80; }));
}

std::string render_text(const Table& t) {
    const size_t n = t.columns.size();
    std::vector<std::vector<std::string>> cells;
    std::vector<size_t> width(n, 0);
    std::vector<bool> right(n, false);
    for (size_t c = 0; c < n; ++c) width[c] = display_width(t.columns[c].title);
    for (const auto& row : t.rows) {
        std::vector<std::string> line;
        for (size_t c = 0; c < n; ++c) {
            const Cell& cell = c < row.size() ? row[c] : Cell();
            line.push_back(text_of(cell, t.columns[c].max_decimals));
            width[c] = std::max(width[c], display_width(line.back()));
            if (is_number(cell)) right[c] = true;
        }
        cells.push_back(std::move(line));
    }
    auto emit = [&](const std::vector<std::string>& line, std::string& out) {
        std::string s;
        for (size_t c = 0; c < n; ++c) {
            size_t pad = width[c] - display_width(line[c]);
            if (c) s += "  ";
            if (right[c]) s += std::string(pad, ' ') + line[c];
            else s += line[c] + std::string(pad, ' ');
        }
        s.erase(s.find_last_not_of(' ') + 1);
        out += s + "\n";
    };
    std::string out;
    std::vector<std::string> header;
    for (const auto& col : t.columns) header.push_back(col.title);
    emit(header, out);
    for (const auto& line : cells) emit(line, out);
    return out;
}

std::string csv_field(std::string_view s) {
    if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
    std::string out = "\"";
    for (char ch : s) {
        if (ch == '"') out += '"';
        out += ch;
    }
    return out + "\"";
}

std::string render_csv(const Table& t) {
    std::string out;
    for (size_t c = 0; c < t.columns.size(); ++c) out += (c ? "," : "") + csv_field(t.columns[c].key);
    out += "\n";
    for (const auto& row : t.rows) {
        for (size_t c = 0; c < t.columns.size(); ++c) {
            if (c) out += ",";
            if (c >= row.size()) continue;
            if (const auto* s = std::get_if<std::string>(&row[c].value)) out += csv_field(*s);
            else if (const auto* d = std::get_if<double>(&row[c].value)) out += exact_number(*d);
        }
        out += "\n";
    }
    return out;
}

std::string render_json(const Table& t) {
    nlohmann::ordered_json arr = nlohmann::ordered_json::array();
    for (const auto& row : t.rows) {
        nlohmann::ordered_json obj = nlohmann::ordered_json::object();
        for (size_t c = 0; c < t.columns.size(); ++c) {
            const Cell cell = c < row.size() ? row[c] : Cell();
            auto& slot = obj[t.columns[c].key];
            if (const auto* s = std::get_if<std::string>(&cell.value)) slot = *s;
            else if (const auto* d = std::get_if<double>(&cell.value)) {
                // Whole numbers as integers: "cores": 132, not 132.0.
                if (std::fabs(*d) < 9e15 && *d == std::floor(*d)) slot = static_cast<long long>(*d);
                else slot = *d;
            } else slot = nullptr;
        }
        arr.push_back(std::move(obj));
    }
    return arr.dump(2) + "\n";
}

std::string render(const Table& t, Format f) {
    switch (f) {
        case Format::table: return render_text(t);
        case Format::csv: return render_csv(t);
        case Format::json: return render_json(t);
    }
    return render_text(t);
}

}  // namespace rackplan::cli
