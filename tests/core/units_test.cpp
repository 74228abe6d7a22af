#include <catch2/catch.hpp>

#include <type_traits>

#include "units/quantity.h"
#include "units/unit_table.h"

using namespace rackplan::units;

TEST_CASE("bytes over bandwidth is time", "[units]") {
    Seconds t = gigabytes(10) / gigabytes_per_second(2);
    CHECK(t.value() == Approx(5.0));
    static_assert(std::is_same_v<decltype(gigabytes(1) / gigabytes_per_second(1)), Seconds>);
}

TEST_CASE("flops over rate is time, rate times time is flops", "[units]") {
    Seconds t = Flops(989e12) / teraflops_per_second(989);
    CHECK(t.value() == Approx(1.0));
    Flops f = teraflops_per_second(2) * seconds(3);
    CHECK(f.value() == Approx(6e12));
}

TEST_CASE("power times time is energy, energy times price is money", "[units]") {
    Joules e = kilowatts(1) * hours(1);
    CHECK(to_mwh(e) == Approx(0.001));
    Usd cost = e * usd_per_kwh(0.10);
    CHECK(cost.value() == Approx(0.10));
    Usd rent = usd_per_hour(98.32) * hours(2);
    CHECK(rent.value() == Approx(196.64));
}

TEST_CASE("ratios of like quantities are plain numbers", "[units]") {
    double r = teraflops_per_second(794.5) / teraflops_per_second(989);
    CHECK(r == Approx(0.8033).epsilon(1e-3));
    CHECK(max(seconds(1), seconds(2)) == seconds(2));
    CHECK(min(bytes(1), bytes(2)) == bytes(1));
}

TEST_CASE("meaningless arithmetic does not compile", "[units]") {
    // Adding a time to a size, or a bandwidth to a rate, must be a type error.
    auto can_add = [](auto a, auto b) { return requires { a + b; }; };
    CHECK_FALSE(can_add(seconds(1), bytes(1)));
    CHECK_FALSE(can_add(gigabytes_per_second(1), teraflops_per_second(1)));
    CHECK(can_add(seconds(1), seconds(2)));
    static_assert(!std::is_convertible_v<Seconds, double>);
    static_assert(std::is_convertible_v<Ratio, double>);
}

TEST_CASE("unit table converts catalog units to base units", "[units]") {
    auto tf = find_unit("TFLOP/s");
    REQUIRE(tf);
    CHECK(tf->dimension == Dimension::flop_rate);
    CHECK(tf->to_base == 1e12);
    CHECK(find_unit("GiB")->to_base == 1073741824.0);
    CHECK(find_unit("Gbit/s")->to_base == Approx(1.25e8));
    CHECK(find_unit("USD/h")->to_base == Approx(1.0 / 3600));
    CHECK_FALSE(find_unit("tflops"));
    CHECK_FALSE(find_unit("gb/s"));  // case-sensitive
    CHECK(units_of(Dimension::time).size() == 4);
}
