#pragma once
// The selected candidate in full: where its step time goes, its throughput, memory per chip
// by kind against the HBM capacity, its layout in words and what the search covered (serving:
// the replica layout and batch, latencies, the decode iteration by part, weights and KV
// cache against HBM); or,
// for a system without a layout, the reason. Its cost: pricing, $/hour, $/M tokens, $ of the
// run with P10–P90, what the hourly cost pays for, capex and power; or why it has none. And how
// far the model has been from published runs on the system's hardware family.
#include <memory>

#include <QWidget>

#include "compare/comparison_run.h"
#include "io/published_accuracy.h"

class QLabel;
class QTreeWidget;

namespace rackplan::gui {

class DetailPane : public QWidget {
    Q_OBJECT
public:
    explicit DetailPane(QWidget* parent = nullptr);

    void set_row(const CandidateResult* row);
    // The model against published runs, and the catalog that tells each row's hardware family;
    // shown for the rows set after it.
    void set_published(std::shared_ptr<const io::PublishedAccuracy> accuracy,
                       std::shared_ptr<const engine::EvaluationContext> context);

    [[nodiscard]] QString title() const;
    [[nodiscard]] QString layout_text() const;
    // The value shown for `item` under `group` ("Step time", "Compute"), or empty.
    [[nodiscard]] QString value(const QString& group, const QString& item) const;
    [[nodiscard]] QTreeWidget& tree() { return *tree_; }

private:
    void add_cost(const CandidateResult& row);
    void add_serving(const CandidateResult& row);
    void add_parts(const QString& title, const QString& tip, const engine::PassBreakdown& d);
    void add_published(const CandidateResult& row);

    QLabel* title_;
    QLabel* layout_;
    QTreeWidget* tree_;
    std::shared_ptr<const io::PublishedAccuracy> accuracy_;
    std::shared_ptr<const engine::EvaluationContext> context_;
};

}  // namespace rackplan::gui
