#pragma once
// The catalog being edited in the GUI: the catalog as stored, the catalog on screen with the
// pending edits, and the undo stack between them. Every edit is judged by core
// (io::apply_edit) before it is taken; a refused one changes nothing. Saving writes all the
// pending edits in one transaction (store::save_catalog); import and export exchange catalog
// files as `rackplan catalog import|export` does. Each database call opens the file for that
// call only, as the rest of the window does.
#include <filesystem>
#include <memory>
#include <vector>

#include <QObject>
#include <QStringList>
#include <QUndoStack>

#include "entry_kind.h"
#include "hw/catalog.h"
#include "io/catalog_edit.h"
#include "io/catalog_entries.h"
#include "store/catalog_store.h"

namespace rackplan::gui {

class CatalogEditor : public QObject {
    Q_OBJECT
public:
    explicit CatalogEditor(QObject* parent = nullptr);

    // A catalog as just loaded from `db`: no pending edits, no undo history.
    void reset(std::filesystem::path db, hw::Catalog loaded);

    [[nodiscard]] const hw::Catalog& catalog() const { return *current_; }  // with pending edits
    [[nodiscard]] const hw::Catalog& stored() const { return *stored_; }
    [[nodiscard]] QUndoStack& undo_stack() { return stack_; }
    [[nodiscard]] bool modified() const { return !stack_.isClean(); }
    // Pending edits since the last load or save (undone ones do not count).
    [[nodiscard]] int pending_edits() const { return stack_.index() - stack_.cleanIndex(); }

    // Applies one edit, described for the Undo menu ("Set systems dgx-h100 price.on_demand.value").
    // Returns empty when taken (or when it changed nothing), else the refusal: every issue as
    // "path: message", one per line.
    QString apply(const io::FieldEdit& edit);

    // Whole entries and prices (io/catalog_entries.h), each one undoable step like an edit and
    // saved with the others. Each returns empty when taken, else the refusal: every issue as
    // "path: message", one per line. A new entry is a copy of entry `from` under `new_id`; a
    // removal is refused while anything refers to the entry: the catalog on screen or a
    // scenario saved in the database.
    QString add_entry(EntryKind kind, const QString& from, const QString& new_id);
    QString remove_entry(EntryKind kind, const QString& id);
    // A system's price `key` ("reserved_1y") as a copy of its price `from`, and its removal.
    QString add_price(const QString& system, const QString& from, const QString& key);
    QString remove_price(const QString& system, const QString& key);

    // Writes the pending edits in one transaction. Returns empty when saved.
    QString save();

    struct ImportOutcome {
        QStringList issues;  // "path: message"; empty when imported
        QString summary;     // what was imported, for the status line
    };
    // Validates the file whole and imports it (merge: entries replaced by id; replace: the
    // whole catalog), then reloads the stored catalog. Refused while edits are pending.
    ImportOutcome import_file(const QString& file, store::ImportMode mode);

    // Writes the catalog on screen (pending edits included) as one JSON document, atomically.
    // Returns empty when written.
    QString export_file(const QString& file) const;

signals:
    // The catalog on screen changed: an edit, undo, redo, load or import. `kind`/`id` name the
    // entry an edit touched (empty id: the whole catalog), so the window can show it.
    void catalogChanged(rackplan::gui::EntryKind kind, const QString& id);
    // The stored catalog changed (saved or imported): evaluations must use the new one.
    void storedChanged();

private:
    friend class CatalogEditCommand;
    void show(std::shared_ptr<const hw::Catalog> catalog, EntryKind kind, const QString& id);
    // Pushes a taken change (shown at `redo_id` when done, `undo_id` when undone), or returns
    // the refusal.
    QString take(io::EditResult result, EntryKind kind, const QString& redo_id, const QString& undo_id,
                 const QString& text);
    // The requests of the database's saved scenarios (those that read as one).
    [[nodiscard]] std::vector<io::SavedRequest> saved_requests() const;

    std::filesystem::path db_;
    std::shared_ptr<const hw::Catalog> stored_;
    std::shared_ptr<const hw::Catalog> current_;
    QUndoStack stack_;
};

}  // namespace rackplan::gui
