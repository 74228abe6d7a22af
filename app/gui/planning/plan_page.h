#pragma once
// The Planning page: the comparison's workload and systems plus a demand (train the
// workload's train tokens within D days; serve R requests/s under its TTFT/TPOT limits) in;
// the fleet each system needs out (serving: replicas too), with what it costs to own or rent
// and when buying pays back, as a table and a chart. plan::plan runs on a worker thread with
// cancel and its real progress; the window never waits on it.
#include <memory>

#include <QWidget>

#include "planning/plan_run.h"

class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;

namespace rackplan::gui {

class BackgroundRunner;
class PlanChart;
class PlanTableModel;

class PlanPage : public QWidget {
    Q_OBJECT
public:
    explicit PlanPage(QWidget* parent = nullptr);
    ~PlanPage() override;

    void set_context(std::shared_ptr<const engine::EvaluationContext> context);
    // The workload and systems to plan for (the Compare page's). Does not run.
    void set_source(const ComparisonInput& comparison);
    // Shows a saved plan's input (its demand in the field) and runs it.
    void set_input(const ComparisonInput& input);
    [[nodiscard]] ComparisonInput input() const;

    void run();
    void cancel();
    [[nodiscard]] bool busy() const;
    bool wait_idle(int timeout_ms);

    [[nodiscard]] std::shared_ptr<const PlanRun> result() const { return run_; }
    // The context (catalog) the plan on screen was computed with.
    [[nodiscard]] std::shared_ptr<const engine::EvaluationContext> result_context() const { return run_context_; }
    // "Export report…" under Plan; MainWindow's ReportExporter enables it and listens.
    [[nodiscard]] QPushButton& export_button() { return *export_; }
    [[nodiscard]] const PlanTableModel& table_model() const { return *table_; }
    [[nodiscard]] QTableView& table_view() { return *view_; }
    [[nodiscard]] PlanChart& chart() { return *chart_; }
    [[nodiscard]] QDoubleSpinBox& days() { return *days_; }
    [[nodiscard]] QDoubleSpinBox& requests_per_s() { return *requests_; }
    [[nodiscard]] QProgressBar& progress_bar() { return *progress_; }
    [[nodiscard]] QString status_text() const;

signals:
    void planFinished();
    void inputChanged();
    void busyChanged(bool busy);
    void exportReportRequested();  // the Export report… button

private:
    void show_run(std::shared_ptr<const PlanRun> run, std::shared_ptr<const engine::EvaluationContext> computed_with);
    void update_source_text();
    [[nodiscard]] bool serving() const { return source_.mode == engine::Mode::infer; }

    std::shared_ptr<const engine::EvaluationContext> context_;
    std::shared_ptr<const PlanRun> run_;
    std::shared_ptr<const engine::EvaluationContext> run_context_;
    ComparisonInput source_;
    BackgroundRunner* runner_;
    QLabel* source_text_;
    QFormLayout* form_;
    QDoubleSpinBox* days_;
    QDoubleSpinBox* requests_;
    QPushButton* plan_;
    QPushButton* cancel_;
    QPushButton* export_;
    QProgressBar* progress_;
    QLabel* status_;
    PlanTableModel* table_;
    QTableView* view_;
    PlanChart* chart_;
};

}  // namespace rackplan::gui
