// The web client's file serving, on a real folder in a temporary directory. Requests
// are built from raw targets through decode_target, as the server builds them, so that
// percent-encoded tricks reach StaticFiles exactly as they would over the network.
#include "http/static_files.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "http/target.hpp"

namespace styrkort::http {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
protected:
    void SetUp() override {
        base_ = fs::temp_directory_path() / ("styrkort-static-" + std::to_string(::getpid()) + "-" +
                                             std::to_string(std::random_device{}()));
        root_ = base_ / "dist";
        fs::create_directories(root_ / "assets");
        write(root_ / "index.html", "<!doctype html><title>Styrkort</title>");
        write(root_ / "assets" / "index-4f3a2b1c.js", "console.log('app')");
        write(root_ / "assets" / "index-9d8e7f6a.css", "body{margin:0}");
        write(root_ / "favicon.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>");
        write(root_ / ".env", "hidden");
        write(base_ / "secret.txt", "outside the web folder");
    }
    void TearDown() override { fs::remove_all(base_); }

    static void write(const fs::path& p, const std::string& content) { std::ofstream(p, std::ios::binary) << content; }

    Response get(const std::string& target, const std::string& method = "GET",
                 const std::string& if_none_match = "") const {
        auto decoded = decode_target(target);
        EXPECT_TRUE(decoded) << target;
        Request r;
        r.method = method;
        r.target = target;
        r.path = decoded ? decoded->path : target;
        if (!if_none_match.empty()) r.headers["if-none-match"] = if_none_match;
        return StaticFiles(root_).serve(r);
    }

    static std::string header(const Response& r, const std::string& name) {
        for (const auto& [n, v] : r.headers)
            if (n == name) return v;
        return {};
    }

    fs::path base_, root_;
};

TEST_F(StaticFilesTest, ServesIndexAtRootAsRevalidatedHtmlWithStrictCsp) {
    auto r = get("/");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
    EXPECT_EQ(r.body, "<!doctype html><title>Styrkort</title>");
    EXPECT_EQ(header(r, "Cache-Control"), "no-cache");
    EXPECT_NE(header(r, "Content-Security-Policy").find("script-src 'self'"), std::string::npos);
    EXPECT_EQ(header(r, "Content-Security-Policy").find("unsafe-inline"), std::string::npos);
    EXPECT_EQ(header(r, "X-Content-Type-Options"), "nosniff");
}

TEST_F(StaticFilesTest, HashedAssetsAreImmutableWithTheirContentType) {
    auto js = get("/assets/index-4f3a2b1c.js");
    EXPECT_EQ(js.status, 200);
    EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
    EXPECT_EQ(js.body, "console.log('app')");
    EXPECT_EQ(header(js, "Cache-Control"), "public, max-age=31536000, immutable");
    auto css = get("/assets/index-9d8e7f6a.css");
    EXPECT_EQ(css.content_type, "text/css; charset=utf-8");
    auto svg = get("/favicon.svg");
    EXPECT_EQ(svg.content_type, "image/svg+xml");
    EXPECT_EQ(header(svg, "Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, EtagRevalidationAnswers304WithoutBody) {
    auto first = get("/assets/index-4f3a2b1c.js");
    auto tag = header(first, "ETag");
    ASSERT_FALSE(tag.empty());
    EXPECT_EQ(tag.front(), '"');
    auto again = get("/assets/index-4f3a2b1c.js", "GET", tag);
    EXPECT_EQ(again.status, 304);
    EXPECT_TRUE(again.body.empty());
    EXPECT_EQ(header(again, "ETag"), tag);
    EXPECT_EQ(get("/assets/index-4f3a2b1c.js", "GET", "\"other\", W/" + tag).status, 304);
    EXPECT_EQ(get("/assets/index-4f3a2b1c.js", "GET", "\"other\"").status, 200);
    // Another content gives another tag.
    EXPECT_NE(header(get("/assets/index-9d8e7f6a.css"), "ETag"), tag);
}

TEST_F(StaticFilesTest, ClientRoutesFallBackToIndexHtml) {
    for (const char* route : {"/plans/3", "/cascade/goal/12", "/scorecard?unit=psykiatri&year=2025", "/s%C3%B6k"}) {
        auto r = get(route);
        EXPECT_EQ(r.status, 200) << route;
        EXPECT_EQ(r.body, "<!doctype html><title>Styrkort</title>") << route;
        EXPECT_EQ(header(r, "Cache-Control"), "no-cache") << route;
    }
}

TEST_F(StaticFilesTest, MissingAssetsAre404NotIndexHtml) {
    EXPECT_EQ(get("/assets/index-00000000.js").status, 404);
    EXPECT_EQ(get("/assets/ny-sida").status, 404);
    EXPECT_EQ(get("/robots.txt").status, 404);
    EXPECT_EQ(get("/logo.png").status, 404);
}

TEST_F(StaticFilesTest, NothingOutsideTheFolderOrHiddenCanBeReached) {
    for (const char* target : {"/../secret.txt", "/%2e%2e/secret.txt", "/assets/../../secret.txt",
                               "/assets/%2E%2E/%2e%2e/secret.txt", "/..%2fsecret.txt", "/.env", "/%2eenv",
                               "/assets/..%5c..%5csecret.txt", "/./index.html"}) {
        auto r = get(target);
        EXPECT_EQ(r.status, 404) << target;
        EXPECT_EQ(r.body.find("outside the web folder"), std::string::npos) << target;
        EXPECT_EQ(r.body.find("hidden"), std::string::npos) << target;
    }
}

TEST_F(StaticFilesTest, SymbolicLinksLeadingOutOfTheFolderAreRefused) {
    fs::create_symlink(base_ / "secret.txt", root_ / "assets" / "leak-12345678.txt");
    auto r = get("/assets/leak-12345678.txt");
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.body.find("outside the web folder"), std::string::npos);
}

TEST_F(StaticFilesTest, OnlyGetAndHead) {
    auto head = get("/", "HEAD");
    EXPECT_EQ(head.status, 200);  // the server drops the body of a HEAD answer
    auto post = get("/", "POST");
    EXPECT_EQ(post.status, 405);
    EXPECT_EQ(header(post, "Allow"), "GET, HEAD");
}

TEST_F(StaticFilesTest, AnUnbuiltClientSaysSoInsteadOfPretending) {
    fs::remove(root_ / "index.html");
    auto r = get("/");
    EXPECT_EQ(r.status, 503);
    EXPECT_NE(r.body.find("inte byggd"), std::string::npos);
    EXPECT_FALSE(StaticFiles(base_ / "missing").available());
}

TEST(SiteHandler, ApiPathsGoToTheApiEverythingElseToTheClient) {
    auto dir = fs::temp_directory_path() / ("styrkort-site-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::ofstream(dir / "index.html") << "client";
    StaticFiles files(dir);
    auto handler = site_handler(
        [](const Request&) {
            Response r;
            r.body = "api";
            return r;
        },
        files);
    auto at = [&](std::string path) {
        Request r;
        r.method = "GET";
        r.path = std::move(path);
        return handler(r).body;
    };
    EXPECT_EQ(at("/api/v1/organisations"), "api");
    EXPECT_EQ(at("/api/v1/nothing-here"), "api");  // the API's own JSON 404, never index.html
    EXPECT_EQ(at("/api"), "api");
    EXPECT_EQ(at("/healthz"), "api");
    EXPECT_EQ(at("/"), "client");
    EXPECT_EQ(at("/apis"), "client");
    EXPECT_EQ(at("/plans/1"), "client");
    fs::remove_all(dir);
    EXPECT_EQ(content_type_for("a.woff2"), "font/woff2");
    EXPECT_EQ(content_type_for("noext"), "application/octet-stream");
}

}  // namespace
}  // namespace styrkort::http
