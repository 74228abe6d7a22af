#pragma once
// The Scenarios dock: saved comparisons by name (double-click opens one) and the history of
// results recorded for the selected one, newest first.
#include <vector>

#include <QDockWidget>

#include "store/scenario_store.h"

class QListWidget;
class QPushButton;
class QTreeWidget;

namespace rackplan::gui {

class ScenarioDock : public QDockWidget {
    Q_OBJECT
public:
    explicit ScenarioDock(QWidget* parent = nullptr);

    void set_scenarios(const std::vector<store::Scenario>& scenarios, const QString& current);
    void set_history(const std::vector<store::ScenarioResult>& results);
    [[nodiscard]] QString selected() const;
    [[nodiscard]] QListWidget& list() { return *list_; }
    [[nodiscard]] QTreeWidget& history() { return *history_; }

signals:
    void openRequested(const QString& name);
    void duplicateRequested(const QString& name);
    void deleteRequested(const QString& name);
    void selectionChanged(const QString& name);

private:
    QListWidget* list_;
    QTreeWidget* history_;
    QPushButton* open_;
    QPushButton* duplicate_;
    QPushButton* delete_;
};

}  // namespace rackplan::gui
