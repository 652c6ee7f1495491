#include "domain/validation.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "domain/errors.hpp"

namespace styrkort {
namespace {

namespace json = boost::json;

// Runs validation and returns the error's path and code, or "ok".
std::string outcome(const std::string& entity_name, const std::string& body) {
    try {
        validate_record(entity(entity_name), json::parse(body));
        return "ok";
    } catch (const InputError& e) {
        return e.path() + " " + e.code();
    }
}

TEST(Validation, CompleteRecordHasEveryFieldWithNullOrEmptyList) {
    auto r = validate_record(entity("goal"), json::parse(R"({"plan_id": 1, "key": "g1", "text": "Mål"})"));
    EXPECT_EQ(r.at("description"), nullptr);
    EXPECT_TRUE(r.at("aliases").as_array().empty());
    EXPECT_EQ(r.at("text"), "Mål");
    EXPECT_FALSE(r.contains("position"));
}

TEST(Validation, RejectsUnknownFieldsByName) {
    EXPECT_EQ(outcome("goal", R"({"plan_id": 1, "key": "g", "text": "x", "txet": "y"})"), "txet unknown_field");
}

TEST(Validation, RejectsMissingRequiredAndBlankRequired) {
    EXPECT_EQ(outcome("goal", R"({"plan_id": 1, "key": "g"})"), "text required");
    EXPECT_EQ(outcome("goal", R"({"plan_id": 1, "key": "g", "text": "  "})"), "text required");
}

TEST(Validation, RejectsWrongTypes) {
    EXPECT_EQ(outcome("plan", R"({"key":"p","title":"P","owner_unit_id":1,"first_year":"2025","last_year":2027,"status":"draft"})"),
              "first_year type");
    EXPECT_EQ(outcome("goal", R"({"plan_id": "1", "key": "g", "text": "x"})"), "plan_id type");
    EXPECT_EQ(outcome("goal", R"([1, 2])"), " type");
}

TEST(Validation, KeysAreLowercaseAsciiSlugs) {
    EXPECT_TRUE(is_valid_key("div-lanssjukvard-1"));
    EXPECT_TRUE(is_valid_key("goal.1_a"));
    EXPECT_FALSE(is_valid_key("Div"));
    EXPECT_FALSE(is_valid_key("-a"));
    EXPECT_FALSE(is_valid_key("nära"));
    EXPECT_FALSE(is_valid_key(""));
    EXPECT_FALSE(is_valid_key(std::string(101, 'a')));
    EXPECT_EQ(outcome("goal", R"({"plan_id": 1, "key": "Mål 1", "text": "x"})"), "key key");
}

TEST(Validation, DatesMustExistInTheCalendar) {
    EXPECT_TRUE(is_valid_date("2024-02-29"));
    EXPECT_FALSE(is_valid_date("2025-02-29"));
    EXPECT_FALSE(is_valid_date("2025-13-01"));
    EXPECT_FALSE(is_valid_date("2025-1-01"));
    EXPECT_FALSE(is_valid_date("1800-01-01"));
    EXPECT_EQ(outcome("unit", R"({"key":"u","name":"U","kind":"unit","valid_from":"2025-02-30"})"), "valid_from date");
}

TEST(Validation, ChoicesAreChecked) {
    EXPECT_EQ(outcome("unit", R"({"key":"u","name":"U","kind":"verksamhet"})"), "kind choice");
    EXPECT_EQ(outcome("measure", R"({"plan_id":1,"key":"m","kind":"steering","name":"M","reporting_points":["da04","DÅ 08"]})"),
              "reporting_points[1] choice");
    EXPECT_EQ(outcome("measure", R"({"plan_id":1,"key":"m","kind":"steering","name":"M","reporting_points":["ar","ar"]})"),
              "reporting_points[1] duplicate");
}

TEST(Validation, SdgsAreAgendaGoalsOneToSeventeen) {
    const char* base = R"({"plan_id":1,"key":"a","name":"A","level":"board","sdgs":%s})";
    auto with = [&](const char* sdgs) {
        char buf[256];
        std::snprintf(buf, sizeof buf, base, sdgs);
        return outcome("activity", buf);
    };
    EXPECT_EQ(with("[3, 7, 17]"), "ok");
    EXPECT_EQ(with("[18]"), "sdgs[0] range");
    EXPECT_EQ(with("[0]"), "sdgs[0] range");
    EXPECT_EQ(with("[7, 7]"), "sdgs[1] duplicate");
}

TEST(Validation, ActivitiesBelowTheBoardNeedAnOwnerUnit) {
    EXPECT_EQ(outcome("activity", R"({"plan_id":1,"key":"a","name":"A","level":"board"})"), "ok");
    EXPECT_EQ(outcome("activity", R"({"plan_id":1,"key":"a","name":"A","level":"division"})"), "owner_unit_id required");
    EXPECT_EQ(outcome("activity", R"({"plan_id":1,"key":"a","name":"A","level":"unit","owner_unit_id":4})"), "ok");
}

TEST(Validation, PeriodsRunForwards) {
    EXPECT_EQ(outcome("plan", R"({"key":"p","title":"P","owner_unit_id":1,"first_year":2027,"last_year":2025,"status":"draft"})"),
              "last_year order");
    EXPECT_EQ(outcome("activity", R"({"plan_id":1,"key":"a","name":"A","level":"board","start_date":"2025-06-01","end_date":"2025-01-01"})"),
              "end_date order");
    EXPECT_EQ(outcome("unit", R"({"key":"u","name":"U","kind":"unit","valid_from":"2025-01-01","valid_to":"2024-12-31"})"),
              "valid_to order");
}

TEST(Validation, TargetIsEitherANumberOrQualitative) {
    auto t = [](const char* rest) {
        return outcome("target", std::string(R"({"measure_id":1,"kind":"target",)") + rest + "}");
    };
    EXPECT_EQ(t(R"("year":2020,"point":"da04","value":65)"), "ok");
    EXPECT_EQ(t(R"("sex":"K","value":40)"), "ok");
    EXPECT_EQ(t(R"("qualitative":"decrease")"), "ok");
    EXPECT_EQ(t(R"("value":1,"qualitative":"decrease")"), "qualitative exclusive");
    EXPECT_EQ(t(R"("year":2020)"), "value exclusive");
    EXPECT_EQ(t(R"("qualitative":"text")"), "text required");
    EXPECT_EQ(t(R"("qualitative":"text","text":"En samlad metodbank finns etablerad")"), "ok");
    EXPECT_EQ(t(R"("sex":"kvinnor","value":1)"), "sex choice");
}

TEST(Validation, NumbersKeepTheirValue) {
    auto r = validate_record(entity("target"), json::parse(R"({"measure_id":1,"kind":"baseline","value":87.3})"));
    EXPECT_DOUBLE_EQ(r.at("value").as_double(), 87.3);
    auto i = validate_record(entity("target"), json::parse(R"({"measure_id":1,"kind":"baseline","value":290})"));
    EXPECT_DOUBLE_EQ(i.at("value").as_double(), 290.0);
}

TEST(Validation, NumbersMustBeFinite) {
    EXPECT_EQ(outcome("target", R"({"measure_id":1,"kind":"baseline","value":1e999})"), "value type");
    EXPECT_EQ(outcome("target", R"({"measure_id":1,"kind":"baseline","value":"87,3"})"), "value type");
}

TEST(Validation, MessagesAreSwedishByDefaultWithEnglishAvailable) {
    try {
        validate_record(entity("goal"), json::parse(R"({"plan_id": 1, "key": "g"})"));
        FAIL() << "expected an error";
    } catch (const InputError& e) {
        EXPECT_EQ(e.describe(Language::sv), "text: saknas");
        EXPECT_EQ(e.describe(Language::en), "text: is required");
    }
}

TEST(Validation, LanguageTagPicksTheFirstPreference) {
    EXPECT_EQ(language_from_tag("en-GB,en;q=0.9"), Language::en);
    EXPECT_EQ(language_from_tag("sv-SE,en;q=0.5"), Language::sv);
    EXPECT_EQ(language_from_tag(""), Language::sv);
}

}  // namespace
}  // namespace styrkort
