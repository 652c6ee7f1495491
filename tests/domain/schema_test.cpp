#include "domain/schema.hpp"

#include <gtest/gtest.h>

#include <set>

namespace styrkort {
namespace {

TEST(Schema, EveryReferenceNamesAnEntityThatComesFirstOrItself) {
    std::set<std::string> seen;
    for (const auto& e : entities()) {
        for (const auto& f : e.fields) {
            if (!f.is_reference()) continue;
            EXPECT_TRUE(seen.count(f.target) || f.target == e.name) << e.name << "." << f.name << " -> " << f.target;
        }
        seen.insert(e.name);
    }
}

TEST(Schema, KeyedEntitiesHaveARequiredKeyField) {
    for (const auto& e : entities()) {
        const Field* key = e.field("key");
        EXPECT_EQ(e.has_key, key != nullptr) << e.name;
        if (key != nullptr) EXPECT_TRUE(key->required) << e.name;
    }
}

TEST(Schema, ParentFieldIsAnOwningReference) {
    for (const auto& e : entities()) {
        if (e.parent_field.empty()) continue;
        ASSERT_NE(e.parent(), nullptr) << e.name;
        EXPECT_TRUE(e.parent()->owner) << e.name;
        EXPECT_TRUE(e.parent()->required) << e.name;
    }
}

TEST(Schema, PlanFileNamesDropIdSuffixes) {
    const auto& activity = entity("activity");
    EXPECT_EQ(activity.field("owner_unit_id")->file_name(), "owner_unit");
    EXPECT_EQ(activity.field("goal_ids")->file_name(), "goals");
    EXPECT_EQ(activity.field("parent_id")->file_name(), "parent");
    EXPECT_EQ(activity.field("sdgs")->file_name(), "sdgs");
    EXPECT_EQ(activity.link_table(*activity.field("goal_ids")), "activity_goals");
}

TEST(Schema, CollectionsAreUnique) {
    std::set<std::string> collections;
    for (const auto& e : entities()) EXPECT_TRUE(collections.insert(e.collection).second) << e.collection;
    EXPECT_EQ(find_entity_by_collection("development-areas")->name, "development_area");
    EXPECT_EQ(find_entity_by_collection("nope"), nullptr);
}

}  // namespace
}  // namespace styrkort
