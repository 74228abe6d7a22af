#pragma once
// Catalog: everything the seed data or an import holds — sources, chips, systems, fabrics,
// models and cost defaults.
#include <map>
#include <string>
#include <vector>

#include "hw/chip.h"
#include "hw/fabric.h"
#include "hw/figure.h"
#include "hw/system.h"
#include "workload/model.h"

namespace rackplan::hw {

struct Catalog {
    std::map<std::string, std::string, std::less<>> sources;  // tag -> citation
    std::vector<Chip> chips;
    std::vector<System> systems;
    std::vector<Fabric> fabrics;
    std::vector<workload::Model> models;
    Figures cost_defaults;

    [[nodiscard]] const Chip* find_chip(std::string_view id) const;
    [[nodiscard]] const System* find_system(std::string_view id) const;
    [[nodiscard]] const Fabric* find_fabric(std::string_view id) const;
    [[nodiscard]] const workload::Model* find_model(std::string_view id) const;

    // Adds or replaces every entry of `other` (same id = replace). Used to merge seed files.
    void merge(const Catalog& other);
};

}  // namespace rackplan::hw
