// The economy tables of the shipped Norrbotten plans held against the seed text
// (../shared/seeds): counts, concrete numbers as printed, and what the checker finds.
#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "domain/checks/rules.hpp"
#include "domain/economy/amounts.hpp"

namespace styrkort {
namespace {

namespace json = boost::json;

std::string read(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

json::object organisation_of(const std::string& file) {
    return json::parse(read(std::string(STYRKORT_SOURCE_DIR) + "/data/" + file)).at("organisations").at(0).as_object();
}

std::string seed(const std::string& name) { return read(std::string(STYRKORT_SOURCE_DIR) + "/../shared/seeds/" + name); }

const json::object& by_key(const json::object& plan, const char* collection, const std::string& key) {
    for (const auto& i : plan.at(collection).as_array()) {
        if (i.at("key").as_string() == key) return i.as_object();
    }
    throw std::runtime_error(std::string(collection) + " " + key + " not found");
}

long long amount(const json::object& o, const char* field = "amount") { return o.at(field).as_int64(); }

std::map<std::string, int> rules_fired(const json::object& org) {
    std::map<std::string, int> out;
    for (const auto& f : checks::run_checks(org)) {
        if (f.rule.rfind("economy.", 0) == 0 && f.severity != checks::Severity::info) ++out[f.rule];
    }
    return out;
}

class Economy2025 : public ::testing::Test {
protected:
    json::object org = organisation_of("norrbotten-2025-2027.json");
    const json::object& plan = org.at("plans").at(0).as_object();
};

TEST_F(Economy2025, EveryTableOfThePlanIsThere) {
    std::vector<std::string> titles;
    for (const auto& t : plan.at("economy_tables").as_array()) titles.emplace_back(t.at("title").as_string());
    ASSERT_EQ(titles.size(), 7u);
    EXPECT_EQ(titles[0], "Ekonomisk ram 2025, mnkr");
    EXPECT_EQ(titles[4], "Investeringsramar 2025, mnkr");
    auto text = seed("regionstyrelsens-plan-2025-2027.txt");
    for (const char* published : {"Ekonomisk ram 2025, mnkr", "Utökning av ram 2025, tkr", "Neddragning av ram 2025, tkr",
                                  "Omfördelning inom ram 2025, tkr (tabellen summerar totalt sett till noll)",
                                  "Investeringsramar 2025, mnkr"}) {
        EXPECT_NE(text.find(published), std::string::npos) << published;
    }
}

TEST_F(Economy2025, FrameTableAsPrinted) {
    const auto& ls1 = by_key(plan, "cost_frame_lines", "ram-2025-lanssjukvard-1");
    EXPECT_EQ(amount(ls1, "opening"), -3'143'300'000);
    EXPECT_EQ(amount(ls1, "stated_closing"), -3'183'800'000);
    const auto& finans = by_key(plan, "cost_frame_lines", "ram-2025-finans");
    EXPECT_EQ(amount(finans, "wage_price_index"), 678'100'000);
    EXPECT_EQ(amount(finans, "stated_closing"), 10'512'900'000);
    EXPECT_EQ(by_key(plan, "cost_frame_lines", "ram-2025-avskrivning").at("part_of"), "ram-2025-regiongemensamt");
    EXPECT_NE(seed("regionstyrelsens-plan-2025-2027.txt").find("Finans 9707,1 678,1 -11,3 94,5 44,5 10512,9"),
              std::string::npos);
    // "Resultat Regionstyrelsen ... 706,0" is stated as the closing total of the table.
    bool found = false;
    for (const auto& t : plan.at("economy_totals").as_array()) {
        if (t.at("label") == "Resultat Regionstyrelsen" && t.at("column_label") == "closing") {
            EXPECT_EQ(amount(t.as_object()), 706'000'000);
            found = true;
        }
    }
    EXPECT_TRUE(found);
}

TEST_F(Economy2025, DetailTables) {
    std::map<std::string, std::pair<int, long long>> by_table;  // lines, sum
    for (const auto& l : plan.at("frame_change_lines").as_array()) {
        auto& [n, sum] = by_table[std::string(l.at("table").as_string())];
        ++n;
        sum += l.at("amount").as_int64();
    }
    EXPECT_EQ(by_table["utokning-av-ram-2025"], (std::pair<int, long long>{6, 69'200'000}));
    EXPECT_EQ(by_table["neddragning-av-ram-2025"], (std::pair<int, long long>{8, -197'822'200}));
    EXPECT_EQ(by_table["omfordelning-inom-ram-2025"].second, 0) << "the rows sum to zero";
    EXPECT_EQ(amount(by_key(plan, "frame_change_lines", "neddragning-av-ram-2025-7-2")), -840'200);  // moms tandvård
}

TEST_F(Economy2025, InvestmentFramesRequestsAndProperty) {
    long long frame = 0;
    for (const auto& l : plan.at("investment_frame_lines").as_array()) frame += l.at("amount").as_int64();
    EXPECT_EQ(frame, 934'200'000);  // "Summa ... 934,2"
    const auto& requests = plan.at("investment_requests").as_array();
    EXPECT_EQ(requests.size(), 211u);
    long long requested = 0;
    std::set<std::string> ids;
    for (const auto& r : requests) {
        requested += r.at("amount").as_int64();
        ids.insert(std::string(r.at("key").as_string()));
    }
    EXPECT_EQ(requested, 177'173'000);  // "Summa 177173" (tkr)
    EXPECT_EQ(ids.size(), requests.size());
    const auto& ct = by_key(plan, "investment_requests", "6009");
    EXPECT_EQ(ct.at("name"), "Datortomografisystem, helkropp");
    EXPECT_EQ(ct.at("area"), "VO Bild- och funktionsmedicin");
    EXPECT_EQ(amount(ct), 8'150'000);
    EXPECT_EQ(by_key(plan, "investment_requests", "5794").at("frame_type"), "vehicle");
    EXPECT_EQ(by_key(plan, "investment_requests", "6015").at("frame_type"), "art");
    const auto& property = plan.at("property_investments").as_array();
    EXPECT_EQ(property.size(), 123u);
    EXPECT_EQ(property.front().at("name"), "Skyddsrum Sunderbyn");
    EXPECT_EQ(amount(property.front().as_object()), 60'000'000);
    EXPECT_EQ(property.back().at("district"), "Sunderby Fastighetsdistrikt");
}

TEST_F(Economy2025, TheCheckerFindsThePlansOwnMistakes) {
    auto fired = rules_fired(org);
    EXPECT_EQ(fired["economy.stated_total"], 3);  // Politik 423,0; Sunderby 112,2; Totalsumma 693,7
    EXPECT_EQ(fired["economy.not_zero"], 2);      // stated column totals; frame reallocation -0,4
    EXPECT_EQ(fired["economy.investment_frame"], 1);
    EXPECT_GE(fired["economy.detail_vs_frame"], 3);
    bool politik = false;
    for (const auto& f : checks::run_checks(org)) {
        if (f.rule == "economy.stated_total" && f.item == "Totalt · Politik") {
            politik = f.message.sv.find("423,0 tkr") != std::string::npos && f.message.sv.find("0,0 tkr") != std::string::npos;
        }
    }
    EXPECT_TRUE(politik);
}

class Economy2020 : public ::testing::Test {
protected:
    json::object org = organisation_of("norrbotten-2020-2022.json");
    const json::object& plan = org.at("plans").at(0).as_object();
};

TEST_F(Economy2020, ResultFrameAndInvestmentTables) {
    EXPECT_EQ(plan.at("economy_tables").as_array().size(), 3u);
    EXPECT_EQ(amount(by_key(plan, "result_lines", "resultat-2020-2022-result-2022")), -254'000'000);
    EXPECT_EQ(amount(by_key(plan, "result_lines", "resultat-2020-2022-reduction-needed-2021")), 199'000'000);
    const auto& service = by_key(plan, "cost_frame_lines", "ram-2020-service");
    EXPECT_EQ(amount(service, "stated_closing"), 328'800'000);
    EXPECT_EQ(amount(service, "increase"), -17'400'000);
    EXPECT_TRUE(service.at("opening").is_null()) << "the plan gives Ram 2020, not IB 2019";
    EXPECT_EQ(plan.at("investment_frame_lines").as_array().size(), 28u);
    EXPECT_EQ(amount(by_key(plan, "investment_frame_lines", "investeringsram-2020-folktandvard-mt-reinvestment")), 80'000);
    const auto& rule = plan.at("delegation_rules").at(0).as_object();
    EXPECT_EQ(amount(rule, "over_amount"), 2'000'000);
    EXPECT_EQ(rule.at("decided_by"), "Regionstyrelsen");
    auto text = seed("regionstyrelsens-plan-2020-2022.txt");
    EXPECT_NE(text.find("Länssjukvård 4,4     43,4 32,6 12,6 3,1 99,8"), std::string::npos);
    EXPECT_NE(text.find("Totalt          267,1"), std::string::npos);
}

TEST_F(Economy2020, TheCheckerFindsTheInvestmentTableErrorsOfDesignMd) {
    std::map<std::string, std::string> errors;  // item -> message
    for (const auto& f : checks::run_checks(org)) {
        if (f.rule == "economy.stated_total" && f.severity == checks::Severity::error) errors[f.item] = f.message.sv;
    }
    ASSERT_TRUE(errors.count("Totalt")) << "Totalt 267,1";
    EXPECT_NE(errors["Totalt"].find("267,1 mnkr"), std::string::npos);
    ASSERT_TRUE(errors.count("Ram · Länssjukvård"));
    EXPECT_NE(errors["Ram · Länssjukvård"].find("96,1 mnkr"), std::string::npos);
    EXPECT_TRUE(errors.count("Summa inventarier · Inventarier · mt_reinvestment"));
    EXPECT_TRUE(errors.count("Summa · Division · closing")) << "5 749,2 against 5 750,4";
    EXPECT_FALSE(errors.count("Ram · Folktandvård")) << "2,53 against 2,6 is rounding";
}

}  // namespace
}  // namespace styrkort
