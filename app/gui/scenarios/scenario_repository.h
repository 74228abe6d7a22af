#pragma once
// The GUI's access to saved comparisons and plans in the database (store/scenario_store): each call
// opens the file, works in one transaction and closes it, as the catalog browser does, so
// a second window or the CLI sees every change at once. Errors come back as one line.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <QString>

#include "store/scenario_store.h"

namespace rackplan::gui {

class ScenarioRepository {
public:
    ScenarioRepository() = default;
    explicit ScenarioRepository(std::filesystem::path db) : db_(std::move(db)) {}
    [[nodiscard]] bool valid() const { return !db_.empty(); }

    // Comparisons and plans (kinds "compare" and "plan", as the CLI saves them too), by name.
    std::vector<store::Scenario> list(QString& error) const;
    std::optional<store::Scenario> load(const QString& name, QString& error) const;
    // Creates or replaces; replacing with a different input drops the old results. `kind`:
    // "compare" or "plan".
    QString save(const QString& name, const std::string& input_json, std::string_view kind = "compare") const;
    // Copies the input of `from` to the new name `to` (no results: they belong to `from`).
    QString duplicate(const QString& from, const QString& to) const;
    QString remove(const QString& name) const;
    // Adds a result to `name`'s history when its saved input is `input_json` (the run's own),
    // so history never mixes inputs. `recorded` says whether it did.
    QString record_result(const QString& name, const std::string& input_json, const std::string& output_json,
                          bool& recorded) const;
    std::vector<store::ScenarioResult> history(const QString& name, QString& error) const;

    // A name a user can give: not empty, not only spaces.
    static QString check_name(const QString& name);

private:
    std::filesystem::path db_;
};

}  // namespace rackplan::gui
