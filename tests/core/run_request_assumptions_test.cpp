// A request's engine assumptions ("assumptions": {"sustained_clock": F}): round trip, a
// request without them keeps its old text byte for byte, bad values are named by JSON path,
// and the command line says the flag.
#include <catch2/catch.hpp>

#include <limits>

#include "io/run_request.h"
#include "io/run_request_command.h"

using namespace rackplan;
using nlohmann::json;

namespace {

// A request as the CLI and the GUI wrote it before assumptions existed.
constexpr const char* kOldText =
    R"({"kind":"compare","options":{"layouts":"search","top":3},"systems":[{"chips":64,"system":"dgx-h100"},)"
    R"({"pricing":"on_demand","system":"p5.48xlarge"}],"workload":{"mode":"train","model":"llama3-8b","seq_len":"8192"}})";

std::vector<std::string> issues_of(const json& j) {
    std::vector<std::string> out;
    for (const Issue& i : io::parse_request(j).issues) out.push_back(i.path + ": " + i.message);
    return out;
}

}  // namespace

TEST_CASE("run request: a request without assumptions keeps its text byte for byte", "[io][request][assumptions]") {
    const io::RequestParse p = io::parse_request(json::parse(kOldText));
    REQUIRE(p.request);
    CHECK_FALSE(p.request->assumptions.sustained_clock);
    CHECK(io::to_json(*p.request).dump() == kOldText);
    CHECK(io::to_json(*p.request).dump().find("assumptions") == std::string::npos);
}

TEST_CASE("run request: the sustained clock survives JSON and reaches the command line", "[io][request][assumptions]") {
    io::RunRequest r = *io::parse_request(json::parse(kOldText)).request;
    r.assumptions.sustained_clock = 0.8;
    const json j = io::to_json(r);
    CHECK(j["assumptions"] == json::parse(R"({"sustained_clock":0.8})"));
    const io::RequestParse back = io::parse_request(json::parse(j.dump()));
    REQUIRE(back.request);
    CHECK(*back.request == r);
    CHECK(back.request->assumptions.sustained_clock == 0.8);
    CHECK(io::to_json(*back.request).dump() == j.dump());
    // Different assumptions are a different input (the store keeps history by input text).
    CHECK(j.dump() != kOldText);

    const std::string cmd = io::command_line(r);
    CHECK(cmd.find(" --sustained-clock 0.8 ") != std::string::npos);
    CHECK(cmd.find(" --sustained-clock 0.8 --systems ") != std::string::npos);
    CHECK(io::command_line(*io::parse_request(json::parse(kOldText)).request).find("--sustained-clock") ==
          std::string::npos);
    // Through the stored-input entry point too.
    CHECK(io::command_line(j).find("--sustained-clock 0.8") != std::string::npos);
}

TEST_CASE("run request: bad assumptions are named by their JSON path", "[io][request][assumptions]") {
    json j = json::parse(kOldText);
    j["assumptions"] = {{"sustained_clock", 1.5}};
    auto issues = issues_of(j);
    REQUIRE(issues.size() == 1);
    CHECK(issues.front().rfind("assumptions.sustained_clock: must be a fraction of the burst clock above 0 and at most 1", 0) == 0);
    CHECK(issues.front().find("got 1.5") != std::string::npos);

    j["assumptions"] = {{"sustained_clock", 0}};
    CHECK(issues_of(j).front().rfind("assumptions.sustained_clock: ", 0) == 0);
    j["assumptions"] = {{"sustained_clock", std::numeric_limits<double>::quiet_NaN()}};
    CHECK(issues_of(j).front().rfind("assumptions.sustained_clock: ", 0) == 0);
    j["assumptions"] = {{"sustained_clock", "0.8"}};
    CHECK(issues_of(j) == std::vector<std::string>{"assumptions.sustained_clock: must be a number"});
    j["assumptions"] = {{"clock", 0.8}};
    CHECK(issues_of(j) == std::vector<std::string>{"assumptions.clock: unknown key"});
    j["assumptions"] = 0.8;
    CHECK(issues_of(j) == std::vector<std::string>{"assumptions: must be an object"});
    j["assumptions"] = json::object();  // an empty object is no assumption
    const io::RequestParse empty = io::parse_request(j);
    REQUIRE(empty.request);
    CHECK(io::to_json(*empty.request).dump() == kOldText);
}

TEST_CASE("run request: ignoring the measured calibration is saved and said", "[io][request]") {
    io::RunRequest r = *io::parse_request(json::parse(kOldText)).request;
    CHECK_FALSE(r.uncalibrated);
    CHECK(io::command_line(r).find("--uncalibrated") == std::string::npos);
    r.uncalibrated = true;
    const json j = io::to_json(r);
    CHECK(j["options"]["uncalibrated"] == true);
    const io::RequestParse back = io::parse_request(json::parse(j.dump()));
    REQUIRE(back.request);
    CHECK(*back.request == r);
    CHECK(io::command_line(r).find(" --uncalibrated") != std::string::npos);
    json bad = json::parse(kOldText);
    bad["options"]["uncalibrated"] = "yes";
    CHECK(issues_of(bad) == std::vector<std::string>{"options.uncalibrated: must be true or false"});
}
