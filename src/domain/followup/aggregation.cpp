#include "domain/followup/aggregation.hpp"

namespace styrkort::followup {

void OrgTree::add(UnitId id, std::optional<UnitId> parent) {
    children_[id];
    if (parent) children_[*parent].push_back(id);
}

const std::vector<UnitId>& OrgTree::children(UnitId id) const {
    static const std::vector<UnitId> none;
    auto it = children_.find(id);
    return it == children_.end() ? none : it->second;
}

std::vector<UnitId> OrgTree::subtree(UnitId root) const {
    std::vector<UnitId> out{root};
    for (std::size_t i = 0; i < out.size(); ++i) {
        for (UnitId c : children(out[i])) out.push_back(c);
    }
    return out;
}

std::optional<double> roll_up(const OrgTree& tree, UnitId root, const std::map<UnitId, double>& values) {
    if (auto it = values.find(root); it != values.end()) return it->second;
    double sum = 0;
    int n = 0;
    for (UnitId c : tree.children(root)) {
        if (auto v = roll_up(tree, c, values)) {
            sum += *v;
            ++n;
        }
    }
    if (n == 0) return std::nullopt;
    return sum / n;
}

SubtreeRollUp::SubtreeRollUp(const OrgTree& tree, UnitId root) : units_{root} {
    for (std::size_t i = 0; i < units_.size(); ++i) {
        const auto& children = tree.children(units_[i]);
        first_child_.push_back(units_.size());
        child_count_.push_back(children.size());
        units_.insert(units_.end(), children.begin(), children.end());
    }
    for (std::size_t i = 0; i < units_.size(); ++i) position_.emplace(units_[i], i);
    rolled_.resize(units_.size());
    rolled_has_.resize(units_.size());
}

std::ptrdiff_t SubtreeRollUp::position(UnitId id) const {
    auto it = position_.find(id);
    return it == position_.end() ? -1 : static_cast<std::ptrdiff_t>(it->second);
}

std::optional<double> SubtreeRollUp::roll_up(const std::vector<double>& values, const std::vector<char>& has) {
    // Children come after their parent: from the last position back, every child is
    // rolled up before its parent needs it.
    for (std::size_t i = units_.size(); i-- > 0;) {
        if (has[i]) {
            rolled_[i] = values[i];
            rolled_has_[i] = 1;
            continue;
        }
        double sum = 0;
        int n = 0;
        for (std::size_t c = first_child_[i]; c < first_child_[i] + child_count_[i]; ++c) {
            if (rolled_has_[c]) {
                sum += rolled_[c];
                ++n;
            }
        }
        rolled_has_[i] = n > 0;
        rolled_[i] = n > 0 ? sum / n : 0;
    }
    if (!rolled_has_[0]) return std::nullopt;
    return rolled_[0];
}

}  // namespace styrkort::followup
