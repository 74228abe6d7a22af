#include "kernels/gemm_calibration.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <string>

#include "kernels/chip_traits.h"

namespace rackplan::kernels {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '"')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '"')) s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> split_fields(std::string_view line) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= line.size(); ++i)
        if (i == line.size() || line[i] == ',') {
            out.push_back(trim(line.substr(start, i - start)));
            start = i + 1;
        }
    return out;
}

template <class T>
bool parse_number(std::string_view s, T& out) {
    if (s.empty()) return false;
    if constexpr (std::is_floating_point_v<T>) {
        try {
            std::size_t used = 0;
            out = static_cast<T>(std::stod(std::string(s), &used));
            return used == s.size() && std::isfinite(static_cast<double>(out));
        } catch (...) {
            return false;
        }
    } else {
        auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
        return ec == std::errc() && ptr == s.data() + s.size();
    }
}

// Parameters in fit space: clock fraction, launch overhead / 10 µs, host overhead / 10 µs.
using Vec = std::array<double, 3>;
constexpr Vec kLow{0.3, 0.0, 0.0};
constexpr Vec kHigh{1.0, 5.0, 10.0};
constexpr double kScale = 1e-5;

Vec clamp(Vec x) {
    for (int i = 0; i < 3; ++i) x[i] = std::clamp(x[i], kLow[i], kHigh[i]);
    return x;
}

GemmCalibration to_calibration(const hw::ChipSpec& chip, const Vec& x) {
    GemmCalibration c;
    c.chip_id = chip.id;
    c.clock_fraction = x[0];
    c.launch_overhead = units::Seconds(x[1] * kScale);
    c.host_overhead = units::Seconds(x[2] * kScale);
    return c;
}

double objective(const hw::ChipSpec& chip, const std::vector<GemmPoint>& pts, const Vec& x) {
    const GemmCalibration cal = to_calibration(chip, clamp(x));
    GemmOptions o;
    o.calibration = &cal;
    double sum = 0.0;
    for (const GemmPoint& p : pts) {
        const GemmShape s{p.m, p.n, p.k, p.batch, p.dtype};
        const KernelEstimate e = gemm(chip, s, o);
        if (!e.result) continue;
        const double r = std::log(e.result->achieved.value() / p.measured.value());
        sum += r * r;
    }
    return sum;
}

// Nelder-Mead on the box (points are clamped into it), from one start.
Vec nelder_mead(const hw::ChipSpec& chip, const std::vector<GemmPoint>& pts, Vec start, double& best_value) {
    std::array<Vec, 4> simplex{};
    std::array<double, 4> value{};
    simplex[0] = clamp(start);
    const Vec step{0.08, 0.5, 1.0};
    for (int i = 0; i < 3; ++i) {
        Vec v = simplex[0];
        v[i] = v[i] + step[i] <= kHigh[i] ? v[i] + step[i] : v[i] - step[i];
        simplex[i + 1] = clamp(v);
    }
    for (int i = 0; i < 4; ++i) value[i] = objective(chip, pts, simplex[i]);
    for (int iter = 0; iter < 300; ++iter) {
        std::array<int, 4> order{0, 1, 2, 3};
        std::sort(order.begin(), order.end(), [&](int a, int b) { return value[a] < value[b]; });
        const int lo = order[0], hi = order[3], second = order[2];
        if (value[hi] - value[lo] < 1e-10 * (1.0 + value[lo])) break;
        Vec centroid{};
        for (int i : {order[0], order[1], order[2]})
            for (int d = 0; d < 3; ++d) centroid[d] += simplex[i][d] / 3.0;
        auto along = [&](double t) {
            Vec v;
            for (int d = 0; d < 3; ++d) v[d] = centroid[d] + t * (simplex[hi][d] - centroid[d]);
            return clamp(v);
        };
        const Vec reflected = along(-1.0);
        const double fr = objective(chip, pts, reflected);
        if (fr < value[lo]) {
            const Vec expanded = along(-2.0);
            const double fe = objective(chip, pts, expanded);
            if (fe < fr) { simplex[hi] = expanded; value[hi] = fe; }
            else { simplex[hi] = reflected; value[hi] = fr; }
        } else if (fr < value[second]) {
            simplex[hi] = reflected;
            value[hi] = fr;
        } else {
            const Vec contracted = along(fr < value[hi] ? -0.5 : 0.5);
            const double fc = objective(chip, pts, contracted);
            if (fc < std::min(fr, value[hi])) {
                simplex[hi] = contracted;
                value[hi] = fc;
            } else {  // shrink towards the best vertex
                for (int i : {order[1], order[2], order[3]}) {
                    for (int d = 0; d < 3; ++d) simplex[i][d] = simplex[lo][d] + 0.5 * (simplex[i][d] - simplex[lo][d]);
                    value[i] = objective(chip, pts, simplex[i]);
                }
            }
        }
    }
    int best = 0;
    for (int i = 1; i < 4; ++i)
        if (value[i] < value[best]) best = i;
    best_value = value[best];
    return simplex[best];
}

}  // namespace

GemmPointsParse parse_gemm_points(std::string_view text) {
    GemmPointsParse out;
    std::size_t pos = 0;
    int row = 0;
    int col_m = -1, col_n = -1, col_k = -1, col_dtype = -1, col_tflops = -1, col_batch = -1;
    bool header = false;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = trim(text.substr(pos, end - pos));
        pos = end + 1;
        ++row;
        if (line.empty() || line.front() == '#') continue;
        const auto fields = split_fields(line);
        if (!header) {
            for (int i = 0; i < static_cast<int>(fields.size()); ++i) {
                const std::string_view f = fields[i];
                if (f == "m") col_m = i;
                else if (f == "n") col_n = i;
                else if (f == "k") col_k = i;
                else if (f == "dtype") col_dtype = i;
                else if (f == "tflops") col_tflops = i;
                else if (f == "batch") col_batch = i;
            }
            header = true;
            for (auto [col, name] : {std::pair{col_m, "m"}, {col_n, "n"}, {col_k, "k"}, {col_dtype, "dtype"}, {col_tflops, "tflops"}})
                if (col < 0) out.issues.push_back({"row 1, column " + std::string(name), "header lacks column " + std::string(name)});
            if (!out.issues.empty()) return out;
            continue;
        }
        const std::string where = "row " + std::to_string(row) + ", column ";
        auto field = [&](int col) { return col >= 0 && col < static_cast<int>(fields.size()) ? fields[col] : std::string_view{}; };
        GemmPoint p;
        bool ok = true;
        for (auto [col, name, dst] : {std::tuple{col_m, "m", &p.m}, {col_n, "n", &p.n}, {col_k, "k", &p.k}}) {
            if (!parse_number(field(col), *dst) || *dst <= 0) {
                out.issues.push_back({where + name, "expected a positive integer, got '" + std::string(field(col)) + "'"});
                ok = false;
            }
        }
        if (col_batch >= 0 && !field(col_batch).empty() && (!parse_number(field(col_batch), p.batch) || p.batch <= 0)) {
            out.issues.push_back({where + "batch", "expected a positive integer, got '" + std::string(field(col_batch)) + "'"});
            ok = false;
        }
        if (auto d = hw::dtype_from(field(col_dtype))) p.dtype = *d;
        else {
            out.issues.push_back({where + "dtype", "unknown dtype '" + std::string(field(col_dtype)) + "'"});
            ok = false;
        }
        double tflops = 0.0;
        if (!parse_number(field(col_tflops), tflops) || tflops <= 0.0) {
            out.issues.push_back({where + "tflops", "expected a positive number, got '" + std::string(field(col_tflops)) + "'"});
            ok = false;
        }
        p.measured = units::teraflops_per_second(tflops);
        if (ok) out.points.push_back(p);
    }
    if (!header) out.issues.push_back({"row 1", "empty file: expected a header m,n,k,dtype,tflops"});
    return out;
}

GemmFitError gemm_fit_error(const hw::ChipSpec& chip, const std::vector<GemmPoint>& points, const GemmCalibration* calibration) {
    GemmFitError err;
    GemmOptions o;
    o.calibration = calibration;
    std::vector<double> rel;
    double sq = 0.0;
    for (const GemmPoint& p : points) {
        const KernelEstimate e = gemm(chip, {p.m, p.n, p.k, p.batch, p.dtype}, o);
        if (!e.result) continue;
        const double ratio = e.result->achieved.value() / p.measured.value();
        rel.push_back(std::abs(ratio - 1.0));
        sq += std::log(ratio) * std::log(ratio);
    }
    err.points = static_cast<int>(rel.size());
    if (rel.empty()) return err;
    std::sort(rel.begin(), rel.end());
    const std::size_t n = rel.size();
    err.median_abs_rel = n % 2 ? rel[n / 2] : 0.5 * (rel[n / 2 - 1] + rel[n / 2]);
    err.max_abs_rel = rel.back();
    err.rms_log = std::sqrt(sq / static_cast<double>(n));
    return err;
}

GemmCalibration fit_gemm_calibration(const hw::ChipSpec& chip, const std::vector<GemmPoint>& points) {
    const double f0 = sustained_clock_fraction(chip, hw::Dtype::bf16, 1.0);
    const std::array<Vec, 3> starts{Vec{f0, 0.4, 0.0}, Vec{0.8, 0.4, 1.5}, Vec{0.65, 0.2, 3.0}};
    Vec best{};
    double best_value = std::numeric_limits<double>::infinity();
    for (const Vec& s : starts) {
        double v = 0.0;
        Vec x = nelder_mead(chip, points, s, v);
        x = nelder_mead(chip, points, x, v);  // restart: Nelder-Mead stalls on kinks of max()
        if (v < best_value) {
            best_value = v;
            best = x;
        }
    }
    return to_calibration(chip, clamp(best));
}

}  // namespace rackplan::kernels
