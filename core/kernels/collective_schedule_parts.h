#pragma once
// Internal to the collective schedules: the helpers the algorithm files share and the ring
// constructions (collective_ring.cpp) that build_schedule picks from.
#include <cstddef>
#include <string>
#include <vector>

#include "kernels/collective_schedule.h"

namespace rackplan::kernels::detail {

using Cycles = std::vector<std::vector<int>>;

// A transfer of `bytes` from src to dst in phase p (nothing for zero bytes or a self-send).
void add(Phase& p, int src, int dst, double bytes);
std::string ranks_text(std::size_t n);
// Members grouped by node, in order of first appearance.
std::vector<std::vector<int>> by_node(const Members& g, const topology::Topology& t);
// The chips in snake order over their torus coordinates, so consecutive chips are neighbours.
std::vector<int> snake_order(std::vector<int> chips, const topology::Topology& t);
// A reduce-scatter schedule as `op`: itself, reversed (all-gather), or followed by its mirror
// image (all-reduce).
Schedule with_mirror(Schedule rs, Collective op);

// Every ring construction for the group: one ring per channel, bidirectional rings, Walecki
// cycles on a full mesh, per-dimension rings on a torus, node and domain rings.
std::vector<Schedule> ring_variants(Collective op, const Members& g, const Context& ctx, double scale);

}  // namespace rackplan::kernels::detail
