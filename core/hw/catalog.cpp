#include "hw/catalog.h"

#include <algorithm>

namespace rackplan::hw {
namespace {

template <class T>
const T* find_by_id(const std::vector<T>& v, std::string_view id) {
    auto it = std::find_if(v.begin(), v.end(), [&](const T& x) { return x.id == id; });
    return it == v.end() ? nullptr : &*it;
}

template <class T>
void upsert_all(std::vector<T>& into, const std::vector<T>& from) {
    for (const T& x : from) {
        auto it = std::find_if(into.begin(), into.end(), [&](const T& y) { return y.id == x.id; });
        if (it == into.end()) into.push_back(x);
        else *it = x;
    }
}

}  // namespace

const Chip* Catalog::find_chip(std::string_view id) const { return find_by_id(chips, id); }
const System* Catalog::find_system(std::string_view id) const { return find_by_id(systems, id); }
const Fabric* Catalog::find_fabric(std::string_view id) const { return find_by_id(fabrics, id); }
const workload::Model* Catalog::find_model(std::string_view id) const { return find_by_id(models, id); }

void Catalog::merge(const Catalog& other) {
    for (const auto& [tag, text] : other.sources) sources[tag] = text;
    upsert_all(chips, other.chips);
    upsert_all(systems, other.systems);
    upsert_all(fabrics, other.fabrics);
    upsert_all(models, other.models);
    for (const auto& [k, f] : other.cost_defaults) cost_defaults[k] = f;
}

}  // namespace rackplan::hw
