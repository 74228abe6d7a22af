// `rackplan microbench KERNEL ...`: one emulated kernel microbenchmark (what the user would
// measure on the real part), or a curve of them with --sweep. Chip kernels: gemm, memory,
// attention; collectives: allreduce, allgather, reducescatter, alltoall, sendrecv, broadcast.
// Readable by default; --format json prints one JSON object per point, csv a table. A chip's
// or system's calibration points in the database are applied through the emulators' fits
// unless --uncalibrated.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "kernels/attention.h"
#include "kernels/collective.h"
#include "kernels/collective_calibration.h"
#include "kernels/gemm.h"
#include "kernels/gemm_calibration.h"
#include "kernels/memory.h"
#include "store/calibration_store.h"
#include "store/catalog_store.h"
#include "table_format.h"

namespace rackplan::cli {
namespace {

using Json = nlohmann::ordered_json;

// --- flags as typed --------------------------------------------------------------------

struct Args {
    std::string kernel;
    std::string chip;
    std::string format;  // empty: text for a point, csv for a sweep
    bool sweep = false;
    std::string output;
    bool uncalibrated = false;
    std::string cores;
    // gemm
    std::string m, n, k, batch = "1", dtype = "bf16", sweep_dim;
    // memory, collectives
    std::string bytes;
    // attention
    std::string heads, kv_heads, q_len, kv_len, head_dim = "128";
    bool causal = true;
    // collectives
    std::string system, ranks, ranks_per_node, algorithm;
    bool no_nvls = false;
};

std::int64_t whole(const std::string& flag, const std::string& text, std::int64_t max = std::numeric_limits<int>::max()) {
    std::int64_t v = 0;
    std::size_t used = 0;
    bool ok = !text.empty() && (std::isdigit(static_cast<unsigned char>(text.front())) || text.front() == '-');
    if (ok) {
        try {
            v = std::stoll(text, &used);
        } catch (...) {
            ok = false;
        }
    }
    if (!ok || used != text.size()) throw UsageError(flag + ": expected a whole number, got '" + text + "'");
    if (v <= 0) throw UsageError(flag + ": must be > 0, got " + text);
    if (v > max) throw UsageError(flag + ": must be at most " + std::to_string(max) + ", got " + text);
    return v;
}

// Bytes with an optional unit: KB MB GB TB are powers of 1000; KiB MiB GiB TiB and the bare
// K M G T of nccl-tests' -b/-e are powers of 1024.
double parse_bytes(const std::string& flag, const std::string& text) {
    static const std::map<std::string, double> units{
        {"", 1.0},          {"B", 1.0},           {"K", 1024.0},    {"KiB", 1024.0},   {"M", 1048576.0},
        {"MiB", 1048576.0}, {"G", 1073741824.0},  {"GiB", 1073741824.0},              {"T", 1099511627776.0},
        {"TiB", 1099511627776.0}, {"KB", 1e3},    {"kB", 1e3},      {"MB", 1e6},       {"GB", 1e9},
        {"TB", 1e12}};
    const std::string why = flag + ": expected a whole number of bytes > 0 (units KB MB GB TB, KiB MiB GiB TiB, or K M G T as nccl-tests takes them), got '" + text + "'";
    std::size_t used = 0;
    double v = 0.0;
    try {
        v = std::stod(text, &used);
    } catch (...) {
        throw UsageError(why);
    }
    std::string unit = text.substr(used);
    while (!unit.empty() && unit.front() == ' ') unit.erase(unit.begin());
    const auto it = units.find(unit);
    if (it == units.end() || !std::isfinite(v)) throw UsageError(why);
    const double bytes = v * it->second;
    if (bytes <= 0.0) throw UsageError(flag + ": must be > 0, got '" + text + "'");
    if (bytes != std::floor(bytes) || bytes > 9007199254740992.0) throw UsageError(why);
    return bytes;
}

hw::Dtype parse_dtype(const std::string& text) {
    if (auto d = hw::dtype_from(text)) return *d;
    std::string known;
    for (hw::Dtype d : hw::kAllDtypes) known += (known.empty() ? "" : ", ") + std::string(hw::to_string(d));
    throw UsageError("--dtype: unknown dtype '" + text + "'; known: " + known);
}

// The flag an emulator's issue path is about (gemm.m -> --m, group.ranks_per_node -> ...).
std::string flag_for(const std::string& path) {
    if (path.rfind("chips.", 0) == 0) return "--chip";
    if (path.rfind("system", 0) == 0) return "--system";
    if (path == "group" || path == "chips" || path == "cluster_chips") return "--ranks";
    std::string leaf = path.substr(path.rfind('.') == std::string::npos ? 0 : path.rfind('.') + 1);
    std::replace(leaf.begin(), leaf.end(), '_', '-');
    return "--" + leaf;
}

[[noreturn]] void refuse(const Issues& issues) {
    std::string line;
    for (const Issue& i : issues) line += (line.empty() ? "" : "; ") + flag_for(i.path) + ": " + i.message;
    throw UsageError(line);
}

std::string fmt(double v, int digits = 4) {
    char b[64];
    std::snprintf(b, sizeof b, "%.*g", digits, v);
    return b;
}

std::string time_text(double s) {
    if (s < 1e-3) return fmt(s * 1e6) + " us";
    if (s < 1.0) return fmt(s * 1e3) + " ms";
    return fmt(s) + " s";
}

std::string bytes_text(double b) {
    const char* names[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int i = 0;
    while (b >= 1024.0 && i < 4 && std::fmod(b, 1024.0) == 0.0) {
        b /= 1024.0;
        ++i;
    }
    return fmt(b, 6) + " " + names[i];
}

// --- one point, three renderings -----------------------------------------------------------

struct Point {
    Json json;                       // every field, machine units (s, TFLOP/s, GB/s)
    std::vector<std::string> lines;  // the readable rendering
};

struct Output {
    std::string calibration;  // readable line
    std::vector<Point> points;
};

std::string render_points(const Output& out, const std::string& format) {
    std::string s;
    if (format == "json") {
        for (const Point& p : out.points) s += p.json.dump() + "\n";
        return s;
    }
    if (format == "csv") {
        Table t;
        for (const auto& [key, value] : out.points.front().json.items()) t.columns.push_back({key, key});
        for (const Point& p : out.points) {
            std::vector<Cell> row;
            for (const auto& [key, value] : p.json.items()) {
                if (value.is_number()) row.emplace_back(value.get<double>());
                else if (value.is_boolean()) row.emplace_back(value.get<bool>() ? "true" : "false");
                else if (value.is_string()) row.emplace_back(value.get<std::string>());
                else row.push_back(Cell::missing());
            }
            t.rows.push_back(std::move(row));
        }
        return render_csv(t);
    }
    for (const Point& p : out.points)
        for (const std::string& l : p.lines) s += l + "\n";
    s += "calibration: " + out.calibration + "\n";
    return s;
}

// --- the database side -----------------------------------------------------------------------

struct Hardware {
    hw::Catalog catalog;
    store::Database db;
};

const hw::Chip& find_chip(const hw::Catalog& c, const std::string& id) {
    if (id.empty()) throw UsageError("--chip: required (a chip id)", "try: rackplan catalog list chips");
    const hw::Chip* chip = c.find_chip(id);
    if (!chip) throw UsageError("--chip: unknown chip '" + id + "'", "try: rackplan catalog list chips");
    return *chip;
}

// The GEMM fit of the chip's measured points, when there are points and they are wanted.
struct GemmCal {
    std::optional<kernels::GemmCalibration> fit;
    std::string text;
};

GemmCal gemm_calibration(store::Database& db, const hw::ChipSpec& chip, bool uncalibrated) {
    GemmCal c;
    const std::vector<kernels::GemmPoint> points = store::load_gemm_points(db, chip.id);
    if (points.empty()) {
        c.text = "uncalibrated (no measured GEMM points for " + chip.id + "; see rackplan calibrate import)";
        return c;
    }
    const std::string count = std::to_string(points.size()) + " measured GEMM points";
    if (uncalibrated) {
        c.text = "uncalibrated (--uncalibrated; " + count + " ignored)";
        return c;
    }
    c.fit = kernels::fit_gemm_calibration(chip, points);
    c.text = "calibrated from " + count + ": sustained clock " + fmt(c.fit->clock_fraction.value_or(1.0), 3) +
             " of spec, launch overhead " + time_text(c.fit->launch_overhead.value_or(units::Seconds(0)).value()) +
             ", host overhead " + time_text(c.fit->host_overhead.value_or(units::Seconds(0)).value());
    return c;
}

// --- chip kernels ------------------------------------------------------------------------------

Point gemm_point(const hw::ChipSpec& chip, const kernels::GemmShape& s, const kernels::GemmOptions& o, bool calibrated) {
    const kernels::KernelEstimate e = kernels::gemm(chip, s, o);
    if (!e.ok()) refuse(e.issues);
    const kernels::KernelResult& r = *e.result;
    const int cores = o.cores == 0 ? chip.cores : o.cores;
    Point p;
    p.json = Json{{"kernel", "gemm"},
                  {"chip", chip.id},
                  {"m", s.m},
                  {"n", s.n},
                  {"k", s.k},
                  {"batch", s.batch},
                  {"dtype", hw::to_string(s.dtype)},
                  {"cores", cores},
                  {"time_s", r.time.value()},
                  {"tflops", units::to_tflops(r.achieved)},
                  {"efficiency", r.efficiency},
                  {"bound", r.bound},
                  {"calibrated", calibrated}};
    p.lines = {"gemm " + std::to_string(s.m) + " x " + std::to_string(s.n) + " x " + std::to_string(s.k) +
                   (s.batch > 1 ? " (batch " + std::to_string(s.batch) + ")" : "") + ", " +
                   std::string(hw::to_string(s.dtype)) + ", on " + chip.id + " (" + std::to_string(cores) + " of " +
                   std::to_string(chip.cores) + " cores)",
               "  time        " + time_text(r.time.value()),
               "  throughput  " + fmt(units::to_tflops(r.achieved)) + " TFLOP/s (" + fmt(100.0 * r.efficiency, 3) +
                   " % of the cores' dense peak)",
               "  bound       " + r.bound};
    if (!r.detail.empty()) p.lines.push_back("  detail      " + r.detail);
    return p;
}

// Operands and result must fit the chip's HBM: a larger "GEMM" would be a silent peak figure.
void check_gemm_fits(const hw::ChipSpec& chip, const kernels::GemmShape& s) {
    if (chip.hbm_capacity.value() <= 0.0) return;
    const double e = hw::bytes_per_element(s.dtype);
    const double out = (s.dtype == hw::Dtype::fp32 || s.dtype == hw::Dtype::tf32) ? 4.0 : 2.0;
    const double m = static_cast<double>(s.m), n = static_cast<double>(s.n), k = static_cast<double>(s.k);
    const double bytes = static_cast<double>(s.batch) * (e * (m * k + k * n) + out * m * n);
    if (bytes > chip.hbm_capacity.value())
        throw UsageError("--m/--n/--k: the operands and result take " + fmt(bytes / 1e9) + " GB, more than the " +
                         fmt(chip.hbm_capacity.value() / 1e9) + " GB of HBM on " + chip.id);
}

Output run_gemm(const Args& a, store::Database& db, const hw::Catalog& catalog) {
    const hw::ChipSpec chip = hw::make_spec(find_chip(catalog, a.chip));
    kernels::GemmShape s;
    s.batch = whole("--batch", a.batch);
    s.dtype = parse_dtype(a.dtype);
    kernels::GemmOptions o;
    if (!a.cores.empty()) o.cores = static_cast<int>(whole("--cores", a.cores));
    o.detail = !a.sweep;
    constexpr std::int64_t big = std::numeric_limits<std::int64_t>::max();

    // The shapes first (bad input fails before the calibration fit runs).
    std::vector<kernels::GemmShape> shapes;
    if (!a.sweep) {
        if (!a.sweep_dim.empty()) throw UsageError("--sweep-dim: only with --sweep");
        for (auto [flag, text] : {std::pair{"--m", &a.m}, {"--n", &a.n}, {"--k", &a.k}})
            if (text->empty()) throw UsageError(std::string(flag) + ": required (or --sweep for a curve)");
        s.m = whole("--m", a.m, big);
        s.n = whole("--n", a.n, big);
        s.k = whole("--k", a.k, big);
        check_gemm_fits(chip, s);
        shapes.push_back(s);
    } else {
        // Half-octave steps: 128, 192, 256, 384, ... 16384.
        std::vector<std::int64_t> sizes;
        for (std::int64_t x = 128; x <= 16384; x *= 2) {
            sizes.push_back(x);
            if (x < 16384) sizes.push_back(x + x / 2);
        }
        if (a.sweep_dim.empty()) {
            if (!a.m.empty() || !a.n.empty() || !a.k.empty())
                throw UsageError(
                    "--m/--n/--k: a --sweep runs square sizes 128..16384; add --sweep-dim m|n|k to vary one dimension");
            for (std::int64_t x : sizes) {
                s.m = s.n = s.k = x;
                shapes.push_back(s);
            }
        } else {
            if (a.sweep_dim != "m" && a.sweep_dim != "n" && a.sweep_dim != "k")
                throw UsageError("--sweep-dim: expected m, n or k, got '" + a.sweep_dim + "'");
            for (auto [dim, flag, text] : {std::tuple{"m", "--m", &a.m}, {"n", "--n", &a.n}, {"k", "--k", &a.k}})
                if (a.sweep_dim != dim && text->empty())
                    throw UsageError(std::string(flag) + ": required with --sweep-dim " + a.sweep_dim);
            s.m = a.sweep_dim == "m" ? 0 : whole("--m", a.m, big);
            s.n = a.sweep_dim == "n" ? 0 : whole("--n", a.n, big);
            s.k = a.sweep_dim == "k" ? 0 : whole("--k", a.k, big);
            for (std::int64_t x : sizes) {
                (a.sweep_dim == "m" ? s.m : a.sweep_dim == "n" ? s.n : s.k) = x;
                shapes.push_back(s);
            }
        }
        for (const kernels::GemmShape& x : shapes) check_gemm_fits(chip, x);
    }
    if (const kernels::KernelEstimate e = kernels::gemm(chip, shapes.front(), o); !e.ok()) refuse(e.issues);
    const GemmCal cal = gemm_calibration(db, chip, a.uncalibrated);
    if (cal.fit) o.calibration = &*cal.fit;
    Output out{cal.text, {}};
    for (const kernels::GemmShape& x : shapes) out.points.push_back(gemm_point(chip, x, o, cal.fit.has_value()));
    return out;
}

Point memory_point(const hw::ChipSpec& chip, double bytes, const kernels::MemoryOptions& o) {
    const kernels::KernelEstimate e = kernels::memory_copy(chip, units::Bytes(bytes), o);
    if (!e.ok()) refuse(e.issues);
    const kernels::KernelResult& r = *e.result;
    const int cores = o.cores == 0 ? chip.cores : o.cores;
    Point p;
    p.json = Json{{"kernel", "memory"},
                  {"chip", chip.id},
                  {"bytes", static_cast<std::int64_t>(bytes)},
                  {"cores", cores},
                  {"time_s", r.time.value()},
                  {"gbps", units::to_gbps(r.bandwidth)},
                  {"efficiency", r.efficiency},
                  {"bound", r.bound},
                  {"calibrated", false}};
    p.lines = {"memory copy of " + bytes_text(bytes) + " on " + chip.id + " (" + std::to_string(cores) + " of " +
                   std::to_string(chip.cores) + " cores; bandwidth counts the read and the write)",
               "  time       " + time_text(r.time.value()),
               "  bandwidth  " + fmt(units::to_gbps(r.bandwidth)) + " GB/s (" + fmt(100.0 * r.efficiency, 3) +
                   " % of HBM peak)",
               "  bound      " + r.bound};
    if (!r.detail.empty()) p.lines.push_back("  detail     " + r.detail);
    return p;
}

Output run_memory(const Args& a, const hw::Catalog& catalog) {
    const hw::ChipSpec chip = hw::make_spec(find_chip(catalog, a.chip));
    kernels::MemoryOptions o;
    if (!a.cores.empty()) o.cores = static_cast<int>(whole("--cores", a.cores));
    o.detail = !a.sweep;
    // A copy holds its source and its destination in HBM.
    const double capacity = chip.hbm_capacity.value();
    Output out{"uncalibrated (the copy emulator has no calibration fit)", {}};
    if (!a.sweep) {
        if (a.bytes.empty()) throw UsageError("--bytes: required (or --sweep for a curve)");
        const double bytes = parse_bytes("--bytes", a.bytes);
        if (capacity > 0.0 && 2.0 * bytes > capacity)
            throw UsageError("--bytes: a copy of " + fmt(bytes / 1e9) + " GB needs twice that in HBM; " + chip.id +
                             " has " + fmt(capacity / 1e9) + " GB");
        out.points.push_back(memory_point(chip, bytes, o));
        return out;
    }
    if (!a.bytes.empty()) throw UsageError("--bytes: a --sweep runs 4 KiB..4 GiB; drop --bytes");
    for (double b = 4096.0; b <= 4294967296.0; b *= 2.0) {
        if (capacity > 0.0 && 2.0 * b > capacity) break;
        out.points.push_back(memory_point(chip, b, o));
    }
    return out;
}

Point attention_point(const hw::ChipSpec& chip, const kernels::AttentionShape& s, const kernels::AttentionOptions& o,
                      bool calibrated) {
    const kernels::KernelEstimate e = kernels::attention(chip, s, o);
    if (!e.ok()) refuse(e.issues);
    const kernels::KernelResult& r = *e.result;
    const int cores = o.cores == 0 ? chip.cores : o.cores;
    Point p;
    p.json = Json{{"kernel", "attention"},
                  {"chip", chip.id},
                  {"batch", s.batch},
                  {"heads", s.heads},
                  {"kv_heads", s.kv_heads > 0 ? s.kv_heads : s.heads},
                  {"q_len", s.q_len},
                  {"kv_len", s.kv_len},
                  {"head_dim", s.head_dim},
                  {"causal", s.causal},
                  {"dtype", hw::to_string(s.dtype)},
                  {"cores", cores},
                  {"time_s", r.time.value()},
                  {"tflops", units::to_tflops(r.achieved)},
                  {"gbps", units::to_gbps(r.bandwidth)},
                  {"efficiency", r.efficiency},
                  {"bound", r.bound},
                  {"calibrated", calibrated}};
    p.lines = {"attention batch " + std::to_string(s.batch) + ", " + std::to_string(s.heads) + " heads (" +
                   std::to_string(s.kv_heads > 0 ? s.kv_heads : s.heads) + " KV), q " + std::to_string(s.q_len) +
                   " x kv " + std::to_string(s.kv_len) + ", head_dim " + std::to_string(s.head_dim) + ", " +
                   (s.causal ? "causal" : "non-causal") + ", " + std::string(hw::to_string(s.dtype)) + ", on " +
                   chip.id + " (" + std::to_string(cores) + " of " + std::to_string(chip.cores) + " cores)",
               "  time        " + time_text(r.time.value()),
               "  throughput  " + fmt(units::to_tflops(r.achieved)) + " TFLOP/s (" + fmt(100.0 * r.efficiency, 3) +
                   " % of the cores' dense peak); HBM " + fmt(units::to_gbps(r.bandwidth)) + " GB/s",
               "  bound       " + r.bound};
    if (!r.detail.empty()) p.lines.push_back("  detail      " + r.detail);
    return p;
}

Output run_attention(const Args& a, store::Database& db, const hw::Catalog& catalog) {
    const hw::ChipSpec chip = hw::make_spec(find_chip(catalog, a.chip));
    kernels::AttentionShape s;
    s.batch = whole("--batch", a.batch);
    if (a.heads.empty()) throw UsageError("--heads: required");
    s.heads = whole("--heads", a.heads);
    if (!a.kv_heads.empty()) s.kv_heads = whole("--kv-heads", a.kv_heads);
    s.head_dim = whole("--head-dim", a.head_dim);
    s.causal = a.causal;
    s.dtype = parse_dtype(a.dtype);
    kernels::AttentionOptions o;
    if (!a.cores.empty()) o.cores = static_cast<int>(whole("--cores", a.cores));
    o.detail = !a.sweep;
    std::vector<kernels::AttentionShape> shapes;
    if (!a.sweep) {
        if (a.q_len.empty()) throw UsageError("--q-len: required (1 for decode)");
        s.q_len = whole("--q-len", a.q_len);
        s.kv_len = a.kv_len.empty() ? s.q_len : whole("--kv-len", a.kv_len);
        shapes.push_back(s);
    } else {
        // The curve runs over the sequence: prefill (q = kv) unless --q-len fixes the new tokens.
        if (!a.kv_len.empty()) throw UsageError("--kv-len: a --sweep runs kv_len 128..131072; drop --kv-len");
        const std::int64_t q = a.q_len.empty() ? 0 : whole("--q-len", a.q_len);
        for (std::int64_t kv = 128; kv <= 131072; kv *= 2) {
            if (q > kv) continue;
            s.kv_len = kv;
            s.q_len = q > 0 ? q : kv;
            shapes.push_back(s);
        }
        if (shapes.empty()) throw UsageError("--q-len: longer than every kv_len of the sweep (128..131072)");
    }
    // Shape errors before the calibration fit runs.
    if (const kernels::KernelEstimate e = kernels::attention(chip, shapes.front(), o); !e.ok()) refuse(e.issues);
    const GemmCal cal = gemm_calibration(db, chip, a.uncalibrated);
    if (cal.fit) o.calibration = &*cal.fit;
    Output out{cal.text, {}};
    for (const kernels::AttentionShape& x : shapes) out.points.push_back(attention_point(chip, x, o, cal.fit.has_value()));
    return out;
}

// --- collectives ----------------------------------------------------------------------------

Point collective_point(const kernels::CollectiveModel& model, kernels::CollectiveRequest q, double bytes,
                       const std::string& system, const std::string& chip, bool calibrated) {
    q.bytes = units::Bytes(bytes);
    const kernels::CollectiveEstimate e = model.estimate(q);
    if (!e.ok()) refuse(e.issues);
    const kernels::CollectiveResult& r = *e.result;
    const std::string op(kernels::to_string(q.op));
    Point p;
    p.json = Json{{"kernel", op},
                  {"system", system},
                  {"chip", chip},
                  {"ranks", q.group.ranks},
                  {"ranks_per_node", q.group.ranks_per_node},
                  {"bytes", static_cast<std::int64_t>(bytes)},
                  {"time_s", r.time.value()},
                  {"algbw_gbps", units::to_gbps(r.algbw)},
                  {"busbw_gbps", units::to_gbps(r.busbw)},
                  {"algorithm", r.algorithm},
                  {"detail", r.detail},
                  {"calibrated", calibrated}};
    p.lines = {op + " of " + bytes_text(bytes) + " per rank on " + std::to_string(q.group.ranks) + " ranks of " + system +
                   " (" + std::to_string(q.group.ranks_per_node) + " per node)" +
                   (q.allow_in_switch_reduction ? "" : ", in-switch reduction off"),
               "  time       " + time_text(r.time.value()),
               "  algbw      " + fmt(units::to_gbps(r.algbw)) + " GB/s (bytes / time)",
               "  busbw      " + fmt(units::to_gbps(r.busbw)) + " GB/s (algbw x " +
                   fmt(kernels::bus_bandwidth_factor(q.op, q.group.ranks), 4) + ", as nccl-tests reports it)",
               "  algorithm  " + r.algorithm + (r.detail.empty() ? "" : " (" + r.detail + ")")};
    return p;
}

Output run_collective(const Args& a, kernels::Collective op, store::Database& db, const hw::Catalog& catalog) {
    if (a.system.empty()) throw UsageError("--system: required (a system id)", "try: rackplan catalog list systems");
    const hw::System* system = catalog.find_system(a.system);
    if (!system) throw UsageError("--system: unknown system '" + a.system + "'", "try: rackplan catalog list systems");
    if (!a.chip.empty() && a.chip != system->chip)
        throw UsageError("--chip: " + a.system + " is built from " + system->chip + ", not " + a.chip);
    const hw::ChipSpec chip = hw::make_spec(find_chip(catalog, system->chip));
    const hw::SystemSpec spec = hw::make_spec(*system);
    if (!a.cores.empty()) throw UsageError("--cores: applies to chip kernels, not to collectives");
    if (a.ranks.empty()) throw UsageError("--ranks: required");
    kernels::CollectiveRequest q;
    q.op = op;
    q.group.ranks = static_cast<int>(whole("--ranks", a.ranks));
    if (!a.ranks_per_node.empty()) q.group.ranks_per_node = static_cast<int>(whole("--ranks-per-node", a.ranks_per_node));
    q.algorithm = a.algorithm;
    q.allow_in_switch_reduction = !a.no_nvls;
    const int cpn = std::max(1, spec.chips_per_node);
    if (q.group.ranks_per_node > cpn)
        throw UsageError("--ranks-per-node: a node of " + a.system + " holds " + std::to_string(cpn) + " chips, got " +
                         a.ranks_per_node);
    // Just enough whole nodes for the placement asked for.
    const int per_node = q.group.ranks_per_node > 0 ? q.group.ranks_per_node : cpn;
    const long long chips = ((static_cast<long long>(q.group.ranks) + per_node - 1) / per_node) * cpn;
    if (chips > (1 << 17))
        throw UsageError("--ranks: " + std::to_string(q.group.ranks) + " ranks at " + std::to_string(per_node) +
                         " per node need " + std::to_string(chips) + " chips, more than the 131072 a network is built for");

    kernels::CollectiveOptions options;
    std::string cal_text;
    bool calibrated = false;
    const std::vector<kernels::CollectiveRun> runs = store::load_collective_runs(db, chip.id, a.system);
    std::size_t measured = 0;
    for (const auto& r : runs) measured += r.points.size();
    if (runs.empty()) {
        cal_text = "uncalibrated (no measured collective points for " + chip.id + " on " + a.system +
                   "; see rackplan calibrate import)";
    } else if (a.uncalibrated) {
        cal_text = "uncalibrated (--uncalibrated; " + std::to_string(measured) + " measured points ignored)";
    } else {
        const kernels::CollectiveCalibration cal = kernels::fit_collective_runs(spec, chip, runs);
        options.params = cal.params;
        calibrated = cal.applied();
        if (calibrated) {
            // Name the pairs the fits moved; the rest of a tier keeps its technology defaults.
            const kernels::TierParams defaults = kernels::default_tier_params(spec, chip);
            cal_text = "calibrated from " + std::to_string(measured) + " measured points:";
            for (int t = 0; t < topology::kTierCount; ++t) {
                const auto& p = cal.params[static_cast<std::size_t>(t)];
                if (!p) continue;
                const kernels::LinkParams& d = defaults[static_cast<std::size_t>(t)];
                const std::string tier(topology::to_string(static_cast<topology::Tier>(t)));
                if (p->efficiency != d.efficiency || p->step_overhead != d.step_overhead)
                    cal_text += " " + tier + " efficiency " + fmt(p->efficiency, 3) + ", step overhead " +
                                time_text(p->step_overhead.value()) + ";";
                if (p->in_switch_efficiency != d.in_switch_efficiency || p->in_switch_overhead != d.in_switch_overhead)
                    cal_text += " " + tier + " in-switch efficiency " + fmt(p->in_switch_efficiency, 3) +
                                ", overhead " + time_text(p->in_switch_overhead.value()) + ";";
            }
            cal_text.pop_back();
        } else {
            cal_text = "uncalibrated (" + std::to_string(measured) +
                       " measured points could not be fitted; see rackplan calibrate show)";
        }
    }
    const kernels::CollectiveModel model(spec, chip, static_cast<int>(chips), options);
    if (!model.construction_issues().empty()) refuse(model.construction_issues());
    // The placement the model resolves (0 = fill nodes) is what the output reports.
    if (q.group.ranks_per_node == 0) q.group.ranks_per_node = std::min(cpn, q.group.ranks);
    Output out{cal_text, {}};
    if (!a.sweep) {
        if (a.bytes.empty()) throw UsageError("--bytes: required (bytes per rank, as nccl-tests counts them)");
        out.points.push_back(collective_point(model, q, parse_bytes("--bytes", a.bytes), a.system, chip.id, calibrated));
        return out;
    }
    if (!a.bytes.empty()) throw UsageError("--bytes: a --sweep runs 8 B..8 GiB; drop --bytes");
    for (double b = 8.0; b <= 8589934592.0; b *= 2.0)
        out.points.push_back(collective_point(model, q, b, a.system, chip.id, calibrated));
    return out;
}

int run(const Args& a, const GlobalOptions& global) {
    std::string format = a.format;
    if (format.empty()) format = a.sweep ? "csv" : "text";
    if (format != "text" && format != "json" && format != "csv")
        throw UsageError("--format: expected text, json or csv, got '" + a.format + "'");
    store::Database db = open_db(global);
    const hw::Catalog catalog = store::load_catalog(db);
    Output out;
    if (a.kernel == "gemm")
        out = run_gemm(a, db, catalog);
    else if (a.kernel == "memory")
        out = run_memory(a, catalog);
    else if (a.kernel == "attention")
        out = run_attention(a, db, catalog);
    else
        out = run_collective(a, *kernels::collective_from_string(a.kernel), db, catalog);
    const std::string text = render_points(out, format);
    if (a.output.empty())
        std::cout << text;
    else
        write_file_atomically(a.output, text);
    return kExitOk;
}

}  // namespace

void register_microbench_command(CLI::App& app, Registry& registry) {
    CLI::App* cmd = app.add_subcommand("microbench", "Run one emulated kernel microbenchmark, or a curve with --sweep");
    cmd->require_subcommand(1);
    cmd->fallthrough();
    cmd->footer(
        "Sizes: GB = 1e9 bytes, TFLOP = 1e12. --format json prints one JSON object per point. A chip's or system's\n"
        "measured points (rackplan calibrate import) are applied through the emulators' fits unless --uncalibrated.");
    const GlobalOptions* global = registry.global;

    auto common = [](CLI::App* k, Args& a, bool chip_required) {
        k->add_option("--chip", a.chip, chip_required ? "Chip id (rackplan catalog list chips)" : "Chip id (default: the system's)");
        k->add_option("--format", a.format, "text (default for a point), json (one object per point) or csv (default for --sweep)");
        k->add_flag("--sweep", a.sweep, "Write a CSV curve instead of one point");
        k->add_option("-o,--output", a.output, "Write to this file (atomically) instead of stdout");
        k->add_flag("--uncalibrated", a.uncalibrated, "Ignore calibration points in the database");
    };
    auto chip_kernel = [&](const char* name, const char* help) {
        auto a = std::make_shared<Args>();
        a->kernel = name;
        CLI::App* k = cmd->add_subcommand(name, help);
        common(k, *a, true);
        k->add_option("--cores", a->cores, "Run on N of the chip's cores (SMs, NeuronCores; default all)");
        registry.add(k, [a, global] { return run(*a, *global); });
        return std::pair{k, a};
    };

    {
        auto [k, a] = chip_kernel("gemm", "GEMM batch x (m x k)·(k x n): time and TFLOP/s");
        k->add_option("--m", a->m, "Rows of A and C");
        k->add_option("--n", a->n, "Columns of B and C");
        k->add_option("--k", a->k, "Inner dimension");
        k->add_option("--batch", a->batch, "Independent GEMMs in one call (default 1)");
        k->add_option("--dtype", a->dtype, "Input type: bf16 (default), fp16, fp8, fp32, tf32, mxfp8, fp4, mxfp4, int8");
        k->add_option("--sweep-dim", a->sweep_dim, "With --sweep: vary m, n or k over 128..16384, the others as given");
    }
    {
        auto [k, a] = chip_kernel("memory", "HBM-to-HBM copy: time and GB/s (read + write)");
        k->add_option("--bytes", a->bytes, "Bytes copied (e.g. 1GiB, 4096, 256MB)");
    }
    {
        auto [k, a] = chip_kernel("attention", "Flash-style attention (prefill, or decode with --q-len 1): time and TFLOP/s");
        k->add_option("--batch", a->batch, "Sequences (default 1)");
        k->add_option("--heads", a->heads, "Query heads");
        k->add_option("--kv-heads", a->kv_heads, "KV heads (default: --heads; fewer for GQA/MQA)");
        k->add_option("--q-len", a->q_len, "New tokens per sequence (1 for decode)");
        k->add_option("--kv-len", a->kv_len, "Keys per sequence including the new ones (default: --q-len)");
        k->add_option("--head-dim", a->head_dim, "Head dimension (default 128)");
        k->add_flag("--causal,!--no-causal", a->causal, "Causal mask (default) or none");
        k->add_option("--dtype", a->dtype, "Q/K/V type (default bf16)");
    }
    for (kernels::Collective op : {kernels::Collective::all_reduce, kernels::Collective::all_gather,
                                   kernels::Collective::reduce_scatter, kernels::Collective::all_to_all,
                                   kernels::Collective::send_recv, kernels::Collective::broadcast}) {
        auto a = std::make_shared<Args>();
        a->kernel = std::string(kernels::to_string(op));
        CLI::App* k = cmd->add_subcommand(a->kernel, "Collective " + a->kernel + " on a system's network: time, algbw, busbw");
        common(k, *a, false);
        k->add_option("--system", a->system, "System id (rackplan catalog list systems)");
        k->add_option("--ranks", a->ranks, "Ranks in the group");
        k->add_option("--bytes", a->bytes, "Bytes per rank, as nccl-tests counts them (e.g. 1GiB, 8M, 4096)");
        k->add_option("--ranks-per-node", a->ranks_per_node, "Ranks on each node (default: fill nodes)");
        std::string names;
        for (const auto& n : kernels::algorithm_names()) names += (names.empty() ? "" : ", ") + n;
        k->add_option("--algorithm", a->algorithm, "Force an algorithm instead of the fastest: " + names);
        k->add_flag("--no-nvls", a->no_nvls, "No in-switch reduction (NCCL_NVLS_ENABLE=0)");
        k->add_option("--cores", a->cores, "(chip kernels only)")->group("");
        registry.add(k, [a, global] { return run(*a, *global); });
    }
}

}  // namespace rackplan::cli
