#pragma once
// The layout search space of one training job on one placement, walked without allocation.
//
// The space is the product of these ranges (a fixed column replaces its range by its value):
//   tp, pp, cp  over the divisors of chips;  dp = chips/(tp·pp·cp) (or the fixed dp);
//   ep over the divisors of experts (1 for a dense model);  zero 0-3;  vpp over the divisors
//   of layers;  sp 0/1;  recompute none/selective/full;  micro_batch over the divisors of
//   global_batch.
// Walk order is fixed (that order, ascending), so results are deterministic. Pruning is sound:
// a subtree is cut by the first rule it breaks (counted by rule, leaves included), by a
// memory lower bound (mean model states over the pipeline ranks plus the reserve), or as
// equivalent to a kept layout (zero > 0 on one data-parallel rank; selective recompute
// under the flash activation model, which then stores and recomputes what none does). Only
// free columns are pruned as equivalent: a fixed value is always honoured. Every layout that
// reaches the visitor passes check_layout and fits in `capacity`.
#include <array>
#include <cstdint>
#include <optional>
#include <type_traits>
#include <vector>

#include "parallel/layout.h"
#include "parallel/memory.h"
#include "parallel/rules.h"
#include "units/quantity.h"
#include "workload/jobs.h"
#include "workload/model.h"

namespace rackplan::parallel {

struct FixedColumns {
    std::optional<int> tp, pp, dp, cp, ep, vpp, micro_batch, zero;
    std::optional<bool> sp;
    std::optional<Recompute> recompute;
};

struct SpaceCounts {
    std::uint64_t space = 0;                          // layouts in the space
    std::uint64_t valid = 0;                          // visited: pass every rule and fit memory
    std::array<std::uint64_t, kRuleCount> by_rule{};  // cut by the first rule broken
    std::uint64_t equivalent = 0;                     // duplicates of a kept layout
    std::uint64_t memory_bound = 0;                   // cut by the memory lower bound
    std::uint64_t memory = 0;                         // over capacity at the full check

    [[nodiscard]] std::uint64_t pruned() const {
        std::uint64_t n = equivalent + memory_bound + memory;
        for (auto x : by_rule) n += x;
        return n;
    }
    // Layouts that pass every divisibility and placement rule (before memory).
    [[nodiscard]] std::uint64_t divisible() const { return valid + memory_bound + memory; }
};

// One valid layout and its peak memory per chip.
struct Candidate {
    Layout layout;
    units::Bytes memory;
};

class SearchSpace {
public:
    SearchSpace(const workload::Model& model, const workload::TrainJob& job, const Placement& placement,
                units::Bytes capacity, FixedColumns fixed = {}, MemoryOptions memory = {});

    // Calls visit(const Layout&, const MemoryBreakdown&) for every valid layout, in order.
    template <class F>
    SpaceCounts for_each(F&& visit) const {
        using Fn = std::remove_reference_t<F>;
        return walk([](void* f, const Layout& l, const MemoryBreakdown& b) { (*static_cast<Fn*>(f))(l, b); },
                    const_cast<void*>(static_cast<const void*>(&visit)));
    }
    // Every valid layout in walk order, flat.
    std::vector<Candidate> collect(SpaceCounts* counts = nullptr) const;

    [[nodiscard]] const MemoryModel& memory() const { return memory_; }
    [[nodiscard]] std::uint64_t size() const;  // the space's size, without walking it

private:
    using Visit = void (*)(void*, const Layout&, const MemoryBreakdown&);
    SpaceCounts walk(Visit visit, void* ctx) const;

    workload::Model model_;
    workload::TrainJob job_;
    Placement placement_;
    units::Bytes capacity_;
    FixedColumns fixed_;
    MemoryModel memory_;
    std::vector<int> tp_, pp_, cp_, ep_, zero_, vpp_, mb_;
    std::vector<std::uint8_t> sp_, recompute_;
};

}  // namespace rackplan::parallel
