// `rackplan compare`, `plan` and `scenario` as a user runs them: machine formats that parse,
// one CSV row per system, errors that name the flag, and saved scenarios round-tripping.
#include "cli_test_support.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "store/database.h"
#include "store/scenario_store.h"

using namespace rackplan::test;

namespace {

const std::vector<std::string> kTrain{"--mode", "train", "--model", "test-dense-8b", "--seq-len", "2048", "--global-batch", "64",
                                      "--train-tokens", "1e10", "--pricing", "on_demand"};

std::vector<std::string> with(std::vector<std::string> base, const std::vector<std::string>& more) {
    base.insert(base.end(), more.begin(), more.end());
    return base;
}

std::vector<std::string> compare(const std::vector<std::string>& more) {
    return with(with({"compare"}, kTrain), more);
}

}  // namespace

TEST_CASE("compare: json parses, one entry per system, ranked", "[cli][compare]") {
    Sandbox sb("catalog_plan.json");
    auto r = sb.run(compare({"--systems", "test-gpu-cloud,test-gpu-server@own,test-nrn-ultra:64", "--chips", "32", "--format",
                             "json"}));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.empty());
    nlohmann::json j = nlohmann::json::parse(r.out);
    CHECK(j["kind"] == "compare");
    CHECK(j["workload"]["model"] == "test-dense-8b");
    REQUIRE(j["systems"].size() == 3);
    CHECK(j["systems"][0]["chips"] == 32);
    CHECK(j["systems"][1]["pricing"] == "own");
    CHECK(j["systems"][2]["chips"] == 64);
    std::set<int> cost_ranks;
    for (const auto& s : j["systems"]) {
        CHECK(s["status"] == "ok");
        cost_ranks.insert(s["cost_rank"].get<int>());
        const auto& best = s["layouts"][0];
        CHECK(best["time_to_train_days"].get<double>() > 0.0);
        const auto& run = best["cost"]["usd_per_run"];
        CHECK(run["p10"].get<double>() <= run["p90"].get<double>());
    }
    CHECK(cost_ranks == std::set<int>{1, 2, 3});
    CHECK_FALSE(j["pareto"].empty());
}

TEST_CASE("compare: csv has one row per system, error rows included", "[cli][compare]") {
    Sandbox sb("catalog_plan.json");
    auto r = sb.run(compare({"--systems", "test-gpu-cloud,test-nrn-ultra@own,test-gpu-rack:36@own", "--chips", "16", "--format",
                             "csv"}));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto rows = parse_csv(r.out);
    REQUIRE(rows.size() == 4);
    const auto& h = rows[0];
    auto col = [&](const std::string& name) {
        auto it = std::find(h.begin(), h.end(), name);
        REQUIRE(it != h.end());
        return static_cast<size_t>(it - h.begin());
    };
    CHECK(rows[1][col("system")] == "test-gpu-cloud");
    CHECK(rows[2][col("system")] == "test-nrn-ultra");
    CHECK(rows[3][col("system")] == "test-gpu-rack");
    CHECK(rows[3][col("chips")] == "36");
    for (size_t i = 1; i < rows.size(); ++i) CHECK(rows[i].size() == h.size());
    // The UltraServer is not sold: its row says so, with its time but no cost.
    CHECK(rows[2][col("status")] == "error");
    CHECK(contains(rows[2][col("message")], "cannot be owned"));
    CHECK_FALSE(rows[2][col("time_to_train_days")].empty());
    CHECK(rows[2][col("usd_per_run")].empty());
    CHECK(std::stod(rows[1][col("usd_per_run")]) > 0.0);
    CHECK(std::stod(rows[1][col("usd_per_run_p10")]) <= std::stod(rows[1][col("usd_per_run_p90")]));
}

TEST_CASE("compare: the readable table shows ranges and the Pareto front", "[cli][compare]") {
    Sandbox sb("catalog_plan.json");
    auto r = sb.run(compare({"--systems", "test-gpu-cloud,test-gpu-server@own", "--chips", "16"}));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(contains(r.out, "TIME #"));
    CHECK(contains(r.out, "$ PER RUN"));
    CHECK(contains(r.out, "\u2013"));  // a P10–P90 range
    CHECK(contains(r.out, "Pareto front"));
    CHECK(contains(r.out, "test-gpu-server"));
    CHECK(contains(r.out, "AVG kW"));
}

TEST_CASE("compare and plan: bad input is one line naming the flag, exit 2", "[cli][compare]") {
    Sandbox sb("catalog_plan.json");
    struct Case {
        std::vector<std::string> args;
        std::string flag;
    };
    std::vector<Case> cases{
        {compare({"--systems", "test-gpu-cloud,no-such-system", "--chips", "16"}), "--systems"},
        {compare({"--systems", "test-gpu-cloud:zero", "--chips", "16"}), "--systems"},
        {compare({"--systems", "test-gpu-cloud@free", "--chips", "16"}), "--systems"},
        {compare({"--chips", "16"}), "--systems"},
        {compare({"--systems", "test-gpu-cloud"}), "--chips"},
        {compare({"--systems", "test-gpu-cloud", "--chips", "16", "--seq-len", "0"}), "--seq-len"},
        {with(with({"plan"}, kTrain), {"--systems", "test-gpu-cloud"}), "--demand-days"},
        {with(with({"plan"}, kTrain), {"--systems", "test-gpu-cloud", "--demand-days", "-2"}), "--demand-days"},
        {with(with({"plan"}, kTrain), {"--systems", "nope", "--demand-days", "2"}), "--systems"},
    };
    for (const auto& c : cases) {
        auto r = sb.run(c.args);
        INFO(r.err);
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        REQUIRE(r.err_lines().size() == 1);
        CHECK(contains(r.err_lines()[0], c.flag));
        CHECK(r.err_lines()[0].rfind("rackplan: " + c.args[0] + ": ", 0) == 0);
    }
    CHECK(contains(sb.run(cases[0].args).err, "no-such-system"));
}

TEST_CASE("plan: json and csv for a training demand", "[cli][compare]") {
    Sandbox sb("catalog_plan.json");
    auto args = with(with({"plan"}, kTrain), {"--systems", "test-gpu-cloud,test-gpu-rack@own", "--demand-days", "0.3"});
    auto j = sb.run(with(args, {"--format", "json"}));
    INFO(j.err);
    REQUIRE(j.exit_code == 0);
    auto doc = nlohmann::json::parse(j.out);
    CHECK(doc["kind"] == "plan");
    REQUIRE(doc["systems"].size() == 2);
    for (const auto& s : doc["systems"]) {
        CHECK(s["plan"]["time_to_train_days"].get<double>() <= 0.3);
        CHECK(s["fleet"]["chips"].get<int>() > 0);
    }
    CHECK(doc["systems"][1]["fleet"]["chips"].get<int>() % 36 == 0);  // whole racks
    CHECK(doc["systems"][0]["break_even_months"].get<double>() > 0.0);
    // The owned fleet's capex and opex come with their P10-P90 around the point lines.
    const auto& own = doc["systems"][1]["own"];
    CHECK(own["capex_usd_range"]["point"].get<double>() == Approx(own["capex_usd"].get<double>()));
    CHECK(own["capex_usd_range"]["p10"].get<double>() <= own["capex_usd_range"]["p90"].get<double>());
    CHECK(own["opex_usd_per_year_range"]["point"].get<double>() == Approx(own["opex_usd_per_year"].get<double>()));
    auto c = sb.run(with(args, {"--format", "csv"}));
    REQUIRE(c.exit_code == 0);
    auto rows = parse_csv(c.out);
    REQUIRE(rows.size() == 3);
    CHECK(rows[1][0] == "test-gpu-cloud");
    CHECK(rows[2][0] == "test-gpu-rack");
}

TEST_CASE("scenario: --save, then list, show and delete", "[cli][compare]") {
    Sandbox sb("catalog_plan.json");
    CHECK(contains(sb.run({"scenario", "list"}).out, "No saved scenarios"));
    auto saved = sb.run(compare({"--systems", "test-gpu-cloud,test-gpu-server@own", "--chips", "16", "--save", "h100 vs own"}));
    INFO(saved.err);
    REQUIRE(saved.exit_code == 0);
    CHECK(contains(saved.out, "Saved as scenario h100 vs own."));
    REQUIRE(sb.run(with(with({"plan"}, kTrain), {"--systems", "test-gpu-cloud", "--demand-days", "1", "--save", "p1"})).exit_code ==
            0);

    auto list = sb.run({"scenario", "list", "--format", "csv"});
    REQUIRE(list.exit_code == 0);
    auto rows = parse_csv(list.out);
    REQUIRE(rows.size() == 3);
    CHECK(rows[1][0] == "h100 vs own");
    CHECK(rows[1][1] == "compare");
    CHECK(rows[1][3] == "1");
    CHECK(rows[2][0] == "p1");
    CHECK(rows[2][1] == "plan");

    // show: the input as a command line, then the same table the command printed.
    auto show = sb.run({"scenario", "show", "h100 vs own"});
    INFO(show.err);
    REQUIRE(show.exit_code == 0);
    CHECK(contains(show.out, "Input: rackplan compare --mode train --chips 16 --model test-dense-8b"));
    CHECK(contains(show.out, "--pricing on_demand"));
    CHECK(contains(show.out, "--systems test-gpu-cloud,test-gpu-server@own"));
    const std::string table = saved.out.substr(0, saved.out.find("\nSaved as"));
    CHECK(contains(show.out, table));
    auto js = sb.run({"scenario", "show", "h100 vs own", "--format", "json"});
    REQUIRE(js.exit_code == 0);
    auto doc = nlohmann::json::parse(js.out);
    CHECK(doc["kind"] == "compare");
    // The input is the request form the desktop application reads and writes too.
    CHECK(doc["input"]["kind"] == "compare");
    CHECK(doc["input"]["workload"]["model"] == "test-dense-8b");
    CHECK(doc["input"]["workload"]["chips"] == "16");
    CHECK(doc["input"]["systems"][1] == nlohmann::json({{"system", "test-gpu-server"}, {"pricing", "own"}}));
    auto plan_doc = nlohmann::json::parse(sb.run({"scenario", "show", "p1", "--format", "json"}).out);
    CHECK(plan_doc["input"]["demand"]["days"] == 1.0);
    CHECK(doc["result"]["kind"] == "compare");
    CHECK(doc["result"]["systems"].size() == 2);
    auto csv = sb.run({"scenario", "show", "p1", "--format", "csv"});
    REQUIRE(csv.exit_code == 0);
    CHECK(parse_csv(csv.out).size() == 2);

    // save: the exported document stored under a new name shows the same result.
    const fs::path exported = sb / "h100.json";
    { std::ofstream(exported) << js.out; }
    auto copy = sb.run({"scenario", "save", "copy of h100", "--from", exported.string()});
    INFO(copy.err);
    REQUIRE(copy.exit_code == 0);
    auto shown_copy = nlohmann::json::parse(sb.run({"scenario", "show", "copy of h100", "--format", "json"}).out);
    CHECK(shown_copy["input"] == doc["input"]);
    CHECK(shown_copy["result"] == doc["result"]);
    { std::ofstream(sb / "bad.json") << R"({"kind": "compare"})"; }
    auto bad = sb.run({"scenario", "save", "bad", "--from", (sb / "bad.json").string()});
    CHECK(bad.exit_code == 1);
    CHECK(contains(bad.err, "$.input: missing"));
    CHECK(sb.run({"scenario", "delete", "copy of h100"}).exit_code == 0);

    auto del = sb.run({"scenario", "delete", "h100 vs own"});
    REQUIRE(del.exit_code == 0);
    CHECK(contains(del.out, "Deleted scenario h100 vs own."));
    auto after = parse_csv(sb.run({"scenario", "list", "--format", "csv"}).out);
    REQUIRE(after.size() == 2);
    CHECK(after[1][0] == "p1");
    for (std::vector<std::string> args : {std::vector<std::string>{"scenario", "show", "h100 vs own"},
                                          {"scenario", "delete", "h100 vs own"}}) {
        auto r = sb.run(args);
        CHECK(r.exit_code == 2);
        REQUIRE(r.err_lines().size() == 1);
        CHECK(contains(r.err_lines()[0], "unknown scenario 'h100 vs own'"));
    }
}

TEST_CASE("scenario: an input that is no request is shown as stored", "[cli][compare]") {
    Sandbox sb("catalog_plan.json");
    REQUIRE(sb.run({"scenario", "list"}).exit_code == 0);  // creates and migrates the database
    {
        auto db = rackplan::store::Database::open(sb.db());
        auto id = rackplan::store::save_scenario(db, "from-gui", "compare", R"({"model":"test-dense-8b","systems":[]})");
        rackplan::store::save_result(db, id, "0.1.0", R"({"rows":[]})");
    }
    auto list = sb.run({"scenario", "list"});
    REQUIRE(list.exit_code == 0);
    CHECK(contains(list.out, "(not a compare or plan request)"));
    auto show = sb.run({"scenario", "show", "from-gui"});
    INFO(show.err);
    REQUIRE(show.exit_code == 0);
    CHECK(contains(show.out, "\"model\":\"test-dense-8b\""));
    CHECK(contains(show.out, "\"rows\""));
    auto csv = sb.run({"scenario", "show", "from-gui", "--format", "csv"});
    CHECK(csv.exit_code == 1);
    CHECK(csv.err_lines().size() == 1);
}

TEST_CASE("scenario: older stored inputs show as the equivalent command line", "[cli][compare]") {
    Sandbox sb("catalog_plan.json");
    REQUIRE(sb.run({"scenario", "list"}).exit_code == 0);
    {
        auto db = rackplan::store::Database::open(sb.db());
        // The CLI's first form: command and flags.
        rackplan::store::save_scenario(db, "old-cli", "compare",
                                       R"({"command":"compare","flags":[["--mode","train"],["--model","test-dense-8b"],)"
                                       R"(["--chips","16"],["--systems","test-gpu-cloud,test-gpu-server@own"]]})");
        // The desktop application's first form, with a kept layout.
        rackplan::store::save_scenario(
            db, "old-gui", "compare",
            R"({"format":"rackplan-comparison","version":1,"workload":{"model":"test-dense-8b","seq_len":2048,"global_batch":64,)"
            R"("dtype":"bf16"},"layouts":"keep","candidates":[{"system":"test-gpu-server","chips":16,"layout":{"tp":2,"pp":1,)"
            R"("cp":1,"ep":1,"vpp":1,"micro_batch":1,"zero":1,"sp":false,"recompute":"none"}}]})");
        // The request form, as the desktop application now saves it.
        rackplan::store::save_scenario(db, "new-gui", "compare",
                                       R"({"kind":"compare","workload":{"mode":"train","model":"test-dense-8b","seq_len":"2048",)"
                                       R"("global_batch":"64","usd_per_kwh":"0.1"},"systems":[{"system":"test-gpu-cloud","chips":8,)"
                                       R"("pricing":"on_demand"}],"options":{"top":3,"layouts":"search"}})");
    }
    auto old_cli = sb.run({"scenario", "show", "old-cli"});
    REQUIRE(old_cli.exit_code == 0);
    CHECK(contains(old_cli.out, "Input: rackplan compare --mode train --chips 16 --model test-dense-8b --systems "
                                "test-gpu-cloud,test-gpu-server@own"));
    auto old_gui = sb.run({"scenario", "show", "old-gui"});
    REQUIRE(old_gui.exit_code == 0);
    CHECK(contains(old_gui.out, "Input: rackplan compare --mode train --model test-dense-8b --seq-len 2048 --global-batch 64 "
                                "--dtype bf16 --systems test-gpu-server:16"));
    CHECK(contains(old_gui.out, "(layouts kept per system: test-gpu-server: micro_batch=1 tp=2 pp=1"));
    auto new_gui = sb.run({"scenario", "show", "new-gui"});
    REQUIRE(new_gui.exit_code == 0);
    CHECK(contains(new_gui.out, "--usd-per-kwh 0.1 --systems test-gpu-cloud:8@on_demand"));
    auto list = parse_csv(sb.run({"scenario", "list", "--format", "csv"}).out);
    REQUIRE(list.size() == 4);
    for (size_t i = 1; i < list.size(); ++i) CHECK(list[i][4].rfind("rackplan compare", 0) == 0);
}
