#include "scenario_dock.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "compare/comparison_run.h"
#include "number_format.h"

namespace rackplan::gui {

ScenarioDock::ScenarioDock(QWidget* parent) : QDockWidget(QStringLiteral("Scenarios"), parent) {
    setObjectName(QStringLiteral("scenarioDock"));
    setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    auto* box = new QWidget(this);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(6, 6, 6, 6);
    list_ = new QListWidget(box);
    list_->setToolTip(QStringLiteral("Saved comparisons; double-click to open"));
    layout->addWidget(list_, 2);
    auto* buttons = new QHBoxLayout;
    open_ = new QPushButton(QStringLiteral("Open"), box);
    duplicate_ = new QPushButton(QStringLiteral("Duplicate…"), box);
    delete_ = new QPushButton(QStringLiteral("Delete…"), box);
    for (QPushButton* b : {open_, duplicate_, delete_}) buttons->addWidget(b);
    layout->addLayout(buttons);
    auto* label = new QLabel(QStringLiteral("History: results recorded for it, newest first"), box);
    label->setWordWrap(true);  // never widens the dock past the window
    layout->addWidget(label);
    history_ = new QTreeWidget(box);
    history_->setObjectName(QStringLiteral("scenarioHistory"));
    history_->setColumnCount(3);
    history_->setHeaderLabels({QStringLiteral("When (UTC)"), QStringLiteral("Engine"), QStringLiteral("Result")});
    history_->setRootIsDecorated(false);
    history_->setTextElideMode(Qt::ElideRight);
    // Date and engine version whole; the result summary takes the rest (elided, whole in its tooltip).
    history_->header()->setStretchLastSection(true);
    history_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    history_->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    history_->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    box->setMinimumWidth(380);  // date and engine whole, and room for the result's start
    layout->addWidget(history_, 3);
    setWidget(box);

    auto current = [this] { return selected(); };
    connect(open_, &QPushButton::clicked, this, [this, current] {
        if (!current().isNull()) emit openRequested(current());
    });
    connect(duplicate_, &QPushButton::clicked, this, [this, current] {
        if (!current().isNull()) emit duplicateRequested(current());
    });
    connect(delete_, &QPushButton::clicked, this, [this, current] {
        if (!current().isNull()) emit deleteRequested(current());
    });
    connect(list_, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { emit openRequested(item->data(Qt::UserRole).toString()); });
    connect(list_, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* item) {
        const bool any = item != nullptr;
        for (QPushButton* b : {open_, duplicate_, delete_}) b->setEnabled(any);
        emit selectionChanged(any ? item->data(Qt::UserRole).toString() : QString());
    });
    for (QPushButton* b : {open_, duplicate_, delete_}) b->setEnabled(false);
}

void ScenarioDock::set_scenarios(const std::vector<store::Scenario>& scenarios, const QString& current) {
    const QString keep = selected().isNull() ? current : selected();
    list_->clear();
    for (const store::Scenario& s : scenarios) {
        // QListWidgetItem text is plain: a name with markup or a newline shows as typed.
        auto* item = new QListWidgetItem(qstr(s.name), list_);
        item->setData(Qt::UserRole, qstr(s.name));
        item->setToolTip(QStringLiteral("saved %1").arg(qstr(s.updated_at)));
    }
    for (int i = 0; i < list_->count(); ++i)
        if (list_->item(i)->data(Qt::UserRole).toString() == keep) list_->setCurrentRow(i);
    if (list_->currentRow() < 0) set_history({});
}

void ScenarioDock::set_history(const std::vector<store::ScenarioResult>& results) {
    history_->clear();
    for (auto it = results.rbegin(); it != results.rend(); ++it) {
        QString when = qstr(it->created_at);
        when.replace(QLatin1Char('T'), QLatin1Char(' '));
        if (when.endsWith(QLatin1Char('Z'))) when.chop(1);
        auto* item = new QTreeWidgetItem(history_, {when.left(19), qstr(it->engine_version),
                                                    qstr(history_summary(it->output_json))});
        item->setToolTip(2, item->text(2));
    }
}

QString ScenarioDock::selected() const {
    const QListWidgetItem* item = list_->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

}  // namespace rackplan::gui
