#pragma once
// The Validation page: the model against the published measurements shipped with the program
// (data/validation, what `rackplan validate` compares), with the catalog and calibration the
// window uses. The error of every row on a chart, grouped by family, with the ±10 % and ±25 %
// lines; every row in a table (what ran, the layout used, or why it could not be compared);
// median and max |error| per family and metric. Computed when the page is first shown after
// the catalog changed.
#include <memory>

#include <QWidget>

#include "io/published_accuracy.h"

class QChartView;
class QLabel;
class QScatterSeries;
class QStandardItemModel;
class QTableView;

namespace rackplan::engine {
class EvaluationContext;
}

namespace rackplan::gui {

class ValidationPage : public QWidget {
    Q_OBJECT
public:
    explicit ValidationPage(QWidget* parent = nullptr);

    void set_context(std::shared_ptr<const engine::EvaluationContext> context);
    // Runs the comparison now if the catalog changed since the last one (showing the page does).
    void refresh();

    [[nodiscard]] const io::InstalledValidation* result() const { return result_.get(); }
    [[nodiscard]] QString header_text() const;
    [[nodiscard]] QChartView& chart_view() const { return *chart_; }
    [[nodiscard]] const QStandardItemModel& rows_model() const { return *rows_; }
    [[nodiscard]] const QStandardItemModel& summary_model() const { return *summary_; }
    // The tooltip of a row's point on the chart (escaped: row text is data, tooltips are rich).
    [[nodiscard]] static QString point_text(const io::ValidationRow& r);

protected:
    void showEvent(QShowEvent* e) override;

private:
    void show_result();
    void fill_chart();

    std::shared_ptr<const engine::EvaluationContext> context_;
    std::unique_ptr<io::InstalledValidation> result_;
    bool stale_ = true;
    QLabel* header_;
    QChartView* chart_;
    QStandardItemModel* rows_;
    QStandardItemModel* summary_;
    QTableView* rows_view_;
    QTableView* summary_view_;
};

}  // namespace rackplan::gui
