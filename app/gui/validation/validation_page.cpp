#include "validation_page.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QToolTip>
#include <QHeaderView>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QValueAxis>
#include <QVBoxLayout>

#include "charts/chart_style.h"
#include "engine/evaluate.h"
#include "number_format.h"
#include "result_table.h"

namespace rackplan::gui {
namespace {

// The families of shared/validation/README.md.
QString family_name(const std::string& family) {
    if (family == "1") return QStringLiteral("1 Megatron-LM papers");
    if (family == "2") return QStringLiteral("2 vendor training tables");
    if (family == "3") return QStringLiteral("3 MLPerf, TensorRT-LLM");
    if (family == "4") return QStringLiteral("4 AWS Neuron");
    if (family == "5") return QStringLiteral("5 kernels");
    return QString::fromStdString(family);
}

QStandardItem* text_item(const QString& s) {
    auto* i = new QStandardItem(s);
    i->setToolTip(s);
    return i;
}

// About four significant digits: 28312, 49.05, 1.155, 0.00697.
QStandardItem* number_item(double v, int decimals = -1) {
    if (decimals < 0) {
        const double a = std::abs(v);
        decimals = a >= 1000 ? 0 : a >= 100 ? 1 : a >= 10 ? 2 : a >= 1 ? 3 : a >= 0.01 ? 4 : 6;
    }
    auto* i = new QStandardItem(format_fixed(v, decimals, true));
    i->setData(v, Qt::UserRole);
    i->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return i;
}

}  // namespace

QString ValidationPage::point_text(const io::ValidationRow& r) {
    const QString text = QStringLiteral("%1 · %2 · %3 %\n%4\nmeasured %5, predicted %6")
        .arg(QString::fromStdString(r.id), QString::fromStdString(r.metric), format_fixed(100.0 * r.rel_error, 1, true),
             QString::fromStdString(r.subject), format_fixed(r.measured, 4, true), format_fixed(r.predicted, 4, true));
    // Rich text with the data escaped, so an id such as "<b>" shows as written.
    return QStringLiteral("<p style='white-space:pre'>") + text.toHtmlEscaped() + QStringLiteral("</p>");
}

namespace {

QLabel* plain_label(QWidget* parent) {
    auto* l = new QLabel(parent);
    l->setTextFormat(Qt::PlainText);
    l->setWordWrap(true);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return l;
}

}  // namespace

ValidationPage::ValidationPage(QWidget* parent) : QWidget(parent) {
    header_ = plain_label(this);
    auto* chart = new QChart;
    chart_ = make_chart_view(chart, this);
    chart_->setMinimumHeight(260);
    rows_ = new QStandardItemModel(this);
    summary_ = new QStandardItemModel(this);
    rows_view_ = make_result_table(this);
    rows_view_->setModel(rows_);
    summary_view_ = make_result_table(this);
    summary_view_->setModel(summary_);

    auto* tables = new QSplitter(Qt::Horizontal, this);
    tables->addWidget(rows_view_);
    tables->addWidget(summary_view_);
    tables->setStretchFactor(0, 3);
    tables->setStretchFactor(1, 2);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(chart_);
    split->addWidget(tables);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(header_);
    layout->addWidget(split, 1);
    show_result();
}

void ValidationPage::set_context(std::shared_ptr<const engine::EvaluationContext> context) {
    context_ = std::move(context);
    stale_ = true;
    if (isVisible()) refresh();
}

void ValidationPage::showEvent(QShowEvent* e) {
    QWidget::showEvent(e);
    refresh();
}

void ValidationPage::refresh() {
    if (!stale_ || !context_) return;
    stale_ = false;
    result_ = std::make_unique<io::InstalledValidation>(io::validate_installed(*context_));
    show_result();
}

QString ValidationPage::header_text() const { return header_->text(); }

void ValidationPage::show_result() {
    rows_->clear();
    summary_->clear();
    rows_->setHorizontalHeaderLabels({QStringLiteral("Row"), QStringLiteral("Family"), QStringLiteral("Metric"),
                                      QStringLiteral("Measured"), QStringLiteral("Predicted"), QStringLiteral("Error %"),
                                      QStringLiteral("What ran"), QStringLiteral("Used / not compared because")});
    summary_->setHorizontalHeaderLabels({QStringLiteral("Family"), QStringLiteral("Metric"), QStringLiteral("Rows"),
                                         QStringLiteral("Median |error| %"), QStringLiteral("Max |error| %"),
                                         QStringLiteral("Worst")});
    if (!result_) {
        header_->setText(QStringLiteral("The model against published measurements appears here."));
        fill_chart();
        return;
    }
    const io::ValidationRun& run = result_->run;
    if (!result_->unavailable.empty()) {
        header_->setText(QStringLiteral("No published measurements to compare with: %1.")
                             .arg(QString::fromStdString(result_->unavailable)));
        fill_chart();
        return;
    }
    QStringList files;
    for (const std::string& f : result_->files) files << QString::fromStdString(f);
    header_->setText(QStringLiteral("%1 published rows compared, %2 not compared (%3, shipped in data/validation), with this "
                                    "window's catalog and calibration. Error = predicted / measured − 1: below zero a "
                                    "time is predicted shorter than measured (optimistic) or a rate lower (pessimistic). "
                                    "The command rackplan validate prints the same.")
                         .arg(run.rows.size())
                         .arg(run.excluded.size())
                         .arg(files.join(QStringLiteral(", "))));
    for (const io::ValidationRow& r : run.rows)
        rows_->appendRow({text_item(QString::fromStdString(r.id)), text_item(family_name(r.family)),
                          text_item(QString::fromStdString(r.metric)), number_item(r.measured),
                          number_item(r.predicted), number_item(100.0 * r.rel_error, 1),
                          text_item(QString::fromStdString(r.subject)), text_item(QString::fromStdString(r.used))});
    for (const io::ValidationExcluded& e : run.excluded)
        rows_->appendRow({text_item(QString::fromStdString(e.id)), text_item(family_name(e.family)),
                          text_item(QString::fromStdString(e.metric)), new QStandardItem, new QStandardItem,
                          new QStandardItem, new QStandardItem, text_item(QString::fromStdString(e.reason))});
    for (const io::ValidationGroup& g : io::summarize(run.rows))
        summary_->appendRow({text_item(g.family == "all" ? QStringLiteral("all") : family_name(g.family)),
                             text_item(QString::fromStdString(g.metric)), number_item(g.rows, 0),
                             number_item(100.0 * g.median_abs, 1), number_item(100.0 * g.max_abs, 1),
                             text_item(QString::fromStdString(g.worst))});
    for (QTableView* v : {rows_view_, summary_view_}) v->resizeColumnsToContents();
    fill_chart();
}

void ValidationPage::fill_chart() {
    QChart* chart = chart_->chart();
    chart->removeAllSeries();
    for (QAbstractAxis* a : chart->axes()) {
        chart->removeAxis(a);
        delete a;
    }
    chart->setTitle(QStringLiteral("Error of each published row, by family (predicted / measured − 1)"));
    if (!result_ || result_->run.rows.empty()) return;
    const auto& rows = result_->run.rows;
    auto* x = new QCategoryAxis;
    x->setLabelsPosition(QCategoryAxis::AxisLabelsPositionCenter);
    auto* y = new QValueAxis;
    y->setTitleText(QStringLiteral("Error (%)"));
    y->setLabelFormat(QStringLiteral("%.0f"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    // One series per family, rows in file order along x; the axis names each family's span.
    std::map<std::string, QScatterSeries*> series;
    double top = 30.0;
    std::string last;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const io::ValidationRow& r = rows[i];
        QScatterSeries*& s = series[r.family];
        if (!s) {
            s = new QScatterSeries;
            s->setName(chart_text(family_name(r.family)));
            s->setColor(series_colour(series.size() - 1));
            s->setBorderColor(series_colour(series.size() - 1));
            s->setMarkerSize(9);
        }
        s->append(static_cast<double>(i), 100.0 * r.rel_error);
        top = std::max(top, std::ceil(std::abs(100.0 * r.rel_error) / 10.0) * 10.0);
        const bool last_of_family = i + 1 == rows.size() || rows[i + 1].family != r.family;
        if (last_of_family) x->append(QStringLiteral("fam %1").arg(QString::fromStdString(r.family)), static_cast<double>(i) + 0.5);
    }
    x->setStartValue(-0.5);
    x->setRange(-0.5, static_cast<double>(rows.size()) - 0.5);
    y->setRange(-top, top);
    y->setTickType(QValueAxis::TicksDynamic);
    y->setTickAnchor(0.0);
    y->setTickInterval(25.0);
    // Reference lines: 0, ±10 % and ±25 % (the training bar; serving's is 15 / 35).
    const std::pair<double, Qt::PenStyle> refs[] = {{0.0, Qt::SolidLine}, {10.0, Qt::DashLine}, {-10.0, Qt::DashLine},
                                                    {25.0, Qt::DotLine}, {-25.0, Qt::DotLine}};
    for (const auto& [v, style] : refs) {
        auto* line = new QLineSeries;
        line->append(-0.5, v);
        line->append(static_cast<double>(rows.size()) - 0.5, v);
        line->setPen(QPen(QColor(120, 120, 120), 1, style));
        chart->addSeries(line);
        line->attachAxis(x);
        line->attachAxis(y);
    }
    for (auto& [family, s] : series) {
        chart->addSeries(s);
        s->attachAxis(x);
        s->attachAxis(y);
        // Hovering a point names its row (x is the row's index in file order).
        connect(s, &QScatterSeries::hovered, this, [this](const QPointF& p, bool on) {
            const auto i = static_cast<std::size_t>(std::lround(p.x()));
            if (!on || !result_ || i >= result_->run.rows.size()) {
                QToolTip::hideText();
                return;
            }
            QToolTip::showText(QCursor::pos(), point_text(result_->run.rows[i]), chart_);
        });
    }
    // Only the families in the legend, not the reference lines.
    for (QAbstractSeries* s : chart->series())
        if (qobject_cast<QLineSeries*>(s) && !qobject_cast<QScatterSeries*>(s))
            for (QLegendMarker* m : chart->legend()->markers(s)) m->setVisible(false);
}

}  // namespace rackplan::gui
