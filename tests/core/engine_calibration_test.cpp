// EvaluationContext carries the user's calibration fits into every evaluation: a chip's GEMM
// fit into the engines' options, a system's collective fit into the network model it caches.
#include <catch2/catch.hpp>

#include "engine/evaluate.h"
#include "engine/infer_evaluate.h"
#include "kernels/chip_traits.h"
#include "kernels/collective_params.h"
#include "plan_fixtures.h"

using namespace rackplan;
using rackplan::test::plan_context;
using rackplan::test::train_scenario;

namespace {

// test-gpu-cloud is built from test-gpu; test-nrn is another chip of the same catalog.
engine::Scenario fixed_layout_scenario() {
    engine::Scenario s = train_scenario();
    s.layout.tp = 1;
    s.layout.pp = 1;
    s.layout.dp = 8;
    s.layout.cp = 1;
    s.layout.ep = 1;
    s.layout.vpp = 1;
    s.layout.micro_batch = 1;
    s.layout.zero = 1;
    s.layout.sp = false;
    s.layout.recompute = parallel::Recompute::none;
    return s;
}

double step_time(const engine::EvaluationContext& ctx, const engine::Scenario& s) {
    const engine::TrainResult r = engine::evaluate_train(ctx, s);
    INFO(r.message);
    REQUIRE(r.status == engine::Status::ok);
    return r.best->breakdown.step.value();
}

kernels::GemmCalibration slow_clock(const std::string& chip) {
    kernels::GemmCalibration c;
    c.chip_id = chip;
    c.clock_fraction = 0.4;  // far below any chip's default sustained clock
    return c;
}

}  // namespace

TEST_CASE("a chip's GEMM calibration changes its training step time, another chip's does not", "[engine][calibration]") {
    const engine::Scenario s = fixed_layout_scenario();
    const engine::EvaluationContext plain(plan_context().catalog());
    const double base = step_time(plain, s);

    engine::Calibrations mine;
    mine.gemm.emplace("test-gpu", slow_clock("test-gpu"));
    const engine::EvaluationContext calibrated(plan_context().catalog(), mine);
    REQUIRE(calibrated.gemm_calibration(s.system) != nullptr);
    CHECK(engine::engine_options_for(calibrated, s).calibration == calibrated.gemm_calibration(s.system));
    CHECK(engine::infer_options_for(calibrated, s).calibration == calibrated.gemm_calibration(s.system));
    const double slower = step_time(calibrated, s);
    CHECK(slower > base * 1.2);  // compute-bound at a 0.4 clock

    engine::Calibrations other;
    other.gemm.emplace("test-nrn", slow_clock("test-nrn"));
    const engine::EvaluationContext elsewhere(plan_context().catalog(), other);
    CHECK(elsewhere.gemm_calibration(s.system) == nullptr);
    CHECK(engine::engine_options_for(elsewhere, s).calibration == nullptr);
    CHECK(step_time(elsewhere, s) == base);
}

TEST_CASE("a system's collective calibration is built into the network the context caches", "[engine][calibration]") {
    const engine::EvaluationContext plain(plan_context().catalog());
    const auto base_hw = plain.hardware("test-gpu-cloud", 8);
    REQUIRE(base_hw);
    kernels::LinkParams fitted = base_hw->network->params()[static_cast<std::size_t>(topology::Tier::scale_up)];
    fitted.efficiency *= 0.25;
    fitted.step_overhead = fitted.step_overhead + units::Seconds(50e-6);

    engine::Calibrations cal;
    cal.collective["test-gpu-cloud"][static_cast<std::size_t>(topology::Tier::scale_up)] = fitted;
    const engine::EvaluationContext calibrated(plan_context().catalog(), cal);
    const auto hw = calibrated.hardware("test-gpu-cloud", 8);
    REQUIRE(hw);
    CHECK(hw == calibrated.hardware("test-gpu-cloud", 8));  // cached, calibrated
    const auto& p = hw->network->params()[static_cast<std::size_t>(topology::Tier::scale_up)];
    CHECK(p.efficiency == fitted.efficiency);
    CHECK(p.step_overhead.value() == fitted.step_overhead.value());

    // The data-parallel all-reduce of an 8-way DP step crosses the calibrated tier.
    const engine::Scenario s = fixed_layout_scenario();
    CHECK(step_time(calibrated, s) > step_time(plain, s));

    // Another system keeps the technology defaults.
    const auto server = calibrated.hardware("test-gpu-server", 8);
    const auto server_plain = plain.hardware("test-gpu-server", 8);
    REQUIRE(server);
    REQUIRE(server_plain);
    CHECK(server->network->params()[0].efficiency == server_plain->network->params()[0].efficiency);
}

TEST_CASE("a calibration that measures the emulator's own burst clock changes nothing", "[engine][calibration]") {
    // A sweep is short bursts, so its fitted clock is the burst clock; the engine still derates
    // it to the sustained clock of a long step on a power-limited chip. A fit equal to the
    // emulator's burst clock, with no overheads, must give the uncalibrated step exactly.
    const engine::Scenario s = fixed_layout_scenario();
    const engine::EvaluationContext plain(plan_context().catalog());
    const auto hw = plain.hardware(s.system, s.chips);
    REQUIRE(hw);
    const double burst = kernels::sustained_clock_fraction(hw->chip, hw::Dtype::bf16, 1.0);
    kernels::GemmCalibration same;
    same.chip_id = hw->chip.id;
    if (burst < 1.0) same.clock_fraction = burst;
    engine::Calibrations c;
    c.gemm.emplace(hw->chip.id, same);
    const engine::EvaluationContext calibrated(plan_context().catalog(), c);
    CHECK(step_time(calibrated, s) == Approx(step_time(plain, s)).epsilon(1e-12));
}
