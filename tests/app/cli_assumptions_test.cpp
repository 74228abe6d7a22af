// `--sustained-clock F` on evaluate, compare and plan: it changes the times, a saved scenario
// keeps it and `scenario show` gives it back in a command line that reruns to the same result;
// bad values are one line naming the flag.
#include "cli_test_support.h"

#include <nlohmann/json.hpp>
#include <sstream>

using namespace rackplan::test;

namespace {

const std::vector<std::string> kCompare{"compare", "--mode", "train", "--model", "test-dense-8b", "--seq-len", "2048",
                                        "--global-batch", "64", "--train-tokens", "1e10", "--pricing", "on_demand",
                                        "--systems", "test-gpu-cloud", "--chips", "16"};

std::vector<std::string> with(std::vector<std::string> base, const std::vector<std::string>& more) {
    base.insert(base.end(), more.begin(), more.end());
    return base;
}

double step_of(const std::string& compare_json) {
    const nlohmann::json j = nlohmann::json::parse(compare_json);
    return j["systems"][0]["layouts"][0]["step_time_s"].get<double>();
}

}  // namespace

TEST_CASE("the sustained-clock flag: compare times change, the result says so", "[cli][assumptions]") {
    Sandbox sb("catalog_plan.json");
    auto base = sb.run(with(kCompare, {"--format", "json"}));
    auto slow = sb.run(with(kCompare, {"--format", "json", "--sustained-clock", "0.7"}));
    INFO(base.err << slow.err);
    REQUIRE(base.exit_code == 0);
    REQUIRE(slow.exit_code == 0);
    // A training step on a GPU at its power cap is mostly compute bound: well slower, never
    // more than the clock ratio.
    const double ratio = step_of(slow.out) / step_of(base.out);
    CHECK(ratio > 1.05);
    CHECK(ratio <= 0.85 / 0.7 + 1e-9);
    CHECK(nlohmann::json::parse(slow.out)["workload"]["sustained_clock"] == 0.7);
    CHECK_FALSE(nlohmann::json::parse(base.out)["workload"].contains("sustained_clock"));
    // The default, given explicitly, is the default.
    auto same = sb.run(with(kCompare, {"--format", "json", "--sustained-clock", "0.85"}));
    REQUIRE(same.exit_code == 0);
    CHECK(step_of(same.out) == step_of(base.out));
}

TEST_CASE("the sustained-clock flag: save keeps it, scenario show gives a command that reruns it", "[cli][assumptions]") {
    Sandbox sb("catalog_plan.json");
    auto saved = sb.run(with(kCompare, {"--sustained-clock", "0.7", "--save", "slow"}));
    INFO(saved.err);
    REQUIRE(saved.exit_code == 0);
    auto js = sb.run({"scenario", "show", "slow", "--format", "json"});
    REQUIRE(js.exit_code == 0);
    const nlohmann::json doc = nlohmann::json::parse(js.out);
    CHECK(doc["input"]["assumptions"] == nlohmann::json({{"sustained_clock", 0.7}}));

    auto show = sb.run({"scenario", "show", "slow"});
    REQUIRE(show.exit_code == 0);
    const std::string prefix = "Input: rackplan ";
    const auto at = show.out.find(prefix);
    REQUIRE(at != std::string::npos);
    const std::string command = show.out.substr(at + prefix.size(), show.out.find('\n', at) - at - prefix.size());
    CHECK(contains(command, "--sustained-clock 0.7 "));
    // No value in this command needs quoting: split it on spaces and run it again.
    std::vector<std::string> args;
    std::istringstream words(command);
    for (std::string w; words >> w;) args.push_back(w);
    auto rerun = sb.run(with(args, {"--format", "json"}));
    INFO(rerun.err);
    REQUIRE(rerun.exit_code == 0);
    CHECK(step_of(rerun.out) == doc["result"]["systems"][0]["layouts"][0]["step_time_s"].get<double>());
    CHECK(step_of(rerun.out) == step_of(sb.run(with(kCompare, {"--format", "json", "--sustained-clock", "0.7"})).out));

    // A scenario saved without it stores no assumptions at all (the input as it always was).
    REQUIRE(sb.run(with(kCompare, {"--save", "plain"})).exit_code == 0);
    const nlohmann::json plain = nlohmann::json::parse(sb.run({"scenario", "show", "plain", "--format", "json"}).out);
    CHECK_FALSE(plain["input"].contains("assumptions"));
    CHECK_FALSE(contains(sb.run({"scenario", "show", "plain"}).out, "--sustained-clock"));

    // plan takes and saves it too.
    auto plan = sb.run({"plan", "--mode", "train", "--model", "test-dense-8b", "--seq-len", "2048", "--global-batch", "64",
                        "--train-tokens", "1e10", "--systems", "test-gpu-cloud", "--demand-days", "1",
                        "--sustained-clock", "0.75", "--save", "p"});
    INFO(plan.err);
    REQUIRE(plan.exit_code == 0);
    const nlohmann::json p = nlohmann::json::parse(sb.run({"scenario", "show", "p", "--format", "json"}).out);
    CHECK(p["input"]["assumptions"]["sustained_clock"] == 0.75);
    CHECK(p["result"]["workload"]["sustained_clock"] == 0.75);
}

TEST_CASE("the sustained-clock flag: evaluate takes it and bad values name the flag, exit 2", "[cli][assumptions]") {
    Sandbox sb("catalog_plan.json");
    const std::vector<std::string> eval{"evaluate", "--mode", "train", "--model", "test-dense-8b", "--system",
                                        "test-gpu-cloud", "--chips", "16", "--seq-len", "2048", "--global-batch", "64",
                                        "--format", "json"};
    auto base = sb.run(eval);
    auto slow = sb.run(with(eval, {"--sustained-clock", "0.6"}));
    INFO(base.err << slow.err);
    REQUIRE(base.exit_code == 0);
    REQUIRE(slow.exit_code == 0);
    const auto b = nlohmann::json::parse(base.out), s = nlohmann::json::parse(slow.out);
    CHECK(s["sustained_clock"] == 0.6);
    CHECK(s["best"]["step_time_s"].get<double>() > b["best"]["step_time_s"].get<double>());
    auto readable = sb.run(with({"evaluate", "--mode", "train", "--model", "test-dense-8b", "--system", "test-gpu-cloud",
                                 "--chips", "16", "--seq-len", "2048", "--global-batch", "64"},
                                {"--sustained-clock", "0.6"}));
    REQUIRE(readable.exit_code == 0);
    CHECK(contains(readable.out, "Sustained clock: 0.6 of the burst clock (default 0.85"));

    auto help = sb.run({"help", "compare"});
    CHECK(contains(help.out + help.err, "--sustained-clock"));
    CHECK(contains(help.out + help.err, "burst clock"));

    for (const std::string bad : {"0", "1.5", "-1", "nan", "abc", ""}) {
        for (const auto& cmd : {with(kCompare, {"--sustained-clock", bad}), with(eval, {"--sustained-clock", bad})}) {
            auto r = sb.run(cmd);
            INFO(cmd.front() << " --sustained-clock '" << bad << "': " << r.err);
            CHECK(r.exit_code == 2);
            CHECK(r.out.empty());
            REQUIRE_FALSE(r.err_lines().empty());
            CHECK(contains(r.err_lines().front(), "--sustained-clock"));
        }
    }
}
