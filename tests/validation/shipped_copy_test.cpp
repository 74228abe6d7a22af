// data/validation/ ships copies of shared/validation/'s published rows (reports read them at
// run time); they must stay byte-equal to the shared files.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

namespace {

std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

TEST_CASE("the shipped published rows equal shared/validation", "[validation][data]") {
    for (const std::string file : {"public-cases.csv", "public-microbench.csv"}) {
        INFO(file << ": copy shared/validation/" << file << " to data/validation/");
        CHECK(read(std::string(RACKPLAN_CALIBRATION_DIR) + "/../validation/" + file) ==
              read(std::string(RACKPLAN_SHARED_DIR) + "/validation/" + file));
    }
}
