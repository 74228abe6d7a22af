#include "compare_page.h"

#include <thread>

#include <QComboBox>
#include <QDoubleSpinBox>
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
#include "charts/decode_chart.h"
#include "charts/microbench_chart.h"
#include "charts/roofline_chart.h"
#include "charts/scaling_chart.h"
#include "charts/step_chart.h"
#include "charts/tornado_chart.h"
#include "compare/candidates_editor.h"
#include "compare/comparison_table_model.h"
#include "compare/detail_pane.h"
#include "compare/serving_text.h"
#include "compare/what_if_panel.h"
#include "compare/workload_editor.h"
#include "number_format.h"
#include "plain_tooltip_delegate.h"
#include "wait_until.h"

namespace rackplan::gui {
namespace {

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

void ComparePage::set_context(std::shared_ptr<const engine::EvaluationContext> context) {
    const ComparisonInput keep = context_ ? input() : ComparisonInput{};
    const bool had = context_ != nullptr;
    context_ = std::move(context);
    // The model against the published runs shipped with the program, for this catalog (a few
    // tens of milliseconds, once per catalog).
    detail_->set_published(std::make_shared<const io::PublishedAccuracy>(io::installed_published_accuracy(context_->catalog())),
                           context_);
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
    in.requests_per_s = hidden_.requests_per_s;
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
    if (in.mode == engine::Mode::infer)
        header += QStringLiteral(" served · ") + serving_workload_text(in);
    else
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

bool ComparePage::wait_idle(int timeout_ms) { return wait_until([this] { return !busy(); }, timeout_ms); }

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
    const bool serving = result_ && result_->input.mode == engine::Mode::infer;
    if (result_) apply_mode(result_->input.mode);
    step_chart_->set_result(serving ? nullptr : result_.get());
    decode_chart_->set_result(serving ? result_.get() : nullptr);
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
    const bool serving = result_ && result_->input.mode == engine::Mode::infer;
    detail_->set_row(row);
    roofline_->set_row(serving ? nullptr : row, result_ ? result_->input.dtype : hw::Dtype::bf16);
    microbench_->set_row(row);
    tornado_->set_row(row);
    if (!row || !result_ || serving) {
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
