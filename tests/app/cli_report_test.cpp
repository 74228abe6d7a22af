// `rackplan report` as a user runs it: a saved comparison or plan to PDF, HTML, Markdown and
// CSV; the PDF read back with pdftotext (headings, system names, page numbers, a contents page
// whose numbers point at the right pages); a hostile catalog name; errors as one line.
#include <fstream>

#include "cli_test_support.h"

#include <nlohmann/json.hpp>
#include <regex>

#include "store/database.h"
#include "store/scenario_store.h"

using namespace rackplan::test;

namespace {

const std::vector<std::string> kCompare{"compare", "--mode", "train", "--model", "test-dense-8b", "--seq-len", "2048",
                                        "--global-batch", "64", "--train-tokens", "1e10", "--pricing", "on_demand",
                                        "--systems", "test-gpu-cloud,test-gpu-server@own,test-nrn-ultra:64", "--chips", "32",
                                        "--save", "main"};

const std::string kHostile = "<script>alert(\"x\")</script>, \"a,b\"\nline";

void save_compare(const Sandbox& sb) {
    auto r = sb.run(kCompare);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
}

// The text of a PDF (one page, or all with 0), or empty when poppler's pdftotext is missing.
std::string pdf_text(const Sandbox& sb, const fs::path& pdf, int page = 0) {
    const fs::path out = sb / "pdf.txt";
    std::string cmd = "pdftotext -layout ";
    if (page > 0) cmd += "-f " + std::to_string(page) + " -l " + std::to_string(page) + " ";
    cmd += "'" + pdf.string() + "' '" + out.string() + "' 2>/dev/null";
    if (std::system(cmd.c_str()) != 0) return {};
    return read_file(out);
}

bool have_pdftotext() { return std::system("pdftotext -v >/dev/null 2>&1") == 0; }

}  // namespace

TEST_CASE("report: html, markdown and csv of a saved comparison", "[cli][report]") {
    Sandbox sb("catalog_plan.json");
    save_compare(sb);
    for (const std::string f : {"html", "md", "csv"}) {
        auto r = sb.run({"report", "--scenario", "main", "--format", f, "-o", (sb / ("main." + f)).string()});
        INFO(f << ": " << r.err);
        REQUIRE(r.exit_code == 0);
        CHECK(r.err.empty());
        CHECK(r.out.empty());
    }
    const std::string html = read_file(sb / "main.html");
    CHECK(contains(html, "<!DOCTYPE html>"));
    CHECK(contains(html, "Executive summary"));
    CHECK(contains(html, "<svg"));
    CHECK_FALSE(contains(html, "<script"));
    CHECK_FALSE(contains(html, "src=\"http"));  // nothing fetched
    CHECK_FALSE(contains(html, "<link"));
    for (const char* s : {"test-gpu-cloud", "test-gpu-server", "test-nrn-ultra"}) CHECK(contains(html, s));

    const std::string md = read_file(sb / "main.md");
    for (const char* h : {"## Executive summary", "## Workload", "## Candidates", "## Fleet plan", "## TCO breakdown",
                          "## Sensitivity and ranges", "## Assumptions", "## Appendix: layouts and memory"})
        CHECK(contains(md, h));

    // No published runs beside this sandbox's program data: the section says so.
    CHECK(contains(md, "## How far to trust the estimates"));
    CHECK(contains(md, "No comparison with published runs is available for this report (no published cases at "));

    auto rows = parse_csv(read_file(sb / "main.csv"));
    bool candidates = false;
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (rows[i].size() == 3 && rows[i][0] == "table" && rows[i][1] == "candidates") {
            candidates = true;
            REQUIRE(i + 4 < rows.size());
            const std::size_t width = rows[i + 1].size();
            for (std::size_t k = 2; k <= 4; ++k) CHECK(rows[i + k].size() == width);
            CHECK(rows[i + 2][2] == "test-gpu-cloud");
        }
    CHECK(candidates);
}

TEST_CASE("report: published runs in the data folder give the model's accuracy per hardware family", "[cli][report]") {
    Sandbox sb("catalog_plan.json");
    save_compare(sb);
    fs::create_directories(sb / "data" / "validation");
    std::ofstream(sb / "data" / "validation" / "public-cases.csv")
        << "id,mode,system,chips,model,seq_len,global_batch,tp,pp,dp,x_family,x_metric,x_measured,x_trust\n"
           "p1,train,test-gpu-server,8,test-dense-8b,2048,64,1,1,8,2,step_time_s,0.001,A\n";
    auto r = sb.run({"report", "--scenario", "main", "--format", "md", "-o", (sb / "main.md").string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const std::string md = read_file(sb / "main.md");
    CHECK(contains(md, "from public-cases.csv (1 published rows)"));
    CHECK(contains(md, "| NVIDIA GPU | test-gpu-cloud, test-gpu-server | step\\_time\\_s | 1 |"));
    CHECK(contains(md, "pessimistic: predicted times"));  // measured 1 ms: every prediction is longer
    CHECK(contains(md, "| AWS Trainium / Inferentia | test-nrn-ultra | - | 0 |"));
}

TEST_CASE("report: the pdf has a contents page, page numbers and every section", "[cli][report][pdf]") {
#if RACKPLAN_HAS_PDF
    if (!have_pdftotext()) {
        WARN("pdftotext (poppler-utils) is not installed: the PDF's content is not checked");
        return;
    }
    Sandbox sb("catalog_plan.json");
    save_compare(sb);
    const fs::path pdf = sb / "main.pdf";
    auto r = sb.run({"report", "--scenario", "main", "--format", "pdf", "-o", pdf.string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.empty());
    REQUIRE(read_file(pdf).rfind("%PDF-", 0) == 0);

    const std::string all = pdf_text(sb, pdf);
    for (const char* s : {"Comparison: Test Dense 8B training", "Contents", "Executive summary", "Workload", "Candidates",
                          "Fleet plan", "TCO breakdown", "Sensitivity and ranges", "Assumptions", "Appendix", "test-gpu-cloud",
                          "test-gpu-server", "test-nrn-ultra", "Recommendation:"})
        CHECK(contains(all, s));
    std::smatch m;
    REQUIRE(std::regex_search(all, m, std::regex("page 1 of ([0-9]+)")));
    const int pages = std::stoi(m[1]);
    CHECK(pages >= 5);
    CHECK(contains(all, "page " + std::to_string(pages) + " of " + std::to_string(pages)));

    // Each contents line's number is the page its heading is on.
    const std::string contents = pdf_text(sb, pdf, 2);
    REQUIRE(contains(contents, "Contents"));
    int checked = 0;
    for (const std::string heading : {"Executive summary", "Candidates", "TCO breakdown", "Assumptions"}) {
        std::smatch line;
        REQUIRE(std::regex_search(contents, line, std::regex(heading + "[ .]+([0-9]+)")));
        const int page = std::stoi(line[1]);
        INFO(heading << " listed on page " << page);
        REQUIRE(page > 2);
        REQUIRE(page <= pages);
        CHECK(contains(pdf_text(sb, pdf, page), heading));
        ++checked;
    }
    CHECK(checked == 4);
#else
    Sandbox sb("catalog_plan.json");
    save_compare(sb);
    auto r = sb.run({"report", "--scenario", "main", "--format", "pdf", "-o", (sb / "main.pdf").string()});
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "PDF reports need a build with Qt"));
#endif
}

TEST_CASE("report: a plan, and a hostile catalog name", "[cli][report]") {
    Sandbox sb("catalog_plan.json");
    // Rename a system in the catalog the report reads its names from.
    nlohmann::json catalog = nlohmann::json::parse(read_file(test_data("catalog_plan.json")));
    bool renamed = false;
    for (auto& s : catalog["systems"])
        if (s["id"] == "test-gpu-cloud") s["name"] = kHostile, renamed = true;
    REQUIRE(renamed);
    {
        std::ofstream out(sb / "hostile.json");
        out << catalog.dump(1);
    }
    auto imp = sb.run({"catalog", "import", (sb / "hostile.json").string()});
    INFO(imp.err);
    REQUIRE(imp.exit_code == 0);
    auto plan = sb.run({"plan", "--mode", "train", "--model", "test-dense-8b", "--seq-len", "2048", "--global-batch", "64",
                        "--train-tokens", "1e10", "--demand-days", "0.5", "--pricing", "on_demand", "--systems",
                        "test-gpu-cloud,test-gpu-server@own", "--save", "fleet"});
    INFO(plan.err);
    REQUIRE(plan.exit_code == 0);
    for (const std::string f : {"html", "md", "csv"})
        REQUIRE(sb.run({"report", "--scenario", "fleet", "--format", f, "-o", (sb / ("fleet." + f)).string()}).exit_code == 0);

    const std::string html = read_file(sb / "fleet.html");
    CHECK(contains(html, "Capacity plan"));
    CHECK_FALSE(contains(html, "<script"));
    CHECK(contains(html, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
    const std::string md = read_file(sb / "fleet.md");
    CHECK(contains(md, "## Fleet plan"));
    CHECK(contains(md, "\\<script\\>alert(\"x\")\\</script\\>, \"a,b\"<br>line"));
    bool whole = false;
    for (const auto& row : parse_csv(read_file(sb / "fleet.csv")))
        for (const auto& field : row) whole = whole || field == kHostile;
    CHECK(whole);
#if RACKPLAN_HAS_PDF
    auto pdf = sb.run({"report", "--scenario", "fleet", "--format", "pdf", "-o", (sb / "fleet.pdf").string()});
    INFO(pdf.err);
    CHECK(pdf.exit_code == 0);
    if (have_pdftotext()) {
        const std::string text = pdf_text(sb, sb / "fleet.pdf");
        CHECK(contains(text, "Fleet plan"));
        CHECK(contains(text, "<script>alert(\"x\")</script>"));  // drawn as text
    }
#endif
}

TEST_CASE("report: errors are one line with the exit code of their kind", "[cli][report]") {
    Sandbox sb("catalog_plan.json");
    auto unknown = sb.run({"report", "--scenario", "nope", "--format", "md", "-o", (sb / "x.md").string()});
    CHECK(unknown.exit_code == 2);
    REQUIRE(unknown.err_lines().size() == 1);
    CHECK(contains(unknown.err, "rackplan: report: unknown scenario 'nope'"));

    save_compare(sb);
    auto format = sb.run({"report", "--scenario", "main", "--format", "docx", "-o", (sb / "x.docx").string()});
    CHECK(format.exit_code == 2);
    CHECK(contains(format.err, "--format"));

    auto unwritable = sb.run({"report", "--scenario", "main", "--format", "html", "-o", (sb / "no-such-dir" / "x.html").string()});
    CHECK(unwritable.exit_code == 1);
    REQUIRE(unwritable.err_lines().size() == 1);
    CHECK(contains(unwritable.err, "cannot write"));
    CHECK_FALSE(fs::exists(sb / "no-such-dir"));

    {
        auto db = rackplan::store::Database::open(sb.db());
        rackplan::store::save_scenario(db, "empty", "compare", R"({"command":"compare","flags":[]})");
        auto id = rackplan::store::save_scenario(db, "gui", "compare", R"({"model":"test-dense-8b","systems":[]})");
        rackplan::store::save_result(db, id, "0.1.0", R"({"rows":[]})");
    }
    auto empty = sb.run({"report", "--scenario", "empty", "--format", "md", "-o", (sb / "x.md").string()});
    CHECK(empty.exit_code == 1);
    CHECK(contains(empty.err, "no stored result"));
    CHECK_FALSE(fs::exists(sb / "x.md"));
    auto gui = sb.run({"report", "--scenario", "gui", "--format", "md", "-o", (sb / "x.md").string()});
    CHECK(gui.exit_code == 1);
    REQUIRE(gui.err_lines().size() == 1);
    CHECK(contains(gui.err, "result kind: missing"));
}
