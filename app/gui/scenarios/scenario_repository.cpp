#include "scenario_repository.h"

#include "compare/comparison_input.h"
#include "io/seed.h"
#include "store/catalog_store.h"

namespace rackplan::gui {
namespace {

std::string utf8(const QString& s) { return s.toStdString(); }

QString one_line(const std::exception& e) {
    QString s = QString::fromUtf8(e.what());
    s.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return s;
}

// Runs `f` on the open database; an exception becomes the returned message.
// The GUI's canonical text of a stored input (the CLI's request, an older form), or the
// text itself when it cannot be read: equal inputs in any form compare equal.
std::string canonical(const std::string& input_json) {
    const InputParse p = input_from_json(input_json);
    return p.input ? to_json(*p.input, p.kind) : input_json;
}

bool shown_kind(std::string_view kind) { return kind == kComparisonKind || kind == kPlanKind; }

template <class F>
QString with_db(const std::filesystem::path& path, F&& f) {
    if (path.empty()) return QStringLiteral("no database is open");
    try {
        store::Database db = store::open_database_unseeded(path);
        return f(db);
    } catch (const std::exception& e) {
        return one_line(e);
    }
}

}  // namespace

QString ScenarioRepository::check_name(const QString& name) {
    if (name.trimmed().isEmpty()) return QStringLiteral("a scenario needs a name");
    return {};
}

std::vector<store::Scenario> ScenarioRepository::list(QString& error) const {
    std::vector<store::Scenario> out;
    error = with_db(db_, [&](store::Database& db) {
        for (store::Scenario& s : store::list_scenarios(db))
            if (shown_kind(s.kind)) out.push_back(std::move(s));
        return QString();
    });
    return out;
}

std::optional<store::Scenario> ScenarioRepository::load(const QString& name, QString& error) const {
    std::optional<store::Scenario> out;
    error = with_db(db_, [&](store::Database& db) {
        out = store::load_scenario(db, utf8(name));
        if (!out) return QStringLiteral("no scenario named '%1'").arg(name);
        if (!shown_kind(out->kind))
            return QStringLiteral("scenario '%1' is a %2, not a comparison or plan").arg(name, QString::fromStdString(out->kind));
        return QString();
    });
    if (!error.isEmpty()) out.reset();
    return out;
}

QString ScenarioRepository::save(const QString& name, const std::string& input_json, std::string_view kind) const {
    if (QString e = check_name(name); !e.isEmpty()) return e;
    return with_db(db_, [&](store::Database& db) {
        if (auto old = store::load_scenario(db, utf8(name)); old && !shown_kind(old->kind))
            return QStringLiteral("'%1' is already the name of a %2 scenario").arg(name, QString::fromStdString(old->kind));
        store::save_scenario(db, utf8(name), kind, input_json);
        return QString();
    });
}

QString ScenarioRepository::duplicate(const QString& from, const QString& to) const {
    if (QString e = check_name(to); !e.isEmpty()) return e;
    return with_db(db_, [&](store::Database& db) {
        const auto src = store::load_scenario(db, utf8(from));
        if (!src) return QStringLiteral("no scenario named '%1'").arg(from);
        if (store::load_scenario(db, utf8(to))) return QStringLiteral("a scenario named '%1' exists already").arg(to);
        store::save_scenario(db, utf8(to), src->kind, src->input_json);
        return QString();
    });
}

QString ScenarioRepository::remove(const QString& name) const {
    return with_db(db_, [&](store::Database& db) {
        if (!store::delete_scenario(db, utf8(name))) return QStringLiteral("no scenario named '%1'").arg(name);
        return QString();
    });
}

QString ScenarioRepository::record_result(const QString& name, const std::string& input_json,
                                          const std::string& output_json, bool& recorded) const {
    recorded = false;
    return with_db(db_, [&](store::Database& db) {
        auto tx = db.transaction();
        const auto s = store::load_scenario(db, utf8(name));
        // Unsaved edits: not this scenario's result. A scenario the CLI saved matches in canonical form.
        if (!s || (s->input_json != input_json && canonical(s->input_json) != canonical(input_json))) return QString();
        store::save_result(db, s->id, io::version_string(), output_json);
        tx.commit();
        recorded = true;
        return QString();
    });
}

std::vector<store::ScenarioResult> ScenarioRepository::history(const QString& name, QString& error) const {
    std::vector<store::ScenarioResult> out;
    error = with_db(db_, [&](store::Database& db) {
        if (const auto s = store::load_scenario(db, utf8(name))) out = store::list_results(db, s->id);
        return QString();
    });
    return out;
}

}  // namespace rackplan::gui
