#include "io/validation_run.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <thread>

#include "hw/chip.h"
#include "hw/dtype.h"
#include "hw/system.h"
#include "io/batch_evaluator.h"
#include "kernels/collective.h"
#include "kernels/gemm.h"
#include "kernels/memory.h"

namespace rackplan::io {
namespace {

// Column indexes by name; `missing` names the ones a file lacks.
struct Columns {
    std::map<std::string, std::size_t, std::less<>> index;
    explicit Columns(const CsvRow& header) {
        for (std::size_t i = 0; i < header.size(); ++i) index.emplace(header[i], i);
    }
    [[nodiscard]] std::string missing(std::initializer_list<const char*> names) const {
        std::string out;
        for (const char* n : names)
            if (!index.count(n)) out += (out.empty() ? "" : ", ") + std::string(n);
        return out;
    }
};

const std::string& cell_of(const Columns& c, const CsvRow& row, std::string_view name) {
    static const std::string empty;
    auto it = c.index.find(name);
    return it == c.index.end() || it->second >= row.size() ? empty : row[it->second];
}

// A positive finite number, or nullopt.
std::optional<double> positive(const std::string& text) {
    if (text.empty()) return std::nullopt;
    try {
        std::size_t used = 0;
        const double v = std::stod(text, &used);
        if (used != text.size() || !std::isfinite(v) || v <= 0.0) return std::nullopt;
        return v;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::optional<long long> whole(const std::string& text) {
    const auto v = positive(text);
    if (!v || *v != std::floor(*v) || *v > 9.0e15) return std::nullopt;
    return static_cast<long long>(*v);
}

std::string issues_text(const std::vector<Issue>& issues) {
    std::string out;
    for (const Issue& i : issues) out += (out.empty() ? "" : "; ") + i.path + ": " + i.message;
    return out;
}

std::string value_of(const RowResult& r, std::string_view name) {
    for (const auto& [k, v] : r.values)
        if (k == name) return v;
    return {};
}

std::string used_text(const RowResult& r, bool train) {
    auto v = [&](const char* name) { return value_of(r, name); };
    if (train)
        return "tp" + v("used_tp") + " pp" + v("used_pp") + " dp" + v("used_dp") + " cp" + v("used_cp") + " ep" +
               v("used_ep") + " vpp" + v("used_vpp") + " sp" + v("used_sp") + " zero" + v("used_zero") + " " +
               v("used_recompute") + " mb" + v("used_micro_batch");
    return "tp" + v("used_tp") + " pp" + v("used_pp") + " ep" + v("used_ep") + " batch " + v("used_batch") + " x" +
           v("used_replicas");
}

std::string fmt_shape(long long b, long long m, long long n, long long k) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%s%lldx%lldx%lld", b > 1 ? (std::to_string(b) + " x ").c_str() : "", m, n, k);
    return buf;
}

std::string bytes_text(double b) {
    char buf[32];
    if (b >= 1073741824.0) std::snprintf(buf, sizeof buf, "%g GiB", b / 1073741824.0);
    else if (b >= 1048576.0) std::snprintf(buf, sizeof buf, "%g MiB", b / 1048576.0);
    else std::snprintf(buf, sizeof buf, "%g B", b);
    return buf;
}

// The comparison of one microbenchmark row, or the reason it cannot be made.
struct Outcome {
    std::optional<ValidationRow> row;
    std::string reason;
};

Outcome gemm_row(const engine::EvaluationContext& ctx, const Columns& c, const CsvRow& r, ValidationRow v) {
    auto at = [&](const char* name) -> const std::string& { return cell_of(c, r, name); };
    const hw::Chip* chip = ctx.catalog().find_chip(at("chip"));
    if (!chip) return {std::nullopt, "chip: '" + at("chip") + "' is not in the catalog"};
    const hw::ChipSpec spec = hw::make_spec(*chip);
    kernels::GemmShape s;
    for (auto [name, dim] : {std::pair{"m", &s.m}, {"n", &s.n}, {"k", &s.k}}) {
        const auto x = whole(at(name));
        if (!x) return {std::nullopt, std::string(name) + ": not a positive whole number ('" + at(name) + "')"};
        *dim = *x;
    }
    if (!at("batch").empty()) {
        const auto b = whole(at("batch"));
        if (!b) return {std::nullopt, "batch: not a positive whole number ('" + at("batch") + "')"};
        s.batch = *b;
    }
    const auto dtype = hw::dtype_from(at("dtype"));
    if (!dtype) return {std::nullopt, "dtype: unknown '" + at("dtype") + "'"};
    s.dtype = *dtype;
    kernels::GemmOptions o;
    if (!at("cores").empty()) {
        const auto cores = whole(at("cores"));
        if (!cores) return {std::nullopt, "cores: not a positive whole number ('" + at("cores") + "')"};
        o.cores = static_cast<int>(*cores);
    }
    if (auto it = ctx.calibrations().gemm.find(spec.id); it != ctx.calibrations().gemm.end()) o.calibration = &it->second;
    const kernels::KernelEstimate e = kernels::gemm(spec, s, o);
    if (!e.ok()) return {std::nullopt, issues_text(e.issues)};
    if (v.metric == "tflops") v.predicted = units::to_tflops(e.result->achieved);
    else if (v.metric == "time_s") v.predicted = e.result->time.value();
    else return {std::nullopt, "metric: '" + v.metric + "' is not a gemm figure (tflops, time_s)"};
    v.subject = "gemm " + fmt_shape(s.batch, s.m, s.n, s.k) + " " + std::string(hw::to_string(s.dtype)) + " on " + spec.id +
                (o.cores ? " (" + std::to_string(o.cores) + " of " + std::to_string(spec.cores) + " cores)" : "");
    v.used = e.result->bound;
    v.chip = spec.id;
    return {v, {}};
}

Outcome memory_row(const engine::EvaluationContext& ctx, const Columns& c, const CsvRow& r, ValidationRow v) {
    auto at = [&](const char* name) -> const std::string& { return cell_of(c, r, name); };
    const hw::Chip* chip = ctx.catalog().find_chip(at("chip"));
    if (!chip) return {std::nullopt, "chip: '" + at("chip") + "' is not in the catalog"};
    const auto bytes = positive(at("bytes"));
    if (!bytes) return {std::nullopt, "bytes: empty or not a positive number ('" + at("bytes") + "')"};
    const hw::ChipSpec spec = hw::make_spec(*chip);
    const kernels::KernelEstimate e = kernels::memory_copy(spec, units::Bytes(*bytes));
    if (!e.ok()) return {std::nullopt, issues_text(e.issues)};
    if (v.metric == "gbps") v.predicted = units::to_gbps(e.result->bandwidth);
    else if (v.metric == "time_s") v.predicted = e.result->time.value();
    else return {std::nullopt, "metric: '" + v.metric + "' is not a memory figure (gbps, time_s)"};
    v.subject = "memory copy of " + bytes_text(*bytes) + " on " + spec.id;
    v.used = e.result->bound;
    v.chip = spec.id;
    return {v, {}};
}

Outcome collective_row(const engine::EvaluationContext& ctx, const Columns& c, const CsvRow& r, ValidationRow v,
                       kernels::Collective op) {
    auto at = [&](const char* name) -> const std::string& { return cell_of(c, r, name); };
    const hw::System* system = ctx.catalog().find_system(at("system"));
    if (!system) return {std::nullopt, "system: '" + at("system") + "' is not in the catalog"};
    const auto ranks = whole(at("ranks"));
    if (!ranks || *ranks < 2) return {std::nullopt, "ranks: not a whole number of at least 2 ('" + at("ranks") + "')"};
    long long nodes = 1;
    if (!at("nodes").empty()) {
        const auto n = whole(at("nodes"));
        if (!n || *n > *ranks) return {std::nullopt, "nodes: not a whole number between 1 and ranks ('" + at("nodes") + "')"};
        nodes = *n;
    }
    const auto bytes = positive(at("bytes"));
    if (!bytes) return {std::nullopt, "bytes: empty (the source gives no buffer size) or not a positive number"};
    const std::string& variant = at("variant");
    if (!variant.empty() && variant != "no_nvls")
        return {std::nullopt, "variant: '" + variant + "' is not a collective variant (empty, no_nvls)"};
    const hw::SystemSpec spec = hw::make_spec(*system);
    const int cpn = std::max(1, spec.chips_per_node);
    const long long per_node = nodes > 1 ? (*ranks + nodes - 1) / nodes : std::min<long long>(cpn, *ranks);
    if (per_node > cpn)
        return {std::nullopt, "ranks: " + at("ranks") + " ranks on " + std::to_string(nodes) + " node(s) of " + system->id +
                                  " exceed its " + std::to_string(cpn) + " chips per node"};
    const long long chips = (*ranks + per_node - 1) / per_node * cpn;
    if (chips > (1 << 17)) return {std::nullopt, "ranks: more chips than a network is built for"};
    const auto hardware = ctx.hardware(system->id, static_cast<int>(chips));
    if (!hardware || !hardware->network) return {std::nullopt, "system: cannot build the network of " + system->id};
    kernels::CollectiveRequest q;
    q.op = op;
    q.group.ranks = static_cast<int>(*ranks);
    q.group.ranks_per_node = static_cast<int>(per_node);
    q.bytes = units::Bytes(*bytes);
    q.allow_in_switch_reduction = variant != "no_nvls";
    const kernels::CollectiveEstimate e = hardware->network->estimate(q);
    if (!e.ok()) return {std::nullopt, issues_text(e.issues)};
    if (v.metric == "busbw_gbps") v.predicted = units::to_gbps(e.result->busbw);
    else if (v.metric == "algbw_gbps" || v.metric == "gbps") v.predicted = units::to_gbps(e.result->algbw);
    else if (v.metric == "time_s") v.predicted = e.result->time.value();
    else return {std::nullopt, "metric: '" + v.metric + "' is not a collective figure (busbw_gbps, algbw_gbps, time_s)"};
    v.subject = std::string(kernels::to_string(op)) + " of " + bytes_text(*bytes) + " on " + std::to_string(*ranks) +
                " ranks of " + system->id + (nodes > 1 ? " (" + std::to_string(nodes) + " nodes)" : "") +
                (variant.empty() ? "" : ", " + variant);
    v.used = e.result->algorithm;
    v.system = system->id;
    v.chip = system->chip;
    return {v, {}};
}

}  // namespace

ValidationKindGuess validation_kind(const CsvRow& header) {
    const Columns c(header);
    if (c.index.count("x_metric") || c.index.count("x_measured")) {
        const std::string missing = c.missing({"id", "x_metric", "x_measured"});
        if (!missing.empty()) return {std::nullopt, "a case file needs the columns " + missing};
        return {ValidationKind::cases, {}};
    }
    if (c.index.count("kernel")) {
        const std::string missing = c.missing({"id", "kernel", "metric", "measured"});
        if (!missing.empty()) return {std::nullopt, "a microbenchmark file needs the columns " + missing};
        return {ValidationKind::microbench, {}};
    }
    return {std::nullopt,
            "neither a case file (batch columns with x_metric and x_measured) nor a microbenchmark file (kernel, metric, "
            "measured)"};
}

ValidationRun validate_cases(const engine::EvaluationContext& ctx, const CsvTable& table, int jobs,
                             const std::function<void(std::size_t done)>& progress) {
    ValidationRun run;
    run.kind = ValidationKind::cases;
    const Columns c(table.header);
    if (const std::string missing = c.missing({"id", "x_metric", "x_measured"}); !missing.empty()) {
        run.file_error = "missing column(s): " + missing;
        return run;
    }
    // As `rackplan batch` reads it: a misspelt input column must not be silently ignored.
    if (std::string e = check_batch_header(table.header); !e.empty()) {
        run.file_error = std::move(e);
        return run;
    }
    // Evaluate in parallel, then read the outcomes in the file's order.
    std::vector<RowResult> results(table.rows.size());
    std::atomic<std::size_t> next{0}, done{0};
    auto work = [&] {
        for (std::size_t i = next++; i < table.rows.size(); i = next++) {
            results[i] = evaluate_row(ctx, RowView(table.header, table.rows[i], static_cast<long>(i) + 2));
            const std::size_t n = ++done;
            if (progress) progress(n);
        }
    };
    const int threads = std::clamp(jobs > 0 ? jobs : static_cast<int>(std::thread::hardware_concurrency()), 1,
                                   static_cast<int>(std::max<std::size_t>(table.rows.size(), 1)));
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();

    for (std::size_t i = 0; i < table.rows.size(); ++i) {
        const CsvRow& r = table.rows[i];
        auto at = [&](const char* name) -> const std::string& { return cell_of(c, r, name); };
        ValidationRow v;
        v.id = at("id");
        v.family = at("x_family");
        v.metric = at("x_metric");
        v.trust = at("x_trust");
        auto exclude = [&](std::string why) { run.excluded.push_back({v.id, v.family, v.metric, std::move(why)}); };
        const RowResult& res = results[i];
        const auto measured = positive(at("x_measured"));
        if (!measured) {
            exclude("x_measured: not a positive number ('" + at("x_measured") + "')");
            continue;
        }
        if (res.status != RowStatus::ok) {
            exclude(std::string(to_string(res.status)) + ": " + res.message);
            continue;
        }
        const auto& outputs = batch_output_columns();
        if (v.metric.empty() || std::find(outputs.begin(), outputs.end(), v.metric) == outputs.end()) {
            exclude("x_metric: '" + v.metric + "' is not an output column");
            continue;
        }
        const auto predicted = positive(value_of(res, v.metric));
        if (!predicted) {
            exclude("the row has no " + v.metric + " output");
            continue;
        }
        v.measured = *measured;
        v.predicted = *predicted;
        v.rel_error = v.predicted / v.measured - 1.0;
        const bool train = at("mode") == "train";
        v.subject = at("mode") + " on " + at("system") + " x" + at("chips");
        v.mode = at("mode");
        v.system = at("system");
        if (const hw::System* sys = ctx.catalog().find_system(v.system)) v.chip = sys->chip;
        v.used = used_text(res, train);
        run.rows.push_back(std::move(v));
    }
    return run;
}

ValidationRun validate_microbench(const engine::EvaluationContext& ctx, const CsvTable& table) {
    ValidationRun run;
    run.kind = ValidationKind::microbench;
    const Columns c(table.header);
    if (const std::string missing = c.missing({"id", "kernel", "metric", "measured"}); !missing.empty()) {
        run.file_error = "missing column(s): " + missing;
        return run;
    }
    for (const CsvRow& r : table.rows) {
        auto at = [&](const char* name) -> const std::string& { return cell_of(c, r, name); };
        ValidationRow v;
        v.id = at("id");
        v.family = c.index.count("family") ? at("family") : "5";  // the README: the microbenchmark file is family 5
        v.metric = at("metric");
        v.trust = at("trust");
        const auto measured = positive(at("measured"));
        Outcome o;
        const std::string& kernel = at("kernel");
        v.mode = kernel;
        if (!measured) o.reason = "measured: not a positive number ('" + at("measured") + "')";
        else if (kernel == "gemm") o = gemm_row(ctx, c, r, v);
        else if (kernel == "memory") o = memory_row(ctx, c, r, v);
        else if (auto op = kernels::collective_from_string(kernel)) o = collective_row(ctx, c, r, v, *op);
        else o.reason = "kernel: no emulator for '" + kernel + "'";
        if (!o.row) {
            run.excluded.push_back({v.id, v.family, v.metric, o.reason});
            continue;
        }
        o.row->measured = *measured;
        o.row->rel_error = o.row->predicted / o.row->measured - 1.0;
        run.rows.push_back(std::move(*o.row));
    }
    return run;
}

double median_of(std::vector<double> v) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

std::vector<ValidationGroup> summarize(const std::vector<ValidationRow>& rows, bool trust_ab_only) {
    auto keep = [&](const ValidationRow& r) { return !trust_ab_only || r.trust == "A" || r.trust == "B"; };
    auto group = [&](const std::string& family, const std::string& metric) {
        ValidationGroup g{family, metric, 0, 0.0, 0.0, {}};
        std::vector<double> errs;
        for (const ValidationRow& r : rows) {
            if (!keep(r) || (family != "all" && r.family != family) || (metric != "all" && r.metric != metric)) continue;
            const double e = std::abs(r.rel_error);
            errs.push_back(e);
            if (g.worst.empty() || e > g.max_abs) {
                g.max_abs = e;
                g.worst = r.id;
            }
        }
        g.rows = static_cast<int>(errs.size());
        g.median_abs = median_of(std::move(errs));
        return g;
    };
    std::set<std::pair<std::string, std::string>> pairs;  // (family, metric) in sorted order
    std::set<std::string> metrics;
    for (const ValidationRow& r : rows)
        if (keep(r)) {
            pairs.emplace(r.family, r.metric);
            metrics.insert(r.metric);
        }
    std::vector<ValidationGroup> out;
    for (const auto& [f, m] : pairs) out.push_back(group(f, m));
    for (const std::string& m : metrics) out.push_back(group("all", m));
    if (metrics.size() > 1) out.push_back(group("all", "all"));  // one metric: (all, metric) says it
    return out;
}

}  // namespace rackplan::io
