// The page parser alone (pure): every kind of v3 page, and bad pages refused with the
// JSON path and line of the offending element.
#include "formats/kolada_page.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "domain/errors.hpp"

namespace styrkort::formats::kolada {
namespace {

const std::string pages = std::string(STYRKORT_SOURCE_DIR) + "/tests/kolada/pages/";
const std::string bad = std::string(STYRKORT_SOURCE_DIR) + "/tests/kolada/bad/";

std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

InputError refusal(const std::string& text, const std::string& file = "f.json") {
    try {
        parse_page(text, file);
    } catch (const InputError& e) {
        return e;
    }
    ADD_FAILURE() << "accepted: " << text;
    return InputError("", {"", ""});
}

TEST(KoladaPage, KpiListWithNextUrl) {
    auto page = parse_page(read(pages + "v3_kpi_N00945,N60007,U07414.json"), "kpi.json");
    EXPECT_EQ(page.kind, PageKind::kpi);
    ASSERT_EQ(page.kpis.size(), 2u);
    EXPECT_EQ(page.kpis[0].id, "N00945");
    EXPECT_TRUE(page.kpis[0].divided_by_gender);
    EXPECT_FALSE(page.kpis[1].divided_by_gender);
    EXPECT_FALSE(page.kpis[1].description);
    ASSERT_TRUE(page.next_url);
    EXPECT_EQ(file_name_for_url(*page.next_url), "v3_kpi_N00945,N60007,U07414_page=2_per_page=2.json");
}

TEST(KoladaPage, MunicipalitiesGroupsAndData) {
    auto m = parse_page(read(pages + "v3_municipality_0000,0021,0022,0023,0024,0025,2580.json"), "m.json");
    EXPECT_EQ(m.kind, PageKind::municipality);
    EXPECT_EQ(m.municipalities.back().type, "K");
    auto g = parse_page(read(pages + "municipality_groups.json"), "g.json");
    EXPECT_EQ(g.kind, PageKind::group);
    EXPECT_EQ(g.groups.at(0).members.size(), 4u);
    auto d = parse_page(
        read(pages + "v3_data_kpi_N00945,N60007,U07414_municipality_0000,0021,0022,0023,0024,0025,2580_year_2021,2022,2023_page=3_per_page=8.json"),
        "d.json");
    EXPECT_EQ(d.kind, PageKind::data);
    EXPECT_FALSE(d.next_url);
    ASSERT_EQ(d.rows.size(), 5u);
    EXPECT_TRUE(d.rows.back().deleted);
    const auto& norrbotten_2022 = d.rows.at(0);
    EXPECT_EQ(norrbotten_2022.municipality, "0025");
    EXPECT_EQ(norrbotten_2022.period, 2022);
    ASSERT_EQ(norrbotten_2022.values.size(), 3u);
    EXPECT_FALSE(norrbotten_2022.values[1].value);  // K: null
    EXPECT_EQ(norrbotten_2022.values[1].status, "Saknas");
    EXPECT_DOUBLE_EQ(*norrbotten_2022.values[2].value, 29.4);
}

TEST(KoladaPage, EmptyPageAndUnknownMembersAreFine) {
    auto p = parse_page(R"({"count":0,"values":[],"next_url":null,"previous_url":null})", "e.json");
    EXPECT_EQ(p.kind, PageKind::empty);
    auto v = parse_page(R"({"values":[{"kpi":"N1","municipality":"0025","period":2020,"values":[{"gender":"T","value":1}],"extra":1}]})", "x.json");
    ASSERT_EQ(v.rows.size(), 1u);
    EXPECT_FALSE(v.rows[0].values[0].count);
}

TEST(KoladaPage, BadPagesNameFileLineAndPath) {
    auto not_json = refusal(read(bad + "not_json.json"), "not_json.json");
    EXPECT_EQ(not_json.code(), "json");
    EXPECT_EQ(not_json.file(), "not_json.json");

    auto shape = refusal(read(bad + "wrong_shape.json"), "wrong_shape.json");
    EXPECT_EQ(shape.path(), "values");
    EXPECT_EQ(shape.line(), 3);

    auto gender = refusal(read(bad + "bad_gender.json"), "bad_gender.json");
    EXPECT_EQ(gender.path(), "values[0].values[1].gender");
    EXPECT_NE(gender.describe(Language::sv).find("bad_gender.json:"), std::string::npos);
    EXPECT_NE(gender.describe(Language::sv).find("ska vara T (totalt), K (kvinnor) eller M (män)"), std::string::npos);

    EXPECT_EQ(refusal("[]").path(), "");
    EXPECT_EQ(refusal(R"({"values":[{"kpi":"N1","municipality":"0025","period":"2020","values":[]}]})").path(),
              "values[0].period");
    EXPECT_EQ(refusal(R"({"values":[{"kpi":"N1","municipality":"0025","period":2020,"values":[{"gender":"T","value":"1,5"}]}]})").path(),
              "values[0].values[0].value");
    EXPECT_EQ(refusal(R"({"values":[{"id":"0025","title":"N","type":"X"}]})").path(), "values[0].type");
    EXPECT_EQ(refusal(R"({"values":[{"id":"N1","title":"a"},{"id":"N1","title":"b"}]})").path(), "values[1].id");
    EXPECT_EQ(refusal(R"({"values":[{"id":"../etc","title":"a"}]})").path(), "values[0].id");
    EXPECT_EQ(refusal(R"({"values":[],"next_url":5})").path(), "next_url");
    EXPECT_EQ(refusal(R"({"values":[{"kpi":"N1","municipality":"0025","period":2020,"values":[{"gender":"T"},{"gender":"T"}]}]})").path(),
              "values[0].values[1].gender");
}

TEST(KoladaPage, NextUrlToFileName) {
    EXPECT_EQ(file_name_for_url("https://h/v3/data/kpi/N00945/municipality/0025/year/2023?page=2&per_page=1000"),
              "v3_data_kpi_N00945_municipality_0025_year_2023_page=2_per_page=1000.json");
    EXPECT_EQ(file_name_for_url("http://h:8080/v3/kpi?title=a%2Fb#x"), "v3_kpi_title=a_2Fb.json");
    EXPECT_EQ(path_and_query("https://h/v3/kpi?page=2"), "/v3/kpi?page=2");
    EXPECT_EQ(path_and_query("ftp://h/v3"), "");
    EXPECT_THROW(file_name_for_url("not a url"), InputError);
    EXPECT_THROW(file_name_for_url("https://host"), InputError);
}

}  // namespace
}  // namespace styrkort::formats::kolada
