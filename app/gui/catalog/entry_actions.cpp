#include "entry_actions.h"

#include <QPushButton>

#include "catalog/catalog_editor.h"
#include "catalog/cell_edit.h"
#include "catalog/issue_list_dialog.h"
#include "catalog/new_id_dialog.h"
#include "io/catalog_entries.h"

namespace rackplan::gui {
namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

// "chip" for chips: how the buttons and dialogs name one entry.
QString singular(EntryKind kind) {
    const QString t = kind_title(kind).toLower();
    return t.left(t.size() - 1);
}

QString first_problem(const Issues& issues) { return issues.empty() ? QString() : qs(issues.front().message); }

QPushButton* button(const QString& text, const char* name, const QString& tip) {
    auto* b = new QPushButton(text);
    b->setObjectName(QString::fromLatin1(name));
    b->setToolTip(tip);
    return b;
}

}  // namespace

CatalogEntryActions::CatalogEntryActions(CatalogEditor& editor, std::function<Selection()> selection, QWidget* dialog_parent)
    : QObject(dialog_parent), editor_(editor), selection_(std::move(selection)), dialog_parent_(dialog_parent) {
    add_ = button(QStringLiteral("&Add…"), "addEntryButton",
                  QStringLiteral("A new entry: a copy of the selected one under an id you type, to edit from there"));
    remove_ = button(QStringLiteral("&Remove…"), "removeEntryButton",
                     QStringLiteral("Remove the selected entry; refused while a system, price or saved scenario refers to it"));
    add_price_ = button(QStringLiteral("Add &price…"), "addPriceButton",
                        QStringLiteral("Another price of this system (capex, on_demand, reserved_1y, reserved_3y, "
                                       "capacity_block): a copy of the selected price, to edit from there"));
    remove_price_ = button(QStringLiteral("Remove price"), "removePriceButton",
                           QStringLiteral("Remove the selected price; refused while a plan's twin or a saved scenario uses it"));
    connect(add_, &QPushButton::clicked, this, &CatalogEntryActions::add_entry_dialog);
    connect(remove_, &QPushButton::clicked, this, &CatalogEntryActions::remove_entry_dialog);
    connect(add_price_, &QPushButton::clicked, this, &CatalogEntryActions::add_price_dialog);
    connect(remove_price_, &QPushButton::clicked, this, &CatalogEntryActions::remove_price_dialog);
    update();
}

void CatalogEntryActions::update() {
    const Selection s = selection_();
    const bool entry = !s.id.isEmpty();
    add_->setEnabled(entry);
    remove_->setEnabled(entry);
    add_->setText(entry ? QStringLiteral("&Add %1…").arg(singular(s.kind)) : QStringLiteral("&Add…"));
    remove_->setText(entry ? QStringLiteral("&Remove %1…").arg(singular(s.kind)) : QStringLiteral("&Remove…"));
    const bool system = entry && s.kind == EntryKind::systems;
    add_price_->setVisible(system);
    remove_price_->setVisible(system);
    const int priced = system ? static_cast<int>(prices().size()) : 0;
    // A new price starts as a copy: a system with none has nothing to copy (import a file).
    add_price_->setEnabled(priced > 0 && priced < static_cast<int>(io::price_keys().size()));
    remove_price_->setEnabled(system && !s.price.isEmpty());
    remove_price_->setText(system && !s.price.isEmpty() ? QStringLiteral("Remove price %1").arg(s.price)
                                                        : QStringLiteral("Remove price"));
}

QStringList CatalogEntryActions::prices() const {
    QStringList out;
    const hw::System* system = editor_.catalog().find_system(selection_().id.toStdString());
    if (!system) return out;
    for (const std::string& key : io::price_keys())
        if (hw::find_figure(system->figures, "price." + key)) out << qs(key);
    return out;
}

QString CatalogEntryActions::id_problem(const QString& id) const {
    const Selection s = selection_();
    return first_problem(io::check_new_id(editor_.catalog(), list_key(s.kind), id.toStdString()));
}

QString CatalogEntryActions::price_problem(const QString& key) const {
    return first_problem(io::check_new_price(editor_.catalog(), selection_().id.toStdString(), key.toStdString()));
}

QString CatalogEntryActions::done(const QString& refusal) {
    if (!refusal.isEmpty()) emit refused(refusal);
    return refusal;
}

QString CatalogEntryActions::add_entry(const QString& new_id) {
    const Selection s = selection_();
    if (s.id.isEmpty()) return done(QStringLiteral("select the entry to copy first"));
    return done(editor_.add_entry(s.kind, s.id, new_id));
}

QString CatalogEntryActions::remove_entry() {
    const Selection s = selection_();
    if (s.id.isEmpty()) return done(QStringLiteral("select the entry to remove first"));
    return done(editor_.remove_entry(s.kind, s.id));
}

QString CatalogEntryActions::add_price(const QString& key) {
    const Selection s = selection_();
    const QStringList have = prices();
    if (s.kind != EntryKind::systems || have.isEmpty())
        return done(QStringLiteral("select a system with a price to copy first"));
    return done(editor_.add_price(s.id, s.price.isEmpty() ? have.front() : s.price, key));
}

QString CatalogEntryActions::remove_price() {
    const Selection s = selection_();
    if (s.kind != EntryKind::systems || s.price.isEmpty()) return done(QStringLiteral("select the price to remove first"));
    return done(editor_.remove_price(s.id, s.price));
}

void CatalogEntryActions::show_refusal(const QString& what, const QString& refusal) {
    if (refusal.isEmpty()) return;
    IssueListDialog(what, QStringLiteral("%1: refused, nothing changed.").arg(what), refusal.split(QLatin1Char('\n')),
                    dialog_parent_)
        .exec();
}

void CatalogEntryActions::add_entry_dialog() {
    const Selection s = selection_();
    if (s.id.isEmpty()) return;
    QString suggestion = s.id + QStringLiteral("-copy");
    for (int n = 2; !id_problem(suggestion).isEmpty() && n < 100; ++n) suggestion = s.id + QStringLiteral("-copy%1").arg(n);
    NewIdDialog ask(QStringLiteral("Add %1").arg(singular(s.kind)),
                    QStringLiteral("A new %1, a copy of %2 to edit from there. Its id (lower-case letters, digits, "
                                   "'.', '_', '-'; it cannot be changed later):")
                        .arg(singular(s.kind), s.id),
                    suggestion, [this](const QString& id) { return id_problem(id); }, dialog_parent_);
    if (ask.exec() != QDialog::Accepted) return;
    show_refusal(QStringLiteral("Add %1").arg(singular(s.kind)), add_entry(ask.id()));
}

void CatalogEntryActions::remove_entry_dialog() {
    const Selection s = selection_();
    if (s.id.isEmpty()) return;
    // Undo takes a removal back, and nothing is written before File › Save catalog: no confirmation.
    show_refusal(QStringLiteral("Remove %1 %2").arg(singular(s.kind), s.id), remove_entry());
}

void CatalogEntryActions::add_price_dialog() {
    const Selection s = selection_();
    const QStringList have = prices();
    if (have.isEmpty()) return;
    QString suggestion;
    for (const std::string& key : io::price_keys())
        if (!have.contains(qs(key))) {
            suggestion = qs(key);
            break;
        }
    QStringList keys;
    for (const std::string& key : io::price_keys()) keys << qs(key);
    NewIdDialog ask(QStringLiteral("Add price"),
                    QStringLiteral("A new price of %1, a copy of its %2 price to edit from there. Which price (%3)?")
                        .arg(s.id, s.price.isEmpty() ? have.front() : s.price, keys.join(QStringLiteral(", "))),
                    suggestion, [this](const QString& key) { return price_problem(key); }, dialog_parent_);
    if (ask.exec() != QDialog::Accepted) return;
    show_refusal(QStringLiteral("Add price"), add_price(ask.id()));
}

void CatalogEntryActions::remove_price_dialog() {
    const Selection s = selection_();
    show_refusal(QStringLiteral("Remove price %1 of %2").arg(s.price, s.id), remove_price());
}

}  // namespace rackplan::gui
