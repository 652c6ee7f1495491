#pragma once
// Rolling values up the org tree: a unit's figure for a measure is its own outcome
// when it reported one, otherwise the mean of the figures of the units under it that
// have one (docs/followup.md, "Along the org tree"). Pure: the tree and values come in.
#include <cstdint>
#include <map>
#include <optional>
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

}  // namespace styrkort::followup
