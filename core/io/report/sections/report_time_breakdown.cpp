// Where the step (training) or the decode iteration and first token (serving) time of each
// system goes.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "io/report/sections/report_sections.h"

namespace rackplan::io::report {
namespace {

using Parts = std::vector<std::pair<std::string, std::vector<std::string>>>;  // series name, json path

// One stacked bar per system's best candidate and the same numbers as a table with a total;
// false when no system has a best candidate.
bool add_breakdown(const SectionInputs& in, Chart ch, Table t, const Parts& parts, const char* unit, Section& s) {
    t.columns = {text_col("System")};
    for (const auto& p : parts) t.columns.push_back(num_col(p.first, unit, 3));
    t.columns.push_back(num_col("Total", unit, 3));
    for (const auto& p : parts) ch.series.push_back(Series{p.first, {}, {}, {}, {}, {}, false});
    for (const RowView& r : in.v.rows) {
        const CandidateView* c = r.best();
        if (!c) continue;
        ch.categories.push_back(in.label(r));
        std::vector<Cell> row{text(r.system)};
        double total = 0.0;
        for (std::size_t k = 0; k < parts.size(); ++k) {
            const double x = c->at(parts[k].second).value_or(0.0);
            ch.series[k].values.push_back(x);
            row.push_back(Cell(x));
            total += x;
        }
        row.push_back(Cell(total));
        t.rows.push_back(std::move(row));
    }
    if (ch.categories.empty()) return false;
    // Parts no system has (no expert parallelism anywhere) are left out of the chart.
    std::erase_if(ch.series, [](const Series& se) {
        return std::all_of(se.values.begin(), se.values.end(), [](double x) { return x == 0.0; });
    });
    s.blocks.push_back(std::move(ch));
    s.blocks.push_back(std::move(t));
    return true;
}

Parts serving_parts(const std::string& pass) {
    return {{"GEMM", {"serving", pass, "gemm"}},
            {"Attention", {"serving", pass, "attention"}},
            {"Vector ops", {"serving", pass, "vector"}},
            {"TP comm.", {"serving", pass, "tp_comm"}},
            {"PP comm.", {"serving", pass, "pp_comm"}}};
}

}  // namespace

Section time_breakdown_section(const SectionInputs& in) {
    Section s{"time", in.v.train ? "Where the step time goes" : "Where the decode and first-token time goes", 2, {}};
    const bool any = std::any_of(in.v.rows.begin(), in.v.rows.end(), [](const RowView& r) { return r.best() != nullptr; });
    if (!any) {
        s.blocks.push_back(Paragraph{"No system has a breakdown: none could run the workload.", true});
        return s;
    }
    Chart ch;
    ch.id = "time_breakdown";
    ch.kind = ChartKind::stacked_bar;
    Table t;
    t.id = "time_breakdown";
    if (in.v.train) {
        s.blocks.push_back(Paragraph{"Exposed communication is the part not hidden under compute; the bubble is "
                                     "pipeline fill and drain.",
                                     true});
        ch.title = "Step time by part, best layout per system";
        ch.y_label = "seconds per step";
        t.caption = "Step time by part (seconds; they add up to the step)";
        add_breakdown(in, ch, t,
                      {{"Compute", {"step_breakdown_s", "compute"}},
                       {"TP comm.", {"step_breakdown_s", "exposed_comm", "tp"}},
                       {"CP comm.", {"step_breakdown_s", "exposed_comm", "cp"}},
                       {"EP comm.", {"step_breakdown_s", "exposed_comm", "ep"}},
                       {"PP comm.", {"step_breakdown_s", "exposed_comm", "pp"}},
                       {"DP comm.", {"step_breakdown_s", "exposed_comm", "dp"}},
                       {"Pipeline bubble", {"step_breakdown_s", "bubble"}},
                       {"Optimizer", {"step_breakdown_s", "optimizer"}}},
                      "s", s);
        return s;
    }
    s.blocks.push_back(Paragraph{"The iteration a generating sequence sees, per replica.", true});
    ch.title = "One decode iteration by part, best layout per system";
    ch.y_label = "milliseconds per iteration";
    t.caption = "Decode iteration by part (milliseconds)";
    add_breakdown(in, ch, t, serving_parts("decode_ms"), "ms", s);
    s.blocks.push_back(Paragraph{"The time to the first token: the prompt's prefill passes (with the other sequences' "
                                 "decode rows when batching is mixed).",
                                 true});
    ch.id = "first_token_breakdown";
    ch.title = "Time to first token by part, best layout per system";
    ch.y_label = "milliseconds to the first token";
    t.id = "first_token_breakdown";
    t.caption = "Time to first token by part (milliseconds; they add up to the TTFT)";
    add_breakdown(in, ch, t, serving_parts("first_token_ms"), "ms", s);
    return s;
}

}  // namespace rackplan::io::report
