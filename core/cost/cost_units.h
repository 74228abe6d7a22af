#pragma once
// Unit types the cost results need beyond units/quantity.h. Tokens are a count, so a token
// rate has the dimension of 1/s and "tokens per joule" that of 1/J.
#include "units/quantity.h"

namespace rackplan::cost {

using TokenRate = units::Quantity<-1, 0, 0, 0, 0>;       // tokens per second
using TokensPerJoule = units::Quantity<0, 0, 0, -1, 0>;  // perf/W: (tokens/s) / W
using TokensPerUsd = units::Quantity<0, 0, 0, 0, -1>;    // perf/$

inline constexpr double kSecondsPerYear = 365.25 * 86400.0;

}  // namespace rackplan::cost
