#include "io/scenario_row.h"

#include <charconv>
#include <cmath>

namespace rackplan::io {
namespace {

using engine::Mode;

class Reader {
public:
    Reader(const RowView& row, Issues& issues) : row_(row), issues_(issues) {}

    const std::string& text(std::string_view col) const { return row_.cell(col); }
    bool given(std::string_view col) const { return !row_.cell(col).empty(); }
    void error(std::string_view col, const std::string& msg) { issues_.push_back({std::string(col), msg}); }

    // A whole number in [lo, hi]; empty → nullopt.
    std::optional<int> integer(std::string_view col, long long lo, long long hi = 2'000'000'000) {
        const std::string& s = text(col);
        if (s.empty()) return std::nullopt;
        long long v = 0;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc() || p != s.data() + s.size()) {
            error(col, "not a whole number: '" + s + "'");
            return std::nullopt;
        }
        if (v < lo || v > hi) {
            error(col, "must be " + (hi >= 2'000'000'000 ? "at least " + std::to_string(lo)
                                                          : "between " + std::to_string(lo) + " and " + std::to_string(hi)) +
                           ", got " + s);
            return std::nullopt;
        }
        return static_cast<int>(v);
    }

    // A finite number > 0 (or >= 0 when zero_ok); empty → nullopt.
    std::optional<double> number(std::string_view col, bool zero_ok = false, double max = HUGE_VAL) {
        const std::string& s = text(col);
        if (s.empty()) return std::nullopt;
        double v = 0;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v)) {
            error(col, "not a number: '" + s + "'");
            return std::nullopt;
        }
        if (v < 0 || (v == 0 && !zero_ok) || v > max) {
            error(col, std::string(zero_ok ? "must not be negative" : "must be positive") +
                           (max < HUGE_VAL ? " and at most " + std::to_string(max).substr(0, 4) : "") + ", got " + s);
            return std::nullopt;
        }
        return v;
    }

    std::optional<hw::Dtype> dtype(std::string_view col, std::initializer_list<hw::Dtype> allowed) {
        const std::string& s = text(col);
        if (s.empty()) return std::nullopt;
        auto d = hw::dtype_from(s);
        bool ok = d && std::find(allowed.begin(), allowed.end(), *d) != allowed.end();
        if (!ok) {
            std::string list;
            for (hw::Dtype a : allowed) list += (list.empty() ? "" : ", ") + std::string(hw::to_string(a));
            error(col, "unknown dtype '" + s + "' (one of " + list + ")");
            return std::nullopt;
        }
        return d;
    }

private:
    const RowView& row_;
    Issues& issues_;
};

void read_model(Reader& r, const hw::Catalog& catalog, engine::Scenario& sc) {
    workload::Model& m = sc.model;
    if (r.given("model")) {
        const workload::Model* base = catalog.find_model(r.text("model"));
        if (!base) {
            r.error("model", "unknown model '" + r.text("model") + "' (see rackplan catalog list models)");
            return;
        }
        m = *base;
    } else {
        m.id = "custom";
        m.name = "custom architecture";
        for (const char* col : {"layers", "hidden", "heads"})
            if (!r.given(col)) r.error(col, "required when model is empty");
    }
    bool custom = !r.given("model");
    auto set = [&](const char* col, int& field, long long lo) {
        if (auto v = r.integer(col, lo)) field = *v;
    };
    set("layers", m.layers, 1);
    set("hidden", m.hidden, 1);
    set("heads", m.heads, 1);
    set("kv_heads", m.kv_heads, 1);
    set("head_dim", m.head_dim, 1);
    set("ffn", m.ffn, 1);
    set("vocab", m.vocab, 1);
    set("experts", m.experts, 0);
    set("experts_per_token", m.experts_per_token, 1);
    set("expert_ffn", m.expert_ffn, 1);
    set("shared_experts", m.shared_experts, 0);
    set("dense_layers", m.dense_layers, 0);
    if (custom) {
        if (!r.given("kv_heads")) m.kv_heads = m.heads;
        if (!r.given("head_dim") && m.heads > 0) m.head_dim = m.hidden / m.heads;
        if (!r.given("ffn")) m.ffn = 4 * m.hidden;
        if (!r.given("vocab")) m.vocab = 51200;
        m.ffn_act = (!r.given("ffn") || m.ffn == 4 * m.hidden) ? workload::FfnActivation::gelu
                                                                 : workload::FfnActivation::swiglu;
    }
    if (r.given("ffn_act")) {
        if (r.text("ffn_act") == "gelu") m.ffn_act = workload::FfnActivation::gelu;
        else if (r.text("ffn_act") == "swiglu") m.ffn_act = workload::FfnActivation::swiglu;
        else r.error("ffn_act", "must be gelu or swiglu, got '" + r.text("ffn_act") + "'");
    }
    if (m.heads > 0 && m.kv_heads > 0 && m.heads % m.kv_heads != 0)
        r.error("kv_heads", "heads (" + std::to_string(m.heads) + ") must be a multiple of kv_heads (" +
                                std::to_string(m.kv_heads) + ")");
    if (custom && !r.given("head_dim") && m.heads > 0 && m.hidden % m.heads != 0)
        r.error("heads", "hidden (" + std::to_string(m.hidden) + ") is not divisible by heads (" +
                             std::to_string(m.heads) + "); give head_dim");
    if (m.experts > 0) {
        if (m.experts_per_token < 1 || m.experts_per_token > m.experts)
            r.error("experts_per_token", "must be between 1 and experts (" + std::to_string(m.experts) + ")");
        if (m.expert_ffn < 1) r.error("expert_ffn", "required when experts > 0");
        if (m.dense_layers > m.layers) r.error("dense_layers", "exceeds layers");
    }
}

void read_layout(Reader& r, engine::Scenario& sc) {
    engine::LayoutRequest& l = sc.layout;
    l.tp = r.integer("tp", 1);
    l.pp = r.integer("pp", 1);
    l.ep = r.integer("ep", 1);
    if (sc.mode == Mode::train) {
        l.dp = r.integer("dp", 1);
        l.cp = r.integer("cp", 1);
        l.vpp = r.integer("vpp", 1);
        l.micro_batch = r.integer("micro_batch", 1);
        l.zero = r.integer("zero", 0, 3);
        if (auto sp = r.integer("sp", 0, 1)) l.sp = *sp == 1;
        if (r.given("recompute")) {
            if (auto rc = parallel::recompute_from(r.text("recompute"))) l.recompute = *rc;
            else r.error("recompute", "must be none, selective or full, got '" + r.text("recompute") + "'");
        }
    } else {
        l.batch = r.integer("batch", 1);
        l.replicas = r.integer("replicas", 1);
    }
}

}  // namespace

ScenarioParse parse_scenario(const RowView& row, const hw::Catalog& catalog) {
    ScenarioParse out;
    Reader r(row, out.issues);
    engine::Scenario sc;
    sc.id = row.cell("id");
    const std::string& mode = r.text("mode");
    if (mode == "train") sc.mode = Mode::train;
    else if (mode == "infer") sc.mode = Mode::infer;
    else r.error("mode", "must be train or infer, got '" + mode + "'");
    sc.system = r.text("system");
    if (sc.system.empty()) r.error("system", "required");
    else if (!catalog.find_system(sc.system))
        r.error("system", "unknown system '" + sc.system + "' (see rackplan catalog list systems)");
    if (!r.given("chips")) r.error("chips", "required");
    else if (auto c = r.integer("chips", 1, 10'000'000)) sc.chips = *c;

    read_model(r, catalog, sc);
    read_layout(r, sc);

    if (sc.mode == Mode::train) {
        for (const char* col : {"seq_len", "global_batch"})
            if (!r.given(col)) r.error(col, "required for mode=train");
        if (auto v = r.integer("seq_len", 1)) sc.train.seq_len = *v;
        if (auto v = r.integer("global_batch", 1)) sc.train.global_batch = *v;
        using D = hw::Dtype;
        if (auto d = r.dtype("dtype", {D::bf16, D::fp16, D::fp8, D::mxfp8, D::fp32})) sc.train.dtype = *d;
        if (auto t = r.number("train_tokens")) sc.train.train_tokens = *t;
        if (r.given("fine_tune")) {
            if (auto f = workload::fine_tune_from(r.text("fine_tune"))) sc.train.fine_tune = *f;
            else r.error("fine_tune", "must be full or lora, got '" + r.text("fine_tune") + "'");
        }
        if (auto v = r.integer("lora_rank", 1)) sc.train.lora_rank = *v;
    } else if (mode == "infer") {
        for (const char* col : {"input_len", "output_len"})
            if (!r.given(col)) r.error(col, "required for mode=infer");
        if (auto v = r.integer("input_len", 1)) sc.infer.input_len = *v;
        if (auto v = r.integer("output_len", 1)) sc.infer.output_len = *v;
        sc.infer.batch = sc.layout.batch;
        using D = hw::Dtype;
        std::initializer_list<D> infer_types{D::bf16, D::fp16, D::fp8, D::int8, D::mxfp8, D::fp4, D::mxfp4};
        if (auto d = r.dtype("weight_dtype", infer_types)) sc.infer.weight_dtype = *d;
        if (auto d = r.dtype("kv_dtype", infer_types)) sc.infer.kv_dtype = *d;
        if (auto v = r.number("ttft_slo_ms")) sc.infer.ttft_slo = units::milliseconds(*v);
        if (auto v = r.number("tpot_slo_ms")) sc.infer.tpot_slo = units::milliseconds(*v);
        if (sc.model.max_context > 0 && sc.infer.input_len + sc.infer.output_len > sc.model.max_context)
            r.error("input_len", "input_len + output_len (" + std::to_string(sc.infer.input_len + sc.infer.output_len) +
                                     ") exceeds the model's context of " + std::to_string(sc.model.max_context));
    }

    if (r.given("pricing")) {
        if (auto p = engine::pricing_from(r.text("pricing"))) sc.cost.pricing = *p;
        else r.error("pricing", "must be own, on_demand, reserved_1y, reserved_3y or capacity_block");
    }
    sc.cost.usd_per_kwh = r.number("usd_per_kwh", true);
    sc.cost.pue = r.number("pue");
    if (sc.cost.pue && *sc.cost.pue < 1.0) r.error("pue", "must be at least 1, got " + r.text("pue"));
    sc.cost.years = r.number("years");
    sc.cost.utilization = r.number("utilization", false, 1.0);

    if (out.issues.empty()) out.scenario = std::move(sc);
    return out;
}

std::string join_issues(const Issues& issues) {
    std::string s;
    for (const auto& i : issues) s += (s.empty() ? "" : "; ") + (i.path.empty() ? "" : "column " + i.path + ": ") + i.message;
    return s;
}

}  // namespace rackplan::io
