// What the section builders share (report_sections.h).
#include <cctype>

#include "io/report/sections/report_sections.h"

namespace rackplan::io::report {

std::string SectionInputs::model_name() const {
    const auto* m = catalog.find_model(v.model);
    return m && !m->name.empty() ? m->name : v.model;
}

std::string SectionInputs::system_name(const std::string& id) const {
    const auto* s = catalog.find_system(id);
    return s && !s->name.empty() ? s->name : id;
}

const RowView* SectionInputs::recommended() const {
    for (const RowView& r : v.rows)
        if (r.cost_rank == 1) return &r;
    for (const RowView& r : v.rows)
        if (r.time_rank == 1) return &r;
    return nullptr;
}

const RowView* SectionInputs::fastest() const {
    for (const RowView& r : v.rows)
        if (r.time_rank == 1) return &r;
    return nullptr;
}

Column text_col(std::string title) { return {std::move(title), "", ColumnType::text, 0}; }
Column int_col(std::string title, std::string unit) { return {std::move(title), std::move(unit), ColumnType::integer, 0}; }
Column num_col(std::string title, std::string unit, int decimals) {
    return {std::move(title), std::move(unit), ColumnType::number, decimals};
}

std::string lower(std::string s) {
    if (!s.empty()) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
    return s;
}

std::string sources_title(const hw::Catalog& catalog, const std::string& tags) {
    std::string out;
    std::size_t start = 0;
    while (start <= tags.size()) {
        std::size_t comma = tags.find(',', start);
        std::string tag = tags.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        tag.erase(0, tag.find_first_not_of(' '));
        tag.erase(tag.find_last_not_of(' ') + 1);
        if (!tag.empty()) {
            auto it = catalog.sources.find(tag);
            if (!out.empty()) out += "; ";
            out += it != catalog.sources.end() ? it->second : (tag == "given" ? "given on the command line" : "(not in the catalog)");
        }
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

}  // namespace rackplan::io::report
