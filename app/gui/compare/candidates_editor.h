#pragma once
// The candidate systems of a comparison: a picker of catalog systems and a list with each
// candidate's chip count (the what-if "chips per system") and pricing (own, on demand,
// reserved, capacity block; a pricing the catalog cannot price for the system is marked).
// Keeps each candidate's kept layout alongside, so LayoutPolicy::keep can re-time it.
#include <vector>

#include <QWidget>

#include "compare/comparison_input.h"

class QComboBox;
class QPushButton;
class QTableWidget;

namespace rackplan::gui {

class CandidatesEditor : public QWidget {
    Q_OBJECT
public:
    explicit CandidatesEditor(QWidget* parent = nullptr);

    void set_catalog(const hw::Catalog& catalog);
    // Replaces the list. Emits nothing.
    void set_candidates(const std::vector<Candidate>& candidates);
    [[nodiscard]] const std::vector<Candidate>& candidates() const { return candidates_; }
    // Updates the kept layouts only (after a run). Emits nothing.
    void set_layouts(const std::vector<Candidate>& with_layouts);

    void add(const QString& system_id, int chips);
    void remove(int row);
    void set_chips(int row, int chips);
    void set_all_chips(int chips);
    void set_pricing(int row, engine::Pricing pricing);
    void set_all_pricing(engine::Pricing pricing);
    // The first pricing (own, on_demand, reserved_1y, reserved_3y, capacity_block) the catalog
    // can price `system` with; own when none.
    [[nodiscard]] engine::Pricing default_pricing(const std::string& system, int chips) const;
    [[nodiscard]] QComboBox& picker() { return *picker_; }
    [[nodiscard]] QTableWidget& table() { return *table_; }

signals:
    void changed();

private:
    void rebuild();

    const hw::Catalog* catalog_ = nullptr;
    std::vector<Candidate> candidates_;
    QComboBox* picker_;
    QPushButton* add_;
    QPushButton* remove_;
    QTableWidget* table_;
};

}  // namespace rackplan::gui
