#include "planning/plan_page.h"

#include <thread>

#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include "background_runner.h"
#include "number_format.h"
#include "compare/serving_text.h"
#include "result_table.h"
#include "planning/plan_chart.h"
#include "planning/plan_table_model.h"
#include "wait_until.h"

namespace rackplan::gui {

PlanPage::PlanPage(QWidget* parent) : QWidget(parent) {
    runner_ = new BackgroundRunner(this);
    auto* outer = new QHBoxLayout(this);
    outer->setContentsMargins(6, 6, 6, 6);

    auto* left = new QGroupBox(QStringLiteral("Demand"), this);
    left->setMaximumWidth(290);  // the fleet table (serving adds replicas and latency) keeps the width
    auto* form = form_ = new QFormLayout(left);
    source_text_ = new QLabel(left);
    source_text_->setTextFormat(Qt::PlainText);
    source_text_->setWordWrap(true);
    days_ = new QDoubleSpinBox(left);
    days_->setObjectName(QStringLiteral("demandDays"));
    days_->setRange(0.5, 3650);
    days_->setDecimals(1);
    days_->setValue(30);
    days_->setSuffix(QStringLiteral(" days"));
    days_->setKeyboardTracking(false);
    days_->setToolTip(QStringLiteral("Train the workload's train tokens within this many days"));
    requests_ = new QDoubleSpinBox(left);
    requests_->setObjectName(QStringLiteral("demandRequests"));
    requests_->setRange(0.01, 1e7);
    requests_->setDecimals(1);
    requests_->setValue(100);
    requests_->setSuffix(QStringLiteral(" req/s"));
    requests_->setKeyboardTracking(false);
    requests_->setToolTip(QStringLiteral("Requests per second to serve under the workload's TTFT and TPOT limits "
                                         "(no headroom is added)"));
    plan_ = new QPushButton(QStringLiteral("&Plan"), left);
    plan_->setToolTip(QStringLiteral("Sizes every system's fleet for the demand (background; can be cancelled)"));
    cancel_ = new QPushButton(QStringLiteral("Cancel"), left);
    progress_ = new QProgressBar(left);
    progress_->setObjectName(QStringLiteral("planProgress"));
    progress_->setRange(0, 1000);  // plan::PlanOptions::progress, 0..1
    progress_->setTextVisible(false);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(plan_);
    buttons->addWidget(cancel_);
    form->addRow(source_text_);
    form->addRow(QStringLiteral("&Finish within"), days_);
    form->addRow(QStringLiteral("&Serve"), requests_);
    form->addRow(buttons);
    form->addRow(progress_);
    export_ = new QPushButton(QStringLiteral("E&xport report…"), left);
    export_->setObjectName(QStringLiteral("exportReport"));
    export_->setToolTip(QStringLiteral("The procurement report of this plan as PDF, HTML, Markdown or CSV"));
    export_->setEnabled(false);
    form->addRow(export_);
    outer->addWidget(left);

    auto* right = new QSplitter(Qt::Vertical, this);
    auto* top = new QWidget(right);
    auto* tl = new QVBoxLayout(top);
    tl->setContentsMargins(0, 0, 0, 0);
    status_ = new QLabel(top);
    status_->setTextFormat(Qt::PlainText);
    status_->setWordWrap(true);
    table_ = new PlanTableModel(this);
    view_ = make_result_table(top);
    view_->setObjectName(QStringLiteral("planTable"));
    view_->setModel(table_);
    for (int c = 0; c < PlanTableModel::ColumnCount; ++c)
        view_->horizontalHeader()->setSectionResizeMode(
            c, c == PlanTableModel::Status ? QHeaderView::Stretch : QHeaderView::ResizeToContents);
    view_->setColumnHidden(PlanTableModel::Replicas, true);  // shown for a serving plan
    tl->addWidget(status_);
    tl->addWidget(view_, 1);
    chart_ = new PlanChart(right);
    right->addWidget(top);
    right->addWidget(chart_->view());
    right->setSizes({380, 460});
    right->setChildrenCollapsible(false);
    outer->addWidget(right, 1);

    connect(plan_, &QPushButton::clicked, this, &PlanPage::run);
    connect(cancel_, &QPushButton::clicked, this, &PlanPage::cancel);
    connect(export_, &QPushButton::clicked, this, &PlanPage::exportReportRequested);
    for (QDoubleSpinBox* demand : {days_, requests_})
        connect(demand, &QDoubleSpinBox::valueChanged, this, [this] {
            emit inputChanged();
            run();
        });
    connect(runner_, &BackgroundRunner::progressChanged, this,
            [this](double p) { progress_->setValue(static_cast<int>(p * 1000.0)); });
    connect(runner_, &BackgroundRunner::busyChanged, this, [this](bool busy) {
        if (busy) progress_->setValue(0);
        progress_->setVisible(busy);
        cancel_->setEnabled(busy);
        emit busyChanged(busy);
    });
    progress_->setVisible(false);
    cancel_->setEnabled(false);
    status_->setText(QStringLiteral("Set the demand and press Plan: each system's fleet, its cost to own and to rent."));
    update_source_text();
}

PlanPage::~PlanPage() = default;

void PlanPage::set_context(std::shared_ptr<const engine::EvaluationContext> context) { context_ = std::move(context); }

void PlanPage::set_source(const ComparisonInput& comparison) {
    source_ = comparison;
    update_source_text();
}

void PlanPage::set_input(const ComparisonInput& in) {
    source_ = in;
    {
        const QSignalBlocker block(days_), block_requests(requests_);
        days_->setValue(in.demand_days.value_or(30.0));
        requests_->setValue(in.requests_per_s.value_or(100.0));
    }
    update_source_text();
    run();
}

ComparisonInput PlanPage::input() const {
    return plan_input(source_, serving() ? requests_->value() : days_->value());
}

void PlanPage::update_source_text() {
    // The demand of the workload's mode: days to train, or requests per second to serve.
    form_->setRowVisible(days_, !serving());
    form_->setRowVisible(requests_, serving());
    QString model = qstr(source_.model.empty() ? source_.custom.name : source_.model);
    QStringList systems;
    for (const Candidate& c : source_.candidates)
        systems << qstr(c.system) + QStringLiteral(" @") + qstr(engine::to_string(c.pricing));
    if (serving()) {
        source_text_->setText(QStringLiteral("Workload and systems from the Compare page:\n%1 served, %2\n%3")
                                  .arg(model, serving_workload_text(source_),
                                       systems.isEmpty() ? QStringLiteral("(no systems)")
                                                         : systems.join(QStringLiteral(", "))));
        return;
    }
    source_text_->setText(
        QStringLiteral("Workload and systems from the Compare page:\n%1, %2 × %3 tokens per step, %4 train tokens\n%5")
            .arg(model)
            .arg(source_.global_batch)
            .arg(source_.seq_len)
            .arg(source_.train_tokens ? QLocale::c().toString(*source_.train_tokens, 'g', 3) : QStringLiteral("no"))
            .arg(systems.isEmpty() ? QStringLiteral("(no systems)") : systems.join(QStringLiteral(", "))));
}

void PlanPage::run() {
    if (!context_) return;
    const ComparisonInput in = input();
    status_->setText(QStringLiteral("Planning %1 system%2…").arg(in.candidates.size()).arg(in.candidates.size() == 1 ? "" : "s"));
    auto context = context_;
    const int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    runner_->start<PlanRun>(
        [context, in, threads](const std::atomic<bool>& cancel, const BackgroundRunner::Progress& progress) {
            return run_plan(*context, in, threads, &cancel, progress);
        },
        [this, context](PlanRun&& r) { show_run(std::make_shared<const PlanRun>(std::move(r)), context); });
}

void PlanPage::cancel() {
    if (!runner_->busy()) return;
    runner_->cancel();
    status_->setText(QStringLiteral("Cancelled; the table shows the last plan that finished."));
}

bool PlanPage::busy() const { return runner_->busy(); }

bool PlanPage::wait_idle(int timeout_ms) { return wait_until([this] { return !busy(); }, timeout_ms); }

void PlanPage::show_run(std::shared_ptr<const PlanRun> run, std::shared_ptr<const engine::EvaluationContext> computed_with) {
    if (!run->error.empty()) {
        status_->setText(QStringLiteral("Cannot plan: ") + qstr(run->error));
        return;
    }
    run_ = std::move(run);
    run_context_ = std::move(computed_with);
    table_->set_run(run_);
    const bool serves = run_->input.mode == engine::Mode::infer;
    view_->setColumnHidden(PlanTableModel::Replicas, !serves);
    std::vector<const plan::PlanRow*> rows;
    for (int r = 0; r < table_->rowCount(); ++r) rows.push_back(table_->row_at(r));
    chart_->set_rows(rows, run_->result.tco_years);
    int planned = 0;
    for (const plan::PlanRow& r : run_->result.rows) planned += r.plan() != nullptr;
    const int n = static_cast<int>(run_->result.rows.size());
    if (serves) {
        status_->setText(QStringLiteral("%1 of %2 system%3 can serve %4 requests/s (%5) (planned in %6 s); cheapest first")
                             .arg(planned)
                             .arg(n)
                             .arg(n == 1 ? QString() : QStringLiteral("s"))
                             .arg(QLocale::c().toString(run_->input.requests_per_s.value_or(0), 'g', 4))
                             .arg(serving_workload_text(run_->input))
                             .arg(format_fixed(run_->seconds, 1, true)));
        emit planFinished();
        return;
    }
    status_->setText(QStringLiteral("%1 of %2 system%3 can train %4 tokens within %5 days (planned in %6 s); "
                                    "cheapest first")
                         .arg(planned)
                         .arg(n)
                         .arg(n == 1 ? QString() : QStringLiteral("s"))
                         .arg(QLocale::c().toString(run_->input.train_tokens.value_or(0), 'g', 3))
                         .arg(format_fixed(run_->input.demand_days.value_or(0), 1))
                         .arg(format_fixed(run_->seconds, 1, true)));
    emit planFinished();
}

QString PlanPage::status_text() const { return status_->text(); }

}  // namespace rackplan::gui
