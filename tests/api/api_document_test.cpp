// The plan and follow-up documents over the API, on both backends, with Region
// Norrbotten's 2025 plan: each format with its media type, the access rules of the data
// the document shows (an approved plan is public, a draft and a follow-up report are
// not), and bad input answered with an error naming the parameter and no document.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "api_test_support.hpp"

namespace styrkort::testing {
namespace {

const std::string org_url = "/api/v1/organisations/region-norrbotten";

class ApiDocumentTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        server_ = std::make_unique<RunningServer>(GetParam());
        auto r = server_->send_json_text("POST", "/api/v1/import", read_text_file(data_file("norrbotten-2025-2027.json")));
        ASSERT_EQ(r.status, 201) << r.body;
        plan_ = parse_json(server_->request("GET", org_url + "/plans?key=rs-plan-2025-2027").body).at("items").at(0).at("id").as_int64();
    }
    std::string plan_url() const { return org_url + "/plans/" + std::to_string(plan_); }
    std::string followup_url(const std::string& query) const { return plan_url() + "/followup-document?" + query; }
    std::unique_ptr<RunningServer> server_;
    Id plan_ = 0;
};

TEST_P(ApiDocumentTest, ThePlanInEachFormatWithItsMediaType) {
    auto html = server_->request("GET", plan_url() + "/document?format=html");
    ASSERT_EQ(html.status, 200) << html.body;
    EXPECT_EQ(html.header("Content-Type"), "text/html; charset=utf-8");
    EXPECT_NE(html.body.find("<html lang=\"sv\">"), std::string::npos);
    EXPECT_NE(html.body.find("Regionstyrelsens plan"), std::string::npos);
    EXPECT_EQ(html.body.find("<script"), std::string::npos);
    EXPECT_NE(html.header("Content-Security-Policy").find("default-src 'none'"), std::string::npos);
    auto pdf = server_->request("GET", plan_url() + "/document?format=pdf");
    ASSERT_EQ(pdf.status, 200) << pdf.body;
    EXPECT_EQ(pdf.header("Content-Type"), "application/pdf");
    EXPECT_EQ(pdf.body.rfind("%PDF-", 0), 0u);
    EXPECT_NE(pdf.header("Content-Disposition").find("rs-plan-2025-2027.pdf"), std::string::npos);
    auto docx = server_->request("GET", plan_url() + "/document?format=docx");
    ASSERT_EQ(docx.status, 200) << docx.body;
    EXPECT_EQ(docx.body.rfind("PK", 0), 0u);
    EXPECT_NE(docx.header("Content-Disposition").find("attachment"), std::string::npos);
}

TEST_P(ApiDocumentTest, AnApprovedPlanIsPublicADraftAndTheFollowupAreNot) {
    auto r = server_->anonymous_request("GET", plan_url() + "/document?format=html");
    EXPECT_EQ(r.status, 200) << r.body;
    r = server_->anonymous_request("GET", followup_url("unit=regionstyrelsen&year=2025&point=da04&format=html"));
    EXPECT_EQ(r.status, 401) << r.body;
    r = server_->request("GET", followup_url("unit=regionstyrelsen&year=2025&point=da04&format=html"));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_NE(r.body.find("Uppföljning DÅ 04 2025"), std::string::npos);
    EXPECT_NE(r.body.find("UTKAST"), std::string::npos) << "no approved report";
    server_->database().write([](storage::Connection& c) {
        c.execute("UPDATE plan SET status = 'draft' WHERE key = 'rs-plan-2025-2027'");
    });
    r = server_->anonymous_request("GET", plan_url() + "/document?format=html");
    EXPECT_EQ(r.status, 401) << r.body;
    r = server_->request("GET", plan_url() + "/document?format=html");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_NE(r.body.find("UTKAST"), std::string::npos);
}

TEST_P(ApiDocumentTest, BadInputNamesTheParameterAndGivesNoDocument) {
    struct Case {
        std::string url;
        int status;
        std::string path;
    };
    std::vector<Case> cases = {
        {plan_url() + "/document?format=odt", 422, "format"},
        {org_url + "/plans/999999/document?format=pdf", 404, ""},
        {"/api/v1/organisations/no-such-org/plans/1/document", 404, ""},
        {followup_url("unit=regionstyrelsen&year=2025&point=q3&format=pdf"), 422, "point"},
        {followup_url("unit=regionstyrelsen&year=tjugo&point=ar&format=pdf"), 422, "year"},
        {followup_url("year=2025&point=ar&format=pdf"), 422, "unit"},
        {followup_url("unit=no-such-unit&year=2025&point=ar&format=pdf"), 404, ""},
        {followup_url("unit=regionstyrelsen&year=2025&point=ar&format=rtf"), 422, "format"},
    };
    for (const auto& c : cases) {
        auto r = server_->request("GET", c.url);
        EXPECT_EQ(r.status, c.status) << c.url << "\n" << r.body;
        EXPECT_EQ(r.header("Content-Type").rfind("application/json", 0), 0u) << c.url;
        if (!c.path.empty()) {
            EXPECT_EQ(error_of(r).at("path").as_string(), c.path) << c.url;
        }
    }
    auto r = server_->request("GET", followup_url("unit=regionstyrelsen&year=2025&point=q3&format=pdf"),
                              {}, {{"Accept-Language", "en"}});
    EXPECT_NE(error_of(r).at("message").as_string().find("must be da04, da08 or ar"), std::string::npos) << r.body;
}

// Two PDF/DOCX renders at a time per server: a third is asked to come back (503 with
// Retry-After) in the request's language, HTML is still served, and the slots are free
// again afterwards. The renderer is the real Chromium behind a gate the test opens, so
// the two renders are really running when the third request comes: no timing, nothing
// inside the server reached into.
TEST_P(ApiDocumentTest, AThirdPdfOrDocxWhileTwoAreBeingMadeIsAskedToComeBack) {
    namespace fs = std::filesystem;
    auto dir = fs::temp_directory_path() / ("styrkort-render-gate-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    const char* real = std::getenv("STYRKORT_CHROMIUM");
    std::string chromium = real != nullptr && *real != '\0' ? real : "chromium";
    auto script = (dir / "chromium-behind-gate").string();
    {
        std::ofstream out(script);
        out << "#!/bin/sh\ntouch '" << (dir / "started.").string() << "'$$\n"
            << "while [ ! -e '" << (dir / "open").string() << "' ]; do sleep 0.05; done\n"
            << "exec '" << chromium << "' \"$@\"\n";
    }
    fs::permissions(script, fs::perms::owner_all);
    ::setenv("STYRKORT_CHROMIUM", script.c_str(), 1);
    auto started = [&] {
        int n = 0;
        for (const auto& e : fs::directory_iterator(dir)) n += e.path().filename().string().rfind("started.", 0) == 0;
        return n;
    };
    // Three workers, so that the third request reaches the API while two render.
    http::ServerConfig config;
    config.worker_threads = 3;
    server_ = std::make_unique<RunningServer>(GetParam(), config);
    ASSERT_EQ(server_->send_json_text("POST", "/api/v1/import", read_text_file(data_file("norrbotten-2025-2027.json"))).status, 201);
    plan_ = parse_json(server_->request("GET", org_url + "/plans?key=rs-plan-2025-2027").body).at("items").at(0).at("id").as_int64();
    HttpResponse first, second;
    {
        // Opens the gate and waits for both renders however the block below ends.
        struct Renders {
            fs::path open;
            std::thread a, b;
            ~Renders() {
                std::ofstream(open).put('\n');
                if (a.joinable()) a.join();
                if (b.joinable()) b.join();
            }
        } renders{dir / "open", {}, {}};
        renders.a = std::thread([&] { first = server_->request("GET", plan_url() + "/document?format=pdf"); });
        renders.b = std::thread([&] { second = server_->request("GET", plan_url() + "/document?format=pdf"); });
        // Waits for a condition (both renderers started), with a generous bound so that a
        // broken server fails the test instead of hanging it.
        for (int i = 0; i < 2400 && started() < 2; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        EXPECT_EQ(started(), 2);

        auto busy = server_->request("GET", plan_url() + "/document?format=docx", {}, {{"Accept-Language", "en"}});
        EXPECT_EQ(busy.status, 503) << busy.body;
        EXPECT_EQ(busy.header("Retry-After"), "10");
        EXPECT_NE(busy.body.find("too many documents are being made right now"), std::string::npos) << busy.body;
        auto upptagen = server_->request("GET", plan_url() + "/document?format=pdf");
        EXPECT_EQ(upptagen.status, 503);
        EXPECT_NE(upptagen.body.find("för många dokument skapas just nu; försök igen om en stund"), std::string::npos)
            << upptagen.body;
        EXPECT_EQ(started(), 2) << "the refused requests started no renderer";
        EXPECT_EQ(server_->request("GET", plan_url() + "/document?format=html").status, 200) << "HTML is not limited";
    }
    EXPECT_EQ(first.status, 200) << first.body;
    EXPECT_EQ(second.status, 200) << second.body;
    EXPECT_EQ(first.body.rfind("%PDF-", 0), 0u);
    auto after = server_->request("GET", plan_url() + "/document?format=pdf");
    EXPECT_EQ(after.status, 200) << "the slots are free again: " << after.body;
    if (real != nullptr) {
        ::setenv("STYRKORT_CHROMIUM", real, 1);
    } else {
        ::unsetenv("STYRKORT_CHROMIUM");
    }
    fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Api, ApiDocumentTest, backends(), backend_name);

}  // namespace
}  // namespace styrkort::testing
