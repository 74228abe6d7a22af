#include "layout_text.h"

#include <QStringList>

#include "number_format.h"

namespace rackplan::gui {

QString layout_summary(const parallel::Layout& l) {
    QStringList parts{QStringLiteral("TP %1").arg(l.tp), QStringLiteral("PP %1").arg(l.pp),
                      QStringLiteral("DP %1").arg(l.dp)};
    if (l.cp > 1) parts << QStringLiteral("CP %1").arg(l.cp);
    if (l.ep > 1) parts << QStringLiteral("EP %1").arg(l.ep);
    if (l.vpp > 1) parts << QStringLiteral("VPP %1").arg(l.vpp);
    if (l.sp) parts << QStringLiteral("SP");
    if (l.zero > 0) parts << QStringLiteral("ZeRO-%1").arg(l.zero);
    if (l.recompute != parallel::Recompute::none) parts << qstr(parallel::to_string(l.recompute));
    parts << QStringLiteral("mb %1").arg(l.micro_batch);
    return parts.join(QStringLiteral(" · "));
}

QString layout_description(const parallel::Layout& l, int micro_batches) {
    return QStringLiteral("tensor parallel %1, pipeline parallel %2 (%3 chunk%4 per rank), data parallel %5, "
                          "context parallel %6, expert parallel %7; sequence parallel %8; ZeRO stage %9; "
                          "recompute %10; micro-batch %11 sequence%12, %13 micro-batch%14 per step")
        .arg(l.tp)
        .arg(l.pp)
        .arg(l.vpp)
        .arg(l.vpp == 1 ? QString() : QStringLiteral("s"))
        .arg(l.dp)
        .arg(l.cp)
        .arg(l.ep)
        .arg(l.sp ? QStringLiteral("on") : QStringLiteral("off"))
        .arg(l.zero)
        .arg(qstr(parallel::to_string(l.recompute)))
        .arg(l.micro_batch)
        .arg(l.micro_batch == 1 ? QString() : QStringLiteral("s"))
        .arg(micro_batches)
        .arg(micro_batches == 1 ? QString() : QStringLiteral("es"));
}

}  // namespace rackplan::gui
