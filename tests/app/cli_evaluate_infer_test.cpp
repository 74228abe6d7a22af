// `rackplan evaluate --mode infer`: the readable report and the JSON give the TTFT and one
// decode iteration by part, and the parts add up; bad serving input names its column.
#include <nlohmann/json.hpp>

#include "cli_test_support.h"

using namespace rackplan::test;
using nlohmann::json;

namespace {

const std::vector<std::string> kServe{"evaluate",      "--mode",        "infer", "--model", "test-dense-8b",
                                      "--system",      "test-gpu-server", "--chips", "8",   "--input-len",
                                      "2048",          "--output-len",  "256"};

std::vector<std::string> plus(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

double parts_sum(const json& p) {
    return p["gemm"].get<double>() + p["attention"].get<double>() + p["vector"].get<double>() +
           p["tp_comm"].get<double>() + p["pp_comm"].get<double>();
}

}  // namespace

TEST_CASE("evaluate --mode infer: TTFT and decode step by part, in text and JSON", "[cli][infer]") {
    Sandbox sb;
    auto text = sb.run(kServe);
    INFO(text.err);
    REQUIRE(text.exit_code == 0);
    CHECK(has(text.out, "TTFT "));
    CHECK(has(text.out, "Time to first token "));
    CHECK(has(text.out, "One decode iteration "));
    CHECK(has(text.out, "tensor-parallel comm"));

    auto r = sb.run(plus(kServe, {"--format", "json"}));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const json j = json::parse(r.out);
    const json& best = j.contains("best") ? j["best"] : j;
    const json& first = best["first_token_ms"];
    CHECK(first["total"].get<double>() == Approx(best["ttft_ms"].get<double>()).epsilon(1e-9));
    CHECK(parts_sum(first) == Approx(first["total"].get<double>()).epsilon(1e-9));
    CHECK(first["gemm"].get<double>() > 0.0);
    const json& step = best["decode_step_ms"];
    CHECK(parts_sum(step) == Approx(step["total"].get<double>()).epsilon(1e-9));
    // A 2,048-token prompt costs more GEMM time than one token per sequence of 16.
    CHECK(first["gemm"].get<double>() > step["gemm"].get<double>());
}

TEST_CASE("evaluate --mode infer: bad serving input names the column", "[cli][infer]") {
    Sandbox sb;
    auto zero = sb.run(plus(kServe, {"--output-len", "0"}));
    CHECK(zero.exit_code == 2);
    CHECK(zero.out.empty());
    REQUIRE_FALSE(zero.err_lines().empty());
    CHECK(has(zero.err_lines().front(), "--output-len"));

    auto tp = sb.run(plus(kServe, {"--tp", "3"}));
    CHECK(tp.exit_code == 1);
    CHECK(has(tp.out + tp.err, "column tp"));

    auto slo = sb.run(plus(kServe, {"--tpot-slo-ms", "0.001"}));
    CHECK(slo.exit_code == 1);
    CHECK(has(slo.out + slo.err, "tpot_slo_ms"));
    CHECK(has(slo.out + slo.err, "best achievable TTFT"));
}
