#include "store/scenario_store.h"

namespace rackplan::store {
namespace {

Scenario read_scenario(const Statement& s) {
    return {s.integer(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5)};
}

constexpr std::string_view kScenarioColumns = "SELECT id, name, kind, input_json, created_at, updated_at FROM scenarios";

}  // namespace

std::int64_t save_scenario(Database& db, std::string_view name, std::string_view kind, std::string_view input_json) {
    auto tx = db.transaction();
    std::optional<std::int64_t> id;
    bool same_input = false;
    {
        Statement find = db.prepare("SELECT id, input_json FROM scenarios WHERE name = ?1");
        find.bind(1, name);
        if (find.step()) {
            id = find.integer(0);
            same_input = find.text(1) == input_json;
        }
    }
    if (id) {
        Statement upd = db.prepare(
            "UPDATE scenarios SET kind = ?2, input_json = ?3, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
            " WHERE id = ?1");
        upd.bind(1, *id).bind(2, kind).bind(3, input_json).run();
        if (!same_input) db.prepare("DELETE FROM results WHERE scenario_id = ?1").bind(1, *id).run();
    } else {
        Statement ins = db.prepare("INSERT INTO scenarios (name, kind, input_json) VALUES (?1, ?2, ?3)");
        ins.bind(1, name).bind(2, kind).bind(3, input_json).run();
        id = db.last_insert_id();
    }
    tx.commit();
    return *id;
}

std::vector<Scenario> list_scenarios(Database& db) {
    std::vector<Scenario> out;
    Statement s = db.prepare(std::string(kScenarioColumns) + " ORDER BY name");
    while (s.step()) out.push_back(read_scenario(s));
    return out;
}

std::optional<Scenario> load_scenario(Database& db, std::string_view name) {
    Statement s = db.prepare(std::string(kScenarioColumns) + " WHERE name = ?1");
    s.bind(1, name);
    if (!s.step()) return std::nullopt;
    return read_scenario(s);
}

bool delete_scenario(Database& db, std::string_view name) {
    auto tx = db.transaction();
    Statement del = db.prepare("DELETE FROM scenarios WHERE name = ?1");
    del.bind(1, name).run();
    Statement changes = db.prepare("SELECT changes()");
    changes.step();
    bool deleted = changes.integer(0) > 0;
    tx.commit();
    return deleted;
}

std::int64_t save_result(Database& db, std::int64_t scenario_id, std::string_view engine_version,
                         std::string_view output_json) {
    Statement ins = db.prepare("INSERT INTO results (scenario_id, engine_version, output_json) VALUES (?1, ?2, ?3)");
    ins.bind(1, scenario_id).bind(2, engine_version).bind(3, output_json).run();
    return db.last_insert_id();
}

std::vector<ScenarioResult> list_results(Database& db, std::int64_t scenario_id) {
    std::vector<ScenarioResult> out;
    Statement s = db.prepare(
        "SELECT id, scenario_id, created_at, engine_version, output_json FROM results WHERE scenario_id = ?1 ORDER BY id");
    s.bind(1, scenario_id);
    while (s.step()) out.push_back({s.integer(0), s.integer(1), s.text(2), s.text(3), s.text(4)});
    return out;
}

}  // namespace rackplan::store
