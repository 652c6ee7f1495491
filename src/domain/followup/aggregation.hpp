#pragma once
// Rolling values up the org tree: a unit's figure for a measure is its own outcome
// when it reported one, otherwise the mean of the figures of the units under it that
// have one (docs/followup.md, "Along the org tree"). Pure: the tree and values come in.
#include <cstdint>
#include <map>
#include <optional>
#include <unordered_map>
#include <vector>

namespace styrkort::followup {

using UnitId = std::int64_t;

class OrgTree {
public:
    void add(UnitId id, std::optional<UnitId> parent);
    // The unit and every unit under it, the unit first; cycles are impossible in storage.
    [[nodiscard]] std::vector<UnitId> subtree(UnitId root) const;
    [[nodiscard]] const std::vector<UnitId>& children(UnitId id) const;

private:
    std::map<UnitId, std::vector<UnitId>> children_;
};

// values: the reported value per unit. Returns the rolled-up value of root, if any.
std::optional<double> roll_up(const OrgTree& tree, UnitId root, const std::map<UnitId, double>& values);

// The same roll-up for many measures over one subtree: the subtree is numbered once
// (breadth first, so a unit's children are adjacent and in the tree's order) and each
// roll-up is one pass over arrays. A region's scorecard rolls 300 value sets up 1,111
// units; with a map lookup per unit and value that was a fifth of its time.
class SubtreeRollUp {
public:
    SubtreeRollUp(const OrgTree& tree, UnitId root);
    // The unit's position in the subtree, or -1 when it is not in it.
    [[nodiscard]] std::ptrdiff_t position(UnitId id) const;
    [[nodiscard]] std::size_t size() const { return units_.size(); }
    // values/has: the reported value of the unit at each position. The result equals
    // roll_up(tree, root, …) to the last bit (the same sums in the same order).
    [[nodiscard]] std::optional<double> roll_up(const std::vector<double>& values, const std::vector<char>& has);

private:
    std::vector<UnitId> units_;
    std::vector<std::size_t> first_child_, child_count_;
    std::unordered_map<UnitId, std::size_t> position_;
    std::vector<double> rolled_;  // working arrays of roll_up, kept to avoid allocations
    std::vector<char> rolled_has_;
};

}  // namespace styrkort::followup
