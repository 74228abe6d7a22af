#include "report_pdf.h"

#include <QBuffer>
#include <QChart>
#include <QFontMetricsF>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>
#include <algorithm>
#include <map>

#include "report_charts.h"

namespace rackplan::report {
namespace {

using namespace io::report;

constexpr int kDpi = 300;
constexpr double kMarginMm = 16.0;

double mm(double v) { return v / 25.4 * kDpi; }
const double kCellPad = mm(0.8);  // inside a table cell, each side
double pt(double v) { return v / 72.0 * kDpi; }

QString q(const std::string& s) { return QString::fromStdString(s); }

QFont make_font(double points, bool bold = false, bool italic = false) {
    QFont f("DejaVu Sans");
    f.setPointSizeF(points);
    f.setBold(bold);
    f.setItalic(italic);
    return f;
}

// What the first pass learns and the second uses.
struct Pagination {
    std::map<std::string, int> section_page;
    int pages = 0;
};

class Layout {
public:
    Layout(QPdfWriter& writer, QPainter& painter, const ReportDocument& doc, const Pagination& known)
        : w_(writer), p_(painter), doc_(doc), known_(known) {
        const QRect page = writer.pageLayout().paintRectPixels(kDpi);
        left_ = page.left() + mm(kMarginMm) - writer.pageLayout().marginsPixels(kDpi).left();
        width_ = page.width() - 2 * (mm(kMarginMm) - writer.pageLayout().marginsPixels(kDpi).left());
        top_ = mm(kMarginMm) - writer.pageLayout().marginsPixels(kDpi).top();
        bottom_ = page.height() - mm(kMarginMm + 6) + writer.pageLayout().marginsPixels(kDpi).top();
        y_ = top_;
    }

    Pagination run() {
        title_page();
        contents();
        for (const Section& s : doc_.sections) section(s);
        footer();
        learned_.pages = page_;
        return learned_;
    }

private:
    QPdfWriter& w_;
    QPainter& p_;
    const ReportDocument& doc_;
    const Pagination& known_;
    Pagination learned_;
    double left_ = 0, width_ = 0, top_ = 0, bottom_ = 0, y_ = 0;
    int page_ = 1;

    double text_height(const QFont& f, const QString& text, double width, int flags = Qt::TextWordWrap) const {
        QFontMetricsF fm(f, &w_);
        return fm.boundingRect(QRectF(0, 0, width, 1e6), flags, text).height();
    }
    double text_width(const QFont& f, const QString& text) const {
        QFontMetricsF fm(f, &w_);
        double widest = 0;
        for (const QString& line : text.split('\n')) widest = std::max(widest, fm.horizontalAdvance(line));
        return widest;
    }
    double longest_word(const QFont& f, const QString& text) const {
        QFontMetricsF fm(f, &w_);
        double widest = 0;
        for (const QString& word : text.split(QRegularExpression("\\s+"), Qt::SkipEmptyParts))
            widest = std::max(widest, fm.horizontalAdvance(word));
        return widest;
    }
    double draw_text(const QFont& f, const QString& text, QRectF r, int flags = Qt::TextWordWrap, QColor color = Qt::black) {
        p_.setFont(f);
        p_.setPen(color);
        QRectF used;
        p_.drawText(r, flags, text, &used);
        return used.height();
    }

    void footer() {
        const QFont f = make_font(8);
        const QString text = QString("page %1 of %2").arg(page_).arg(known_.pages > 0 ? known_.pages : 0);
        draw_text(f, text, QRectF(left_, bottom_ + mm(3), width_, mm(6)), Qt::AlignRight | Qt::AlignVCenter, QColor("#555555"));
        draw_text(f, q(doc_.title), QRectF(left_, bottom_ + mm(3), width_ * 0.7, mm(6)), Qt::AlignLeft | Qt::AlignVCenter,
                  QColor("#555555"));
        p_.setPen(QPen(QColor("#999999"), pt(0.5)));
        p_.drawLine(QPointF(left_, bottom_ + mm(2)), QPointF(left_ + width_, bottom_ + mm(2)));
    }

    void new_page() {
        footer();
        w_.newPage();
        ++page_;
        y_ = top_;
    }
    void ensure(double h) {
        if (y_ + h > bottom_ && y_ > top_) new_page();
    }

    void title_page() {
        y_ = top_ + mm(50);
        y_ += draw_text(make_font(24, true), q(doc_.title), QRectF(left_, y_, width_, mm(60)));
        y_ += mm(4);
        y_ += draw_text(make_font(13), q(doc_.subtitle), QRectF(left_, y_, width_, mm(30)), Qt::TextWordWrap, QColor("#333333"));
        y_ += mm(12);
        key_values(doc_.metadata);
        new_page();
    }

    void contents() {
        heading("Contents", 1);
        const QFont f = make_font(10), sub = make_font(9.5);
        QFontMetricsF fm(f, &w_);
        for (const Section& s : doc_.sections) {
            const QFont& use = s.level > 1 ? sub : f;
            const double h = fm.height() * 1.35;
            ensure(h);
            const double indent = s.level > 1 ? mm(8) : 0;
            auto it = known_.section_page.find(s.id);
            const QString num = it != known_.section_page.end() ? QString::number(it->second) : QString("?");
            draw_text(use, q(s.heading), QRectF(left_ + indent, y_, width_ - indent - mm(20), h), Qt::AlignLeft | Qt::AlignVCenter);
            draw_text(use, num, QRectF(left_, y_, width_, h), Qt::AlignRight | Qt::AlignVCenter);
            p_.setPen(QPen(QColor("#bbbbbb"), pt(0.4), Qt::DotLine));
            const double text_end = left_ + indent + std::min(text_width(use, q(s.heading)), width_ - indent - mm(20)) + mm(2);
            p_.drawLine(QPointF(text_end, y_ + h * 0.7), QPointF(left_ + width_ - mm(8), y_ + h * 0.7));
            y_ += h;
        }
        new_page();
    }

    void heading(const std::string& text, int level) {
        const QFont f = make_font(level > 1 ? 12 : 15, true);
        const double h = text_height(f, q(text), width_);
        ensure(h + mm(level > 1 ? 70 : 40));  // keep a heading with what follows (a chart, a table)
        if (y_ > top_) y_ += mm(level > 1 ? 3 : 5);
        y_ += draw_text(f, q(text), QRectF(left_, y_, width_, h), Qt::TextWordWrap, QColor(level > 1 ? "#000000" : "#1f4e79"));
        if (level == 1) {
            p_.setPen(QPen(QColor("#1f77b4"), pt(1.2)));
            p_.drawLine(QPointF(left_, y_ + mm(0.8)), QPointF(left_ + width_, y_ + mm(0.8)));
        }
        y_ += mm(3);
    }

    void section(const Section& s) {
        if (s.level == 1 && y_ > top_ + (bottom_ - top_) * 0.6) new_page();
        heading(s.heading, s.level);
        learned_.section_page[s.id] = page_;
        for (const Block& b : s.blocks) {
            if (const auto* p = std::get_if<Paragraph>(&b)) paragraph(*p);
            else if (const auto* kv = std::get_if<KeyValues>(&b)) key_values(*kv);
            else if (const auto* t = std::get_if<Table>(&b)) table(*t);
            else if (const auto* c = std::get_if<Chart>(&b)) chart(*c);
        }
    }

    void paragraph(const Paragraph& p) {
        const QFont f = p.note ? make_font(8.5, false, true) : make_font(10);
        const double h = text_height(f, q(p.text), width_);
        ensure(h);
        draw_text(f, q(p.text), QRectF(left_, y_, width_, h), Qt::TextWordWrap, p.note ? QColor("#444444") : QColor(Qt::black));
        y_ += h + mm(2.5);
    }

    void key_values(const KeyValues& kv) {
        const QFont kf = make_font(10, true), vf = make_font(10);
        double kw = 0;
        for (const auto& [k, v] : kv.items) kw = std::max(kw, text_width(kf, q(k)));
        kw = std::min(kw + mm(4), width_ * 0.42);
        for (const auto& [k, v] : kv.items) {
            const double h = std::max(text_height(kf, q(k), kw - mm(2)), text_height(vf, q(v), width_ - kw));
            ensure(h);
            draw_text(kf, q(k), QRectF(left_, y_, kw - mm(2), h));
            draw_text(vf, q(v), QRectF(left_ + kw, y_, width_ - kw, h));
            y_ += h + mm(1);
        }
        y_ += mm(2);
    }

    // Column widths: natural when they fit; else numbers keep theirs and text columns wrap.
    // Empty when even the narrowest layout is wider than the page.
    std::vector<double> widths(const Table& t, const QFont& body, const QFont& head, bool wrap) const {
        const double pad = 2 * kCellPad + mm(0.5);  // cell padding and a margin for hinting
        std::vector<double> natural, minimum;
        for (std::size_t i = 0; i < t.columns.size(); ++i) {
            const Column& c = t.columns[i];
            const QString title = q(c.unit.empty() ? c.title : c.title + " (" + c.unit + ")");
            double nat = text_width(head, title), min = longest_word(head, title);
            for (const auto& row : t.rows) {
                if (i >= row.size()) continue;
                const QString s = q(cell_text(row[i], c));
                nat = std::max(nat, text_width(body, s));
                min = std::max(min, c.type == ColumnType::text ? std::min(longest_word(body, s), mm(30)) : text_width(body, s));
            }
            natural.push_back(std::min(nat, mm(90)) + pad);
            minimum.push_back(min + pad);
        }
        double sum_nat = 0, sum_min = 0;
        for (std::size_t i = 0; i < natural.size(); ++i) sum_nat += natural[i], sum_min += minimum[i];
        if (sum_nat <= width_) return natural;
        if (!wrap || sum_min > width_) return {};
        // Share what the minimums leave in proportion to how much more each column wants.
        std::vector<double> out = minimum;
        const double spare = width_ - sum_min, want = sum_nat - sum_min;
        for (std::size_t i = 0; i < out.size(); ++i) out[i] += want > 0 ? (natural[i] - minimum[i]) / want * spare : 0;
        return out;
    }

    void table(const Table& t) {
        // Natural widths at the table size, then at the small size, then wrapped text columns.
        QFont body = make_font(7.5), head = make_font(7.5, true);
        std::vector<double> w = widths(t, body, head, false);
        if (w.empty()) {
            body = make_font(6.3), head = make_font(6.3, true);
            w = widths(t, body, head, false);
            if (w.empty()) w = widths(t, body, head, true);
        }
        if (w.empty()) {
            split_table(t);
            return;
        }
        const double pad = kCellPad;
        auto row_height = [&](const std::vector<QString>& cells, const QFont& f) {
            double h = 0;
            for (std::size_t i = 0; i < cells.size() && i < w.size(); ++i) h = std::max(h, text_height(f, cells[i], w[i] - 2 * pad));
            return h + 2 * pad;
        };
        std::vector<QString> header;
        for (const Column& c : t.columns) header.push_back(q(c.unit.empty() ? c.title : c.title + " (" + c.unit + ")"));
        const double hh = row_height(header, head);
        const QFont cap = make_font(9, true);
        const double caph = t.caption.empty() ? 0 : text_height(cap, q(t.caption), width_) + mm(1);
        double total = 0;
        for (double x : w) total += x;

        auto draw_row = [&](const std::vector<QString>& cells, const QFont& f, double h, bool is_head, bool shade) {
            if (is_head || shade) p_.fillRect(QRectF(left_, y_, total, h), QColor(is_head ? "#e3ecf5" : "#f6f6f6"));
            double x = left_;
            for (std::size_t i = 0; i < cells.size() && i < w.size(); ++i) {
                const bool num = !is_head && t.columns[i].type != ColumnType::text;
                draw_text(f, cells[i], QRectF(x + pad, y_ + pad, w[i] - 2 * pad, h - 2 * pad),
                          (num ? Qt::AlignRight : Qt::TextWordWrap | Qt::AlignLeft) | Qt::AlignTop);
                x += w[i];
            }
            p_.setPen(QPen(QColor("#c8c8c8"), pt(0.4)));
            p_.drawLine(QPointF(left_, y_ + h), QPointF(left_ + total, y_ + h));
            y_ += h;
        };

        std::vector<std::vector<QString>> rows;
        for (const auto& r : t.rows) {
            std::vector<QString> cells;
            for (std::size_t i = 0; i < t.columns.size(); ++i) cells.push_back(i < r.size() ? q(cell_text(r[i], t.columns[i])) : QString());
            rows.push_back(std::move(cells));
        }
        // A short table stays on one page; a long one starts wherever a few rows fit.
        std::vector<double> heights;
        double all = caph + hh;
        for (const auto& r : rows) all += heights.emplace_back(row_height(r, body));
        ensure(all <= (bottom_ - top_) * 0.5 ? all : caph + hh + (heights.empty() ? 0 : heights.front()));
        if (caph > 0) y_ += draw_text(cap, q(t.caption), QRectF(left_, y_, width_, caph)) + mm(1);
        draw_row(header, head, hh, true, false);
        for (std::size_t k = 0; k < rows.size(); ++k) {
            const double h = heights[k];
            if (y_ + h > bottom_) {
                new_page();
                draw_text(make_font(7.5, false, true), q(t.caption + " (continued)"), QRectF(left_, y_, width_, mm(5)));
                y_ += mm(5);
                draw_row(header, head, hh, true, false);
            }
            draw_row(rows[k], body, h, false, k % 2 == 1);
        }
        if (rows.empty()) {
            draw_text(make_font(8, false, true), "(no rows)", QRectF(left_, y_, width_, mm(5)));
            y_ += mm(5);
        }
        y_ += mm(4);
    }

    // A table too wide for the page, as consecutive tables of fewer columns, each repeating
    // the first (the row's name).
    void split_table(const Table& t) {
        const std::size_t per = std::max<std::size_t>(2, t.columns.size() / 2 + 1);
        for (std::size_t start = 1, part = 1; start < t.columns.size(); start += per - 1, ++part) {
            Table piece;
            piece.id = t.id;
            piece.caption = t.caption + " (part " + std::to_string(part) + ")";
            const std::size_t end = std::min(t.columns.size(), start + per - 1);
            piece.columns.push_back(t.columns[0]);
            for (std::size_t i = start; i < end; ++i) piece.columns.push_back(t.columns[i]);
            for (const auto& r : t.rows) {
                std::vector<Cell> cells{r.empty() ? Cell() : r[0]};
                for (std::size_t i = start; i < end; ++i) cells.push_back(i < r.size() ? r[i] : Cell());
                piece.rows.push_back(std::move(cells));
            }
            table(piece);
        }
    }

    void chart(const Chart& c) {
        std::unique_ptr<QChart> chart = make_chart(c);
        if (!chart) return;
        // Laid out at a screen-like size, then scaled into the page: fonts keep their share.
        const double cw = 900;
        const double rows = static_cast<double>(c.categories.size());
        const double ch = c.kind == ChartKind::scatter || c.kind == ChartKind::range_bar ? 440 : std::clamp(110 + rows * 48, 260.0, 620.0);
        const double target_h = width_ * ch / cw;
        const QFont cap = make_font(9.5, true);
        const double caph = text_height(cap, q(c.title), width_) + mm(1.5);
        ensure(caph + target_h);
        y_ += draw_text(cap, q(c.title), QRectF(left_, y_, width_, caph)) + mm(1.5);
        QGraphicsScene scene;
        QChart* raw = chart.release();
        scene.addItem(raw);  // the scene owns it now
        raw->setGeometry(QRectF(0, 0, cw, ch));
        raw->layout()->activate();
        scene.setSceneRect(QRectF(0, 0, cw, ch));
        scene.render(&p_, QRectF(left_, y_, width_, target_h), QRectF(0, 0, cw, ch));
        y_ += target_h + mm(4);
    }
};

Pagination lay_out(const ReportDocument& doc, QIODevice& out, const Pagination& known) {
    QPdfWriter writer(&out);
    writer.setResolution(kDpi);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout::Millimeter);
    writer.setTitle(q(doc.title));
    writer.setCreator("rackplan");
    QPainter painter;
    if (!painter.begin(&writer)) throw std::runtime_error("cannot start the PDF");
    painter.setRenderHint(QPainter::Antialiasing);
    Pagination p = Layout(writer, painter, doc, known).run();
    painter.end();
    return p;
}

}  // namespace

void write_pdf(const ReportDocument& doc, QIODevice& out) {
    QBuffer scratch;
    scratch.open(QIODevice::WriteOnly);
    const Pagination first = lay_out(doc, scratch, {});
    lay_out(doc, out, first);
}

}  // namespace rackplan::report
