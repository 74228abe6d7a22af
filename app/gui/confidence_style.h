#pragma once
// How a figure's confidence looks: one background colour per level, and what it means.
#include <QColor>
#include <QString>

#include "hw/figure.h"

namespace rackplan::gui {

QColor confidence_colour(hw::Confidence c);
QString confidence_meaning(hw::Confidence c);

}  // namespace rackplan::gui
