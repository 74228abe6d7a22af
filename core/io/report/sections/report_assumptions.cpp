// Assumptions: every cost input and catalog figure the result used, with unit, range,
// confidence and source, and the citations of the sources.
#include <set>
#include <string>

#include "io/report/sections/report_sections.h"

namespace rackplan::io::report {
namespace {

// Adds each tag of a comma-separated source list.
void add_tags(std::set<std::string>& tags, const std::string& list) {
    std::size_t start = 0;
    while (start <= list.size()) {
        const std::size_t comma = list.find(',', start);
        std::string tag = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        tag.erase(0, tag.find_first_not_of(' '));
        tag.erase(tag.find_last_not_of(' ') + 1);
        if (!tag.empty()) tags.insert(tag);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
}

}  // namespace

Section assumptions_section(const SectionInputs& in) {
    Section s{"assumptions", "Assumptions", 1, {}};
    s.blocks.push_back(Paragraph{"Confidence: documented = published by the vendor or a primary source; derived = computed "
                                 "from documented figures; estimate = our estimate, with the low-high range the cost ranges "
                                 "sample. Figures are in the unit the catalog gives them.",
                                 false});
    Table cost_inputs{"cost_inputs", "Cost inputs of each system's best layout", {}, {}};
    std::set<std::string> tags;
    cost_inputs.columns = {text_col("System"), text_col("Input"), num_col("Value", "", -1), text_col("Unit"), num_col("Low", "", -1),
                  num_col("High", "", -1), text_col("Confidence"), text_col("Source")};
    for (const RowView& r : in.v.rows) {
        const CandidateView* c = r.best();
        const json* inputs = c ? c->at_json({"cost", "inputs"}) : nullptr;
        if (!inputs || !inputs->is_array()) continue;
        for (const json& p : *inputs) {
            const std::string src = p.value("source", std::string());
            cost_inputs.rows.push_back({text(r.system), text(p.value("path", std::string())), number(num_at(p, {"value"})),
                               text(p.value("unit", std::string())), number(num_at(p, {"low"})), number(num_at(p, {"high"})),
                               text(p.value("confidence", std::string())), text(src)});
            add_tags(tags, src);
        }
    }
    if (!cost_inputs.rows.empty()) s.blocks.push_back(std::move(cost_inputs));

    Table f{"catalog_figures", "Catalog figures of the hardware, fabrics and cost defaults involved", {}, {}};
    f.columns = {text_col("Entry"), text_col("Figure"), num_col("Value", "", -1), text_col("Unit"), num_col("Low", "", -1),
                 num_col("High", "", -1), text_col("Confidence"), text_col("Source")};
    auto add_figures = [&](const std::string& entry, const hw::Figures& figs) {
        for (const auto& [path, fig] : figs)
            f.rows.push_back({text(entry), text(path), Cell(fig.value), text(fig.unit), fig.low ? Cell(*fig.low) : Cell(),
                              fig.high ? Cell(*fig.high) : Cell(), text(std::string(hw::to_string(fig.confidence))), text(fig.source)});
        for (const auto& [path, fig] : figs) add_tags(tags, fig.source);
    };
    std::set<std::string> chips, fabrics, missing;
    for (const RowView& r : in.v.rows) {
        const hw::System* sys = in.catalog.find_system(r.system);
        if (!sys) {
            missing.insert(r.system);
            continue;
        }
        add_figures("system " + r.system, sys->figures);
        chips.insert(sys->chip);
        for (const CandidateView& c : r.candidates) {
            const std::string fab = c.fabric_id();
            if (!fab.empty()) fabrics.insert(fab);
        }
    }
    for (const std::string& id : chips)
        if (const hw::Chip* c = in.catalog.find_chip(id)) add_figures("chip " + id, c->figures);
        else missing.insert(id);
    for (const std::string& id : fabrics)
        if (const hw::Fabric* fb = in.catalog.find_fabric(id)) {
            for (std::size_t k = 0; k < fb->tiers.size(); ++k) add_figures("fabric " + id + " tier " + std::to_string(k + 1), fb->tiers[k]);
        } else missing.insert(id);
    add_figures("cost defaults", in.catalog.cost_defaults);
    s.blocks.push_back(std::move(f));
    if (const auto* m = in.catalog.find_model(in.v.model)) add_tags(tags, m->source);
    Table src{"sources", "Sources cited above", {text_col("Source"), text_col("Citation")}, {}};
    for (const std::string& tag : tags) src.rows.push_back({text(tag), text(sources_title(in.catalog, tag))});
    s.blocks.push_back(std::move(src));
    if (!missing.empty()) {
        std::string list;
        for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
        s.blocks.push_back(Paragraph{"Not in the current catalog (their figures cannot be listed): " + list + ".", true});
    }
    return s;
}

}  // namespace rackplan::io::report
