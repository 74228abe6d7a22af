#include "confidence_style.h"

namespace rackplan::gui {

// Light tints so that dark text stays readable; green → blue → amber as certainty drops.
QColor confidence_colour(hw::Confidence c) {
    switch (c) {
        case hw::Confidence::documented: return {0xd5, 0xf0, 0xd5};
        case hw::Confidence::derived: return {0xd6, 0xe6, 0xfa};
        case hw::Confidence::estimate: return {0xfc, 0xe4, 0xbd};
    }
    return {};
}

QString confidence_meaning(hw::Confidence c) {
    switch (c) {
        case hw::Confidence::documented: return QStringLiteral("documented: published by the vendor or a primary source");
        case hw::Confidence::derived: return QStringLiteral("derived: computed from documented figures");
        case hw::Confidence::estimate: return QStringLiteral("estimate: no published figure; see the range and the note");
    }
    return {};
}

}  // namespace rackplan::gui
