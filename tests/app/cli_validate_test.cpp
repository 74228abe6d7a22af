// `rackplan validate`: case and microbenchmark files told apart by their header, the per-row
// table and the summary in text, CSV and JSON, --bar as an exit code, bad input named.
#include <nlohmann/json.hpp>

#include <fstream>

#include "cli_test_support.h"

using namespace rackplan::test;
using nlohmann::json;

namespace {

void write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

const char* kCases =
    "id,mode,system,chips,model,seq_len,global_batch,tp,pp,dp,input_len,output_len,batch,x_family,x_metric,x_measured,"
    "x_trust\n"
    "t1,train,test-gpu-server,8,test-dense-8b,2048,64,1,1,8,,,,2,step_time_s,1.0,A\n"
    "i1,infer,test-gpu-server,8,test-dense-8b,,,8,1,,512,128,16,3,tpot_ms,10,C\n"
    "gone,train,no-such-system,8,test-dense-8b,2048,64,1,1,8,,,,2,step_time_s,1.0,A\n";
const char* kMicro =
    "id,kernel,chip,m,n,k,dtype,metric,measured,trust\n"
    "g1,gemm,test-gpu,4096,4096,4096,bf16,tflops,500,B\n";

}  // namespace

TEST_CASE("validate: rows, reasons and the summary in text, JSON and CSV", "[cli][validate]") {
    Sandbox sb("catalog_plan.json");
    write(sb / "cases.csv", kCases);
    write(sb / "micro.csv", kMicro);
    const std::string cases = (sb / "cases.csv").string(), micro = (sb / "micro.csv").string();

    auto text = sb.run({"validate", cases, micro});
    INFO(text.err);
    REQUIRE(text.exit_code == 0);
    CHECK(has(text.out, "3 rows compared, 1 not compared"));
    CHECK(has(text.out, "gone: error: "));
    CHECK(has(text.out, "Median and max |error| by family and metric"));
    CHECK(has(text.out, "The same, trust A and B rows only"));  // i1 is trust C

    auto j = sb.run({"validate", cases, micro, "--format", "json"});
    REQUIRE(j.exit_code == 0);
    const json doc = json::parse(j.out);
    REQUIRE(doc["rows"].size() == 3);
    for (const auto& r : doc["rows"]) {
        INFO(r.dump());
        CHECK(r["predicted"].get<double>() > 0.0);
        CHECK(r["rel_error"].get<double>() ==
              Approx(r["predicted"].get<double>() / r["measured"].get<double>() - 1.0).epsilon(1e-12));
    }
    CHECK(doc["rows"][2]["id"] == "g1");
    CHECK(doc["rows"][2]["family"] == "5");
    REQUIRE(doc["excluded"].size() == 1);
    CHECK(doc["excluded"][0]["id"] == "gone");
    const json& overall = doc["summary"].back();
    CHECK(overall["family"] == "all");
    CHECK(overall["metric"] == "all");
    CHECK(overall["rows"] == 3);
    CHECK(doc["summary_trust_ab"].back()["rows"] == 2);

    auto csv = sb.run({"validate", cases, "--format", "csv", "-o", (sb / "rows.csv").string()});
    REQUIRE(csv.exit_code == 0);
    CHECK(csv.out.empty());
    const std::string rows = read_file(sb / "rows.csv");
    CHECK(rows.rfind("id,family,metric,trust,measured,predicted,error_pct,subject,used,not_compared\n", 0) == 0);
    CHECK(has(rows, "\ngone,2,step_time_s,"));
}

TEST_CASE("validate: --bar sets the exit code, bad input names the flag or the file", "[cli][validate]") {
    Sandbox sb("catalog_plan.json");
    write(sb / "cases.csv", kCases);
    write(sb / "batch.csv", "id,mode,system,chips\nr,train,test-gpu-server,8\n");
    write(sb / "half.csv", "id,mode,system,chips,x_metric\nr,train,test-gpu-server,8,step_time_s\n");
    const std::string cases = (sb / "cases.csv").string();

    auto loose = sb.run({"validate", cases, "--bar", "100000/100000"});
    CHECK(loose.exit_code == 0);
    auto tight = sb.run({"validate", cases, "--bar", "0.0001/0.0001"});
    CHECK(tight.exit_code == 3);
    CHECK(has(tight.out, "rows compared"));  // the report is still written
    REQUIRE_FALSE(tight.err_lines().empty());
    CHECK(has(tight.err_lines().front(), "rackplan: validate: bar 0.0001/0.0001 % missed: family 2 step_time_s"));

    for (const auto& [args, flag] :
         {std::pair{std::vector<std::string>{"validate", cases, "--bar", "10"}, std::string("--bar")},
          {{"validate", cases, "--bar", "x/25"}, "--bar"},
          {{"validate", cases, "--format", "xml"}, "--format"}}) {
        auto r = sb.run(args);
        INFO(flag << ": " << r.err);
        CHECK(r.exit_code == 2);
        REQUIRE_FALSE(r.err_lines().empty());
        CHECK(has(r.err_lines().front(), flag));
    }
    // Nothing comparable: an empty summary, and a bar cannot be met.
    write(sb / "none.csv", "id,mode,system,chips,x_metric,x_measured\nr,train,nowhere,8,step_time_s,1\n");
    auto none = sb.run({"validate", (sb / "none.csv").string()});
    CHECK(none.exit_code == 0);
    CHECK(has(none.out, "0 rows compared, 1 not compared"));
    auto none_bar = sb.run({"validate", (sb / "none.csv").string(), "--bar", "10/25"});
    CHECK(none_bar.exit_code == 3);
    CHECK(has(none_bar.err, "no row could be compared"));

    auto batch = sb.run({"validate", (sb / "batch.csv").string()});
    CHECK(batch.exit_code == 1);
    CHECK(has(batch.err, "batch.csv: neither a case file"));
    auto half = sb.run({"validate", (sb / "half.csv").string()});
    CHECK(half.exit_code == 1);
    CHECK(has(half.err, "a case file needs the columns x_measured"));
    auto missing = sb.run({"validate", (sb / "nope.csv").string()});
    CHECK(missing.exit_code == 1);
    CHECK(has(missing.err, "nope.csv"));
}
