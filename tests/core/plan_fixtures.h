#pragma once
// Shared by the plan tests: the plan test catalog (tests/data/catalog_plan.json: a GPU server
// sold only, its rented twin, a 36-chip rack and a 64-chip UltraServer rented only) and
// small scenarios on it that evaluate in milliseconds.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "engine/evaluate.h"
#include "io/catalog_json.h"

namespace rackplan::test {

inline const engine::EvaluationContext& plan_context() {
    static const engine::EvaluationContext ctx = [] {
        std::ifstream in(std::string(RACKPLAN_TEST_DATA_DIR) + "/catalog_plan.json");
        std::stringstream ss;
        ss << in.rdbuf();
        io::CatalogParse p = io::parse_catalog(ss.str());
        if (!p.issues.empty()) throw std::runtime_error("catalog_plan.json: " + p.issues.front().path + ": " + p.issues.front().message);
        return engine::EvaluationContext(std::move(p.catalog));
    }();
    return ctx;
}

// Training test-dense-8b, 2048 x 64 tokens per step, `tokens` in all.
inline engine::Scenario train_scenario(double tokens = 1e10, engine::Pricing pricing = engine::Pricing::on_demand) {
    engine::Scenario s;
    s.mode = engine::Mode::train;
    s.model = *plan_context().catalog().find_model("test-dense-8b");
    s.train.seq_len = 2048;
    s.train.global_batch = 64;
    s.train.train_tokens = tokens;
    s.cost.pricing = pricing;
    s.system = "test-gpu-cloud";
    s.chips = 8;
    return s;
}

// Serving test-dense-8b: 512-token prompts, 128 generated tokens.
inline engine::Scenario infer_scenario(engine::Pricing pricing = engine::Pricing::on_demand) {
    engine::Scenario s;
    s.mode = engine::Mode::infer;
    s.model = *plan_context().catalog().find_model("test-dense-8b");
    s.infer.input_len = 512;
    s.infer.output_len = 128;
    s.cost.pricing = pricing;
    s.system = "test-gpu-cloud";
    s.chips = 8;
    return s;
}

}  // namespace rackplan::test
