// Where the step (training) or decode iteration (serving) time of each system goes.
#include <algorithm>
#include <utility>
#include <vector>

#include "io/report/sections/report_sections.h"

namespace rackplan::io::report {

Section time_breakdown_section(const SectionInputs& in) {
    Section s{"time", in.v.train ? "Where the step time goes" : "Where the decode time goes", 2, {}};
    Chart ch;
    ch.id = "time_breakdown";
    ch.kind = ChartKind::stacked_bar;
    Table t;
    t.id = "time_breakdown";
    t.columns = {text_col("System")};
    std::vector<std::pair<std::string, std::vector<std::string>>> parts;  // series name, json path
    if (in.v.train) {
        ch.title = "Step time by part, best layout per system";
        ch.y_label = "seconds per step";
        t.caption = "Step time by part (seconds; they add up to the step)";
        parts = {{"Compute", {"step_breakdown_s", "compute"}},
                 {"TP comm.", {"step_breakdown_s", "exposed_comm", "tp"}},
                 {"CP comm.", {"step_breakdown_s", "exposed_comm", "cp"}},
                 {"EP comm.", {"step_breakdown_s", "exposed_comm", "ep"}},
                 {"PP comm.", {"step_breakdown_s", "exposed_comm", "pp"}},
                 {"DP comm.", {"step_breakdown_s", "exposed_comm", "dp"}},
                 {"Pipeline bubble", {"step_breakdown_s", "bubble"}},
                 {"Optimizer", {"step_breakdown_s", "optimizer"}}};
    } else {
        ch.title = "One decode iteration by part, best layout per system";
        ch.y_label = "milliseconds per iteration";
        t.caption = "Decode iteration by part (milliseconds)";
        parts = {{"GEMM", {"serving", "decode_ms", "gemm"}},
                 {"Attention", {"serving", "decode_ms", "attention"}},
                 {"Vector ops", {"serving", "decode_ms", "vector"}},
                 {"TP comm.", {"serving", "decode_ms", "tp_comm"}},
                 {"PP comm.", {"serving", "decode_ms", "pp_comm"}}};
    }
    const int decimals = in.v.train ? 3 : 3;
    for (const auto& p : parts) t.columns.push_back(num_col(p.first, in.v.train ? "s" : "ms", decimals));
    t.columns.push_back(num_col("Total", in.v.train ? "s" : "ms", decimals));
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
    // Parts no system has (no expert parallelism anywhere) are left out of the chart.
    std::erase_if(ch.series, [](const Series& se) {
        return std::all_of(se.values.begin(), se.values.end(), [](double x) { return x == 0.0; });
    });
    if (ch.categories.empty()) {
        s.blocks.push_back(Paragraph{"No system has a breakdown: none could run the workload.", true});
        return s;
    }
    s.blocks.push_back(Paragraph{in.v.train ? "Exposed communication is the part not hidden under compute; the bubble is "
                                            "pipeline fill and drain."
                                          : "The iteration a generating sequence sees, per replica.",
                                 true});
    s.blocks.push_back(std::move(ch));
    s.blocks.push_back(std::move(t));
    return s;
}

}  // namespace rackplan::io::report
