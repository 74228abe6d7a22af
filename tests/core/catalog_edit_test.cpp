#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "io/catalog_edit.h"
#include "io/catalog_json.h"
#include "store_test_support.h"

using namespace rackplan;
using io::FieldEdit;

namespace {

const hw::Catalog& small() {
    static const hw::Catalog c = test::load_test_catalog("catalog_small.json");
    return c;
}

// The one issue of a refused edit, as "path: message".
std::string refusal(const FieldEdit& edit) {
    io::EditResult r = io::apply_edit(small(), edit);
    REQUIRE(r.issues.size() == 1);
    CHECK(io::dump_catalog(r.catalog) == io::dump_catalog(small()));  // nothing changed
    return r.issues[0].path + ": " + r.issues[0].message;
}

const hw::Figure& figure(const hw::Catalog& c, const char* system, const char* path) {
    const hw::System* s = c.find_system(system);
    REQUIRE(s);
    const hw::Figure* f = hw::find_figure(s->figures, path);
    REQUIRE(f);
    return *f;
}

}  // namespace

TEST_CASE("a valid edit changes that field only and resolves its unit", "[io][catalog][edit]") {
    io::EditResult r = io::apply_edit(small(), {"systems", "test-gpu-server", "price.on_demand.value", 120.5});
    REQUIRE(r.ok());
    CHECK(figure(r.catalog, "test-gpu-server", "price.on_demand").value == 120.5);
    CHECK(figure(r.catalog, "test-gpu-server", "price.on_demand").base() == Approx(120.5 / 3600.0));

    // A unit of the same dimension changes the base value through the unit table.
    r = io::apply_edit(r.catalog, {"systems", "test-gpu-server", "scale_up.link_bandwidth.unit", std::string("TB/s")});
    REQUIRE(r.ok());
    CHECK(figure(r.catalog, "test-gpu-server", "scale_up.link_bandwidth").base() == Approx(25e12));

    // Everything else is as it was: only those two figures differ.
    hw::Catalog expected = small();
    hw::System& s = expected.systems[0];
    s.figures["price.on_demand"] = figure(r.catalog, "test-gpu-server", "price.on_demand");
    s.figures["scale_up.link_bandwidth"] = figure(r.catalog, "test-gpu-server", "scale_up.link_bandwidth");
    CHECK(io::dump_catalog(r.catalog) == io::dump_catalog(expected));
}

TEST_CASE("an edit is judged by the catalog file rules, with its JSON path", "[io][catalog][edit]") {
    const std::string bw = "systems[0].scale_up.link_bandwidth";
    CHECK(refusal({"systems", "test-gpu-server", "scale_up.link_bandwidth.value", -25.0}) ==
          bw + ".value: must be positive, got -25");
    CHECK(refusal({"systems", "test-gpu-server", "scale_up.link_bandwidth.value",
                   std::numeric_limits<double>::quiet_NaN()}) == bw + ".value: must be finite");
    CHECK(refusal({"systems", "test-gpu-server", "scale_up.link_bandwidth.value", std::string("fast")}) ==
          bw + ".value: must be a number, got \"fast\"");
    CHECK(refusal({"systems", "test-gpu-server", "scale_up.link_bandwidth.value", std::monostate{}}) ==
          bw + ".value: missing: a figure needs a value");
    CHECK(refusal({"systems", "test-gpu-server", "scale_up.link_bandwidth.unit", std::string("parsecs")})
              .rfind(bw + ".unit: unknown unit 'parsecs' (expected ", 0) == 0);
    CHECK(refusal({"systems", "test-gpu-server", "scale_up.link_bandwidth.unit", std::string("W")})
              .rfind(bw + ".unit: 'W' is not ", 0) == 0);
    CHECK(refusal({"systems", "test-gpu-server", "scale_up.link_bandwidth.confidence", std::string("estimate")}) ==
          bw + ": an estimate needs low and high");
    CHECK(refusal({"systems", "test-gpu-server", "scale_up.link_bandwidth.confidence", std::string("guess")})
              .rfind(bw + ".confidence: must be documented, derived or estimate", 0) == 0);
    CHECK(refusal({"systems", "test-gpu-server", "scale_up.link_bandwidth.source", std::string("NOPE")}) ==
          bw + ".source: unknown source tag 'NOPE'");
    // An estimate's value must stay inside its range.
    CHECK(refusal({"systems", "test-gpu-server", "price.capex.value", 500000.0}) ==
          "systems[0].price.capex.value: value lies outside [low, high]");
    // Model architecture fields are integers.
    CHECK(refusal({"models", "test-dense-8b", "layers", 32.5}) == "models[0].layers: must be an integer, got 32.5");
    // Entry text fields must stay non-empty strings.
    CHECK(refusal({"chips", "test-gpu", "name", std::string()}) == "chips[0].name: must be a non-empty string");
}

TEST_CASE("a range can be added and an estimate made of it, field by field", "[io][catalog][edit]") {
    const char* sys = "test-gpu-server";
    io::EditResult r = io::apply_edit(small(), {"systems", sys, "price.on_demand.low", 90.0});
    REQUIRE(r.ok());
    r = io::apply_edit(r.catalog, {"systems", sys, "price.on_demand.high", 110.0});
    REQUIRE(r.ok());
    r = io::apply_edit(r.catalog, {"systems", sys, "price.on_demand.confidence", std::string("estimate")});
    REQUIRE(r.ok());
    const hw::Figure& f = figure(r.catalog, sys, "price.on_demand");
    CHECK(f.confidence == hw::Confidence::estimate);
    CHECK(f.base_low() == Approx(90.0 / 3600.0));
    // Removing half of an estimate's range is refused; the model architecture edit is exact.
    CHECK_FALSE(io::apply_edit(r.catalog, {"systems", sys, "price.on_demand.low", std::monostate{}}).ok());
    r = io::apply_edit(r.catalog, {"models", "test-dense-8b", "layers", 40.0});
    REQUIRE(r.ok());
    CHECK(r.catalog.find_model("test-dense-8b")->layers == 40);
    r = io::apply_edit(r.catalog, {"models", "test-dense-8b", "tied_embeddings", true});
    REQUIRE(r.ok());
    CHECK(r.catalog.find_model("test-dense-8b")->tied_embeddings);
}

TEST_CASE("an edit that names no field of an entry is refused", "[io][catalog][edit]") {
    CHECK(refusal({"systems", "no-such", "name", std::string("x")}) == "systems: no entry with id 'no-such'");
    CHECK(refusal({"gadgets", "x", "name", std::string("x")}).rfind("gadgets: not an entry list", 0) == 0);
    CHECK(refusal({"chips", "test-gpu", "id", std::string("other")}).rfind("chips[0].id: an id cannot be edited", 0) == 0);
    CHECK(refusal({"chips", "test-gpu", "nothing.here.value", 1.0}) == "chips[0].nothing: no such field in this entry");
    CHECK(refusal({"fabrics", "test-fat-tree", "tiers[9].radix.value", 1.0}) == "fabrics[0].tiers: no element 9");
    CHECK(refusal({"chips", "test-gpu", "a..b", 1.0}) == "chips[0]: not a field path: 'a..b'");
    // A new top-level figure-like key is caught by the document rules.
    CHECK(refusal({"chips", "test-gpu", "colour", std::string("red")}) == "chips[0].colour: unknown field 'colour'");
    // Fabric tiers are reached by index.
    io::EditResult r = io::apply_edit(small(), {"fabrics", "test-fat-tree", "tiers[0].radix.value", 32.0});
    REQUIRE(r.ok());
    CHECK(hw::find_figure(r.catalog.fabrics[0].tiers[0], "radix")->value == 32.0);
}

TEST_CASE("cross-entry flaws the catalog already had are not held against an edit", "[io][catalog][edit]") {
    hw::Catalog flawed = small();
    flawed.sources.erase("TEST-EST");  // every estimate now cites an unknown tag
    const Issues old = io::check_catalog_document(flawed);
    REQUIRE_FALSE(old.empty());
    io::EditResult r = io::apply_edit(flawed, {"systems", "test-gpu-server", "price.on_demand.value", 99.0});
    CHECK(r.ok());
    // A new flaw of the same kind still is.
    r = io::apply_edit(flawed, {"systems", "test-gpu-server", "price.on_demand.source", std::string("GONE")});
    REQUIRE(r.issues.size() == 1);
    CHECK(r.issues[0].path == "systems[0].price.on_demand.source");
}
