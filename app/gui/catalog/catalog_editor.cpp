#include "catalog_editor.h"

#include <nlohmann/json.hpp>

#include <QFile>
#include <QSaveFile>
#include <QUndoCommand>

#include "catalog/cell_edit.h"
#include "io/catalog_json.h"
#include "io/run_request.h"
#include "store/scenario_store.h"
#include "number_format.h"

namespace rackplan::gui {
namespace {

QStringList issue_lines(const Issues& issues) {
    QStringList lines;
    for (const Issue& i : issues) lines << qstr(i.path) + QStringLiteral(": ") + qstr(i.message);
    return lines;
}

QString one_line(const std::exception& e) {
    QString s = QString::fromUtf8(e.what());
    s.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return s;
}

EntryKind kind_of(const std::string& list) {
    for (EntryKind k : kAllEntryKinds)
        if (list == list_key(k)) return k;
    return EntryKind::chips;
}

QString counts(const hw::Catalog& c) {
    return QStringLiteral("%1 chips, %2 systems, %3 fabrics, %4 models, %5 sources")
        .arg(c.chips.size())
        .arg(c.systems.size())
        .arg(c.fabrics.size())
        .arg(c.models.size())
        .arg(c.sources.size());
}

}  // namespace

// One taken edit: the catalogs before and after it (they are small; snapshots make undo
// exact and need no second validation). Each way shows the entry it leaves on screen (an added
// entry when redone, the entry it was copied from when undone).
class CatalogEditCommand : public QUndoCommand {
public:
    CatalogEditCommand(CatalogEditor& editor, std::shared_ptr<const hw::Catalog> before,
                       std::shared_ptr<const hw::Catalog> after, EntryKind kind, QString redo_id, QString undo_id,
                       const QString& text)
        : QUndoCommand(text), editor_(editor), before_(std::move(before)), after_(std::move(after)), kind_(kind),
          redo_id_(std::move(redo_id)), undo_id_(std::move(undo_id)) {}
    void redo() override { editor_.show(after_, kind_, redo_id_); }
    void undo() override { editor_.show(before_, kind_, undo_id_); }

private:
    CatalogEditor& editor_;
    std::shared_ptr<const hw::Catalog> before_, after_;
    EntryKind kind_;
    QString redo_id_, undo_id_;
};

CatalogEditor::CatalogEditor(QObject* parent)
    : QObject(parent), stored_(std::make_shared<hw::Catalog>()), current_(stored_), stack_(this) {}

void CatalogEditor::reset(std::filesystem::path db, hw::Catalog loaded) {
    db_ = std::move(db);
    stored_ = std::make_shared<const hw::Catalog>(std::move(loaded));
    stack_.clear();
    show(stored_, EntryKind::chips, {});
}

void CatalogEditor::show(std::shared_ptr<const hw::Catalog> catalog, EntryKind kind, const QString& id) {
    current_ = std::move(catalog);
    emit catalogChanged(kind, id);
}

QString CatalogEditor::apply(const io::FieldEdit& edit) {
    io::EditResult result = io::apply_edit(*current_, edit);
    if (!result.ok()) return issue_lines(result.issues).join(QLatin1Char('\n'));
    if (io::to_json(result.catalog) == io::to_json(*current_)) return {};  // "98.320" for 98.32
    const QString text = QStringLiteral("Set %1 %2 %3").arg(qstr(edit.list), qstr(edit.id), qstr(edit.field));
    stack_.push(new CatalogEditCommand(*this, current_, std::make_shared<const hw::Catalog>(std::move(result.catalog)),
                                       kind_of(edit.list), qstr(edit.id), qstr(edit.id), text));
    return {};
}

QString CatalogEditor::take(io::EditResult result, EntryKind kind, const QString& redo_id, const QString& undo_id,
                            const QString& text) {
    if (!result.ok()) return issue_lines(result.issues).join(QLatin1Char('\n'));
    stack_.push(new CatalogEditCommand(*this, current_, std::make_shared<const hw::Catalog>(std::move(result.catalog)),
                                       kind, redo_id, undo_id, text));
    return {};
}

std::vector<io::SavedRequest> CatalogEditor::saved_requests() const {
    std::vector<io::SavedRequest> out;
    if (db_.empty()) return out;
    store::Database db = store::open_database_unseeded(db_);
    for (const store::Scenario& s : store::list_scenarios(db)) {
        // An input that is no request (unreadable, another kind) names nothing we can check.
        const nlohmann::json input = nlohmann::json::parse(s.input_json, nullptr, false);
        if (input.is_discarded()) continue;
        if (auto parse = io::parse_stored_request(input); parse.request) out.push_back({s.name, std::move(*parse.request)});
    }
    return out;
}

QString CatalogEditor::add_entry(EntryKind kind, const QString& from, const QString& new_id) {
    const std::string list = list_key(kind);
    return take(io::add_entry_copy(*current_, list, from.toStdString(), new_id.toStdString()), kind, new_id, from,
                QStringLiteral("Add %1 %2 (a copy of %3)").arg(qstr(list), new_id, from));
}

QString CatalogEditor::remove_entry(EntryKind kind, const QString& id) {
    std::vector<io::SavedRequest> saved;
    try {
        saved = saved_requests();
    } catch (const std::exception& e) {
        return QStringLiteral("the saved scenarios cannot be read to check what uses it: ") + one_line(e);
    }
    const std::string list = list_key(kind);
    return take(io::remove_entry(*current_, list, id.toStdString(), saved), kind, {}, id,
                QStringLiteral("Remove %1 %2").arg(qstr(list), id));
}

QString CatalogEditor::add_price(const QString& system, const QString& from, const QString& key) {
    return take(io::add_price_copy(*current_, system.toStdString(), from.toStdString(), key.toStdString()),
                EntryKind::systems, system, system, QStringLiteral("Add systems %1 price.%2").arg(system, key));
}

QString CatalogEditor::remove_price(const QString& system, const QString& key) {
    std::vector<io::SavedRequest> saved;
    try {
        saved = saved_requests();
    } catch (const std::exception& e) {
        return QStringLiteral("the saved scenarios cannot be read to check what uses it: ") + one_line(e);
    }
    return take(io::remove_price(*current_, system.toStdString(), key.toStdString(), saved), EntryKind::systems, system,
                system, QStringLiteral("Remove systems %1 price.%2").arg(system, key));
}

QString CatalogEditor::save() {
    if (!modified()) return {};
    if (db_.empty()) return QStringLiteral("no database is open");
    try {
        store::Database db = store::open_database_unseeded(db_);
        if (const Issues issues = store::save_catalog(db, *stored_, *current_); !issues.empty())
            return issue_lines(issues).join(QLatin1Char('\n'));
        // What is stored now is what a fresh load returns (units resolved the same way).
        stored_ = std::make_shared<const hw::Catalog>(store::load_catalog(db));
    } catch (const std::exception& e) {
        return one_line(e);
    }
    current_ = stored_;
    stack_.setClean();
    emit storedChanged();
    return {};
}

CatalogEditor::ImportOutcome CatalogEditor::import_file(const QString& file, store::ImportMode mode) {
    ImportOutcome out;
    if (modified()) {
        out.issues << QStringLiteral("the catalog has unsaved edits: save or undo them before importing");
        return out;
    }
    if (db_.empty()) {
        out.issues << QStringLiteral("no database is open");
        return out;
    }
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly)) {
        out.issues << file + QStringLiteral(": cannot read: ") + in.errorString();
        return out;
    }
    const QByteArray bytes = in.readAll();
    io::CatalogParse parse = io::parse_catalog(std::string_view(bytes.constData(), static_cast<size_t>(bytes.size())));
    try {
        store::Database db = store::open_database_unseeded(db_);
        Issues issues = parse.issues;
        // As the CLI does: the cross-entry problems of what did parse are listed in the same go.
        for (Issue& i : store::check_import(db, parse.catalog, mode)) issues.push_back(std::move(i));
        if (issues.empty()) issues = store::import_catalog(db, parse.catalog, mode);
        if (!issues.empty()) {
            out.issues = issue_lines(issues);
            return out;
        }
        reset(db_, store::load_catalog(db));
    } catch (const std::exception& e) {
        out.issues = QStringList{one_line(e)};
        return out;
    }
    out.summary = QStringLiteral("imported %1 (%2)%3")
                      .arg(file, counts(parse.catalog),
                           mode == store::ImportMode::replace ? QStringLiteral(", replacing the catalog") : QString());
    emit storedChanged();
    return out;
}

QString CatalogEditor::export_file(const QString& file) const {
    const std::string doc = io::dump_catalog(*current_);
    QSaveFile out(file);  // a temporary file renamed over the target on commit
    if (!out.open(QIODevice::WriteOnly) ||
        out.write(doc.data(), static_cast<qint64>(doc.size())) != static_cast<qint64>(doc.size()) || !out.commit())
        return file + QStringLiteral(": cannot write: ") + out.errorString();
    return {};
}

}  // namespace rackplan::gui
