// The report content model from real compare and plan results on the plan test catalog, and
// its renderings: a hostile catalog name is escaped in HTML and Markdown and quoted in CSV,
// numbers in the report are the saved ones, bad result documents are issues naming the path.
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

#include "io/csv_reader.h"
#include "io/report/chart_scale.h"
#include "io/report/report_document.h"
#include "io/report/report_render.h"
#include "plan/capacity.h"
#include "plan/compare.h"
#include "plan/plan_json.h"
#include "plan_fixtures.h"

using namespace rackplan;
using namespace rackplan::io::report;

namespace {

const std::string kHostile = "<script>alert(\"x\")</script>, \"a,b\"\nline";

nlohmann::json train_compare() {
    plan::CompareOptions o;
    o.cost.samples = 200;
    o.detail = true;
    return plan::to_json(plan::compare(test::plan_context(), test::train_scenario(),
                                       {{"test-gpu-cloud", 16, {}}, {"test-gpu-server", 16, engine::Pricing::own}, {"test-nrn-ultra", 64, {}}},
                                       o));
}

ReportContext context() { return {"scenario \"q\"", "0.1.0", "2026-01-01T00:00:00Z", "2026-01-02", "rackplan compare ..."}; }

const Section* find_section(const ReportDocument& d, const std::string& id) {
    for (const Section& s : d.sections)
        if (s.id == id) return &s;
    return nullptr;
}

const Table* find_table(const ReportDocument& d, const std::string& id) {
    for (const Table* t : tables_of(d))
        if (t->id == id) return t;
    return nullptr;
}

const Chart* find_chart(const ReportDocument& d, const std::string& id) {
    for (const Section& s : d.sections)
        for (const Block& b : s.blocks)
            if (const auto* c = std::get_if<Chart>(&b); c && c->id == id) return c;
    return nullptr;
}

std::size_t column(const Table& t, const std::string& title) {
    for (std::size_t i = 0; i < t.columns.size(); ++i)
        if (t.columns[i].title == title) return i;
    FAIL("no column " << title << " in table " << t.id);
    return 0;
}

}  // namespace

TEST_CASE("report: a comparison's document has every section, the saved numbers and the provenance", "[report]") {
    const nlohmann::json result = train_compare();
    // The result carries what the report explains the numbers with.
    const auto& best = result["systems"][0]["layouts"][0];
    REQUIRE(best.contains("step_breakdown_s"));
    REQUIRE(best.contains("memory_gib"));
    REQUIRE_FALSE(best["block_ops"].empty());
    REQUIRE_FALSE(best["cost"]["inputs"].empty());
    REQUIRE(best["cost"].contains("usd_per_hour_lines"));
    const auto& b = best["step_breakdown_s"];
    double parts = b["compute"].get<double>() + b["bubble"].get<double>() + b["optimizer"].get<double>();
    for (const auto& [k, v] : b["exposed_comm"].items()) parts += v.get<double>();
    CHECK(parts == Approx(b["step"].get<double>()).epsilon(1e-9));
    const auto& lines = best["cost"]["usd_per_hour_lines"];
    CHECK(lines["total"].get<double>() == Approx(best["cost"]["usd_per_hour"]["point"].get<double>()).epsilon(1e-9));

    const BuildResult built = build_report(result, test::plan_context().catalog(), context());
    REQUIRE(built.issues.empty());
    const ReportDocument& d = *built.document;
    for (const char* id : {"summary", "workload", "candidates", "time", "fleet", "tco", "sensitivity", "assumptions", "appendix"})
        CHECK(find_section(d, id) != nullptr);
    CHECK(find_section(d, "ops-test-gpu-cloud") != nullptr);

    // The candidates table repeats the saved time and cost of each system.
    const Table* cand = find_table(d, "candidates");
    REQUIRE(cand);
    REQUIRE(cand->rows.size() == 3);
    const std::size_t time = column(*cand, "Time to train"), cost = column(*cand, "Cost per million tokens");
    for (std::size_t i = 0; i < 3; ++i) {
        const auto& saved = result["systems"][i];
        CHECK(std::get<std::string>(cand->rows[i][column(*cand, "System")]) == saved["system"].get<std::string>());
        if (saved["layouts"].empty()) continue;
        CHECK(std::get<double>(cand->rows[i][time]) == saved["layouts"][0]["time_to_train_days"].get<double>());
        if (saved["layouts"][0].contains("cost"))
            CHECK(std::get<double>(cand->rows[i][cost]) == saved["layouts"][0]["cost"]["usd_per_mtok"]["point"].get<double>());
    }

    // The summary recommends the cheapest and gives its range.
    std::string cheapest;
    for (const auto& s : result["systems"])
        if (s["cost_rank"] == 1) cheapest = s["system"];
    const auto& summary = std::get<Paragraph>(find_section(d, "summary")->blocks.front()).text;
    CHECK(summary.find("Recommendation:") != std::string::npos);
    CHECK(summary.find("(" + cheapest + ")") != std::string::npos);
    CHECK(summary.find("P10-P90") != std::string::npos);

    // Charts hold one bar per system that ran, and stacked parts add up to the step.
    const Chart* steps = find_chart(d, "time_breakdown");
    REQUIRE(steps);
    CHECK(steps->categories.size() == 3);
    double stacked = 0.0;
    for (const Series& s : steps->series) stacked += s.values.at(0);
    CHECK(stacked == Approx(best["step_time_s"].get<double>()).epsilon(1e-9));
    CHECK(find_chart(d, "tco_breakdown"));
    CHECK(find_chart(d, "cost_ranges"));
    CHECK(find_chart(d, "pareto"));
    CHECK(find_chart(d, "tornado"));

    // Assumptions: every cost input with its source, the catalog figures and the citations.
    const Table* inputs = find_table(d, "cost_inputs");
    REQUIRE(inputs);
    CHECK(inputs->rows.size() >= best["cost"]["inputs"].size());
    const Table* figures = find_table(d, "catalog_figures");
    REQUIRE(figures);
    const std::size_t entry = column(*figures, "Entry");
    auto has_entry = [&](const std::string& e) {
        return std::any_of(figures->rows.begin(), figures->rows.end(),
                           [&](const auto& r) { return std::get<std::string>(r[entry]) == e; });
    };
    CHECK(has_entry("system test-gpu-cloud"));
    CHECK(has_entry("chip test-gpu"));
    CHECK(has_entry("cost defaults"));
    const Table* sources = find_table(d, "sources");
    REQUIRE(sources);
    CHECK_FALSE(sources->rows.empty());
}

TEST_CASE("report: a plan's document has the fleet, the ownership and the TCO", "[report]") {
    plan::PlanOptions po;
    po.cost.samples = 100;
    const auto r = plan::plan(test::plan_context(), test::train_scenario(),
                              {{"test-gpu-cloud", {}, {}}, {"test-gpu-server", {}, engine::Pricing::own}}, plan::Demand{0.5, {}}, po);
    const nlohmann::json result = plan::to_json(r);
    const BuildResult built = build_report(result, test::plan_context().catalog(), context());
    REQUIRE(built.issues.empty());
    const ReportDocument& d = *built.document;
    const Table* fleet = find_table(d, "fleet");
    REQUIRE(fleet);
    REQUIRE(fleet->rows.size() == 2);
    CHECK(std::get<double>(fleet->rows[0][column(*fleet, "Chips")]) == result["systems"][0]["fleet"]["chips"].get<double>());
    const Table* own = find_table(d, "ownership");
    REQUIRE(own);
    CHECK(std::holds_alternative<double>(own->rows[1][column(*own, "TCO")]));  // the owned server
    CHECK(d.title.find("Capacity plan") == 0);
    CHECK(find_chart(d, "time_breakdown"));
}

TEST_CASE("report: power shows without a price, capex and opex come with their ranges", "[report]") {
    nlohmann::json result = train_compare();
    auto& layout = result["systems"][0]["layouts"][0];
    REQUIRE(layout.contains("power"));
    const double avg_kw = layout["power"]["avg_power_kw"]["point"].get<double>();
    CHECK(avg_kw > 0);
    // As a system without a price saves it: no "cost", the power object still there.
    layout.erase("cost");
    layout["cost_error"] = "no price for test";
    const std::string system = result["systems"][0]["system"].get<std::string>();
    BuildResult built = build_report(result, test::plan_context().catalog(), context());
    REQUIRE(built.issues.empty());
    auto row_of = [&](const Table& t) -> const std::vector<Cell>& {
        for (const auto& row : t.rows)
            if (std::get<std::string>(row[column(t, "System")]) == system) return row;
        FAIL("no row for " << system << " in " << t.id);
        return t.rows.front();
    };
    const Table* cand = find_table(*built.document, "candidates");
    REQUIRE(cand);
    CHECK(std::get<double>(row_of(*cand)[column(*cand, "Average power")]) == Approx(avg_kw));
    const Table* dep = find_table(*built.document, "deployment");
    REQUIRE(dep);
    CHECK(std::get<double>(row_of(*dep)[column(*dep, "Average wall power")]) == Approx(avg_kw));
    CHECK(std::holds_alternative<std::monostate>(row_of(*dep)[column(*dep, "Capex")]));

    plan::PlanOptions po;
    po.cost.samples = 100;
    nlohmann::json planned = plan::to_json(plan::plan(test::plan_context(), test::train_scenario(),
                                                      {{"test-gpu-server", {}, engine::Pricing::own}}, plan::Demand{0.5, {}}, po));
    const auto& own = planned["systems"][0]["own"];
    REQUIRE(own.contains("capex_usd_range"));
    built = build_report(planned, test::plan_context().catalog(), context());
    REQUIRE(built.issues.empty());
    const Table* o = find_table(*built.document, "ownership");
    REQUIRE(o);
    CHECK(std::get<double>(o->rows[0][column(*o, "Capex")]) == Approx(own["capex_usd_range"]["point"].get<double>()));
    CHECK(std::get<double>(o->rows[0][column(*o, "Capex P90")]) == Approx(own["capex_usd_range"]["p90"].get<double>()));
    CHECK(std::get<double>(o->rows[0][column(*o, "Opex P10")]) ==
          Approx(own["opex_usd_per_year_range"]["p10"].get<double>()));
    CHECK(std::get<double>(o->rows[0][column(*o, "Capex P10")]) <= std::get<double>(o->rows[0][column(*o, "Capex P90")]));

    // An older result (no range keys): the point keys, no range columns.
    planned["systems"][0]["own"].erase("capex_usd_range");
    planned["systems"][0]["own"].erase("opex_usd_per_year_range");
    planned["systems"][0]["own"]["capex_usd"] = 1234.0;
    built = build_report(planned, test::plan_context().catalog(), context());
    REQUIRE(built.issues.empty());
    o = find_table(*built.document, "ownership");
    REQUIRE(o);
    CHECK(std::get<double>(o->rows[0][column(*o, "Capex")]) == 1234.0);
    CHECK(std::none_of(o->columns.begin(), o->columns.end(), [](const Column& c) { return c.title == "Capex P10"; }));
}

TEST_CASE("report: a serving comparison shows the decode and first-token breakdowns", "[report]") {
    plan::CompareOptions o;
    o.cost.samples = 0;
    const auto result = plan::to_json(plan::compare(test::plan_context(), test::infer_scenario(), {{"test-gpu-cloud", 8, {}}}, o));
    const BuildResult built = build_report(result, test::plan_context().catalog(), context());
    REQUIRE(built.issues.empty());
    const Chart* c = find_chart(*built.document, "time_breakdown");
    REQUIRE(c);
    double sum = 0.0;
    for (const Series& s : c->series) sum += s.values.at(0);
    CHECK(sum == Approx(result["systems"][0]["layouts"][0]["serving"]["decode_ms"]["total"].get<double>()).epsilon(1e-9));
    // And the first token's parts, which add up to the TTFT.
    const Chart* f = find_chart(*built.document, "first_token_breakdown");
    REQUIRE(f);
    double first = 0.0;
    for (const Series& s : f->series) first += s.values.at(0);
    CHECK(first == Approx(result["systems"][0]["layouts"][0]["ttft_ms"].get<double>()).epsilon(1e-9));
    CHECK(find_table(*built.document, "first_token_breakdown"));
    // Both latencies are in the candidates table, whichever one ranks.
    const Table* cand = find_table(*built.document, "candidates");
    REQUIRE(cand);
    const auto& best = result["systems"][0]["layouts"][0];
    CHECK(std::get<double>(cand->rows[0][column(*cand, "Time to first token")]) == best["ttft_ms"].get<double>());
    CHECK(std::get<double>(cand->rows[0][column(*cand, "Time per output token")]) == best["tpot_ms"].get<double>());
}

TEST_CASE("report: a hostile catalog name is text in every format", "[report]") {
    hw::Catalog catalog = test::plan_context().catalog();
    for (auto& s : catalog.systems)
        if (s.id == "test-gpu-cloud") s.name = kHostile;
    const BuildResult built = build_report(train_compare(), catalog, context());
    REQUIRE(built.document);
    const ReportDocument& d = *built.document;

    const std::string html = render_html(d);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;, &quot;a,b&quot;\nline") != std::string::npos);
    CHECK(html.find("scenario &quot;q&quot;") != std::string::npos);

    const std::string md = render_markdown(d);
    CHECK(md.find("<script>") == std::string::npos);
    CHECK(md.find("\\<script\\>alert(\"x\")\\</script\\>, \"a,b\"<br>line") != std::string::npos);
    // Every row of the candidates table keeps its column count: no raw | or line break.
    const std::size_t at = md.find("| Time rank |");
    REQUIRE(at != std::string::npos);
    std::istringstream lines(md.substr(at));
    std::string header;
    std::getline(lines, header);
    const auto bars = [](const std::string& l) {
        std::size_t n = 0;
        for (std::size_t i = 0; i < l.size(); ++i)
            if (l[i] == '|' && (i == 0 || l[i - 1] != '\\')) ++n;
        return n;
    };
    for (std::string l; std::getline(lines, l) && !l.empty();) CHECK(bars(l) == bars(header));

    // CSV: the name comes back whole from an RFC 4180 reader, in the candidates block.
    const std::string csv = render_csv(d);
    std::istringstream csv_in(csv);
    io::CsvReader reader(csv_in);
    bool found = false;
    std::size_t width = 0;
    bool in_candidates = false;
    while (auto row = reader.next()) {
        if (row->size() == 3 && (*row)[0] == "table") {
            in_candidates = (*row)[1] == "candidates";
            width = 0;
            continue;
        }
        if (row->size() == 1 && (*row)[0].empty()) continue;  // the blank line between blocks
        if (width == 0) width = row->size();
        CHECK(row->size() == width);
        if (in_candidates && std::find(row->begin(), row->end(), kHostile) != row->end()) found = true;
    }
    CHECK(reader.error().empty());
    CHECK(found);
}

TEST_CASE("report: results a report cannot show are issues naming the path", "[report]") {
    const hw::Catalog& catalog = test::plan_context().catalog();
    auto issue_path = [&](const nlohmann::json& j) {
        const BuildResult b = build_report(j, catalog, context());
        CHECK_FALSE(b.document);
        return b.issues.empty() ? std::string("(none)") : b.issues.front().path;
    };
    CHECK(issue_path(nlohmann::json::array()) == "");
    CHECK(issue_path({{"kind", "gui-comparison"}}) == "kind");
    CHECK(issue_path({{"systems", nlohmann::json::array()}}) == "kind");
    nlohmann::json doc = train_compare();
    doc.erase("systems");
    CHECK(issue_path(doc) == "systems");
    doc = train_compare();
    doc["systems"][1].erase("system");
    CHECK(issue_path(doc) == "systems[1].system");
    doc = train_compare();
    doc["time_metric"] = "parsecs";
    CHECK(issue_path(doc) == "time_metric");
}

TEST_CASE("report: numbers and axes", "[report]") {
    CHECK(format_number(1234567.891, 2) == "1,234,567.89");
    CHECK(format_number(-1234.6, 0) == "-1,235");
    CHECK(format_number(0.0004, 2) == "0.0004");
    CHECK(format_number(-0.0, 1) == "0.0");
    CHECK(format_number(std::nan(""), 1) == "n/a");
    const Axis a = nice_axis(0.0, 7.3);
    CHECK(a.min == 0.0);
    CHECK(a.max == 8.0);
    CHECK(a.step == 2.0);
    CHECK(a.ticks.size() == 5);
    const Axis flat = nice_axis(3.0, 3.0);
    CHECK(flat.max > flat.min);
    CHECK(format_tick(2500.0, 500.0) == "2,500");
    CHECK(format_tick(0.25, 0.05) == "0.25");
}

TEST_CASE("report: how far to trust the estimates, per hardware family of the report's systems", "[report]") {
    const nlohmann::json result = train_compare();
    ReportContext ctx = context();
    auto row = [](std::string id, std::string mode, std::string chip, std::string metric, double err) {
        io::ValidationRow r;
        r.id = std::move(id);
        r.mode = std::move(mode);
        r.chip = std::move(chip);
        r.metric = std::move(metric);
        r.measured = 1.0;
        r.predicted = 1.0 + err;
        r.rel_error = err;
        return r;
    };
    ctx.accuracy.rows = {row("a", "train", "test-gpu", "step_time_s", -0.30), row("b", "train", "test-gpu", "step_time_s", -0.10),
                         row("c", "train", "test-gpu", "step_time_s", 0.05), row("d", "infer", "test-gpu", "ttft_ms", 0.5)};
    ctx.accuracy.source = "cases.csv (4 published rows)";
    ctx.accuracy.not_compared = 2;
    const BuildResult built = build_report(result, test::plan_context().catalog(), ctx);
    REQUIRE(built.issues.empty());
    const Table* t = find_table(*built.document, "accuracy");
    REQUIRE(t);
    REQUIRE(t->rows.size() == 2);  // the GPU family (training rows only) and the Neuron family, unvalidated
    const auto& gpu = t->rows[0];
    CHECK(std::get<std::string>(gpu[column(*t, "Hardware family")]) == "NVIDIA GPU");
    CHECK(std::get<std::string>(gpu[column(*t, "Systems here")]) == "test-gpu-cloud, test-gpu-server");
    CHECK(std::get<double>(gpu[column(*t, "Published rows")]) == 3.0);
    CHECK(std::get<double>(gpu[column(*t, "Median |error|")]) == Approx(10.0));
    CHECK(std::get<double>(gpu[column(*t, "Max |error|")]) == Approx(30.0));
    CHECK(std::get<std::string>(gpu[column(*t, "Reading")]) == "optimistic: predicted times 10 % shorter than measured (median)");
    const auto& nrn = t->rows[1];
    CHECK(std::get<std::string>(nrn[column(*t, "Hardware family")]) == "AWS Trainium / Inferentia");
    CHECK(std::get<std::string>(nrn[column(*t, "Reading")]) == "no published runs: unvalidated");
    const std::string md = render_markdown(*built.document);
    CHECK(md.find("AWS Trainium / Inferentia estimates have no published training run") != std::string::npos);
    CHECK(md.find("2 published rows could not be run with this catalog") != std::string::npos);
    CHECK(md.find("from cases.csv (4 published rows)") != std::string::npos);

    // Without published runs the section says why, and the rest of the report stands.
    ReportContext none = context();
    none.accuracy.unavailable = "no published cases at /nowhere/public-cases.csv";
    const BuildResult plain = build_report(result, test::plan_context().catalog(), none);
    REQUIRE(plain.document);
    CHECK_FALSE(find_table(*plain.document, "accuracy"));
    CHECK(render_markdown(*plain.document).find("No comparison with published runs is available for this report (no published "
                                                "cases at /nowhere/public-cases.csv)") != std::string::npos);
}
