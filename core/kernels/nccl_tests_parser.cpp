#include "kernels/nccl_tests_parser.h"

#include <charconv>
#include <cmath>

namespace rackplan::kernels {

namespace {

std::vector<std::string_view> split_ws(std::string_view line) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
        std::size_t j = i;
        while (j < line.size() && line[j] != ' ' && line[j] != '\t' && line[j] != '\r') ++j;
        if (j > i) out.push_back(line.substr(i, j - i));
        i = j;
    }
    return out;
}

std::optional<double> number(std::string_view s) {
    double v = 0.0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

}  // namespace

NcclTestsRun parse_nccl_tests(std::string_view text) {
    NcclTestsRun run;
    int line_no = 0;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const std::size_t end = text.find('\n', pos);
        const std::string_view line =
            text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        pos = end == std::string_view::npos ? text.size() + 1 : end + 1;
        ++line_no;
        const auto tok = split_ws(line);
        if (tok.empty()) continue;
        const std::string where = "line " + std::to_string(line_no);
        if (tok.front().front() == '#') {
            // "# Collective test starting: all_reduce_perf" and "#  Rank  0 Group  0 Pid ..."
            const std::string_view rest = line.substr(line.find('#') + 1);
            const auto words = split_ws(rest);
            if (words.size() >= 4 && words[0] == "Collective" && words[1] == "test" && words[2] == "starting:")
                run.collective = std::string(words[3]);
            if (words.size() >= 2 && words[0] == "Rank" && number(words[1])) ++run.ranks;
            continue;
        }
        // NCCL's own debug output (NCCL_DEBUG=INFO/WARN) interleaves with the table.
        if (line.find(" NCCL INFO ") != std::string_view::npos || line.find(" NCCL WARN ") != std::string_view::npos ||
            starts_with(tok.front(), "NCCL"))
            continue;
        // size count type redop [root] | time algbw busbw #wrong | time algbw busbw #wrong
        if (tok.size() < 11 || tok.size() > 13) {
            run.issues.push_back({where,
                                  "expected a nccl-tests row (size count type redop root, then time algbw busbw "
                                  "#wrong for out-of-place and in-place), got " +
                                      std::to_string(tok.size()) + " fields"});
            continue;
        }
        const auto size = number(tok[0]);
        const auto count = number(tok[1]);
        if (!size || *size <= 0.0 || std::floor(*size) != *size) {
            run.issues.push_back(
                {where + ", column size", "not a whole number of bytes > 0: '" + std::string(tok[0]) + "'"});
            continue;
        }
        if (!count || *count < 0.0) {
            run.issues.push_back({where + ", column count", "not an element count: '" + std::string(tok[1]) + "'"});
            continue;
        }
        const std::size_t tail = tok.size() - 8;  // out-of-place time starts here
        bool row_ok = true;
        std::vector<NcclTestsPoint> row;
        for (int half = 0; half < 2; ++half) {
            const std::size_t at = tail + static_cast<std::size_t>(half) * 4;
            const char* names[] = {"time", "algbw", "busbw"};
            double v[3] = {};
            for (int k = 0; k < 3; ++k) {
                const auto x = number(tok[at + static_cast<std::size_t>(k)]);
                if (!x || *x < 0.0) {
                    run.issues.push_back(
                        {where + ", column " + (half ? "in-place " : "out-of-place ") + names[k],
                         "not a number >= 0: '" + std::string(tok[at + static_cast<std::size_t>(k)]) + "'"});
                    row_ok = false;
                    break;
                }
                v[k] = *x;
            }
            if (!row_ok) break;
            // #wrong is a count, or N/A when the run skipped validation (-c 0).
            const std::string_view wrong = tok[at + 3];
            if (wrong != "N/A" && !number(wrong)) {
                run.issues.push_back({where + ", column #wrong", "not a count or N/A: '" + std::string(wrong) + "'"});
                row_ok = false;
                break;
            }
            if (v[0] <= 0.0) {
                run.issues.push_back({where + ", column " + std::string(half ? "in-place" : "out-of-place") + " time",
                                      "a measured time must be > 0"});
                row_ok = false;
                break;
            }
            NcclTestsPoint p;
            p.bytes = units::Bytes(*size);
            p.time = units::microseconds(v[0]);
            p.algbw = units::gigabytes_per_second(v[1]);
            p.busbw = units::gigabytes_per_second(v[2]);
            p.in_place = half == 1;
            p.line = line_no;
            row.push_back(p);
        }
        if (row_ok) run.points.insert(run.points.end(), row.begin(), row.end());
    }
    if (run.points.empty() && run.issues.empty()) run.issues.push_back({"input", "no nccl-tests result rows found"});
    return run;
}

}  // namespace rackplan::kernels
