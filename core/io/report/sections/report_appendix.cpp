// The appendix: every layout with its memory per chip, and the per-operator breakdown of each
// system's best layout.
#include <cctype>
#include <string>
#include <vector>

#include "io/report/sections/report_sections.h"

namespace rackplan::io::report {
namespace {

// An id safe in anchors and file names whatever the catalog id holds.
std::string slug(const std::string& s) {
    std::string out;
    for (char c : s) out += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' ? c : '-';
    return out;
}

}  // namespace

Section appendix_layouts_section(const SectionInputs& in) {
    Section s{"appendix", "Appendix: layouts and memory", 1, {}};
    Table t{"layout_detail", "Every layout of the result: parallelism and memory per chip (GiB)", {}, {}};
    if (in.v.train) {
        t.columns = {text_col("System"), int_col("Chips"), int_col("TP"), int_col("PP"), int_col("DP"), int_col("CP"), int_col("EP"),
                     int_col("VPP"), int_col("ZeRO"), text_col("Recompute"), int_col("Micro-batch"),
                     num_col("Weights", "GiB", 1), num_col("Grads", "GiB", 1), num_col("Optimizer", "GiB", 1),
                     num_col("Activations", "GiB", 1), num_col("Temporaries", "GiB", 1), num_col("Reserve", "GiB", 1),
                     num_col("Total", "GiB", 1), num_col("HBM", "GiB", 1)};
        for (const RowView& r : in.v.rows)
            for (const CandidateView& c : r.candidates) {
                auto l = [&](const char* k) { return number(c.num_at({"layout", k})); };
                auto m = [&](const char* k) { return number(c.num_at({"memory_gib", k})); };
                t.rows.push_back({text(r.system), Cell(c.fleet_chips()), l("tp"), l("pp"), l("dp"), l("cp"), l("ep"), l("vpp"),
                                  l("zero"), text(c.str_at({"layout", "recompute"})), l("micro_batch"), m("weights"),
                                  m("gradients"), m("optimizer"), m("activations"), m("temporaries"), m("reserve"), m("total"),
                                  m("capacity")});
            }
    } else {
        t.columns = {text_col("System"), int_col("Chips"), int_col("TP"), int_col("PP"), int_col("EP"), int_col("Replicas"),
                     int_col("Batch"), num_col("Weights", "GiB", 1), num_col("Activations", "GiB", 1), num_col("Reserve", "GiB", 1),
                     num_col("KV pool", "GiB", 1), num_col("KV used", "GiB", 1), num_col("HBM", "GiB", 1)};
        for (const RowView& r : in.v.rows)
            for (const CandidateView& c : r.candidates) {
                auto l = [&](const char* k) { return number(c.num_at({"layout", k})); };
                auto m = [&](const char* k) { return number(c.num_at({"memory_gib", k})); };
                t.rows.push_back({text(r.system), Cell(c.fleet_chips()), l("tp"), l("pp"), l("ep"), l("replicas"),
                                  number(c.num("batch")), m("weights"), m("activations"), m("reserve"), m("kv_pool"),
                                  m("kv_used"), m("capacity")});
            }
    }
    s.blocks.push_back(std::move(t));
    return s;
}

std::vector<Section> appendix_operator_sections(const SectionInputs& in) {
    std::vector<Section> out;
    for (const RowView& r : in.v.rows) {
        const CandidateView* c = r.best();
        const json* ops = c ? c->at_json({"block_ops"}) : nullptr;
        if (!ops || !ops->is_array() || ops->empty()) continue;
        Section s{"ops-" + slug(r.system), "Per-operator breakdown: " + in.label(r), 2, {}};
        s.blocks.push_back(Paragraph{"One transformer block of one micro-batch on one chip, best layout (" + c->layout_text() +
                                         "). Bound: what limits the forward kernel.",
                                     true});
        Table t{"ops-" + slug(r.system), "Operators of one block: " + r.system, {}, {}};
        t.columns = {text_col("Operator"), text_col("Kind"), num_col("Forward", "ms", 3), num_col("Backward", "ms", 3),
                     num_col("Forward", "GFLOP", 1), num_col("Forward", "MB", 1), text_col("Bound")};
        for (const json& o : *ops)
            t.rows.push_back({text(o.value("name", std::string())), text(o.value("kind", std::string())),
                              number(num_at(o, {"forward_ms"})), number(num_at(o, {"backward_ms"})),
                              number(num_at(o, {"forward_gflop"})), number(num_at(o, {"forward_mb"})),
                              text(o.value("bound", std::string()))});
        s.blocks.push_back(std::move(t));
        out.push_back(std::move(s));
    }
    if (out.empty())
        out.push_back(Section{"ops", "Per-operator breakdown", 2,
                              {Paragraph{in.v.plan ? "Plans do not record per-operator times; a comparison of the chosen size does "
                                                   "(rackplan compare ... --save NAME)."
                                                 : "This result holds no per-operator times (serving results and results saved by "
                                                   "older versions do not).",
                                         true}}});
    return out;
}

}  // namespace rackplan::io::report
