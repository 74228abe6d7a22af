#include <catch2/catch.hpp>

#include <algorithm>

#include "io/catalog_entries.h"
#include "io/catalog_json.h"
#include "io/seed.h"

using namespace rackplan;

namespace {

const hw::Catalog& seed() {
    static const hw::Catalog c = io::load_seed_catalog().parse.catalog;
    return c;
}

// "path: message" of every issue, one per line.
std::string lines(const Issues& issues) {
    std::string s;
    for (const Issue& i : issues) s += i.path + ": " + i.message + "\n";
    return s;
}

bool mentions(const Issues& issues, const std::string& text) { return lines(issues).find(text) != std::string::npos; }

// A refused change leaves the catalog as it was.
void check_unchanged(const io::EditResult& r) {
    CHECK_FALSE(r.ok());
    CHECK(io::dump_catalog(r.catalog) == io::dump_catalog(seed()));
}

io::SavedRequest saved(std::string name, std::string kind, std::string model, std::string system,
                       std::optional<engine::Pricing> pricing = std::nullopt) {
    io::SavedRequest s;
    s.scenario = std::move(name);
    s.request.kind = std::move(kind);
    s.request.set_cell("mode", "train");
    s.request.set_cell("model", model);
    s.request.systems.push_back({std::move(system), 64, pricing, {}});
    return s;
}

}  // namespace

TEST_CASE("a new entry's id: not empty, a-z 0-9 . _ -, unique in its list", "[io][catalog][entries]") {
    const std::string next = "chips[" + std::to_string(seed().chips.size()) + "].id";
    CHECK(io::check_new_id(seed(), "chips", "h100-sxm.v2_b").empty());
    CHECK(io::check_new_id(seed(), "models", "h100-sxm").empty());  // unique per list
    const Issues empty = io::check_new_id(seed(), "chips", "");
    REQUIRE(empty.size() == 1);
    CHECK(empty[0].path == next);
    CHECK(empty[0].message == "missing: a new chip needs an id");
    for (const char* bad : {"H100", "h100 copy", "h100/2", "h100\xc3\xa9", "<b>"}) {
        INFO(bad);
        const Issues issues = io::check_new_id(seed(), "chips", bad);
        REQUIRE(issues.size() == 1);
        CHECK(issues[0].path == next);
        CHECK(issues[0].message.find("only lower-case letters a-z, digits, '.', '_' and '-'") != std::string::npos);
    }
    const Issues taken = io::check_new_id(seed(), "chips", "trn2");
    REQUIRE(taken.size() == 1);
    CHECK(taken[0].message == "a chip with id 'trn2' exists already");
    CHECK_FALSE(io::check_new_id(seed(), "prices", "x").empty());
}

TEST_CASE("an added entry is a copy of another under the new id, checked whole", "[io][catalog][entries]") {
    const io::EditResult r = io::add_entry_copy(seed(), "chips", "trn2", "trn2-lab");
    REQUIRE(r.ok());
    CHECK(r.catalog.chips.size() == seed().chips.size() + 1);
    const hw::Chip* copy = r.catalog.find_chip("trn2-lab");
    const hw::Chip* from = seed().find_chip("trn2");
    REQUIRE(copy);
    REQUIRE(from);
    CHECK(copy->name == from->name + " (copy)");
    CHECK(copy->figures.size() == from->figures.size());
    CHECK(hw::find_figure(copy->figures, "hbm.capacity")->value == hw::find_figure(from->figures, "hbm.capacity")->value);
    CHECK(r.catalog.find_chip("trn2")->name == from->name);
    CHECK(io::check_catalog_document(r.catalog).empty());  // it can be saved and exported

    const io::EditResult sys = io::add_entry_copy(seed(), "systems", "dgx-h100", "dgx-h100-lab");
    REQUIRE(sys.ok());
    CHECK(sys.catalog.find_system("dgx-h100-lab")->chip == "h100-sxm");

    check_unchanged(io::add_entry_copy(seed(), "chips", "trn2", "trn2"));
    check_unchanged(io::add_entry_copy(seed(), "chips", "trn2", "Trn2 Lab"));
    const io::EditResult missing = io::add_entry_copy(seed(), "chips", "no-such-chip", "x");
    check_unchanged(missing);
    CHECK(mentions(missing.issues, "no entry with id 'no-such-chip' to copy"));
}

TEST_CASE("a chip a system uses cannot be removed but an unused one can", "[io][catalog][entries]") {
    const io::EditResult r = io::remove_entry(seed(), "chips", "h100-sxm", {});
    check_unchanged(r);
    CHECK(mentions(r.issues, "chip 'h100-sxm' is still referred to: system 'dgx-h100' uses it as its chip"));
    CHECK(mentions(r.issues, "system 'p5.48xlarge' uses it as its chip"));
    CHECK(io::references_to(seed(), "chips", "h100-sxm", {}).size() ==
          static_cast<size_t>(std::count_if(seed().systems.begin(), seed().systems.end(),
                                            [](const hw::System& s) { return s.chip == "h100-sxm"; })));

    REQUIRE(io::references_to(seed(), "chips", "h800-sxm", {}).empty());
    const io::EditResult gone = io::remove_entry(seed(), "chips", "h800-sxm", {});
    REQUIRE(gone.ok());
    CHECK_FALSE(gone.catalog.find_chip("h800-sxm"));
    CHECK(gone.catalog.chips.size() == seed().chips.size() - 1);
    CHECK(io::check_catalog_document(gone.catalog).empty());
    check_unchanged(io::remove_entry(seed(), "chips", "no-such-chip", {}));
}

TEST_CASE("a system whose price another system borrows, or a saved scenario names, stays", "[io][catalog][entries]") {
    // p5.48xlarge has no capex: plans own it at dgx-h100's (same chip, 8 per node, one node).
    const io::EditResult dgx = io::remove_entry(seed(), "systems", "dgx-h100", {});
    check_unchanged(dgx);
    CHECK(mentions(dgx.issues, "system 'dgx-h100' is still referred to: system 'p5.48xlarge' is owned at its price.capex"));

    REQUIRE(io::references_to(seed(), "systems", "trn3-ultraserver-64", {}).empty());
    const std::vector<io::SavedRequest> scenarios{saved("q3 <plan>", "plan", "llama3-8b", "trn3-ultraserver-64")};
    const io::EditResult named = io::remove_entry(seed(), "systems", "trn3-ultraserver-64", scenarios);
    check_unchanged(named);
    CHECK(mentions(named.issues, "saved scenario 'q3 <plan>' (plan) names it"));
    const io::EditResult gone = io::remove_entry(seed(), "systems", "trn3-ultraserver-64", {});
    REQUIRE(gone.ok());
    CHECK_FALSE(gone.catalog.find_system("trn3-ultraserver-64"));
}

TEST_CASE("a model a saved scenario uses stays and an unused one goes", "[io][catalog][entries]") {
    const std::vector<io::SavedRequest> scenarios{saved("main", "compare", "llama3-8b", "dgx-h100")};
    const io::EditResult used = io::remove_entry(seed(), "models", "llama3-8b", scenarios);
    check_unchanged(used);
    CHECK(lines(used.issues).find("model 'llama3-8b' is still referred to: saved scenario 'main' (compare) uses it as its model") !=
          std::string::npos);
    const io::EditResult gone = io::remove_entry(seed(), "models", "mpt-7b", scenarios);
    REQUIRE(gone.ok());
    CHECK_FALSE(gone.catalog.find_model("mpt-7b"));
    CHECK(gone.catalog.models.size() == seed().models.size() - 1);
}

TEST_CASE("a fabric the network rule picks for a system stays", "[io][catalog][entries]") {
    const io::EditResult r = io::remove_entry(seed(), "fabrics", "efa-v3", {});
    check_unchanged(r);
    CHECK(mentions(r.issues, "system 'trn2.48xlarge' is networked by it"));
    // A copy nobody's rule picks can go again.
    const io::EditResult copy = io::add_entry_copy(seed(), "fabrics", "efa-v3", "efa-lab");
    REQUIRE(copy.ok());
    CHECK(io::remove_entry(copy.catalog, "fabrics", "efa-lab", {}).ok());
}

TEST_CASE("prices are added as a copy of another price of the system, and removed unless used", "[io][catalog][entries]") {
    REQUIRE(io::price_keys() == std::vector<std::string>{"capex", "on_demand", "reserved_1y", "reserved_3y", "capacity_block"});
    const io::EditResult r = io::add_price_copy(seed(), "p5.48xlarge", "on_demand", "reserved_1y");
    REQUIRE(r.ok());
    const hw::Figure* copy = hw::find_figure(r.catalog.find_system("p5.48xlarge")->figures, "price.reserved_1y");
    REQUIRE(copy);
    CHECK(copy->value == hw::find_figure(seed().find_system("p5.48xlarge")->figures, "price.on_demand")->value);

    const Issues unknown = io::check_new_price(seed(), "p5.48xlarge", "spot");
    REQUIRE(unknown.size() == 1);
    CHECK(unknown[0].path.find("systems[") == 0);
    CHECK(unknown[0].message == "'spot' is not a price (capex, on_demand, reserved_1y, reserved_3y, capacity_block)");
    CHECK(mentions(io::check_new_price(seed(), "p5.48xlarge", "on_demand"), "has this price already"));
    // An hourly rate is no capex: the unit rules refuse the copy, naming the field.
    const io::EditResult capex = io::add_price_copy(seed(), "p5.48xlarge", "on_demand", "capex");
    check_unchanged(capex);
    CHECK(mentions(capex.issues, "price.capex.unit"));

    // The new rate is used by nothing: it goes again. A scenario renting dgx-h100 (no rates of
    // its own) reserved_1y would price it at p5.48xlarge's new rate in plans: then it stays.
    const io::EditResult gone = io::remove_price(r.catalog, "p5.48xlarge", "reserved_1y", {});
    REQUIRE(gone.ok());
    CHECK(io::dump_catalog(gone.catalog) == io::dump_catalog(seed()));
    const io::SavedRequest twin = saved("dgx-rent", "plan", "llama3-8b", "dgx-h100", engine::Pricing::reserved_1y);
    const io::EditResult kept = io::remove_price(r.catalog, "p5.48xlarge", "reserved_1y", {twin});
    CHECK_FALSE(kept.ok());
    CHECK(mentions(kept.issues, "saved scenario 'dgx-rent' (plan) prices system 'dgx-h100' reserved_1y at its price.reserved_1y"));
    // dgx-h100 rents at p5.48xlarge's on-demand rate in plans; p5 owns at dgx-h100's capex.
    const io::EditResult rate = io::remove_price(seed(), "p5.48xlarge", "on_demand", {});
    check_unchanged(rate);
    CHECK(mentions(rate.issues, "price 'on_demand' of system 'p5.48xlarge' is still referred to: system 'dgx-h100' is rented at its price.on_demand"));
    check_unchanged(io::remove_price(seed(), "dgx-h100", "capex", {}));
    // A saved scenario that prices the system that way (its own pricing or the workload's).
    io::SavedRequest q = saved("rent", "compare", "llama3-8b", "trn2.48xlarge");
    q.request.set_cell("pricing", "reserved_3y");
    const io::EditResult used = io::remove_price(seed(), "trn2.48xlarge", "reserved_3y", {q});
    check_unchanged(used);
    CHECK(mentions(used.issues, "saved scenario 'rent' (compare) prices system 'trn2.48xlarge' reserved_3y"));
    CHECK(io::remove_price(seed(), "trn2.48xlarge", "reserved_3y", {}).ok());
    check_unchanged(io::remove_price(seed(), "trn2.48xlarge", "capex", {}));
}
