#include "roofline_chart.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <QGraphicsSimpleTextItem>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>

#include "charts/chart_style.h"
#include "number_format.h"

namespace rackplan::gui {
namespace {

size_t op_class(workload::OpKind k) {
    switch (k) {
        case workload::OpKind::gemm: return 0;
        case workload::OpKind::attention: return 1;
        default: return 2;
    }
}

double floor10(double v) { return std::pow(10.0, std::floor(std::log10(v))); }
double ceil10(double v) { return std::pow(10.0, std::ceil(std::log10(v))); }

}  // namespace

RooflineChart::RooflineChart(QWidget* parent) : QObject(parent) {
    auto* chart = new QChart;
    intensity_ = new QLogValueAxis;
    intensity_->setTitleText(QStringLiteral("Arithmetic intensity (FLOP/byte)"));
    intensity_->setLabelFormat(QStringLiteral("%g"));
    intensity_->setBase(10);
    rate_ = new QLogValueAxis;
    rate_->setTitleText(QStringLiteral("TFLOP/s"));
    rate_->setLabelFormat(QStringLiteral("%g"));
    rate_->setBase(10);
    chart->addAxis(intensity_, Qt::AlignBottom);
    chart->addAxis(rate_, Qt::AlignLeft);

    ceiling_ = new QLineSeries;
    ceiling_->setName(QStringLiteral("Roofline"));
    ceiling_->setPen(QPen(QColor(0x33, 0x33, 0x33), 2));
    chart->addSeries(ceiling_);
    ceiling_->attachAxis(intensity_);
    ceiling_->attachAxis(rate_);
    const char* names[] = {"GEMM", "Attention", "Vector ops"};
    const QScatterSeries::MarkerShape shapes[] = {QScatterSeries::MarkerShapeCircle,
                                                  QScatterSeries::MarkerShapeRectangle,
                                                  QScatterSeries::MarkerShapeCircle};
    for (size_t i = 0; i < 3; ++i) {
        auto* s = new QScatterSeries;
        s->setName(QString::fromLatin1(names[i]));
        s->setMarkerShape(shapes[i]);
        s->setMarkerSize(10);
        s->setColor(series_colour(i == 2 ? 3 : i));
        s->setBorderColor(Qt::white);
        chart->addSeries(s);
        s->attachAxis(intensity_);
        s->attachAxis(rate_);
        ops_.push_back(s);
    }
    view_ = make_chart_view(chart, parent);
    connect(chart, &QChart::plotAreaChanged, this, [this] { place_labels(); });
    set_row(nullptr, hw::Dtype::bf16);
}

int RooflineChart::point_count() const {
    int n = 0;
    for (const QScatterSeries* s : ops_) n += static_cast<int>(s->count());
    return n;
}

void RooflineChart::set_row(const CandidateResult* row, hw::Dtype dtype) {
    ceiling_->clear();
    for (QScatterSeries* s : ops_) s->clear();
    for (Label& l : labels_) delete l.item;
    labels_.clear();
    QChart* chart = view_->chart();
    if (!row || !row->ok() || row->peak.value() <= 0 || row->hbm_bandwidth.value() <= 0) {
        chart->setTitle(row ? QStringLiteral("Roofline: no layout for ") + chart_text(qstr(row->candidate.system))
                            : QStringLiteral("Roofline: select a system"));
        intensity_->setRange(1, 1000);
        rate_->setRange(1, 1000);
        return;
    }
    const double peak = units::to_tflops(row->peak);
    const double bw = row->hbm_bandwidth.value() / 1e12;  // TB/s: TFLOP/s per FLOP/byte
    chart->setTitle(chart_text(qstr(row->chip_id)) +
                    QStringLiteral(": %1 TFLOP/s %2, %3 TB/s HBM; one block, forward")
                        .arg(format_fixed(peak, 0), qstr(hw::to_string(dtype)), format_fixed(bw, 2)));

    // Operators with the same intensity and rate (ffn_up and ffn_gate) share one label.
    std::map<std::pair<double, double>, QStringList> at;
    double lo_x = peak / bw, hi_x = peak / bw, lo_y = peak, hi_y = peak;
    for (const engine::OpTime& op : row->best()->block_ops) {
        if (op.flops.value() <= 0 || op.bytes.value() <= 0 || op.forward.value() <= 0) continue;
        const double x = op.flops.value() / op.bytes.value();
        const double y = op.flops.value() / op.forward.value() / 1e12;
        ops_[op_class(op.kind)]->append(x, y);
        at[{x, y}] << qstr(op.name);
        lo_x = std::min(lo_x, x);
        hi_x = std::max(hi_x, x);
        lo_y = std::min(lo_y, y);
        hi_y = std::max(hi_y, y);
    }
    const double x0 = floor10(lo_x / 2), x1 = ceil10(hi_x * 2);
    const double y0 = floor10(std::min(lo_y, x0 * bw) / 1.5), y1 = ceil10(hi_y * 1.5);
    const double ridge = peak / bw;
    ceiling_->append(x0, x0 * bw);
    ceiling_->append(ridge, peak);
    ceiling_->append(x1, peak);
    ceiling_->setName(QStringLiteral("Roofline (ridge %1 FLOP/byte)").arg(format_fixed(ridge, 0)));
    intensity_->setRange(x0, x1);
    rate_->setRange(std::max(y0, (x0 * bw) / 10), y1);

    for (const auto& [xy, names] : at) {
        auto* item = new QGraphicsSimpleTextItem(names.join(QStringLiteral(", ")), chart);
        QFont f = item->font();
        f.setPointSizeF(f.pointSizeF() * 0.85);
        item->setFont(f);
        item->setBrush(QColor(0x33, 0x33, 0x33));
        labels_.push_back({QPointF(xy.first, xy.second), item});
    }
    place_labels();
}

void RooflineChart::place_labels() {
    // Each label goes right of its point, else left, above or below; the first spot that
    // covers no marker and no label placed already wins, else the first spot, pushed down.
    QChart* chart = view_->chart();
    const QRectF plot = chart->plotArea();
    std::vector<QRectF> taken;
    for (const QScatterSeries* s : ops_)
        for (const QPointF& p : s->points()) {
            const QPointF at = chart->mapToPosition(p, ops_.front());
            taken.emplace_back(at.x() - 6, at.y() - 6, 12, 12);
        }
    std::vector<Label*> order;
    for (Label& l : labels_) order.push_back(&l);
    std::sort(order.begin(), order.end(), [&](const Label* a, const Label* b) {
        return chart->mapToPosition(a->at, ops_.front()).y() < chart->mapToPosition(b->at, ops_.front()).y();
    });
    auto free = [&](const QRectF& r) {
        if (!plot.contains(r)) return false;
        return std::none_of(taken.begin(), taken.end(), [&](const QRectF& o) { return o.intersects(r); });
    };
    for (Label* l : order) {
        const QPointF p = chart->mapToPosition(l->at, ops_.front());
        const QSizeF size = l->item->boundingRect().size();
        const QRectF spots[] = {
            {QPointF(p.x() + 8, p.y() - size.height() / 2), size},
            {QPointF(p.x() - 8 - size.width(), p.y() - size.height() / 2), size},
            {QPointF(p.x() - size.width() / 2, p.y() - 8 - size.height()), size},
            {QPointF(p.x() - size.width() / 2, p.y() + 8), size},
        };
        QRectF r = spots[0];
        bool found = false;
        for (const QRectF& spot : spots)
            if (free(spot)) {
                r = spot;
                found = true;
                break;
            }
        if (!found) {
            // Stack below, on the side with room.
            r = spots[0].right() > plot.right() ? spots[1] : spots[0];
            for (int i = 0; i < 20 && !free(r); ++i) r.translate(0, size.height() * 0.9);
        }
        l->item->setPos(r.topLeft());
        l->item->setZValue(10);  // above the markers
        l->item->setVisible(plot.contains(p));
        taken.push_back(r);
    }
}

}  // namespace rackplan::gui
