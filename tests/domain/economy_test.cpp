// The pure economy rules and the economy checks, on constructed cases.
#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "domain/checks/rules.hpp"
#include "domain/computed_fields.hpp"
#include "domain/economy/amounts.hpp"
#include "domain/economy/rules.hpp"
#include "domain/errors.hpp"
#include "domain/schema.hpp"
#include "domain/validation.hpp"

namespace styrkort {
namespace {

namespace json = boost::json;

TEST(EconomyAmounts, FormatsExactValuesTheSwedishWay) {
    EXPECT_EQ(economy::format_amount(-3'183'800'000, "mnkr", 1), "-3 183,8");
    EXPECT_EQ(economy::format_amount(80'000, "mnkr", 1), "0,08");
    EXPECT_EQ(economy::format_amount(69'200'000, "tkr", 1), "69 200,0");
    EXPECT_EQ(economy::format_amount(-840'200, "tkr", 1), "-840,2");
    EXPECT_EQ(economy::format_amount(177'173'000, "tkr", 0), "177 173");
    EXPECT_EQ(economy::format_amount(1'234'567, "kr", 0), "1 234 567");
    EXPECT_EQ(economy::format_amount(0, "mnkr", 1), "0,0");
    EXPECT_THROW(economy::format_amount(1, "mkr", 1), InputError);
}

TEST(EconomyAmounts, RoundingToleranceIsHalfAStepPerAddendAtMostThreeSteps) {
    EXPECT_EQ(economy::rounding_tolerance("mnkr", 1, 1), 100'000);   // 2 half steps
    EXPECT_EQ(economy::rounding_tolerance("mnkr", 1, 4), 250'000);   // 5 half steps
    EXPECT_EQ(economy::rounding_tolerance("mnkr", 1, 39), 300'000);  // capped at 3 steps
    EXPECT_EQ(economy::rounding_tolerance("kr", 0, 10), 0);
    EXPECT_EQ(economy::rounding_tolerance("tkr", 0, 1), 1'000);
}

TEST(EconomyRules, DelegationOrderDecidesByTypeAndAmountAboveTheLimit) {
    std::vector<economy::DelegationRule> rules = {
        {{"it", "mt", "vehicle", "other_equipment"}, 2'000'000, "Regionstyrelsen"},
        {{}, 500'000, "Regiondirektören"}};
    EXPECT_EQ(economy::deciding_level(rules, "mt", 2'000'001), "Regionstyrelsen");
    EXPECT_EQ(economy::deciding_level(rules, "mt", 2'000'000), "Regiondirektören") << "över 2 mnkr: 2 mnkr is not over";
    EXPECT_EQ(economy::deciding_level(rules, "art", 3'000'000), "Regiondirektören") << "art is not an inventory";
    EXPECT_EQ(economy::deciding_level(rules, "it", 100'000), std::nullopt);
    EXPECT_EQ(economy::deciding_level({}, "it", 9'000'000), std::nullopt);
}

TEST(EconomyRules, ArtShareAndDeviationAreExact) {
    EXPECT_EQ(economy::art_share(386'700'000), 3'867'000);
    EXPECT_EQ(economy::art_share(150), 2);  // 1,5 kr rounds half away from zero
    EXPECT_EQ(economy::art_share(-150), -2);
    EXPECT_EQ(economy::art_share(149), 1);
    auto d = economy::deviation(-1'000'000, -1'050'000);
    EXPECT_EQ(d.kronor, -50'000);
    EXPECT_EQ(d.per_mille, -50);  // -5,0 %
    EXPECT_EQ(economy::deviation(0, 10).per_mille, std::nullopt);
}

TEST(EconomyValidation, AmountsAreWholeKronor) {
    const auto& e = entity("investment_request");
    json::object r{{"plan_id", 1}, {"key", "4696"}, {"table_id", 1}, {"division", "Div"}, {"name", "Larm"},
                   {"frame_type", "it"}, {"amount", 2'500'000}, {"status", "requested"}};
    EXPECT_EQ(validate_record(e, r).at("amount").as_int64(), 2'500'000);
    r["amount"] = 2'500'000.0;  // a JSON number without fraction is still whole kronor
    EXPECT_EQ(validate_record(e, r).at("amount").as_int64(), 2'500'000);
    r["amount"] = 2500.5;
    try {
        validate_record(e, r);
        FAIL() << "a fractional amount was accepted";
    } catch (const InputError& err) {
        EXPECT_EQ(err.path(), "amount");
        EXPECT_EQ(err.code(), "amount_decimals");
        EXPECT_NE(err.describe(Language::sv).find("hela kronor"), std::string::npos);
    }
    r["amount"] = "2500";
    EXPECT_THROW(validate_record(e, r), InputError);
    r["amount"] = 2'000'000'000'000'000;
    EXPECT_THROW(validate_record(e, r), InputError);
    r["amount"] = 1;
    r["frame_type"] = "Datorer";
    EXPECT_THROW(validate_record(e, r), InputError);
}

// --- the checks ------------------------------------------------------------------------

json::object organisation(const std::string& plan_parts) {
    return json::parse(R"({"key": "o", "name": "O", "kind": "region",
      "units": [{"key": "rs", "name": "RS", "kind": "board", "parent": null, "valid_from": null, "valid_to": null}],
      "plans": [{"key": "p", "title": "P", "owner_unit": "rs", "first_year": 2025, "last_year": 2025,
                 "status": "draft", )" + plan_parts + "}]}")
        .as_object();
}

std::vector<checks::Finding> findings(const std::string& parts, const std::string& rule) {
    std::vector<checks::Finding> out;
    for (auto& f : checks::run_checks(organisation(parts))) {
        if (f.rule == rule) out.push_back(std::move(f));
    }
    return out;
}

const char* frame_table = R"("economy_tables": [
  {"key": "ram", "title": "Ram, mnkr", "kind": "net_cost_frame", "year": 2025, "amount_unit": "mnkr", "decimals": 1,
   "sign_convention": "cost_negative", "category": null, "claim": null, "note": null},
  {"key": "utok", "title": "Utökning, tkr", "kind": "frame_change", "year": 2025, "amount_unit": "tkr", "decimals": 1,
   "sign_convention": "frame_positive", "category": "increase", "claim": null, "note": null},
  {"key": "omf", "title": "Omfördelning, tkr", "kind": "frame_change", "year": 2025, "amount_unit": "tkr", "decimals": 1,
   "sign_convention": "frame_positive", "category": "reallocation", "claim": "sums_to_zero", "note": null}],
"cost_frame_lines": [
  {"key": "a", "table": "ram", "label": "A", "unit": null, "row_group": "Div", "part_of": null, "opening": -100000000,
   "wage_price_index": -2000000, "increase": -6400000, "reduction": 0, "reallocation": 1000000, "stated_closing": -107400000},
  {"key": "b", "table": "ram", "label": "B", "unit": null, "row_group": "Div", "part_of": null, "opening": -50000000,
   "wage_price_index": 0, "increase": 0, "reduction": 0, "reallocation": -1000000, "stated_closing": -51100000},
  {"key": "b1", "table": "ram", "label": "Varav B1", "unit": null, "row_group": "Div", "part_of": "b", "opening": -999000000,
   "wage_price_index": 0, "increase": 0, "reduction": 0, "reallocation": 0, "stated_closing": -999000000}],
"frame_change_lines": [
  {"key": "u1", "table": "utok", "description": "X", "column_label": "A", "unit": null, "frame_line": "a", "amount": 3000000},
  {"key": "u2", "table": "utok", "description": "Y", "column_label": "A", "unit": null, "frame_line": "a", "amount": 3400000},
  {"key": "o1", "table": "omf", "description": "Flytt", "column_label": "A", "unit": null, "frame_line": "a", "amount": -1000000},
  {"key": "o2", "table": "omf", "description": "Flytt", "column_label": "B", "unit": null, "frame_line": "b", "amount": 1000000}],
)";

TEST(EconomyChecks, StatedTotalsAreRecomputedAndRoundingIsTold) {
    std::string parts = std::string(frame_table) + R"("economy_totals": [
      {"key": "t1", "table": "ram", "label": "Summa", "scope": "group", "row_group": "Div", "row_label": null, "column_label": "opening", "amount": -150000000},
      {"key": "t2", "table": "ram", "label": "Summa", "scope": "table", "row_group": null, "row_label": null, "column_label": "closing", "amount": -158400000},
      {"key": "t3", "table": "ram", "label": "Summa", "scope": "table", "row_group": null, "row_label": null, "column_label": "increase", "amount": -7400000},
      {"key": "t4", "table": "utok", "label": "Summa", "scope": "row", "row_group": null, "row_label": "X", "column_label": null, "amount": 3000000},
      {"key": "t5", "table": "utok", "label": "Totalt", "scope": "table", "row_group": null, "row_label": null, "column_label": "A", "amount": 6401000}])";
    auto f = findings(parts, "economy.stated_total");
    ASSERT_EQ(f.size(), 3u);
    // t2: -158,4 stated, -158,5 computed (varav row not summed): rounding, so info.
    EXPECT_EQ(f[0].place, "economy_totals[1]");
    EXPECT_EQ(f[0].severity, checks::Severity::info);
    EXPECT_NE(f[0].message.sv.find("-158,4 mnkr"), std::string::npos) << f[0].message.sv;
    EXPECT_NE(f[0].message.sv.find("-158,5 mnkr"), std::string::npos) << f[0].message.sv;
    // t3: -7,4 against -6,4 is a whole mnkr off: an error.
    EXPECT_EQ(f[1].place, "economy_totals[2]");
    EXPECT_EQ(f[1].severity, checks::Severity::error);
    // t5: published to 0,1 tkr, so 1,0 tkr is an error, not rounding.
    EXPECT_EQ(f[2].place, "economy_totals[4]");
    EXPECT_EQ(f[2].severity, checks::Severity::error);
    EXPECT_NE(f[2].message.sv.find("6 401,0 tkr"), std::string::npos) << f[2].message.sv;
}

TEST(EconomyChecks, ClosingFrameIsOpeningPlusChanges) {
    auto f = findings(std::string(frame_table) + R"("economy_totals": [])", "economy.closing_frame");
    ASSERT_EQ(f.size(), 1u);  // B: -50 - 1 = -51,0, stated -51,1 → rounding (info); A is exact
    EXPECT_EQ(f[0].place, "cost_frame_lines[1]");
    EXPECT_EQ(f[0].severity, checks::Severity::info);
}

TEST(EconomyChecks, DetailTablesReconcileWithTheFrameInItsSign) {
    // Utökning +6 400 tkr for A is -6,4 mnkr in a cost-negative frame: consistent.
    EXPECT_TRUE(findings(std::string(frame_table) + R"("economy_totals": [])", "economy.detail_vs_frame").empty());
    std::string changed = frame_table;
    changed.replace(changed.find("\"amount\": 3400000"), 17, "\"amount\": 4400000");
    auto f = findings(changed + R"("economy_totals": [])", "economy.detail_vs_frame");
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].place, "cost_frame_lines[0]");
    EXPECT_NE(f[0].message.sv.find("-6,4 mnkr"), std::string::npos) << f[0].message.sv;
    EXPECT_NE(f[0].message.sv.find("7 400,0 tkr"), std::string::npos) << f[0].message.sv;
}

TEST(EconomyChecks, ClaimsOfZeroSumsAreTested) {
    std::string ok = std::string(frame_table) + R"("economy_totals": [])";
    EXPECT_TRUE(findings(ok, "economy.not_zero").empty());
    std::string bad = frame_table;
    bad.replace(bad.find("\"amount\": 1000000}]"), 17, "\"amount\": 1423000");
    bad += R"("economy_totals": [
      {"key": "t1", "table": "omf", "label": "Totalt", "scope": "table", "row_group": null, "row_label": null, "column_label": "A", "amount": -1000000},
      {"key": "t2", "table": "omf", "label": "Totalt", "scope": "table", "row_group": null, "row_label": null, "column_label": "B", "amount": 1423000}])";
    auto f = findings(bad, "economy.not_zero");
    ASSERT_EQ(f.size(), 2u);  // the rows and the stated column totals
    EXPECT_EQ(f[0].severity, checks::Severity::error);
    EXPECT_NE(f[0].message.sv.find("423,0 tkr"), std::string::npos) << f[0].message.sv;
}

TEST(EconomyChecks, InvestmentFramesAgainstRequestsAndPropertyAndTheArtShare) {
    std::string parts = R"("economy_tables": [
      {"key": "ir", "title": "Investeringsramar", "kind": "investment_frame", "year": 2025, "amount_unit": "mnkr", "decimals": 1, "sign_convention": null, "category": null, "claim": null, "note": null},
      {"key": "b5", "title": "Bilaga 5", "kind": "investment_request", "year": 2025, "amount_unit": "tkr", "decimals": 0, "sign_convention": null, "category": null, "claim": null, "note": null},
      {"key": "b6", "title": "Bilaga 6", "kind": "property_investment", "year": 2025, "amount_unit": "mnkr", "decimals": 1, "sign_convention": null, "category": null, "claim": null, "note": null}],
    "investment_frame_lines": [
      {"key": "f1", "table": "ir", "decision_level": "RS", "unit": null, "row_group": null, "frame_type": "inventories_property", "amount": 12500000},
      {"key": "f2", "table": "ir", "decision_level": "Kultur", "unit": null, "row_group": null, "frame_type": "art", "amount": 500000}],
    "investment_requests": [
      {"key": "1", "table": "b5", "division": "D", "area": null, "unit": null, "name": "Larm", "frame_type": "it", "amount": 2500000, "status": "requested"},
      {"key": "2", "table": "b5", "division": "D", "area": null, "unit": null, "name": "Konst", "frame_type": "art", "amount": 500000, "status": "requested"}],
    "property_investments": [
      {"key": "p1", "table": "b6", "district": null, "unit": null, "kind": "new", "name": "Nybygge", "amount": 9000000},
      {"key": "p2", "table": "b6", "district": "X", "unit": null, "kind": "reinvestment", "name": "Tak", "amount": 1000000}])";
    auto f = findings(parts, "economy.investment_frame");
    ASSERT_EQ(f.size(), 0u) << f[0].message.sv;  // 2,5 + 9,0 + 1,0 = 12,5; art 0,5 = 0,5
    std::string off = parts;
    off.replace(off.find("\"amount\": 9000000"), 17, "\"amount\": 8000000");
    f = findings(off, "economy.investment_frame");
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].place, "investment_frame_lines[0]");
    auto art = findings(parts, "economy.art_share");
    ASSERT_EQ(art.size(), 1u);
    EXPECT_NE(art[0].message.sv.find("0,09 mnkr"), std::string::npos) << art[0].message.sv;
}

TEST(EconomyChecks, ResultBelowTarget) {
    std::string parts = R"("economy_tables": [
      {"key": "r", "title": "Resultat", "kind": "result", "year": 2020, "amount_unit": "mnkr", "decimals": 0, "sign_convention": null, "category": null, "claim": null, "note": null}],
    "result_lines": [
      {"key": "r1", "table": "r", "label": "Resultat", "kind": "result", "year": 2020, "amount": 119000000},
      {"key": "r2", "table": "r", "label": "Resultat", "kind": "result", "year": 2021, "amount": -112000000},
      {"key": "t1", "table": "r", "label": "Mål", "kind": "target", "year": 2020, "amount": 86000000},
      {"key": "t2", "table": "r", "label": "Mål", "kind": "target", "year": 2021, "amount": 87000000}])";
    auto f = findings(parts, "economy.result_below_target");
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].item, "2021");
    EXPECT_NE(f[0].message.sv.find("199 mnkr"), std::string::npos) << f[0].message.sv;
}

TEST(EconomyChecks, PartsLargerThanTheWholeAndLinesInTheWrongTable) {
    EXPECT_TRUE(findings(std::string(frame_table) + R"("economy_totals": [])", "economy.parts_exceed_whole").empty() == false)
        << "B1 (-999) is part of B (-50)";
    auto f = findings(std::string(frame_table) + R"("economy_totals": [])", "economy.parts_exceed_whole");
    ASSERT_FALSE(f.empty());
    EXPECT_EQ(f[0].place, "cost_frame_lines[1]");
    std::string fixed = frame_table;
    fixed.replace(fixed.find("\"opening\": -999000000"), 21, "\"opening\": -40000000");
    fixed.replace(fixed.find("\"stated_closing\": -999000000"), 28, "\"stated_closing\": -40000000");
    EXPECT_TRUE(findings(fixed + R"("economy_totals": [])", "economy.parts_exceed_whole").empty());
    std::string wrong = frame_table;
    wrong.replace(wrong.find("\"table\": \"utok\", \"description\": \"X\""), 17, "\"table\": \"ram\",");
    auto w = findings(wrong + R"("economy_totals": [])", "economy.wrong_table");
    ASSERT_EQ(w.size(), 1u);
    EXPECT_EQ(w[0].place, "frame_change_lines[0]");
}

TEST(EconomyRules, ClosingFrameIsOpeningPlusChangesEmptyCountsAsZero) {
    EXPECT_EQ(economy::closing_frame({-100'000'000, -2'000'000, -6'400'000, 0, 1'000'000}), -107'400'000);
    EXPECT_EQ(economy::closing_frame({-50'000'000, std::nullopt, std::nullopt, std::nullopt, -1'000'000}), -51'000'000);
    EXPECT_EQ(economy::closing_frame({std::nullopt, std::nullopt, 3'000'000, std::nullopt, std::nullopt}), 3'000'000);
    EXPECT_FALSE(economy::closing_frame({}));
}

TEST(ComputedFields, ClosingFrameAndBudgetDeviationsAreAddedAndDroppedOnInput) {
    json::object line{{"opening", -100'000'000}, {"wage_price_index", -2'000'000}, {"increase", nullptr},
                      {"reduction", 500'000}, {"reallocation", nullptr}, {"stated_closing", -101'400'000}};
    add_computed_fields("cost_frame_line", line);
    EXPECT_EQ(line.at("closing"), -101'500'000);  // computed, whatever the plan printed
    EXPECT_EQ(line.at("stated_closing"), -101'400'000);
    json::object empty{{"opening", nullptr}};
    add_computed_fields("cost_frame_line", empty);
    EXPECT_TRUE(empty.at("closing").is_null());

    json::object follow_up{{"budget", -100'000'000}, {"outcome", -34'000'000}, {"forecast", -103'500'500}};
    add_computed_fields("budget_follow_up", follow_up);
    EXPECT_EQ(follow_up.at("outcome_deviation"), 66'000'000);
    EXPECT_EQ(follow_up.at("forecast_deviation"), -3'500'500);
    EXPECT_DOUBLE_EQ(follow_up.at("outcome_deviation_percent").as_double(), 66.0);
    EXPECT_DOUBLE_EQ(follow_up.at("forecast_deviation_percent").as_double(), -3.5);
    json::object zero{{"budget", 0}, {"outcome", 5}, {"forecast", nullptr}};
    add_computed_fields("budget_follow_up", zero);
    EXPECT_EQ(zero.at("outcome_deviation"), 5);
    EXPECT_TRUE(zero.at("outcome_deviation_percent").is_null());
    EXPECT_TRUE(zero.at("forecast_deviation").is_null());

    json::value body = line;
    drop_computed_fields("cost_frame_line", body);
    EXPECT_FALSE(body.as_object().contains("closing"));
    json::object goal{{"text", "x"}};
    add_computed_fields("goal", goal);
    EXPECT_EQ(goal.size(), 1u);
}

// Frames passed down: RS → division D → areas D1, D2; division E → area E1.
json::object tree_organisation(const std::string& lines) {
    return json::parse(R"({"key": "o", "name": "O", "kind": "region",
      "units": [{"key": "rs", "name": "RS", "kind": "board", "parent": null},
                {"key": "d", "name": "D", "kind": "division", "parent": "rs"},
                {"key": "d1", "name": "D1", "kind": "area", "parent": "d"},
                {"key": "d2", "name": "D2", "kind": "area", "parent": "d"},
                {"key": "e", "name": "E", "kind": "division", "parent": "rs"},
                {"key": "e1", "name": "E1", "kind": "area", "parent": "e"}],
      "plans": [{"key": "p", "title": "P", "owner_unit": "rs", "first_year": 2025, "last_year": 2025, "status": "draft",
        "economy_tables": [{"key": "ram", "title": "Ram, tkr", "kind": "net_cost_frame", "year": 2025,
                            "amount_unit": "tkr", "decimals": 1, "sign_convention": "cost_negative"}],
        "cost_frame_lines": [)" + lines + "]}]}")
        .as_object();
}

std::string frame_line(const std::string& key, const std::string& unit, long long opening, long long increase) {
    return R"({"key": ")" + key + R"(", "table": "ram", "label": ")" + key + R"(", "unit": ")" + unit +
           R"(", "row_group": null, "part_of": null, "opening": )" + std::to_string(opening) +
           R"(, "wage_price_index": null, "increase": )" + std::to_string(increase) +
           R"(, "reduction": null, "reallocation": null, "stated_closing": null})";
}

std::vector<checks::Finding> passed_down(const std::string& lines) {
    std::vector<checks::Finding> out;
    for (auto& f : checks::run_checks(tree_organisation(lines))) {
        if (f.rule == "economy.frames_passed_down") out.push_back(std::move(f));
    }
    return out;
}

TEST(EconomyChecks, FramesPassedDownTheOrgTreeAddUpAndDoNotExceedTheParent) {
    // D -100 000 tkr (+2 000 increase) split exactly into D1 and D2; E1 alone under E.
    auto exact = frame_line("D", "d", -100'000'000, -2'000'000) + "," + frame_line("D1", "d1", -60'000'000, -1'500'000) +
                 "," + frame_line("D2", "d2", -40'000'000, -500'000) + "," + frame_line("E", "e", -10'000'000, 0) + "," +
                 frame_line("E1", "e1", -10'000'000, 0);
    EXPECT_TRUE(passed_down(exact).empty());

    // D2 gets 1 000 tkr more than D has: the children exceed the parent (opening and UB).
    auto over = frame_line("D", "d", -100'000'000, -2'000'000) + "," + frame_line("D1", "d1", -60'000'000, -1'500'000) +
                "," + frame_line("D2", "d2", -41'000'000, -500'000);
    auto f = passed_down(over);
    ASSERT_EQ(f.size(), 2u);
    EXPECT_EQ(f[0].severity, checks::Severity::warning);
    EXPECT_EQ(f[0].place, "cost_frame_lines[0]");
    EXPECT_NE(f[0].message.sv.find("ingående ram (IB)"), std::string::npos) << f[0].message.sv;
    EXPECT_NE(f[0].message.sv.find("mer än"), std::string::npos) << f[0].message.sv;
    EXPECT_NE(f[0].message.sv.find("-101 000,0 tkr"), std::string::npos) << f[0].message.sv;
    ASSERT_TRUE(f[0].comparison);
    EXPECT_EQ(f[0].comparison->stated, -100'000'000);
    EXPECT_EQ(f[0].comparison->computed, -101'000'000);
    EXPECT_NE(f[1].message.en.find("closing frame (UB, computed)"), std::string::npos) << f[1].message.en;

    // D keeps a reserve of 5 000 tkr: allowed, told as info.
    auto reserve = frame_line("D", "d", -100'000'000, 0) + "," + frame_line("D1", "d1", -60'000'000, 0) + "," +
                   frame_line("D2", "d2", -35'000'000, 0);
    f = passed_down(reserve);
    ASSERT_EQ(f.size(), 2u);  // opening and UB
    EXPECT_EQ(f[0].severity, checks::Severity::info);
    EXPECT_NE(f[0].message.sv.find("resten ligger kvar på D"), std::string::npos) << f[0].message.sv;

    // 0,1 tkr over: the table's rounding explains it.
    auto rounded = frame_line("D", "d", -100'000'000, 0) + "," + frame_line("D1", "d1", -60'000'100, 0) + "," +
                   frame_line("D2", "d2", -40'000'000, 0);
    f = passed_down(rounded);
    ASSERT_EQ(f.size(), 2u);
    EXPECT_EQ(f[0].severity, checks::Severity::info);
    EXPECT_TRUE(f[0].comparison->explained_by_rounding);
}

}  // namespace
}  // namespace styrkort
