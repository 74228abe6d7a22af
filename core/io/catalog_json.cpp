#include "io/catalog_json.h"

#include <cmath>
#include <functional>
#include <set>

#include <nlohmann/json.hpp>

#include "units/unit_table.h"

namespace rackplan::io {
namespace {

using nlohmann::json;
using units::Dimension;

struct FieldRule {
    std::string path;
    Dimension dimension;
    bool required = false;
};

std::vector<FieldRule> chip_rules() {
    std::vector<FieldRule> r;
    for (hw::Engine e : hw::kAllEngines)
        for (hw::Dtype d : hw::kAllDtypes)
            r.push_back({"peak." + std::string(to_string(e)) + "." + std::string(to_string(d)),
                         Dimension::flop_rate});
    r.push_back({"cores", Dimension::count, true});
    for (const char* c : {"tensor", "vector", "scalar", "gpsimd"})
        r.push_back({std::string("clocks.") + c, Dimension::frequency});
    for (const char* m : {"rows", "cols", "units_per_core", "fma_per_clock"})
        r.push_back({std::string("matrix_unit.") + m, Dimension::count});
    for (const char* s : {"sbuf_per_core", "psum_per_core", "smem_per_core", "l2"})
        r.push_back({std::string("sram.") + s, Dimension::bytes});
    r.push_back({"hbm.capacity", Dimension::bytes, true});
    r.push_back({"hbm.bandwidth", Dimension::bandwidth, true});
    r.push_back({"dma.engines", Dimension::count});
    r.push_back({"dma.bandwidth", Dimension::bandwidth});
    r.push_back({"power.tdp", Dimension::power, true});
    r.push_back({"power.idle", Dimension::power});
    r.push_back({"price.unit", Dimension::usd});
    return r;
}

std::vector<FieldRule> system_rules() {
    std::vector<FieldRule> r{
        {"chips_per_node", Dimension::count, true},
        {"nodes_per_domain", Dimension::count, true},
        {"scale_up.links_per_chip", Dimension::count, true},
        {"scale_up.link_bandwidth", Dimension::bandwidth, true},
        {"scale_up.latency", Dimension::time, true},
        {"scale_up.inter_node.links_per_chip", Dimension::count},
        {"scale_up.inter_node.link_bandwidth", Dimension::bandwidth},
        {"scale_up.inter_node.latency", Dimension::time},
        {"host.memory", Dimension::bytes},
        {"host.offload_bandwidth", Dimension::bandwidth},
        {"scale_out.nics_per_node", Dimension::count},
        {"scale_out.nic_bandwidth", Dimension::bandwidth},
        {"scale_out.latency", Dimension::time},
        {"rack_units", Dimension::count},
        {"power.wall", Dimension::power, true},
        {"hbm_capacity_override", Dimension::bytes},
        {"price.capex", Dimension::usd},
        {"price.on_demand", Dimension::usd_per_hour},
        {"price.reserved_1y", Dimension::usd_per_hour},
        {"price.reserved_3y", Dimension::usd_per_hour},
        {"price.capacity_block", Dimension::usd_per_hour},
    };
    return r;
}

std::vector<FieldRule> tier_rules() {
    return {{"radix", Dimension::count, true},
            {"oversubscription", Dimension::ratio, true},
            {"latency", Dimension::time},
            {"bandwidth_per_port", Dimension::bandwidth},
            {"switch_cost_per_port", Dimension::usd_per_port},
            {"optics_cost_per_port", Dimension::usd_per_port},
            {"power_per_port", Dimension::watts_per_port}};
}

std::vector<FieldRule> cost_rules() {
    return {{"usd_per_kwh", Dimension::usd_per_kwh},       {"pue", Dimension::ratio},
            {"years", Dimension::years},                   {"utilization", Dimension::ratio},
            {"cost_of_capital", Dimension::per_year},      {"maintenance_share", Dimension::per_year},
            {"facility_usd_per_kw_month", Dimension::usd_per_kw_month},
            {"installation_share", Dimension::ratio},      {"residual_share", Dimension::ratio}};
}

const std::set<std::string, std::less<>> kZeroAllowed{"residual_share", "installation_share",
                                                      "power.idle"};

std::string join(const std::string& prefix, const std::string& key) {
    return prefix.empty() ? key : prefix + "." + key;
}

std::string units_hint(Dimension d) {
    std::string s;
    for (auto u : units::units_of(d)) s += (s.empty() ? "" : ", ") + std::string(u);
    return s;
}

// Reads one figure object; `where` is its JSON path for messages.
std::optional<hw::Figure> parse_figure(const json& j, const std::string& where, Dimension dim,
                                       bool zero_ok, Issues& issues) {
    bool good = true;
    auto fail = [&](const std::string& sub, const std::string& msg) {
        issues.push_back({sub.empty() ? where : where + "." + sub, msg});
        good = false;
    };
    hw::Figure f;
    for (auto it = j.begin(); it != j.end(); ++it) {
        static const std::set<std::string> known{"value", "unit", "low", "high", "source", "confidence", "note"};
        if (!known.count(it.key())) fail(it.key(), "unknown field in a figure (allowed: value, unit, low, high, source, confidence, note)");
    }
    auto number = [&](const char* key, bool required) -> std::optional<double> {
        if (!j.contains(key)) {
            if (required) fail(key, "missing");
            return std::nullopt;
        }
        const json& v = j.at(key);
        if (!v.is_number()) {
            fail(key, "must be a number, got " + v.dump());
            return std::nullopt;
        }
        double x = v.get<double>();
        if (!std::isfinite(x)) {
            fail(key, "must be finite");
            return std::nullopt;
        }
        return x;
    };
    auto value = number("value", true);
    f.low = number("low", false);
    f.high = number("high", false);
    if (value) {
        f.value = *value;
        if (f.value < 0.0 || (f.value == 0.0 && !zero_ok))
            fail("value", zero_ok ? "must not be negative" : "must be positive, got " + j.at("value").dump());
    }
    if (!j.contains("unit") || !j.at("unit").is_string()) {
        fail("unit", "missing (expected " + std::string(units::dimension_name(dim)) + ": " + units_hint(dim) + ")");
    } else {
        f.unit = j.at("unit").get<std::string>();
        auto u = units::find_unit(f.unit);
        if (!u) fail("unit", "unknown unit '" + f.unit + "' (expected " + units_hint(dim) + ")");
        else if (u->dimension != dim)
            fail("unit", "'" + f.unit + "' is not " + std::string(units::dimension_name(dim)) + " (expected " +
                             units_hint(dim) + ")");
        else f.to_base = u->to_base;
    }
    if (!j.contains("source") || !j.at("source").is_string() || j.at("source").get<std::string>().empty())
        fail("source", "missing: every figure names its source tag");
    else f.source = j.at("source").get<std::string>();
    if (!j.contains("confidence") || !j.at("confidence").is_string()) {
        fail("confidence", "missing (documented, derived or estimate)");
    } else {
        auto c = hw::confidence_from(j.at("confidence").get<std::string>());
        if (!c) fail("confidence", "must be documented, derived or estimate, got " + j.at("confidence").dump());
        else f.confidence = *c;
    }
    if (j.contains("note")) {
        if (!j.at("note").is_string()) fail("note", "must be a string");
        else f.note = j.at("note").get<std::string>();
    }
    if (good && f.confidence == hw::Confidence::estimate && !f.has_range())
        fail("", "an estimate needs low and high");
    if (good && f.low && f.high) {
        if (*f.low > *f.high) fail("low", "low is above high");
        else if (f.value < *f.low || f.value > *f.high) fail("value", "value lies outside [low, high]");
    }
    if (!good) return std::nullopt;
    return f;
}

// Walks an entry: objects with "value" are figures checked against `rules`; keys listed in
// `structural` are left to the caller; anything else is reported as unknown.
void walk_figures(const json& obj, const std::string& prefix, const std::string& where,
                  const std::vector<FieldRule>& rules, const std::set<std::string, std::less<>>& structural,
                  hw::Figures& out, Issues& issues) {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        std::string path = join(prefix, it.key());
        std::string at = where + "." + it.key();
        if (structural.count(path)) continue;
        const json& v = it.value();
        if (v.is_object() && v.contains("value")) {
            auto rule = std::find_if(rules.begin(), rules.end(), [&](const FieldRule& r) { return r.path == path; });
            if (rule == rules.end()) {
                issues.push_back({at, "unknown figure '" + path + "'"});
                continue;
            }
            if (auto f = parse_figure(v, at, rule->dimension, kZeroAllowed.count(path) > 0, issues)) out[path] = *f;
        } else if (v.is_object()) {
            walk_figures(v, path, at, rules, structural, out, issues);
        } else {
            issues.push_back({at, "unknown field '" + path + "'"});
        }
    }
    if (prefix.empty())
        for (const auto& r : rules)
            if (r.required && !out.count(r.path) && !std::any_of(issues.begin(), issues.end(), [&](const Issue& i) {
                    return i.path.rfind(where + "." + r.path, 0) == 0;
                }))
                issues.push_back({where + "." + r.path, "missing required figure"});
}

std::string req_string(const json& j, const char* key, const std::string& where, Issues& issues, bool required = true) {
    if (!j.contains(key)) {
        if (required) issues.push_back({where + "." + key, "missing"});
        return {};
    }
    if (!j.at(key).is_string() || (required && j.at(key).get<std::string>().empty())) {
        issues.push_back({where + "." + key, "must be a non-empty string"});
        return {};
    }
    return j.at(key).get<std::string>();
}

std::vector<int> parse_dims(const json& j, const std::string& where, Issues& issues) {
    std::vector<int> dims;
    if (!j.is_array()) {
        issues.push_back({where, "must be an array of positive integers"});
        return dims;
    }
    for (size_t i = 0; i < j.size(); ++i) {
        if (!j[i].is_number_integer() || j[i].get<long long>() <= 0) {
            issues.push_back({where + "[" + std::to_string(i) + "]", "must be a positive integer"});
            continue;
        }
        dims.push_back(static_cast<int>(j[i].get<long long>()));
    }
    return dims;
}

hw::ScaleUpTier parse_tier(const json& j, const std::string& where, bool allow_reduction, Issues& issues) {
    hw::ScaleUpTier t;
    std::string topo = req_string(j, "topology", where, issues);
    if (!topo.empty()) {
        if (auto k = hw::topology_kind_from(topo)) t.topology = *k;
        else issues.push_back({where + ".topology", "unknown topology '" + topo + "' (switch, torus, ring, full_mesh)"});
    }
    if (j.contains("dims")) t.dims = parse_dims(j.at("dims"), where + ".dims", issues);
    if (j.contains("in_switch_reduction")) {
        if (!allow_reduction || !j.at("in_switch_reduction").is_boolean())
            issues.push_back({where + ".in_switch_reduction", "must be true or false (scale_up only)"});
        else t.in_switch_reduction = j.at("in_switch_reduction").get<bool>();
    }
    return t;
}

void check_keys(const json& j, const std::string& where, const std::set<std::string>& allowed, Issues& issues) {
    for (auto it = j.begin(); it != j.end(); ++it)
        if (!allowed.count(it.key())) issues.push_back({where + "." + it.key(), "unknown field '" + it.key() + "'"});
}

hw::Chip parse_chip(const json& j, const std::string& where, Issues& issues) {
    hw::Chip c;
    c.id = req_string(j, "id", where, issues);
    c.name = req_string(j, "name", where, issues);
    c.vendor = req_string(j, "vendor", where, issues);
    std::string arch = req_string(j, "architecture", where, issues);
    if (!arch.empty()) {
        if (auto a = hw::architecture_from(arch)) c.architecture = *a;
        else issues.push_back({where + ".architecture", "unknown architecture '" + arch + "' (gpu-sm, neuroncore, tpu-mxu, amd-cdna)"});
    }
    c.note = req_string(j, "note", where, issues, false);
    static const std::set<std::string, std::less<>> structural{"id", "name", "vendor", "architecture", "note"};
    walk_figures(j, "", where, chip_rules(), structural, c.figures, issues);
    bool any_tensor = std::any_of(c.figures.begin(), c.figures.end(),
                                  [](const auto& kv) { return kv.first.rfind("peak.tensor.", 0) == 0; });
    if (!any_tensor) issues.push_back({where + ".peak.tensor", "a chip needs at least one tensor-engine dtype"});
    return c;
}

hw::System parse_system(const json& j, const std::string& where, Issues& issues) {
    hw::System s;
    s.id = req_string(j, "id", where, issues);
    s.name = req_string(j, "name", where, issues);
    s.vendor = req_string(j, "vendor", where, issues);
    s.chip = req_string(j, "chip", where, issues);
    std::string kind = req_string(j, "kind", where, issues);
    if (!kind.empty()) {
        if (auto k = hw::system_kind_from(kind)) s.kind = *k;
        else issues.push_back({where + ".kind", "unknown kind '" + kind + "' (instance, server, ultraserver, rack, tpu-slice)"});
    }
    if (!j.contains("scale_up") || !j.at("scale_up").is_object()) {
        issues.push_back({where + ".scale_up", "missing"});
    } else {
        const json& su = j.at("scale_up");
        s.scale_up = parse_tier(su, where + ".scale_up", true, issues);
        if (su.contains("inter_node")) {
            if (!su.at("inter_node").is_object()) issues.push_back({where + ".scale_up.inter_node", "must be an object"});
            else s.inter_node = parse_tier(su.at("inter_node"), where + ".scale_up.inter_node", false, issues);
        }
    }
    if (j.contains("host") && j.at("host").is_object() && j.at("host").contains("cpu")) {
        if (!j.at("host").at("cpu").is_string()) issues.push_back({where + ".host.cpu", "must be a string"});
        else s.host_cpu = j.at("host").at("cpu").get<std::string>();
    }
    s.note = req_string(j, "note", where, issues, false);
    static const std::set<std::string, std::less<>> structural{
        "id", "name", "vendor", "chip", "kind", "note", "scale_up.topology", "scale_up.dims",
        "scale_up.in_switch_reduction", "scale_up.inter_node.topology", "scale_up.inter_node.dims", "host.cpu"};
    walk_figures(j, "", where, system_rules(), structural, s.figures, issues);
    return s;
}

hw::Fabric parse_fabric(const json& j, const std::string& where, Issues& issues) {
    hw::Fabric f;
    f.id = req_string(j, "id", where, issues);
    f.name = req_string(j, "name", where, issues);
    std::string kind = req_string(j, "kind", where, issues);
    if (!kind.empty()) {
        if (auto k = hw::fabric_kind_from(kind)) f.kind = *k;
        else issues.push_back({where + ".kind", "unknown fabric kind '" + kind + "' (fat-tree, rail-optimized)"});
    }
    f.note = req_string(j, "note", where, issues, false);
    check_keys(j, where, {"id", "name", "kind", "tiers", "note"}, issues);
    if (!j.contains("tiers") || !j.at("tiers").is_array() || j.at("tiers").empty()) {
        issues.push_back({where + ".tiers", "must be a non-empty array"});
        return f;
    }
    const auto& tiers = j.at("tiers");
    for (size_t i = 0; i < tiers.size(); ++i) {
        std::string at = where + ".tiers[" + std::to_string(i) + "]";
        hw::Figures figs;
        if (!tiers[i].is_object()) issues.push_back({at, "must be an object"});
        else walk_figures(tiers[i], "", at, tier_rules(), {}, figs, issues);
        f.tiers.push_back(std::move(figs));
    }
    return f;
}

workload::Model parse_model(const json& j, const std::string& where, Issues& issues) {
    workload::Model m;
    m.id = req_string(j, "id", where, issues);
    m.name = req_string(j, "name", where, issues);
    m.source = req_string(j, "source", where, issues);
    m.note = req_string(j, "note", where, issues, false);
    check_keys(j, where,
               {"id", "name", "source", "note", "layers", "hidden", "heads", "kv_heads", "head_dim", "ffn",
                "ffn_act", "vocab", "max_context", "tied_embeddings", "experts", "experts_per_token",
                "expert_ffn", "shared_experts", "dense_layers"},
               issues);
    auto integer = [&](const char* key, int& out, bool required, bool positive) {
        if (!j.contains(key)) {
            if (required) issues.push_back({where + "." + key, "missing"});
            return;
        }
        const json& v = j.at(key);
        if (!v.is_number_integer()) {
            issues.push_back({where + "." + key, "must be an integer, got " + v.dump()});
            return;
        }
        long long x = v.get<long long>();
        if (x < 0 || (positive && x == 0) || x > 100'000'000) {
            issues.push_back({where + "." + key, positive ? "must be a positive integer" : "must not be negative"});
            return;
        }
        out = static_cast<int>(x);
    };
    integer("layers", m.layers, true, true);
    integer("hidden", m.hidden, true, true);
    integer("heads", m.heads, true, true);
    integer("vocab", m.vocab, true, true);
    integer("kv_heads", m.kv_heads, false, true);
    integer("head_dim", m.head_dim, false, true);
    integer("ffn", m.ffn, false, false);
    integer("max_context", m.max_context, false, true);
    integer("experts", m.experts, false, false);
    integer("experts_per_token", m.experts_per_token, false, false);
    integer("expert_ffn", m.expert_ffn, false, false);
    integer("shared_experts", m.shared_experts, false, false);
    integer("dense_layers", m.dense_layers, false, false);
    if (j.contains("ffn_act")) {
        std::string act = j.at("ffn_act").is_string() ? j.at("ffn_act").get<std::string>() : "";
        if (act == "gelu") m.ffn_act = workload::FfnActivation::gelu;
        else if (act == "swiglu") m.ffn_act = workload::FfnActivation::swiglu;
        else issues.push_back({where + ".ffn_act", "must be gelu or swiglu"});
    }
    if (j.contains("tied_embeddings")) {
        if (!j.at("tied_embeddings").is_boolean()) issues.push_back({where + ".tied_embeddings", "must be true or false"});
        else m.tied_embeddings = j.at("tied_embeddings").get<bool>();
    }
    if (m.kv_heads == 0) m.kv_heads = m.heads;
    if (m.head_dim == 0 && m.heads > 0) m.head_dim = m.hidden / m.heads;
    if (m.heads > 0 && m.kv_heads > 0 && m.heads % m.kv_heads != 0)
        issues.push_back({where + ".kv_heads", "heads (" + std::to_string(m.heads) + ") must be a multiple of kv_heads (" +
                                                   std::to_string(m.kv_heads) + ")"});
    if (m.experts > 0) {
        if (m.experts_per_token < 1 || m.experts_per_token > m.experts)
            issues.push_back({where + ".experts_per_token", "must be between 1 and experts"});
        if (m.expert_ffn <= 0) issues.push_back({where + ".expert_ffn", "an MoE model needs expert_ffn"});
        if (m.dense_layers > m.layers) issues.push_back({where + ".dense_layers", "exceeds layers"});
    } else if (m.ffn <= 0) {
        issues.push_back({where + ".ffn", "a dense model needs ffn"});
    }
    return m;
}

template <class T, class Parse>
void parse_array(const json& doc, const char* key, std::vector<T>& out, Issues& issues, Parse parse) {
    if (!doc.contains(key)) return;
    const json& arr = doc.at(key);
    if (!arr.is_array()) {
        issues.push_back({key, "must be an array"});
        return;
    }
    for (size_t i = 0; i < arr.size(); ++i) {
        std::string where = std::string(key) + "[" + std::to_string(i) + "]";
        if (!arr[i].is_object()) {
            issues.push_back({where, "must be an object"});
            continue;
        }
        out.push_back(parse(arr[i], where, issues));
    }
}

void put_figures(json& j, const hw::Figures& figures) {
    for (const auto& [path, f] : figures) {
        json fj{{"value", f.value}, {"unit", f.unit}, {"source", f.source},
                {"confidence", std::string(hw::to_string(f.confidence))}};
        if (f.low) fj["low"] = *f.low;
        if (f.high) fj["high"] = *f.high;
        if (!f.note.empty()) fj["note"] = f.note;
        std::string pointer = "/" + path;
        std::replace(pointer.begin(), pointer.end(), '.', '/');
        j[json::json_pointer(pointer)] = fj;
    }
}

json tier_to_json(const hw::ScaleUpTier& t) {
    json j{{"topology", std::string(hw::to_string(t.topology))}};
    if (!t.dims.empty()) j["dims"] = t.dims;
    return j;
}

}  // namespace

CatalogParse parse_catalog(std::string_view text) {
    json doc;
    try {
        doc = json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
        CatalogParse p;
        p.issues.push_back({"$", std::string("not valid JSON: ") + e.what()});
        return p;
    }
    return parse_catalog_json(doc);
}

CatalogParse parse_catalog_json(const json& doc) {
    CatalogParse p;
    if (!doc.is_object()) {
        p.issues.push_back({"$", "a catalog document must be a JSON object"});
        return p;
    }
    check_keys(doc, "$", {"format", "version", "sources", "chips", "systems", "fabrics", "models", "cost_defaults"},
               p.issues);
    for (auto& i : p.issues) i.path = i.path.substr(2);
    if (!doc.contains("format") || doc.at("format") != "rackplan-catalog")
        p.issues.push_back({"format", "must be \"rackplan-catalog\""});
    if (!doc.contains("version") || doc.at("version") != 1) p.issues.push_back({"version", "must be 1"});
    if (doc.contains("sources")) {
        const json& s = doc.at("sources");
        if (!s.is_object()) p.issues.push_back({"sources", "must be an object of tag: citation"});
        else
            for (auto it = s.begin(); it != s.end(); ++it) {
                if (!it.value().is_string() || it.value().get<std::string>().empty())
                    p.issues.push_back({"sources." + it.key(), "must be a non-empty citation string"});
                else p.catalog.sources[it.key()] = it.value().get<std::string>();
            }
    }
    parse_array(doc, "chips", p.catalog.chips, p.issues, parse_chip);
    parse_array(doc, "systems", p.catalog.systems, p.issues, parse_system);
    parse_array(doc, "fabrics", p.catalog.fabrics, p.issues, parse_fabric);
    parse_array(doc, "models", p.catalog.models, p.issues, parse_model);
    if (doc.contains("cost_defaults")) {
        const json& c = doc.at("cost_defaults");
        if (!c.is_object()) p.issues.push_back({"cost_defaults", "must be an object"});
        else walk_figures(c, "", "cost_defaults", cost_rules(), {}, p.catalog.cost_defaults, p.issues);
    }
    return p;
}

json figures_to_json(const hw::Figures& figures) {
    json j = json::object();
    put_figures(j, figures);
    return j;
}

json chip_to_json(const hw::Chip& c) {
    json j = figures_to_json(c.figures);
    j["id"] = c.id;
    j["name"] = c.name;
    j["vendor"] = c.vendor;
    j["architecture"] = std::string(hw::to_string(c.architecture));
    if (!c.note.empty()) j["note"] = c.note;
    return j;
}

json system_to_json(const hw::System& s) {
    json j = figures_to_json(s.figures);
    j["id"] = s.id;
    j["name"] = s.name;
    j["vendor"] = s.vendor;
    j["kind"] = std::string(hw::to_string(s.kind));
    j["chip"] = s.chip;
    json tier = tier_to_json(s.scale_up);
    for (auto it = tier.begin(); it != tier.end(); ++it) j["scale_up"][it.key()] = it.value();
    if (s.scale_up.in_switch_reduction) j["scale_up"]["in_switch_reduction"] = true;
    if (s.inter_node) {
        json in = tier_to_json(*s.inter_node);
        for (auto it = in.begin(); it != in.end(); ++it) j["scale_up"]["inter_node"][it.key()] = it.value();
    }
    if (!s.host_cpu.empty()) j["host"]["cpu"] = s.host_cpu;
    if (!s.note.empty()) j["note"] = s.note;
    return j;
}

json fabric_to_json(const hw::Fabric& f) {
    json j{{"id", f.id}, {"name", f.name}, {"kind", std::string(hw::to_string(f.kind))}, {"tiers", json::array()}};
    for (const auto& t : f.tiers) j["tiers"].push_back(figures_to_json(t));
    if (!f.note.empty()) j["note"] = f.note;
    return j;
}

json model_to_json(const workload::Model& m) {
    json j{{"id", m.id},           {"name", m.name},         {"source", m.source},
           {"layers", m.layers},   {"hidden", m.hidden},     {"heads", m.heads},
           {"kv_heads", m.kv_heads}, {"head_dim", m.head_dim}, {"ffn", m.ffn},
           {"ffn_act", m.ffn_act == workload::FfnActivation::gelu ? "gelu" : "swiglu"},
           {"vocab", m.vocab},     {"tied_embeddings", m.tied_embeddings}};
    if (m.max_context) j["max_context"] = m.max_context;
    if (!m.note.empty()) j["note"] = m.note;
    if (m.experts) {
        j["experts"] = m.experts;
        j["experts_per_token"] = m.experts_per_token;
        j["expert_ffn"] = m.expert_ffn;
        j["shared_experts"] = m.shared_experts;
        j["dense_layers"] = m.dense_layers;
    }
    return j;
}

json to_json(const hw::Catalog& c) {
    json j{{"format", "rackplan-catalog"}, {"version", 1}};
    j["sources"] = json::object();
    for (const auto& [tag, text] : c.sources) j["sources"][tag] = text;
    j["chips"] = json::array();
    for (const auto& x : c.chips) j["chips"].push_back(chip_to_json(x));
    j["systems"] = json::array();
    for (const auto& x : c.systems) j["systems"].push_back(system_to_json(x));
    j["fabrics"] = json::array();
    for (const auto& x : c.fabrics) j["fabrics"].push_back(fabric_to_json(x));
    j["models"] = json::array();
    for (const auto& x : c.models) j["models"].push_back(model_to_json(x));
    j["cost_defaults"] = figures_to_json(c.cost_defaults);
    return j;
}

std::string dump_catalog(const hw::Catalog& catalog) { return to_json(catalog).dump(2) + "\n"; }

}  // namespace rackplan::io
