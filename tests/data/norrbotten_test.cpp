// The shipped Norrbotten plans held against the seed text (../shared/seeds): counts and
// a broad set of values, and what the checker says about them.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "domain/checks/rules.hpp"
#include "json/write.hpp"

namespace styrkort {
namespace {

namespace json = boost::json;

json::object organisation_of(const std::string& file) {
    std::ifstream in(std::string(STYRKORT_SOURCE_DIR) + "/data/" + file);
    std::ostringstream text;
    text << in.rdbuf();
    return json::parse(text.str()).at("organisations").at(0).as_object();
}

const json::object& plan_of(const json::object& org) { return org.at("plans").at(0).as_object(); }

const json::object& find(const json::array& items, const std::string& field, const std::string& value) {
    for (const auto& i : items) {
        if (i.at(field).is_string() && i.at(field).as_string() == value) return i.as_object();
    }
    throw std::runtime_error(field + " = " + value + " not found");
}

std::map<std::string, int> count_by(const json::array& items, const std::string& field) {
    std::map<std::string, int> out;
    for (const auto& i : items) ++out[std::string(i.at(field).as_string())];
    return out;
}

// "kind year point sex value|qualitative" for each target row, to compare with the seed.
std::vector<std::string> rows(const json::object& measure) {
    std::vector<std::string> out;
    for (const auto& t : measure.at("targets").as_array()) {
        auto s = [&](const char* f) { return t.at(f).is_null() ? std::string("-") : json_text::compact(t.at(f)); };
        out.push_back(std::string(t.at("kind").as_string()) + " " + s("year") + " " + s("point") + " " + s("sex") + " " +
                      (t.at("value").is_null() ? s("qualitative") : s("value")));
    }
    return out;
}

class Plan2025 : public ::testing::Test {
protected:
    json::object org = organisation_of("norrbotten-2025-2027.json");
    const json::object& plan = plan_of(org);
};

TEST_F(Plan2025, IdentityOfTheDocument) {
    EXPECT_EQ(plan.at("title"), "Regionstyrelsens plan 2025–2027");
    EXPECT_EQ(plan.at("document_id"), "ARBGRP357-3-213");
    EXPECT_EQ(plan.at("version"), "1.0");
    EXPECT_EQ(plan.at("first_year").as_int64(), 2025);
    EXPECT_EQ(plan.at("last_year").as_int64(), 2027);
}

TEST_F(Plan2025, DivisionsOfTheOrgTree) {
    std::vector<std::string> divisions;
    for (const auto& u : org.at("units").as_array()) {
        if (u.at("kind") == "division") divisions.emplace_back(u.at("name").as_string());
    }
    EXPECT_EQ(divisions, (std::vector<std::string>{"Nära", "Länssjukvård 1", "Länssjukvård 2", "Funktion", "Psykiatri",
                                                   "Regionstöd", "Regiongemensamt"}));
}

TEST_F(Plan2025, FiftyFiveDivisionActivitiesPerDivision) {
    const auto& activities = plan.at("activities").as_array();
    EXPECT_EQ(activities.size(), 55u);
    EXPECT_EQ(count_by(activities, "owner_unit"),
              (std::map<std::string, int>{{"div-nara", 12}, {"div-lanssjukvard-1", 6}, {"div-lanssjukvard-2", 8},
                                          {"div-funktion", 8}, {"div-psykiatri", 11}, {"div-regionstod", 10}}));
    for (const auto& a : activities) {
        EXPECT_EQ(a.at("level"), "division") << a.at("key");
        EXPECT_FALSE(a.at("goals").as_array().empty()) << a.at("key") << " has no related strategic goal";
        EXPECT_FALSE(a.at("description").is_null()) << a.at("key");
        EXPECT_FALSE(a.at("expected_effect").is_null()) << a.at("key");
    }
}

TEST_F(Plan2025, SteppedCareInPsykiatri) {
    const auto& a = find(plan.at("activities").as_array(), "name", "Införande av Stegvis vård");
    EXPECT_EQ(a.at("owner_unit"), "div-psykiatri");
    ASSERT_EQ(a.at("goals").as_array().size(), 1u);
}

TEST_F(Plan2025, NineStrategicGoalsWithTheirSpellingVariants) {
    const auto& goals = plan.at("goals").as_array();
    ASSERT_EQ(goals.size(), 9u);
    const auto& economy = find(goals, "text", "Verksamheten är ekonomiskt hållbar med balans mellan uppdrag och resurser");
    bool variant = false;
    for (const auto& a : economy.at("aliases").as_array()) variant = variant || a.as_string().find("ekonomisk hållbar") != json::string::npos;
    EXPECT_TRUE(variant) << "the seed also writes \"ekonomisk hållbar\"";
    // Every goal is related to at least one activity.
    std::map<std::string, int> uses;
    for (const auto& a : plan.at("activities").as_array()) {
        for (const auto& g : a.at("goals").as_array()) ++uses[std::string(g.as_string())];
    }
    for (const auto& g : goals) EXPECT_GT(uses[std::string(g.at("key").as_string())], 0) << g.at("key");
}

TEST_F(Plan2025, FiveDevelopmentAreasAndTheDirectedAssignments) {
    EXPECT_EQ(plan.at("development_areas").as_array().size(), 5u);
    const auto& assignments = plan.at("assignments").as_array();
    int directed = 0;
    for (const auto& a : assignments) {
        if (a.at("kind") == "directed") {
            ++directed;
            EXPECT_EQ(a.at("given_by"), "regionfullmaktige");
            EXPECT_EQ(a.at("given_to"), "regionstyrelsen");
        }
    }
    EXPECT_EQ(directed, 6);
}

class Plan2020 : public ::testing::Test {
protected:
    json::object org = organisation_of("norrbotten-2020-2022.json");
    const json::object& plan = plan_of(org);

    const json::object& measure(const std::string& name) { return find(plan.at("measures").as_array(), "name", name); }
};

TEST_F(Plan2020, DivisionsOfThe2020OrgTree) {
    std::vector<std::string> divisions;
    for (const auto& u : org.at("units").as_array()) {
        if (u.at("kind") == "division") divisions.emplace_back(u.at("name").as_string());
    }
    std::sort(divisions.begin(), divisions.end());
    EXPECT_EQ(divisions, (std::vector<std::string>{"Folktandvård", "Länssjukvård", "Länsteknik", "Närsjukvård", "Service"}));
}

TEST_F(Plan2020, FivePerspectivesAndMeasuresPerPerspective) {
    EXPECT_EQ(plan.at("perspectives").as_array().size(), 5u);
    std::map<std::string, std::string> perspective_of_goal;
    for (const auto& g : plan.at("goals").as_array()) {
        perspective_of_goal[std::string(g.at("key").as_string())] = std::string(g.at("perspective").as_string());
    }
    std::map<std::string, int> per_perspective;
    for (const auto& m : plan.at("measures").as_array()) ++per_perspective[perspective_of_goal.at(std::string(m.at("goal").as_string()))];
    EXPECT_EQ(per_perspective, (std::map<std::string, int>{{"samhalle", 7}, {"medborgare", 13}, {"verksamhet", 19},
                                                           {"medarbetare", 12}, {"ekonomi", 11}}));
}

TEST_F(Plan2020, AntibioticPrescriptions290To270To245) {
    const auto& m = measure("Antibiotikarecept per tusen invånare och år");
    EXPECT_EQ(m.at("direction"), "decrease");
    EXPECT_EQ(rows(m), (std::vector<std::string>{"baseline 2018 - - 290", "target 2020 - - 270", "target 2022 - - 245"}));
}

TEST_F(Plan2020, BaselineByTertialAndSex) {
    const auto& m = measure("Andel medicinsk bedömning av legitimerad personal i primärvård inom 3 dagar");
    EXPECT_EQ(rows(m), (std::vector<std::string>{"baseline 2019 \"t1\" \"total\" 87.3", "baseline 2019 \"t1\" \"K\" 87.3",
                                                 "baseline 2019 \"t1\" \"M\" 87.2", "target 2020 - - 100",
                                                 "target 2022 - - 100"}));
    EXPECT_EQ(m.at("source"), "Datalagret");
    EXPECT_EQ(json::serialize(m.at("reporting_points")), R"(["da04","da08","ar"])");
}

TEST_F(Plan2020, TargetsPerSex) {
    const auto& m = measure("Andel patienter med palliativ diagnos som har en dokumenterad behandlingsstrategi (%) inkl privata hc");
    EXPECT_EQ(rows(m), (std::vector<std::string>{"baseline 2018 - \"K\" 38", "baseline 2018 - \"M\" 39",
                                                 "target 2020 - \"K\" 40", "target 2020 - \"M\" 40",
                                                 "target 2022 - \"K\" 75", "target 2022 - \"M\" 75"}));
}

TEST_F(Plan2020, TargetsPerReportingPoint) {
    const auto& m = measure("Avsättning till pensioner inkl ansvarsförbindelse och löneskatt, konsolideringsgrad");
    EXPECT_EQ(rows(m), (std::vector<std::string>{"baseline 2019 \"da04\" - 53", "target 2020 \"da04\" - 61",
                                                 "target 2020 \"da08\" - 62", "target 2020 \"ar\" - 64",
                                                 "target 2022 \"da04\" - 65", "target 2022 \"da08\" - 66",
                                                 "target 2022 \"ar\" - 67"}));
}

TEST_F(Plan2020, QualitativeTargetsAndNewMeasures) {
    const auto& m = measure("Genomsnittligt utsläpp av personbilsparken");
    EXPECT_EQ(rows(m), (std::vector<std::string>{"baseline - - - \"new_measure\"", "target 2020 - - \"decrease\"",
                                                 "target 2022 - - \"decrease\""}));
    EXPECT_EQ(m.at("source"), "Division Service");
}

TEST_F(Plan2020, RsAssignmentsToTheDirectorCarryTheirOwners) {
    const auto& assignments = plan.at("assignments").as_array();
    EXPECT_GE(assignments.size(), 17u);
    const auto& primary = find(assignments, "title", "Förtydliga primärvårdens uppdrag och effektivisera organisationen");
    EXPECT_EQ(primary.at("owner"), "RS");
    EXPECT_EQ(primary.at("given_to"), "regiondirektoren");
}

TEST_F(Plan2020, TheShippedRiskAssessmentAndInternalControlPlanAreMarkedAsExamples) {
    // Neither seed prints its risk annex: whatever the file holds is an example, and says so.
    int marked = 0;
    for (const char* collection : {"risk_matrices", "risks", "internal_control_plans", "control_points"}) {
        for (const auto& item : plan.at(collection).as_array()) {
            EXPECT_EQ(item.at("origin"), "example") << collection;
            ++marked;
        }
    }
    EXPECT_GE(marked, 10);
    EXPECT_NE(std::string(plan.at("internal_control_plans").at(0).at("title").as_string()).find("Exempel"), std::string::npos);
    EXPECT_EQ(plan.at("risk_matrices").at(0).at("action_threshold"), 9);  // "Värde 9-16 kräver åtgärder"
}

TEST(NorrbottenChecks, TheCheckerReportsWhatThePublishedPlansHold) {
    auto findings = checks::run_checks(organisation_of("norrbotten-2020-2022.json"));
    std::map<std::string, int> by_rule;
    for (const auto& f : findings) ++by_rule[f.rule];
    // The "Aktivitet: …" rows of the 2020 Styrmått tables have no targets, one of them
    // and "Kostnad för ytterfall" no source.
    EXPECT_EQ(by_rule["measure.incomplete"], 6);
    EXPECT_EQ(by_rule["target.direction"], 0);
    // The shipped example risk assessment (docs/risk.md) has one risk of value 12 without action, on purpose.
    EXPECT_EQ(by_rule["risk.without_action"], 1);
    auto findings2025 = checks::run_checks(organisation_of("norrbotten-2025-2027.json"));
    int variants = 0;
    for (const auto& f : findings2025) variants += f.rule == "goal.spelling_variants";
    EXPECT_EQ(variants, 8) << "eight of the nine 2025 goals are written more than one way";
}

}  // namespace
}  // namespace styrkort
