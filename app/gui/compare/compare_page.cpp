#include "compare_page.h"

#include <thread>

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEventLoop>
#include <QElapsedTimer>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include "background_runner.h"
#include "charts/cost_time_chart.h"
#include "charts/microbench_chart.h"
#include "charts/roofline_chart.h"
#include "charts/scaling_chart.h"
#include "charts/step_chart.h"
#include "charts/tornado_chart.h"
#include "compare/candidates_editor.h"
#include "compare/comparison_table_model.h"
#include "compare/detail_pane.h"
#include "compare/what_if_panel.h"
#include "compare/workload_editor.h"
#include "number_format.h"
#include "plain_tooltip_delegate.h"

namespace rackplan::gui {
namespace {

QLabel* plain_label(QWidget* parent) {
    auto* l = new QLabel(parent);
    l->setTextFormat(Qt::PlainText);  // model and system names are data, never markup
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return l;
}

int search_threads() { return static_cast<int>(std::max(1u, std::thread::hardware_concurrency())); }

// Scaling depends on the workload and one candidate only: this key says when to redo it.
std::string scaling_key(const ComparisonInput& in, size_t candidate) {
    ComparisonInput one = in;
    one.layouts = LayoutPolicy::search;
    one.candidates = {in.candidates[candidate]};
    one.candidates.front().layout.reset();
    // Scaling times steps; what pricing reads does not move it.
    one.candidates.front().pricing = engine::Pricing::own;
    one.usd_per_kwh.reset();
    one.pue.reset();
    one.years.reset();
    return to_json(one);
}

}  // namespace

ComparePage::ComparePage(QWidget* parent) : QWidget(parent) {
    debounce_ = new QTimer(this);
    debounce_->setSingleShot(true);
    debounce_->setInterval(0);  // coalesces the signals of one edit; a run is already asynchronous
    connect(debounce_, &QTimer::timeout, this, &ComparePage::run);
    runner_ = new BackgroundRunner(this);
    scaling_runner_ = new BackgroundRunner(this);

    outer_ = new QSplitter(Qt::Horizontal, this);
    outer_->setObjectName(QStringLiteral("compareSplitter"));
    outer_->addWidget(build_inputs());
    outer_->addWidget(build_results());
    outer_->setStretchFactor(0, 0);
    outer_->setStretchFactor(1, 1);
    outer_->setChildrenCollapsible(false);
    outer_->setSizes({370, 1030});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(outer_);

    connect(runner_, &BackgroundRunner::progressChanged, this,
            [this](double p) { progress_->setValue(static_cast<int>(p * 1000.0)); });
    connect(runner_, &BackgroundRunner::busyChanged, this, &ComparePage::update_busy);
    connect(scaling_runner_, &BackgroundRunner::busyChanged, this, &ComparePage::update_busy);
    update_busy();
}

ComparePage::~ComparePage() = default;

QWidget* ComparePage::build_inputs() {
    auto* panel = new QWidget(this);
    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(6, 6, 6, 6);

    auto* work = new QGroupBox(QStringLiteral("Workload (training)"), panel);
    auto* wl = new QVBoxLayout(work);
    workload_ = new WorkloadEditor(work);
    wl->addWidget(workload_);
    layout->addWidget(work);

    auto* cands = new QGroupBox(QStringLiteral("Candidate systems"), panel);
    auto* cl = new QVBoxLayout(cands);
    candidates_ = new CandidatesEditor(cands);
    cl->addWidget(candidates_);
    layout->addWidget(cands, 1);

    what_if_ = new WhatIfPanel(panel);
    layout->addWidget(what_if_);

    auto* search = new QGroupBox(QStringLiteral("Search"), panel);
    auto* form = new QFormLayout(search);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    policy_ = new QComboBox(search);
    policy_->setObjectName(QStringLiteral("layoutPolicy"));
    policy_->addItem(QStringLiteral("Search every layout"), static_cast<int>(LayoutPolicy::search));
    policy_->addItem(QStringLiteral("Keep layouts, re-time live"), static_cast<int>(LayoutPolicy::keep));
    policy_->setToolTip(QStringLiteral(
        "Search: every edit searches each system's layouts in the background.\n"
        "Keep: each system keeps the layout found last (data parallel follows the chips), so an edit\n"
        "re-times in milliseconds; a system without a layout is searched."));
    form->addRow(QStringLiteral("&Layouts"), policy_);
    layout->addWidget(search);

    auto* buttons = new QHBoxLayout;
    search_ = new QPushButton(QStringLiteral("&Search again"), panel);
    search_->setToolTip(QStringLiteral("Runs the comparison now (F5)"));
    search_->setShortcut(QKeySequence(Qt::Key_F5));
    cancel_ = new QPushButton(QStringLiteral("Cancel"), panel);
    cancel_->setToolTip(QStringLiteral("Stops the search in flight; the last finished comparison stays"));
    progress_ = new QProgressBar(panel);
    progress_->setRange(0, 1000);
    progress_->setTextVisible(false);
    buttons->addWidget(search_);
    buttons->addWidget(cancel_);
    buttons->addWidget(progress_, 1);
    layout->addLayout(buttons);

    connect(workload_, &WorkloadEditor::changed, this, &ComparePage::edited);
    connect(workload_, &WorkloadEditor::chipsPerSystemChanged, this, [this](int chips) {
        candidates_->set_all_chips(chips);  // emits changed when a count moved
    });
    connect(candidates_, &CandidatesEditor::changed, this, &ComparePage::edited);
    connect(what_if_, &WhatIfPanel::changed, this, &ComparePage::edited);
    connect(what_if_, &WhatIfPanel::pricingForAll, this,
            [this](engine::Pricing p) { candidates_->set_all_pricing(p); });  // emits changed when one moved
    connect(policy_, &QComboBox::currentIndexChanged, this, &ComparePage::policy_changed);
    connect(search_, &QPushButton::clicked, this, &ComparePage::run);
    connect(cancel_, &QPushButton::clicked, this, &ComparePage::cancel);

    auto* scroll = new QScrollArea(this);
    scroll->setWidget(panel);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(panel->sizeHint().width() + 16);
    return scroll;
}

QWidget* ComparePage::build_results() {
    right_ = new QSplitter(Qt::Vertical, this);
    right_->setObjectName(QStringLiteral("resultsSplitter"));

    auto* top = new QWidget(right_);
    auto* tl = new QVBoxLayout(top);
    tl->setContentsMargins(6, 6, 6, 0);
    header_ = plain_label(top);
    QFont bold = header_->font();
    bold.setBold(true);
    header_->setFont(bold);
    header_->setWordWrap(true);
    status_ = plain_label(top);
    status_->setWordWrap(true);
    table_ = new ComparisonTableModel(this);
    view_ = new QTableView(top);
    view_->setObjectName(QStringLiteral("comparisonTable"));
    view_->setModel(table_);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setSelectionMode(QAbstractItemView::SingleSelection);
    view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view_->setAlternatingRowColors(true);
    view_->setWordWrap(false);
    view_->setTextElideMode(Qt::ElideRight);
    view_->verticalHeader()->setVisible(false);
    view_->verticalHeader()->setDefaultSectionSize(view_->fontMetrics().height() + 8);  // ten systems fit
    view_->horizontalHeader()->setHighlightSections(false);
    view_->setItemDelegate(new PlainTooltipDelegate(view_));
    for (int c = 0; c < ComparisonTableModel::ColumnCount; ++c)
        view_->horizontalHeader()->setSectionResizeMode(
            c, c == ComparisonTableModel::Layout ? QHeaderView::Stretch : QHeaderView::ResizeToContents);
    // Throughput and memory are in the detail pane: the cost columns fit beside the rest.
    view_->setColumnHidden(ComparisonTableModel::TokensPerSPerChip, true);
    view_->setColumnHidden(ComparisonTableModel::TokensPerS, true);
    view_->setColumnHidden(ComparisonTableModel::Memory, true);
    // The report of what the table shows sits beside its title.
    export_ = new QPushButton(QStringLiteral("E&xport report…"), top);
    export_->setObjectName(QStringLiteral("exportReport"));
    export_->setToolTip(QStringLiteral("The procurement report of this comparison as PDF, HTML, Markdown or CSV"));
    export_->setEnabled(false);
    connect(export_, &QPushButton::clicked, this, &ComparePage::exportReportRequested);
    auto* title_row = new QHBoxLayout;
    title_row->addWidget(header_, 1);
    title_row->addWidget(export_, 0, Qt::AlignTop);
    tl->addLayout(title_row);
    tl->addWidget(status_);
    tl->addWidget(view_, 1);
    connect(view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] { show_selected(); });

    bottom_ = new QSplitter(Qt::Horizontal, right_);
    bottom_->setObjectName(QStringLiteral("detailSplitter"));
    detail_ = new DetailPane(bottom_);
    detail_->setContentsMargins(6, 0, 0, 0);
    charts_ = new QTabWidget(bottom_);
    charts_->setObjectName(QStringLiteral("charts"));
    step_chart_ = new StepChart(charts_);
    roofline_ = new RooflineChart(charts_);
    scaling_chart_ = new ScalingChart(charts_);
    microbench_ = new MicrobenchChart(charts_);
    cost_time_ = new CostTimeChart(charts_);
    tornado_ = new TornadoChart(charts_);
    charts_->addTab(step_chart_->view(), QStringLiteral("Step time"));
    charts_->addTab(cost_time_->view(), QStringLiteral("Cost vs time"));
    charts_->addTab(tornado_->view(), QStringLiteral("Sensitivity"));
    charts_->addTab(roofline_->view(), QStringLiteral("Roofline"));
    charts_->addTab(scaling_chart_->view(), QStringLiteral("Scaling"));
    charts_->addTab(microbench_, QStringLiteral("Microbenchmarks"));
    bottom_->addWidget(detail_);
    bottom_->addWidget(charts_);
    bottom_->setStretchFactor(0, 0);
    bottom_->setStretchFactor(1, 1);
    bottom_->setSizes({340, 690});
    bottom_->setChildrenCollapsible(false);

    right_->addWidget(top);
    right_->addWidget(bottom_);
    right_->setStretchFactor(0, 0);
    right_->setStretchFactor(1, 1);
    right_->setSizes({330, 510});  // ten ranked systems without scrolling
    right_->setChildrenCollapsible(false);
    return right_;
}

void ComparePage::set_context(std::shared_ptr<const engine::EvaluationContext> context) {
    const ComparisonInput keep = context_ ? input() : ComparisonInput{};
    const bool had = context_ != nullptr;
    context_ = std::move(context);
    filling_ = true;
    workload_->set_catalog(context_->catalog());
    candidates_->set_catalog(context_->catalog());
    what_if_->set_catalog(context_->catalog());
    filling_ = false;
    scaling_key_.clear();
    if (had) set_input(keep);
    else reset();
}

void ComparePage::reset() {
    ComparisonInput in;
    if (context_) {
        const auto& models = context_->catalog().models;
        if (context_->catalog().find_model("llama3-8b")) in.model = "llama3-8b";
        else if (!models.empty()) in.model = models.front().id;
        else in.custom = custom_from(context_->catalog(), "");
    }
    set_input(in);
}

void ComparePage::set_input(const ComparisonInput& in) {
    filling_ = true;
    workload_->set_input(in);
    candidates_->set_candidates(in.candidates);
    if (!in.candidates.empty()) workload_->set_chips_per_system(in.candidates.front().chips);
    else workload_->set_chips_per_system(64);
    what_if_->set_input(in);
    hidden_ = in;
    policy_->setCurrentIndex(in.layouts == LayoutPolicy::keep ? 1 : 0);
    filling_ = false;
    run();
}

ComparisonInput ComparePage::input() const {
    ComparisonInput in;
    workload_->fill(in);
    in.candidates = candidates_->candidates();
    what_if_->fill(in);
    in.extra_cells = hidden_.extra_cells;
    in.top = hidden_.top;
    in.demand_days = hidden_.demand_days;
    in.layouts = static_cast<LayoutPolicy>(policy_->currentData().toInt());
    return in;
}

void ComparePage::edited() {
    if (filling_) return;
    emit inputChanged();
    // Prices, $/kWh, PUE and years: the layouts on screen are priced again at once.
    if (result_ && !runner_->busy() && !result_->cancelled && result_->input_json != to_json(input()) &&
        reprice_only(result_->input, input())) {
        debounce_->stop();
        reprice();
        return;
    }
    debounce_->start();
}

QDoubleSpinBox& ComparePage::utilization() { return what_if_->utilization(); }

void ComparePage::reprice() {
    QElapsedTimer clock;
    clock.start();
    const ComparisonInput in = input();
    if (!workload_issues(in, context_->catalog()).empty()) return;
    show_result(std::make_shared<const ComparisonResult>(repriced(*result_, in, context_->catalog())));
    reprice_ms_ = static_cast<double>(clock.nsecsElapsed()) / 1e6;
    what_if_->show_reprice_time(reprice_ms_, static_cast<int>(result_->rows.size()));
}

void ComparePage::policy_changed() {
    if (filling_) return;
    // Keeping starts from the layouts on screen, when the table shows these candidates.
    if (input().layouts == LayoutPolicy::keep && result_) {
        const auto found = with_result_layouts(*result_);
        if (found.size() == candidates_->candidates().size()) candidates_->set_layouts(found);
    }
    edited();
}

void ComparePage::run() {
    debounce_->stop();
    if (!context_) return;
    const ComparisonInput in = input();
    QString header = qstr(in.model.empty() ? in.custom.name : in.model);
    if (const workload::Model* m = context_->catalog().find_model(in.model)) header = qstr(m->name);
    header += QStringLiteral(" · %1 sequences × %2 tokens per step · %3")
                  .arg(in.global_batch)
                  .arg(in.seq_len)
                  .arg(qstr(hw::to_string(in.dtype)));
    header_->setText(header);

    const Issues issues = workload_issues(in, context_->catalog());
    workload_->show_issues(issues);
    if (!issues.empty()) {
        runner_->cancel();
        status_->setText(QStringLiteral("The workload has %1 problem%2 (marked on the left); the table shows the last "
                                        "comparison that ran.")
                             .arg(issues.size())
                             .arg(issues.size() == 1 ? QString() : QStringLiteral("s")));
        return;
    }
    if (in.candidates.empty()) {
        runner_->cancel();
        scaling_runner_->cancel();
        show_result(nullptr);
        status_->setText(QStringLiteral("Add candidate systems on the left to compare them."));
        return;
    }
    status_->setText(QStringLiteral("Comparing %1 system%2…").arg(in.candidates.size()).arg(in.candidates.size() == 1 ? "" : "s"));
    auto context = context_;
    runner_->start<ComparisonResult>(
        [context, in](const std::atomic<bool>& cancel, const BackgroundRunner::Progress& progress) {
            RunOptions o;
            o.threads = search_threads();
            o.cancel = &cancel;
            o.progress = progress;
            return run_comparison(*context, in, o);
        },
        [this, context](ComparisonResult&& r) {
            show_result(std::make_shared<const ComparisonResult>(std::move(r)), context);
        });
}

void ComparePage::cancel() {
    const bool was = busy();
    runner_->cancel();
    scaling_runner_->cancel();
    if (was) status_->setText(QStringLiteral("Cancelled; the table shows the last comparison that finished."));
}

bool ComparePage::busy() const { return runner_->busy() || scaling_runner_->busy() || debounce_->isActive(); }

bool ComparePage::wait_idle(int timeout_ms) {
    QElapsedTimer clock;
    clock.start();
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(5);
    connect(&poll, &QTimer::timeout, &loop, [&] {
        if (!busy() || clock.elapsed() > timeout_ms) loop.quit();
    });
    if (!busy()) return true;
    poll.start();
    loop.exec();
    return !busy();
}

void ComparePage::update_busy() {
    const bool comparing = runner_->busy();
    progress_->setVisible(comparing);
    cancel_->setEnabled(runner_->busy() || scaling_runner_->busy());
    const bool now = runner_->busy() || scaling_runner_->busy();
    if (now != was_busy_) {
        was_busy_ = now;
        emit busyChanged(now);
    }
}

void ComparePage::show_result(std::shared_ptr<const ComparisonResult> result,
                              std::shared_ptr<const engine::EvaluationContext> computed_with) {
    QString selected_system;
    int selected_chips = 0;
    if (const CandidateResult* r = table_->row_result(selected_row())) {
        selected_system = qstr(r->candidate.system);
        selected_chips = r->candidate.chips;
    }
    // A run that started before a price what-if lands priced as the editors now say.
    if (result && context_ && !result->cancelled && result->input_json != to_json(input()) &&
        reprice_only(result->input, input()) && workload_issues(input(), context_->catalog()).empty())
        result = std::make_shared<const ComparisonResult>(repriced(*result, input(), context_->catalog()));
    result_ = std::move(result);
    result_context_ = result_ ? (computed_with ? std::move(computed_with) : context_) : nullptr;
    table_->set_result(result_);
    step_chart_->set_result(result_.get());
    cost_time_->set_result(result_.get());
    if (!result_) {
        show_selected();
        return;
    }
    if (result_->input.layouts == LayoutPolicy::keep && result_->input_json == to_json(input()))
        candidates_->set_layouts(with_result_layouts(*result_));

    int row = 0;
    for (int r = 0; r < table_->rowCount(); ++r) {
        const CandidateResult* c = table_->row_result(r);
        if (qstr(c->candidate.system) == selected_system) {
            row = r;
            if (c->candidate.chips == selected_chips) break;
        }
    }
    select_row(row);

    int feasible = 0;
    int priced = 0;
    for (const CandidateResult& r : result_->rows) {
        feasible += r.ok();
        priced += r.cost() != nullptr;
    }
    const int n = static_cast<int>(result_->rows.size());
    QString status = QStringLiteral("%1 system%2 compared in %3 s")
                         .arg(n)
                         .arg(n == 1 ? QString() : QStringLiteral("s"))
                         .arg(format_fixed(result_->seconds, result_->seconds < 0.1 ? 3 : 2, true));
    status += result_->input.layouts == LayoutPolicy::keep ? QStringLiteral(" at kept layouts")
                                                           : QStringLiteral(", every layout searched");
    if (feasible < n) status += QStringLiteral("; %1 without a layout (reason in the row)").arg(n - feasible);
    if (priced < feasible) status += QStringLiteral("; %1 not priced (reason in its tooltip)").arg(feasible - priced);
    status_->setText(status);
    emit comparisonFinished();
}

void ComparePage::select_row(int row) {
    if (row < 0 || row >= table_->rowCount()) {
        show_selected();
        return;
    }
    view_->setCurrentIndex(table_->index(row, 0));  // show_selected follows through currentRowChanged
    show_selected();
}

int ComparePage::selected_row() const {
    const QModelIndex i = view_->currentIndex();
    return i.isValid() ? i.row() : -1;
}

void ComparePage::show_chart(int tab) { charts_->setCurrentIndex(tab); }

void ComparePage::show_selected() {
    const CandidateResult* row = table_->row_result(selected_row());
    detail_->set_row(row);
    roofline_->set_row(row, result_ ? result_->input.dtype : hw::Dtype::bf16);
    microbench_->set_row(row);
    tornado_->set_row(row);
    if (!row || !result_) {
        scaling_runner_->cancel();
        scaling_.reset();
        scaling_key_.clear();
        scaling_chart_->set_result(nullptr, 0);
        return;
    }
    start_scaling(static_cast<size_t>(table_->index(selected_row(), 0).data(ComparisonTableModel::InputIndexRole).toInt()));
}

void ComparePage::start_scaling(size_t candidate) {
    const ComparisonInput in = result_->input;
    const std::string key = scaling_key(in, candidate);
    if (key == scaling_key_) return;  // shown or on its way
    scaling_key_ = key;
    scaling_.reset();
    scaling_chart_->set_pending(qstr(in.candidates[candidate].system));
    auto context = context_;
    scaling_runner_->start<ScalingResult>(
        [context, in, candidate](const std::atomic<bool>& cancel, const BackgroundRunner::Progress& progress) {
            return run_scaling(*context, in, candidate, search_threads(), &cancel, progress);
        },
        [this, batch = in.global_batch](ScalingResult&& r) {
            scaling_ = std::make_shared<const ScalingResult>(std::move(r));
            scaling_chart_->set_result(scaling_.get(), batch);
            emit scalingFinished();
        });
}

QString ComparePage::header_text() const { return header_->text(); }

QString ComparePage::status_text() const { return status_->text(); }

void ComparePage::save_state(QSettings& s) const {
    s.setValue(QStringLiteral("compare/outer"), outer_->saveState());
    s.setValue(QStringLiteral("compare/right"), right_->saveState());
    s.setValue(QStringLiteral("compare/bottom"), bottom_->saveState());
    s.setValue(QStringLiteral("compare/chart"), charts_->currentIndex());
}

void ComparePage::restore_state(const QSettings& s) {
    if (s.contains(QStringLiteral("compare/outer"))) outer_->restoreState(s.value(QStringLiteral("compare/outer")).toByteArray());
    if (s.contains(QStringLiteral("compare/right"))) right_->restoreState(s.value(QStringLiteral("compare/right")).toByteArray());
    if (s.contains(QStringLiteral("compare/bottom")))
        bottom_->restoreState(s.value(QStringLiteral("compare/bottom")).toByteArray());
    const int chart = s.value(QStringLiteral("compare/chart"), 0).toInt();
    if (chart >= 0 && chart < charts_->count()) charts_->setCurrentIndex(chart);
}

}  // namespace rackplan::gui
