#include "candidates_editor.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include "cost/cost_evaluation.h"
#include "number_format.h"

namespace rackplan::gui {
namespace {

constexpr engine::Pricing kPricings[] = {engine::Pricing::own, engine::Pricing::on_demand, engine::Pricing::reserved_1y,
                                         engine::Pricing::reserved_3y, engine::Pricing::capacity_block};

// Why the catalog cannot price `system` this way, or empty.
QString pricing_problem(const hw::Catalog* catalog, const hw::System* system, int chips, engine::Pricing p) {
    if (!catalog || !system) return {};
    engine::CostRequest request;
    request.pricing = p;
    const Issues issues = cost::check_cost_inputs(*catalog, *system, std::max(1, chips), request);
    return issues.empty() ? QString() : qstr(issues.front().message);
}

}  // namespace

CandidatesEditor::CandidatesEditor(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* row = new QHBoxLayout;
    picker_ = new QComboBox(this);
    picker_->setObjectName(QStringLiteral("systemPicker"));
    picker_->setToolTip(QStringLiteral("A catalog system to add as a candidate"));
    picker_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    picker_->setMinimumContentsLength(14);
    add_ = new QPushButton(QStringLiteral("&Add"), this);
    row->addWidget(picker_, 1);
    row->addWidget(add_);
    layout->addLayout(row);

    table_ = new QTableWidget(0, 3, this);
    table_->setHorizontalHeaderLabels({QStringLiteral("System"), QStringLiteral("Chips"), QStringLiteral("Pricing")});
    table_->verticalHeader()->setVisible(false);
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 10);
    table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    table_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setMinimumHeight(110);
    layout->addWidget(table_, 1);

    remove_ = new QPushButton(QStringLiteral("&Remove"), this);
    remove_->setToolTip(QStringLiteral("Removes the selected candidate"));
    auto* bottom = new QHBoxLayout;
    bottom->addStretch(1);
    bottom->addWidget(remove_);
    layout->addLayout(bottom);

    connect(add_, &QPushButton::clicked, this, [this] {
        const QString id = picker_->currentData().toString();
        if (id.isEmpty()) return;
        add(id, candidates_.empty() ? 64 : candidates_.back().chips);
    });
    connect(remove_, &QPushButton::clicked, this, [this] { remove(table_->currentRow()); });
}

void CandidatesEditor::set_catalog(const hw::Catalog& catalog) {
    catalog_ = &catalog;
    const QString current = picker_->currentData().toString();
    picker_->clear();
    for (const hw::System& s : catalog.systems)
        picker_->addItem(qstr(s.id) + QStringLiteral(" — ") + qstr(s.name), qstr(s.id));
    const int i = picker_->findData(current);
    picker_->setCurrentIndex(std::max(0, i));
    rebuild();
}

void CandidatesEditor::set_candidates(const std::vector<Candidate>& candidates) {
    candidates_ = candidates;
    rebuild();
}

void CandidatesEditor::set_layouts(const std::vector<Candidate>& with_layouts) {
    for (size_t i = 0; i < candidates_.size() && i < with_layouts.size(); ++i)
        if (candidates_[i].system == with_layouts[i].system) candidates_[i].layout = with_layouts[i].layout;
}

void CandidatesEditor::add(const QString& system_id, int chips) {
    const std::string id = system_id.toStdString();
    candidates_.push_back({id, chips, std::nullopt, default_pricing(id, chips)});
    rebuild();
    table_->selectRow(static_cast<int>(candidates_.size()) - 1);
    emit changed();
}

void CandidatesEditor::remove(int row) {
    if (row < 0 || row >= static_cast<int>(candidates_.size())) return;
    candidates_.erase(candidates_.begin() + row);
    rebuild();
    emit changed();
}

void CandidatesEditor::set_chips(int row, int chips) {
    if (row < 0 || row >= static_cast<int>(candidates_.size()) || candidates_[static_cast<size_t>(row)].chips == chips)
        return;
    candidates_[static_cast<size_t>(row)].chips = chips;
    if (auto* s = qobject_cast<QSpinBox*>(table_->cellWidget(row, 1))) {
        const QSignalBlocker block(s);
        s->setValue(chips);
    }
    emit changed();
}

void CandidatesEditor::set_all_chips(int chips) {
    bool any = false;
    for (size_t i = 0; i < candidates_.size(); ++i) {
        any |= candidates_[i].chips != chips;
        candidates_[i].chips = chips;
        if (auto* s = qobject_cast<QSpinBox*>(table_->cellWidget(static_cast<int>(i), 1))) {
            const QSignalBlocker block(s);
            s->setValue(chips);
        }
    }
    if (any) emit changed();
}

void CandidatesEditor::set_pricing(int row, engine::Pricing pricing) {
    if (row < 0 || row >= static_cast<int>(candidates_.size()) || candidates_[static_cast<size_t>(row)].pricing == pricing)
        return;
    candidates_[static_cast<size_t>(row)].pricing = pricing;
    if (auto* box = qobject_cast<QComboBox*>(table_->cellWidget(row, 2))) {
        const QSignalBlocker block(box);
        box->setCurrentIndex(box->findData(static_cast<int>(pricing)));
    }
    emit changed();
}

void CandidatesEditor::set_all_pricing(engine::Pricing pricing) {
    bool any = false;
    for (size_t i = 0; i < candidates_.size(); ++i) {
        any |= candidates_[i].pricing != pricing;
        candidates_[i].pricing = pricing;
        if (auto* box = qobject_cast<QComboBox*>(table_->cellWidget(static_cast<int>(i), 2))) {
            const QSignalBlocker block(box);
            box->setCurrentIndex(box->findData(static_cast<int>(pricing)));
        }
    }
    if (any) emit changed();
}

engine::Pricing CandidatesEditor::default_pricing(const std::string& system, int chips) const {
    const hw::System* sys = catalog_ ? catalog_->find_system(system) : nullptr;
    for (engine::Pricing p : kPricings)
        if (sys && pricing_problem(catalog_, sys, chips, p).isEmpty()) return p;
    return engine::Pricing::own;
}

void CandidatesEditor::rebuild() {
    const int selected = table_->currentRow();
    table_->setRowCount(static_cast<int>(candidates_.size()));
    for (int r = 0; r < table_->rowCount(); ++r) {
        const Candidate& c = candidates_[static_cast<size_t>(r)];
        const hw::System* sys = catalog_ ? catalog_->find_system(c.system) : nullptr;
        auto* item = new QTableWidgetItem(qstr(c.system));
        item->setToolTip(sys ? qstr(sys->name) : QStringLiteral("not in the catalog"));
        table_->setItem(r, 0, item);
        auto* chips = new QSpinBox(table_);
        chips->setRange(1, 10'000'000);
        chips->setKeyboardTracking(false);
        chips->setAccelerated(true);
        // Whole nodes are what can be bought; a step of one node keeps the arrows useful.
        chips->setSingleStep(sys ? std::max(1, hw::make_spec(*sys).chips_per_node) : 1);
        chips->setValue(c.chips);
        chips->setFrame(false);
        connect(chips, &QSpinBox::valueChanged, this, [this, chips](int v) {
            for (int row = 0; row < table_->rowCount(); ++row)
                if (table_->cellWidget(row, 1) == chips) set_chips(row, v);
        });
        table_->setCellWidget(r, 1, chips);

        auto* pricing = new QComboBox(table_);
        pricing->setFrame(false);
        for (engine::Pricing p : kPricings) {
            const QString problem = pricing_problem(catalog_, sys, c.chips, p);
            pricing->addItem(qstr(engine::to_string(p)) + (problem.isEmpty() ? QString() : QStringLiteral(" ⚠")),
                             static_cast<int>(p));
            pricing->setItemData(pricing->count() - 1, problem.isEmpty() ? QStringLiteral("Priced from the catalog") : problem,
                                 Qt::ToolTipRole);
        }
        pricing->setCurrentIndex(pricing->findData(static_cast<int>(c.pricing)));
        pricing->setToolTip(QStringLiteral("How this system is paid for; ⚠ marks a pricing the catalog has no figure for"));
        connect(pricing, &QComboBox::currentIndexChanged, this, [this, pricing] {
            for (int row = 0; row < table_->rowCount(); ++row)
                if (table_->cellWidget(row, 2) == pricing)
                    set_pricing(row, static_cast<engine::Pricing>(pricing->currentData().toInt()));
        });
        table_->setCellWidget(r, 2, pricing);
    }
    if (selected >= 0 && selected < table_->rowCount()) table_->selectRow(selected);
    remove_->setEnabled(!candidates_.empty());
}

}  // namespace rackplan::gui
