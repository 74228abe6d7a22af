// The workload section: what was asked, and the model's structure from the catalog.
#include "io/report/sections/report_sections.h"

namespace rackplan::io::report {

Section workload_section(const SectionInputs& in) {
    Section s{"workload", "Workload", 1, {}};
    KeyValues kv;
    const json& w = in.v.workload;
    auto add = [&](const char* key, const std::string& title, int decimals = 0, const std::string& unit = {}) {
        if (!w.contains(key) || w[key].is_null()) return;
        const json& x = w[key];
        kv.items.emplace_back(title, x.is_number() ? format_number(x.get<double>(), decimals) + (unit.empty() ? "" : " " + unit)
                                                    : x.is_string() ? x.get<std::string>() : x.dump());
    };
    kv.items.emplace_back("Mode", in.v.train ? "training" : "serving (inference)");
    kv.items.emplace_back("Model", in.model_name() + " (" + in.v.model + ")");
    add("seq_len", "Sequence length", 0, "tokens");
    add("global_batch", "Global batch", 0, "sequences");
    add("dtype", "Training precision");
    if (w.contains("train_tokens") && w["train_tokens"].is_number())
        kv.items.emplace_back("Tokens to train", format_number(w["train_tokens"].get<double>() / 1e9, 1) + " billion");
    add("input_len", "Input length", 0, "tokens");
    add("output_len", "Output length", 0, "tokens");
    add("weight_dtype", "Weight precision");
    add("kv_dtype", "KV-cache precision");
    add("ttft_slo_ms", "Time to first token limit", 0, "ms");
    add("tpot_slo_ms", "Time per output token limit", 1, "ms");
    add("pricing", "Pricing");
    add("utilization", "Utilization", 2);
    if (in.v.plan) {
        if (in.v.demand.contains("days")) kv.items.emplace_back("Demand", "finish within " + format_number(in.v.demand["days"].get<double>(), 1) + " days");
        if (in.v.demand.contains("requests_per_s")) kv.items.emplace_back("Demand", format_number(in.v.demand["requests_per_s"].get<double>(), 1) + " requests/s");
        kv.items.emplace_back("Cost horizon", format_number(in.v.tco_years, 1) + " years");
    }
    s.blocks.push_back(kv);
    if (const auto* m = in.catalog.find_model(in.v.model)) {
        KeyValues mk;
        mk.items = {{"Layers", std::to_string(m->layers)},
                    {"Hidden size", std::to_string(m->hidden)},
                    {"Attention heads (KV heads)", std::to_string(m->heads) + " (" + std::to_string(m->kv_heads) + ")"},
                    {"FFN width", std::to_string(m->ffn)},
                    {"Vocabulary", std::to_string(m->vocab)}};
        if (m->is_moe())
            mk.items.emplace_back("Experts", std::to_string(m->experts) + ", " + std::to_string(m->experts_per_token) + " per token");
        mk.items.emplace_back("Source", sources_title(in.catalog, m->source));
        s.blocks.push_back(Paragraph{"Model structure (catalog):", false});
        s.blocks.push_back(mk);
    } else {
        s.blocks.push_back(Paragraph{"The model '" + in.v.model + "' is not in the current catalog; its structure is not shown.", true});
    }
    return s;
}

}  // namespace rackplan::io::report
