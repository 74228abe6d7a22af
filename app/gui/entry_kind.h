#pragma once
// The four kinds of catalog entries the browser lists, and what it needs to know of each.
#include <array>
#include <string>

#include <QString>

#include "hw/catalog.h"

namespace rackplan::gui {

enum class EntryKind { chips, systems, models, fabrics };
inline constexpr std::array kAllEntryKinds{EntryKind::chips, EntryKind::systems, EntryKind::models,
                                           EntryKind::fabrics};

QString kind_title(EntryKind kind);  // "Chips"
int entry_count(const hw::Catalog& catalog, EntryKind kind);
const std::string& entry_id(const hw::Catalog& catalog, EntryKind kind, int index);

}  // namespace rackplan::gui
