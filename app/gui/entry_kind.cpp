#include "entry_kind.h"

namespace rackplan::gui {

QString kind_title(EntryKind kind) {
    switch (kind) {
        case EntryKind::chips: return QStringLiteral("Chips");
        case EntryKind::systems: return QStringLiteral("Systems");
        case EntryKind::models: return QStringLiteral("Models");
        case EntryKind::fabrics: return QStringLiteral("Fabrics");
    }
    return {};
}

int entry_count(const hw::Catalog& catalog, EntryKind kind) {
    switch (kind) {
        case EntryKind::chips: return static_cast<int>(catalog.chips.size());
        case EntryKind::systems: return static_cast<int>(catalog.systems.size());
        case EntryKind::models: return static_cast<int>(catalog.models.size());
        case EntryKind::fabrics: return static_cast<int>(catalog.fabrics.size());
    }
    return 0;
}

const std::string& entry_id(const hw::Catalog& catalog, EntryKind kind, int index) {
    const auto i = static_cast<size_t>(index);
    switch (kind) {
        case EntryKind::chips: return catalog.chips.at(i).id;
        case EntryKind::systems: return catalog.systems.at(i).id;
        case EntryKind::models: return catalog.models.at(i).id;
        case EntryKind::fabrics: return catalog.fabrics.at(i).id;
    }
    return catalog.chips.at(i).id;
}

}  // namespace rackplan::gui
