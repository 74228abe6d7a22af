#include "serving_text.h"

#include <QStringList>

#include "number_format.h"

namespace rackplan::gui {

QString serving_layout_summary(const engine::InferLayout& l) {
    QStringList parts{QStringLiteral("TP %1").arg(l.tp), QStringLiteral("PP %1").arg(l.pp)};
    if (l.ep > 1) parts << QStringLiteral("EP %1").arg(l.ep);
    return parts.join(QStringLiteral(" · "));
}

QString serving_layout_description(const engine::InferPerformance& p) {
    const engine::InferLayout& l = p.layout;
    const QString path = p.weights == engine::PrecisionPath::native ? QStringLiteral("native")
                                                                   : QStringLiteral("weight-only (16-bit GEMMs)");
    return QStringLiteral("%1 replica%2 of tensor parallel %3, pipeline parallel %4, expert parallel %5 (%6 chip%7 "
                          "each); %8 sequences in flight per replica; %9 batching; weights %10")
        .arg(l.replicas)
        .arg(l.replicas == 1 ? QString() : QStringLiteral("s"))
        .arg(l.tp)
        .arg(l.pp)
        .arg(l.ep)
        .arg(l.chips_per_replica())
        .arg(l.chips_per_replica() == 1 ? QString() : QStringLiteral("s"))
        .arg(p.point.batch)
        .arg(qstr(engine::to_string(p.batching)))
        .arg(path);
}

QString ms_text(units::Seconds s) {
    const double ms = units::to_ms(s);
    return format_fixed(ms, ms < 1.0 ? 3 : ms < 100.0 ? 1 : 0, true) + QStringLiteral(" ms");
}

QString serving_workload_text(const ComparisonInput& in) {
    QString s = QStringLiteral("%1 in + %2 out tokens").arg(in.input_len).arg(in.output_len);
    if (!in.ttft_slo_ms && !in.tpot_slo_ms) s += QStringLiteral(" · no SLO (max throughput)");
    if (in.ttft_slo_ms) s += QStringLiteral(" · TTFT ≤ %1 ms").arg(format_fixed(*in.ttft_slo_ms, 1));
    if (in.tpot_slo_ms) s += QStringLiteral(" · TPOT ≤ %1 ms").arg(format_fixed(*in.tpot_slo_ms, 1));
    if (in.batch) s += QStringLiteral(" · batch %1").arg(*in.batch);
    s += QStringLiteral(" · weights %1 · KV %2").arg(qstr(in.weight_dtype), qstr(in.kv_dtype));
    return s;
}

}  // namespace rackplan::gui
