#pragma once
// The what-if comparison: the workload (training or serving) and candidate systems on the
// left; on the right the ranked comparison, the selected system's breakdown and the charts. Every edit re-runs the
// comparison on a worker thread (a new run replaces the one in flight), so the window never
// waits on a search; under LayoutPolicy::keep a re-run only re-times kept layouts and lands in
// milliseconds. A what-if on prices, $/kWh, PUE or years re-prices the result on screen on
// the spot (plan::reprice, no search). The scaling curve of the selected system is a second
// background job.
#include <memory>

#include <QWidget>

#include "compare/comparison_run.h"
#include "compare/scaling.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSettings;
class QSplitter;
class QStackedWidget;
class QTabWidget;
class QTableView;
class QTimer;

namespace rackplan::gui {

class BackgroundRunner;
class CandidatesEditor;
class ComparisonTableModel;
class CostTimeChart;
class DecodeChart;
class TornadoChart;
class WhatIfPanel;
class DetailPane;
class MicrobenchChart;
class RooflineChart;
class ScalingChart;
class StepChart;
class WorkloadEditor;

class ComparePage : public QWidget {
    Q_OBJECT
public:
    explicit ComparePage(QWidget* parent = nullptr);
    ~ComparePage() override;

    // The catalog the comparison runs on (after a database opens). Re-runs.
    void set_context(std::shared_ptr<const engine::EvaluationContext> context);
    // A default workload on the catalog (llama3-8b when it has it), no candidates.
    void reset();
    // Shows `input` in the editors and runs it.
    void set_input(const ComparisonInput& input);
    [[nodiscard]] ComparisonInput input() const;

    // Starts a comparison now (the editors call it on every change).
    void run();
    void cancel();
    [[nodiscard]] bool busy() const;
    // Processes events until no job is in flight or `timeout_ms` passes; true when idle.
    bool wait_idle(int timeout_ms);

    // Selects a row of the ranked table (the detail and per-system charts follow).
    void select_row(int row);
    [[nodiscard]] int selected_row() const;
    void show_chart(int tab);

    [[nodiscard]] std::shared_ptr<const ComparisonResult> result() const { return result_; }
    // The context (catalog) the result on screen was computed with: the stored catalog of its
    // run, which a later catalog save replaces in context_ before the re-run lands.
    [[nodiscard]] std::shared_ptr<const engine::EvaluationContext> result_context() const { return result_context_; }
    // "Export report…" beside Search again; MainWindow's ReportExporter enables it and listens.
    [[nodiscard]] QPushButton& export_button() { return *export_; }
    [[nodiscard]] const ComparisonTableModel& table_model() const { return *table_; }
    [[nodiscard]] QTableView& table_view() { return *view_; }
    [[nodiscard]] DetailPane& detail() { return *detail_; }
    [[nodiscard]] StepChart& step_chart() { return *step_chart_; }
    // The first chart tab of a serving comparison (in place of the step chart).
    [[nodiscard]] DecodeChart& decode_chart() { return *decode_chart_; }
    [[nodiscard]] QTabWidget& chart_tabs() { return *charts_; }
    [[nodiscard]] RooflineChart& roofline_chart() { return *roofline_; }
    [[nodiscard]] ScalingChart& scaling_chart() { return *scaling_chart_; }
    [[nodiscard]] MicrobenchChart& microbench_chart() { return *microbench_; }
    [[nodiscard]] CostTimeChart& cost_time_chart() { return *cost_time_; }
    [[nodiscard]] TornadoChart& tornado_chart() { return *tornado_; }
    [[nodiscard]] WhatIfPanel& what_if() { return *what_if_; }
    // Milliseconds the last re-price took (every layout priced, table and charts redrawn).
    [[nodiscard]] double last_reprice_ms() const { return reprice_ms_; }
    enum ChartTab { StepTab, CostTimeTab, TornadoTab, RooflineTab, ScalingTab, MicrobenchTab };
    [[nodiscard]] WorkloadEditor& workload() { return *workload_; }
    [[nodiscard]] CandidatesEditor& candidates() { return *candidates_; }
    [[nodiscard]] QDoubleSpinBox& utilization();
    [[nodiscard]] QComboBox& layout_policy() { return *policy_; }
    [[nodiscard]] QString header_text() const;
    [[nodiscard]] QString status_text() const;
    [[nodiscard]] const ScalingResult* scaling() const { return scaling_.get(); }

    void save_state(QSettings& settings) const;
    void restore_state(const QSettings& settings);

signals:
    void inputChanged();          // an edit (not set_input)
    void comparisonFinished();    // a result is shown
    void scalingFinished();
    void busyChanged(bool busy);
    void exportReportRequested();  // the Export report… button

private:
    QWidget* build_inputs();
    QWidget* build_results();
    void edited();
    void policy_changed();
    // `computed_with`: the context the run used; null: the current one (a re-price).
    void show_result(std::shared_ptr<const ComparisonResult> result,
                     std::shared_ptr<const engine::EvaluationContext> computed_with = nullptr);
    void reprice();
    void show_selected();
    void start_scaling(size_t candidate);
    void update_busy();
    // Table columns and chart tabs of a training or a serving comparison.
    void apply_mode(engine::Mode mode);

    std::shared_ptr<const engine::EvaluationContext> context_;
    std::shared_ptr<const ComparisonResult> result_;
    std::shared_ptr<const engine::EvaluationContext> result_context_;
    std::shared_ptr<const ScalingResult> scaling_;
    std::string scaling_key_;
    bool filling_ = false;
    bool was_busy_ = false;
    double reprice_ms_ = 0.0;
    // What a request holds that the editors do not show (extra cells, top, demand): kept from
    // set_input so input() gives it back.
    ComparisonInput hidden_;

    QTimer* debounce_;
    BackgroundRunner* runner_;
    BackgroundRunner* scaling_runner_;
    WorkloadEditor* workload_;
    CandidatesEditor* candidates_;
    WhatIfPanel* what_if_;
    QComboBox* policy_;
    QPushButton* search_;
    QPushButton* cancel_;
    QPushButton* export_;
    QProgressBar* progress_;
    QLabel* header_;
    QLabel* status_;
    ComparisonTableModel* table_;
    QTableView* view_;
    DetailPane* detail_;
    QTabWidget* charts_;
    StepChart* step_chart_;
    DecodeChart* decode_chart_;
    QStackedWidget* step_stack_;
    RooflineChart* roofline_;
    ScalingChart* scaling_chart_;
    MicrobenchChart* microbench_;
    CostTimeChart* cost_time_;
    TornadoChart* tornado_;
    QSplitter* outer_;
    QSplitter* right_;
    QSplitter* bottom_;
};

}  // namespace rackplan::gui
