#pragma once
// The Catalog page's Add… and Remove… (the entry selected in the list) and Add price… and
// Remove price (the system's price selected in the detail table). Core decides what is
// taken (io/catalog_entries.h through CatalogEditor); each taken change is one undoable step
// saved with the other edits, and a refusal names what still refers to the entry.
#include <functional>

#include <QObject>
#include <QString>
#include <QStringList>

#include "entry_kind.h"

class QPushButton;
class QWidget;

namespace rackplan::gui {

class CatalogEditor;

class CatalogEntryActions : public QObject {
    Q_OBJECT
public:
    struct Selection {
        EntryKind kind = EntryKind::chips;
        QString id;     // the entry selected in the list; empty: none
        QString price;  // a system's price key of the selected detail row ("on_demand"); empty: none
    };
    // `selection` says what the page shows selected now; `dialog_parent` parents the dialogs.
    CatalogEntryActions(CatalogEditor& editor, std::function<Selection()> selection, QWidget* dialog_parent);

    // Unparented until the page lays them out.
    [[nodiscard]] QPushButton& add_button() const { return *add_; }
    [[nodiscard]] QPushButton& remove_button() const { return *remove_; }
    [[nodiscard]] QPushButton& add_price_button() const { return *add_price_; }
    [[nodiscard]] QPushButton& remove_price_button() const { return *remove_price_; }

    // Enables the buttons for the selection; the price buttons show for systems only.
    void update();

    // On the selection, without dialogs. Each returns empty when taken, else the refusal
    // ("path: message" lines), also signalled as refused().
    QString add_entry(const QString& new_id);  // a copy of the selected entry
    QString remove_entry();
    QString add_price(const QString& key);     // a copy of the selected price (else the system's first)
    QString remove_price();

    // What is wrong with a typed id for a copy of the selected entry / a new price; empty: none.
    [[nodiscard]] QString id_problem(const QString& id) const;
    [[nodiscard]] QString price_problem(const QString& key) const;
    // The price keys the selected system has, in price_keys() order.
    [[nodiscard]] QStringList prices() const;

signals:
    void refused(const QString& message);

private:
    void add_entry_dialog();
    void remove_entry_dialog();
    void add_price_dialog();
    void remove_price_dialog();
    QString done(const QString& refusal);
    void show_refusal(const QString& what, const QString& refusal);

    CatalogEditor& editor_;
    std::function<Selection()> selection_;
    QWidget* dialog_parent_;
    QPushButton* add_;
    QPushButton* remove_;
    QPushButton* add_price_;
    QPushButton* remove_price_;
};

}  // namespace rackplan::gui
