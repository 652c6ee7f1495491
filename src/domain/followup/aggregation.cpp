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

}  // namespace styrkort::followup
