#include "comparison_input.h"

#include <cstdio>

#include <nlohmann/json.hpp>

namespace rackplan::gui {
namespace {

using nlohmann::json;

constexpr std::string_view kFormat = "rackplan-comparison";
constexpr int kVersion = 1;

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

std::string number_text(double v) {
    char b[40];
    std::snprintf(b, sizeof b, "%.17g", v);
    return b;
}

json layout_json(const parallel::Layout& l) {
    return {{"tp", l.tp},   {"pp", l.pp},           {"cp", l.cp},     {"ep", l.ep},
            {"vpp", l.vpp}, {"micro_batch", l.micro_batch}, {"zero", l.zero}, {"sp", l.sp},
            {"recompute", parallel::to_string(l.recompute)}};
}

// Reads `j` as the schema says or throws with the path of the first bad field.
struct Reader {
    std::string path;

    [[noreturn]] void fail(const std::string& where, const std::string& what) const {
        throw std::runtime_error(where + ": " + what);
    }
    int integer(const json& j, const char* key, const std::string& at, int lo) const {
        const std::string where = at + key;
        if (!j.contains(key)) fail(where, "missing");
        const json& v = j.at(key);
        if (!v.is_number_integer()) fail(where, "must be a whole number");
        const auto n = v.get<long long>();
        if (n < lo || n > 2'000'000'000) fail(where, "must be at least " + std::to_string(lo));
        return static_cast<int>(n);
    }
    std::string text(const json& j, const char* key, const std::string& at) const {
        const std::string where = at + key;
        if (!j.contains(key)) fail(where, "missing");
        if (!j.at(key).is_string()) fail(where, "must be text");
        return j.at(key).get<std::string>();
    }
    std::optional<double> number(const json& j, const char* key, const std::string& at) const {
        if (!j.contains(key) || j.at(key).is_null()) return std::nullopt;
        if (!j.at(key).is_number()) fail(at + key, "must be a number");
        return j.at(key).get<double>();
    }
};

parallel::Layout read_layout(const Reader& r, const json& j, const std::string& at) {
    if (!j.is_object()) r.fail(at, "must be an object");
    parallel::Layout l;
    l.tp = r.integer(j, "tp", at + ".", 1);
    l.pp = r.integer(j, "pp", at + ".", 1);
    l.cp = r.integer(j, "cp", at + ".", 1);
    l.ep = r.integer(j, "ep", at + ".", 1);
    l.vpp = r.integer(j, "vpp", at + ".", 1);
    l.micro_batch = r.integer(j, "micro_batch", at + ".", 1);
    const int zero = r.integer(j, "zero", at + ".", 0);
    if (zero > 3) r.fail(at + ".zero", "must be between 0 and 3");
    l.zero = static_cast<std::int8_t>(zero);
    if (!j.contains("sp") || !j.at("sp").is_boolean()) r.fail(at + ".sp", "must be true or false");
    l.sp = j.at("sp").get<bool>();
    const auto rc = parallel::recompute_from(r.text(j, "recompute", at + "."));
    if (!rc) r.fail(at + ".recompute", "must be none, selective or full");
    l.recompute = *rc;
    l.dp = 1;  // follows the chip count
    return l;
}

}  // namespace

std::string to_json(const ComparisonInput& in) {
    json w{{"seq_len", in.seq_len}, {"global_batch", in.global_batch}, {"dtype", hw::to_string(in.dtype)}};
    if (!in.model.empty()) {
        w["model"] = in.model;
    } else {
        json a{{"name", in.custom.name},
               {"ffn_act", in.custom.ffn_act == workload::FfnActivation::swiglu ? "swiglu" : "gelu"}};
        for (const ArchField& f : kArchFields) a[f.column] = in.custom.*f.field;
        w["architecture"] = a;
    }
    if (in.train_tokens) w["train_tokens"] = *in.train_tokens;
    json j{{"format", kFormat}, {"version", kVersion}, {"workload", w},
           {"layouts", in.layouts == LayoutPolicy::keep ? "keep" : "search"}};
    if (in.utilization) j["utilization"] = *in.utilization;
    json cands = json::array();
    for (const Candidate& c : in.candidates) {
        json cj{{"system", c.system}, {"chips", c.chips}};
        if (in.layouts == LayoutPolicy::keep && c.layout) cj["layout"] = layout_json(*c.layout);
        cands.push_back(cj);
    }
    j["candidates"] = cands;
    return j.dump();
}

InputParse input_from_json(std::string_view text) {
    InputParse out;
    const json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) {
        out.error = "not valid JSON";
        return out;
    }
    try {
        Reader r;
        if (j.is_object() && j.contains("command") && j.contains("flags"))
            r.fail("input", "saved by `rackplan " + j.value("command", std::string("compare")) +
                                "`: see it with `rackplan scenario show`");
        if (!j.is_object() || j.value("format", std::string()) != kFormat)
            r.fail("format", "not a rackplan comparison");
        if (j.value("version", 0) != kVersion) r.fail("version", "must be " + std::to_string(kVersion));
        ComparisonInput in;
        if (!j.contains("workload") || !j.at("workload").is_object()) r.fail("workload", "missing");
        const json& w = j.at("workload");
        in.seq_len = r.integer(w, "seq_len", "workload.", 1);
        in.global_batch = r.integer(w, "global_batch", "workload.", 1);
        const auto dtype = hw::dtype_from(r.text(w, "dtype", "workload."));
        if (!dtype) r.fail("workload.dtype", "unknown dtype");
        in.dtype = *dtype;
        in.train_tokens = r.number(w, "train_tokens", "workload.");
        if (w.contains("model")) {
            in.model = r.text(w, "model", "workload.");
            if (in.model.empty()) r.fail("workload.model", "must not be empty");
        } else {
            if (!w.contains("architecture") || !w.at("architecture").is_object())
                r.fail("workload", "needs a model or an architecture");
            const json& a = w.at("architecture");
            in.custom.id = "custom";
            in.custom.name = r.text(a, "name", "workload.architecture.");
            for (const ArchField& f : kArchFields) in.custom.*f.field = r.integer(a, f.column, "workload.architecture.", 0);
            const std::string act = r.text(a, "ffn_act", "workload.architecture.");
            if (act != "gelu" && act != "swiglu") r.fail("workload.architecture.ffn_act", "must be gelu or swiglu");
            in.custom.ffn_act = act == "swiglu" ? workload::FfnActivation::swiglu : workload::FfnActivation::gelu;
        }
        in.utilization = r.number(j, "utilization", "");
        const std::string layouts = j.value("layouts", std::string("search"));
        if (layouts != "search" && layouts != "keep") r.fail("layouts", "must be search or keep");
        in.layouts = layouts == "keep" ? LayoutPolicy::keep : LayoutPolicy::search;
        if (!j.contains("candidates") || !j.at("candidates").is_array()) r.fail("candidates", "must be a list");
        const json& cs = j.at("candidates");
        for (size_t i = 0; i < cs.size(); ++i) {
            const std::string at = "candidates[" + std::to_string(i) + "]";
            if (!cs[i].is_object()) r.fail(at, "must be an object");
            Candidate c;
            c.system = r.text(cs[i], "system", at + ".");
            c.chips = r.integer(cs[i], "chips", at + ".", 1);
            if (cs[i].contains("layout")) c.layout = read_layout(r, cs[i].at("layout"), at + ".layout");
            in.candidates.push_back(std::move(c));
        }
        out.input = std::move(in);
    } catch (const std::exception& e) {  // Reader::fail and nlohmann type errors
        out.error = e.what();
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> scenario_cells(const ComparisonInput& in, const Candidate& c) {
    std::vector<std::pair<std::string, std::string>> cells{
        {"mode", "train"},
        {"system", c.system},
        {"chips", std::to_string(c.chips)},
        {"seq_len", std::to_string(in.seq_len)},
        {"global_batch", std::to_string(in.global_batch)},
        {"dtype", std::string(hw::to_string(in.dtype))},
    };
    if (!in.model.empty()) {
        cells.emplace_back("model", in.model);
    } else {
        const bool moe = in.custom.experts > 0;
        for (const ArchField& f : kArchFields)
            if (moe || (!moe_only(f.column) && std::string_view(f.column) != "experts"))
                cells.emplace_back(f.column, std::to_string(in.custom.*f.field));
        cells.emplace_back("ffn_act", in.custom.ffn_act == workload::FfnActivation::swiglu ? "swiglu" : "gelu");
    }
    if (in.train_tokens) cells.emplace_back("train_tokens", number_text(*in.train_tokens));
    if (in.utilization) cells.emplace_back("utilization", number_text(*in.utilization));
    if (in.layouts == LayoutPolicy::keep && c.layout) {
        const parallel::Layout& l = *c.layout;
        cells.insert(cells.end(), {{"tp", std::to_string(l.tp)},
                                   {"pp", std::to_string(l.pp)},
                                   {"cp", std::to_string(l.cp)},
                                   {"ep", std::to_string(l.ep)},
                                   {"vpp", std::to_string(l.vpp)},
                                   {"micro_batch", std::to_string(l.micro_batch)},
                                   {"zero", std::to_string(l.zero)},
                                   {"sp", l.sp ? "1" : "0"},
                                   {"recompute", std::string(parallel::to_string(l.recompute))}});
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
    // The custom architecture's name is the user's label for it; the engine never reads it.
    if (parse.scenario && in.model.empty()) parse.scenario->model.name = in.custom.name;
    return parse;
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
