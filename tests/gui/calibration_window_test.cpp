// The window evaluates with the database's measured calibration, as `rackplan evaluate` does,
// so a number on screen and the CLI's agree once a chip is calibrated.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "compare/comparison_table_model.h"
#include "gui_test_support.h"
#include "kernels/gemm_calibration.h"
#include "store/calibration_store.h"
#include "store/catalog_store.h"

using namespace rackplan;
using namespace rackplan::gui;
using namespace rackplan::gui::test;

namespace {

double h100_step(const std::filesystem::path& db) {
    MainWindow w;
    REQUIRE(w.open_database(db).isEmpty());
    REQUIRE(run_to_completion(w.compare(), small_comparison({"dgx-h100"}, 8)));
    const ComparisonTableModel& table = w.compare().table_model();
    REQUIRE(table.rowCount() == 1);
    REQUIRE(w.compare().result_context());
    return table.index(0, ComparisonTableModel::StepTime).data(ComparisonTableModel::ValueRole).toDouble();
}

}  // namespace

TEST_CASE("the window applies the database's GEMM calibration to its comparison", "[gui][calibration]") {
    TempDb tmp;
    const std::filesystem::path db = tmp.path();
    const double plain = h100_step(db);
    REQUIRE(plain > 0.0);

    // The real 171-point H100 sweep kept in data/calibration.
    std::ifstream in(std::string(RACKPLAN_SOURCE_DIR) + "/data/calibration/h100-sxm-gemm.csv");
    REQUIRE(in);
    std::stringstream text;
    text << in.rdbuf();
    const kernels::GemmPointsParse parsed = kernels::parse_gemm_points(text.str());
    REQUIRE(parsed.points.size() == 171);
    {
        store::Database d = store::open_database_unseeded(db);
        REQUIRE(store::import_gemm_points(d, "h100-sxm", parsed.points, "h100-sxm-gemm.csv") == 171);
    }
    const double calibrated = h100_step(db);
    CHECK(calibrated != Approx(plain).epsilon(1e-6));
    // The same fit the CLI makes: a sweep's burst clock derated to the sustained one.
    CHECK(calibrated > plain * 0.8);
    CHECK(calibrated < plain * 1.3);
}
