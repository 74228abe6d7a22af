#include "comparison_input.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include <nlohmann/json.hpp>

namespace rackplan::gui {
namespace {

using nlohmann::json;

// The custom architecture's integer fields, by their batch column names.
struct ArchField {
    const char* column;
    int workload::Model::*field;
};
constexpr ArchField kArchFields[] = {
    {"layers", &workload::Model::layers},       {"hidden", &workload::Model::hidden},
    {"heads", &workload::Model::heads},         {"kv_heads", &workload::Model::kv_heads},
    {"head_dim", &workload::Model::head_dim},   {"ffn", &workload::Model::ffn},
    {"vocab", &workload::Model::vocab},         {"experts", &workload::Model::experts},
    {"experts_per_token", &workload::Model::experts_per_token},
    {"expert_ffn", &workload::Model::expert_ffn}, {"shared_experts", &workload::Model::shared_experts},
    {"dense_layers", &workload::Model::dense_layers},
};
// Columns parse_scenario reads only for mixture-of-experts models.
bool moe_only(std::string_view column) {
    return column == "experts_per_token" || column == "expert_ffn" || column == "shared_experts" ||
           column == "dense_layers";
}

std::string number_text(double v) { return io::number_text(v); }


}  // namespace

namespace {

// A serving replica keeps tp, pp and ep (its batch follows the SLOs, replicas the chips).
std::vector<std::pair<std::string, std::string>> layout_cells(const parallel::Layout& l, engine::Mode mode) {
    if (mode == engine::Mode::infer)
        return {{"tp", std::to_string(l.tp)}, {"pp", std::to_string(l.pp)}, {"ep", std::to_string(l.ep)}};
    return {{"tp", std::to_string(l.tp)},
            {"pp", std::to_string(l.pp)},
            {"cp", std::to_string(l.cp)},
            {"ep", std::to_string(l.ep)},
            {"vpp", std::to_string(l.vpp)},
            {"micro_batch", std::to_string(l.micro_batch)},
            {"zero", std::to_string(l.zero)},
            {"sp", l.sp ? "1" : "0"},
            {"recompute", std::string(parallel::to_string(l.recompute))}};
}

// The columns each mode's fields write; a request's cells of the other mode are kept as extras.
constexpr std::string_view kTrainColumns[] = {"seq_len", "global_batch", "dtype", "train_tokens"};
constexpr std::string_view kInferColumns[] = {"input_len",  "output_len",  "weight_dtype", "kv_dtype",
                                              "batch",      "ttft_slo_ms", "tpot_slo_ms"};

bool infer(const ComparisonInput& in) { return in.mode == engine::Mode::infer; }

// The workload's cells: everything but system, chips, pricing and layout.
std::vector<std::pair<std::string, std::string>> workload_cells(const ComparisonInput& in) {
    std::vector<std::pair<std::string, std::string>> cells{{"mode", std::string(engine::to_string(in.mode))}};
    if (infer(in)) {
        cells.emplace_back("input_len", std::to_string(in.input_len));
        cells.emplace_back("output_len", std::to_string(in.output_len));
        cells.emplace_back("weight_dtype", in.weight_dtype);
        cells.emplace_back("kv_dtype", in.kv_dtype);
        if (in.batch) cells.emplace_back("batch", std::to_string(*in.batch));
        if (in.ttft_slo_ms) cells.emplace_back("ttft_slo_ms", number_text(*in.ttft_slo_ms));
        if (in.tpot_slo_ms) cells.emplace_back("tpot_slo_ms", number_text(*in.tpot_slo_ms));
    } else {
        cells.emplace_back("seq_len", std::to_string(in.seq_len));
        cells.emplace_back("global_batch", std::to_string(in.global_batch));
        cells.emplace_back("dtype", std::string(hw::to_string(in.dtype)));
    }
    if (!in.model.empty()) {
        cells.emplace_back("model", in.model);
    } else {
        const bool moe = in.custom.experts > 0;
        for (const ArchField& f : kArchFields)
            if (moe || (!moe_only(f.column) && std::string_view(f.column) != "experts"))
                cells.emplace_back(f.column, std::to_string(in.custom.*f.field));
        cells.emplace_back("ffn_act", in.custom.ffn_act == workload::FfnActivation::swiglu ? "swiglu" : "gelu");
    }
    if (!infer(in) && in.train_tokens) cells.emplace_back("train_tokens", number_text(*in.train_tokens));
    for (auto& kv : cost_cells(in)) cells.push_back(std::move(kv));
    // An extra of a column the mode's fields own (a training cell kept while serving, then
    // switched back to training) gives way to the field.
    const size_t own = cells.size();
    for (const auto& kv : in.extra_cells)
        if (std::none_of(cells.begin(), cells.begin() + static_cast<std::ptrdiff_t>(own),
                         [&](const auto& c) { return c.first == kv.first; }))
            cells.push_back(kv);
    return cells;
}

// Text cells of a request as numbers; each failure is an error naming the JSON path.
struct CellReader {
    const io::RunRequest& r;
    std::string error;
    std::optional<int> integer(const char* column, int lo) {
        const std::string* t = r.cell(column);
        if (!t) return std::nullopt;
        int v = 0;
        auto [end, ec] = std::from_chars(t->data(), t->data() + t->size(), v);
        if (ec != std::errc() || end != t->data() + t->size() || v < lo) {
            fail(std::string("workload.") + column, "must be a whole number of at least " + std::to_string(lo) + ", got '" + *t + "'");
            return std::nullopt;
        }
        return v;
    }
    std::optional<double> number(const char* column) {
        const std::string* t = r.cell(column);
        if (!t) return std::nullopt;
        char* end = nullptr;
        const double v = std::strtod(t->c_str(), &end);
        if (t->empty() || *end != '\0' || !std::isfinite(v)) {
            fail(std::string("workload.") + column, "must be a number, got '" + *t + "'");
            return std::nullopt;
        }
        return v;
    }
    void fail(const std::string& path, const std::string& what) {
        if (error.empty()) error = path + ": " + what;
    }
};

// Columns the editors show for `mode`; every other cell of a request is kept as an extra.
bool shown_column(std::string_view c, engine::Mode mode) {
    static constexpr std::string_view shown[] = {"mode", "model", "utilization", "usd_per_kwh", "pue", "years",
                                                  "ffn_act", "chips", "pricing"};
    for (std::string_view s : shown)
        if (s == c) return true;
    for (const ArchField& f : kArchFields)
        if (c == f.column) return true;
    if (mode == engine::Mode::infer) return std::find(std::begin(kInferColumns), std::end(kInferColumns), c) != std::end(kInferColumns);
    return std::find(std::begin(kTrainColumns), std::end(kTrainColumns), c) != std::end(kTrainColumns);
}

// A kept layout from a system's layout cells: training needs every column; a serving replica
// tp, pp and ep (the other columns do not apply to it and are not kept).
std::optional<parallel::Layout> read_layout_cells(const std::vector<std::pair<std::string, std::string>>& cells,
                                                  engine::Mode mode, const std::string& at, std::string& error) {
    if (cells.empty()) return std::nullopt;
    io::RunRequest probe;
    probe.workload = cells;
    CellReader r{probe, {}};
    parallel::Layout l;
    using F = std::pair<const char*, int parallel::Layout::*>;
    const std::vector<F> counts =
        mode == engine::Mode::infer
            ? std::vector<F>{{"tp", &parallel::Layout::tp}, {"pp", &parallel::Layout::pp}, {"ep", &parallel::Layout::ep}}
            : std::vector<F>{{"tp", &parallel::Layout::tp},   {"pp", &parallel::Layout::pp},
                             {"cp", &parallel::Layout::cp},   {"ep", &parallel::Layout::ep},
                             {"vpp", &parallel::Layout::vpp}, {"micro_batch", &parallel::Layout::micro_batch}};
    for (auto [column, field] : counts) {
        if (!probe.cell(column)) r.fail(std::string("workload.") + column, "missing");
        else if (auto v = r.integer(column, 1)) l.*field = *v;
    }
    if (mode == engine::Mode::train) {
        if (auto z = r.integer("zero", 0); z && *z <= 3) l.zero = static_cast<std::int8_t>(*z);
        else if (!r.error.empty() || !probe.cell("zero") || !z) r.fail("workload.zero", "must be 0 to 3");
        const std::string* sp = probe.cell("sp");
        if (!sp || (*sp != "0" && *sp != "1")) r.fail("workload.sp", "must be 0 or 1");
        else l.sp = *sp == "1";
        const std::string* rc = probe.cell("recompute");
        if (auto v = rc ? parallel::recompute_from(*rc) : std::nullopt) l.recompute = *v;
        else r.fail("workload.recompute", "must be none, selective or full");
    }
    l.dp = 1;  // follows the chip count
    if (!r.error.empty()) {
        // "workload.tp: ..." read from the system's layout: name it there.
        error = at + ".layout." + r.error.substr(std::string("workload.").size());
        return std::nullopt;
    }
    return l;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> cost_cells(const ComparisonInput& in) {
    std::vector<std::pair<std::string, std::string>> cells;
    if (in.usd_per_kwh) cells.emplace_back("usd_per_kwh", number_text(*in.usd_per_kwh));
    if (in.pue) cells.emplace_back("pue", number_text(*in.pue));
    if (in.years) cells.emplace_back("years", number_text(*in.years));
    if (in.utilization) cells.emplace_back("utilization", number_text(*in.utilization));
    return cells;
}

io::RunRequest to_request(const ComparisonInput& in, std::string_view kind) {
    io::RunRequest r;
    r.kind = std::string(kind);
    for (const auto& [k, v] : workload_cells(in)) r.set_cell(k, v);
    for (const Candidate& c : in.candidates) {
        // A plan's chips only start its search: 0 leaves it to start at one node.
        io::SystemRequest s{c.system, c.chips > 0 ? std::optional<int>(c.chips) : std::nullopt, c.pricing, {}};
        if (in.layouts == LayoutPolicy::keep && c.layout) s.layout = layout_cells(*c.layout, in.mode);
        std::stable_sort(s.layout.begin(), s.layout.end(), [](const auto& a, const auto& b) {
            const auto& cols = io::layout_columns();
            return std::find(cols.begin(), cols.end(), a.first) < std::find(cols.begin(), cols.end(), b.first);
        });
        r.systems.push_back(std::move(s));
    }
    if (kind == kPlanKind) {
        if (infer(in)) r.requests_per_s = in.requests_per_s;
        else r.demand_days = in.demand_days;
    }
    r.top = in.top;
    r.assumptions.sustained_clock = in.sustained_clock;
    r.uncalibrated = in.uncalibrated;
    r.keep_layouts = in.layouts == LayoutPolicy::keep;
    if (in.model.empty()) r.model_name = in.custom.name;
    return r;
}

InputParse from_request(const io::RunRequest& r) {
    InputParse out;
    out.kind = r.kind;
    CellReader cells{r, {}};
    ComparisonInput in;
    if (const std::string* mode = r.cell("mode")) {
        if (*mode == "infer") in.mode = engine::Mode::infer;
        else if (*mode != "train") cells.fail("workload.mode", "must be train or infer, got '" + *mode + "'");
    }
    const bool serving = infer(in);
    if (const std::string* m = r.cell("model")) {
        in.model = *m;
    } else {
        in.custom.id = "custom";
        in.custom.name = r.model_name.empty() ? std::string("Custom architecture") : r.model_name;
        for (const ArchField& f : kArchFields) {
            if (!r.cell(f.column)) {
                if (moe_only(f.column) || std::string_view(f.column) == "experts") continue;
                cells.fail(std::string("workload.") + f.column,
                           "missing (the desktop application needs a model or every architecture column)");
            } else if (auto v = cells.integer(f.column, 0)) in.custom.*f.field = *v;
        }
        const std::string* act = r.cell("ffn_act");
        if (!act || (*act != "gelu" && *act != "swiglu")) cells.fail("workload.ffn_act", "must be gelu or swiglu");
        else in.custom.ffn_act = *act == "swiglu" ? workload::FfnActivation::swiglu : workload::FfnActivation::gelu;
    }
    // The mode's columns are read strictly. The other mode's, kept as extras, fill its fields
    // where they read (switching modes in the editor starts from them); a bad one stays an extra.
    CellReader other{r, {}};
    CellReader& train = serving ? other : cells;
    CellReader& serve = serving ? cells : other;
    auto required = [&](const char* column, bool of_mode) {
        if (of_mode && !r.cell(column)) cells.fail(std::string("workload.") + column, "missing");
    };
    if (auto v = train.integer("seq_len", 1)) in.seq_len = *v;
    required("seq_len", !serving);
    if (auto v = train.integer("global_batch", 1)) in.global_batch = *v;
    required("global_batch", !serving);
    if (const std::string* d = r.cell("dtype")) {
        if (auto dt = hw::dtype_from(*d)) in.dtype = *dt;
        else train.fail("workload.dtype", "unknown dtype '" + *d + "'");
    }
    in.train_tokens = train.number("train_tokens");
    // Lengths of 0 and unknown formats open: the editor marks them with the row reader's words.
    if (auto v = serve.integer("input_len", 0)) in.input_len = *v;
    required("input_len", serving);
    if (auto v = serve.integer("output_len", 0)) in.output_len = *v;
    required("output_len", serving);
    if (const std::string* d = r.cell("weight_dtype")) in.weight_dtype = *d;
    if (const std::string* d = r.cell("kv_dtype")) in.kv_dtype = *d;
    in.batch = serve.integer("batch", 1);
    in.ttft_slo_ms = serve.number("ttft_slo_ms");
    in.tpot_slo_ms = serve.number("tpot_slo_ms");
    in.utilization = cells.number("utilization");
    in.usd_per_kwh = cells.number("usd_per_kwh");
    in.pue = cells.number("pue");
    in.years = cells.number("years");
    const std::optional<int> chips = cells.integer("chips", 1);
    engine::Pricing pricing = engine::Pricing::own;
    if (const std::string* p = r.cell("pricing")) {
        if (auto v = engine::pricing_from(*p)) pricing = *v;
        else cells.fail("workload.pricing", "unknown pricing '" + *p + "'");
    }
    for (const auto& [k, v] : r.workload)
        if (!shown_column(k, in.mode)) in.extra_cells.emplace_back(k, v);
    for (size_t i = 0; i < r.systems.size() && cells.error.empty(); ++i) {
        const io::SystemRequest& s = r.systems[i];
        const std::string at = "systems[" + std::to_string(i) + "]";
        Candidate c;
        c.system = s.system;
        if (s.chips) c.chips = *s.chips;
        else if (chips) c.chips = *chips;
        else if (r.kind != kPlanKind) cells.fail(at + ".chips", "missing (give it here or as workload.chips)");
        c.pricing = s.pricing.value_or(pricing);
        std::string layout_error;
        c.layout = read_layout_cells(s.layout, in.mode, at, layout_error);
        if (!layout_error.empty()) cells.fail(layout_error.substr(0, layout_error.find(':')),
                                               layout_error.substr(layout_error.find(':') + 2));
        in.candidates.push_back(std::move(c));
    }
    in.layouts = r.keep_layouts ? LayoutPolicy::keep : LayoutPolicy::search;
    in.demand_days = r.demand_days;
    in.requests_per_s = r.requests_per_s;
    in.top = r.top;
    in.sustained_clock = r.assumptions.sustained_clock;
    in.uncalibrated = r.uncalibrated;
    if (!cells.error.empty()) {
        out.error = cells.error;
        return out;
    }
    out.input = std::move(in);
    return out;
}

std::string to_json(const ComparisonInput& in, std::string_view kind) { return io::to_json(to_request(in, kind)).dump(); }

InputParse input_from_json(std::string_view text) {
    InputParse out;
    const json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) {
        out.error = "not valid JSON";
        return out;
    }
    const io::RequestParse parse = io::is_command_input(j)     ? io::request_from_command(j)
                                   : io::is_gui_comparison(j) ? io::request_from_gui_comparison(j)
                                                              : io::parse_request(j);
    if (!parse.request) {
        const Issue& first = parse.issues.front();
        out.error = first.path + ": " + first.message;
        if (parse.issues.size() > 1) out.error += " (and " + std::to_string(parse.issues.size() - 1) + " more)";
        return out;
    }
    return from_request(*parse.request);
}

std::vector<std::pair<std::string, std::string>> scenario_cells(const ComparisonInput& in, const Candidate& c) {
    std::vector<std::pair<std::string, std::string>> cells = workload_cells(in);
    cells.insert(cells.begin() + 1, {{"system", c.system}, {"chips", std::to_string(c.chips)},
                                     {"pricing", std::string(engine::to_string(c.pricing))}});
    if (in.layouts == LayoutPolicy::keep && c.layout) {
        // A kept layout replaces any layout cell of the workload.
        for (auto& kv : layout_cells(*c.layout, in.mode)) {
            auto it = std::find_if(cells.begin(), cells.end(), [&](const auto& x) { return x.first == kv.first; });
            if (it != cells.end()) it->second = kv.second;
            else cells.push_back(std::move(kv));
        }
    }
    return cells;
}



io::ScenarioParse scenario_for(const ComparisonInput& in, const Candidate& c, const hw::Catalog& catalog) {
    std::vector<std::string> header{"id"};
    io::CsvRow row{c.system};
    for (auto& [column, value] : scenario_cells(in, c)) {
        header.push_back(std::move(column));
        row.push_back(std::move(value));
    }
    io::ScenarioParse parse = io::parse_scenario(io::RowView(header, row, 0), catalog);
    if (parse.scenario) parse.scenario->assumptions.sustained_clock = in.sustained_clock;
    // The custom architecture's name is the user's label for it; the engine never reads it.
    if (parse.scenario && in.model.empty()) parse.scenario->model.name = in.custom.name;
    return parse;
}

hw::Dtype compute_dtype(const ComparisonInput& in) {
    if (!infer(in)) return in.dtype;
    return hw::dtype_from(in.weight_dtype).value_or(hw::Dtype::bf16);
}

Issues workload_issues(const ComparisonInput& in, const hw::Catalog& catalog) {
    Candidate probe;
    probe.chips = 1;
    Issues out;
    for (Issue& i : scenario_for(in, probe, catalog).issues)
        if (i.path != "system" && i.path != "chips") out.push_back(std::move(i));
    return out;
}

workload::Model custom_from(const hw::Catalog& catalog, std::string_view id) {
    workload::Model m;
    if (const workload::Model* base = catalog.find_model(id)) m = *base;
    m.id = "custom";
    m.name = m.name.empty() ? std::string("Custom architecture") : m.name + " (custom)";
    m.source.clear();
    m.note.clear();
    return m;
}

}  // namespace rackplan::gui
