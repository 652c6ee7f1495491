// The command line as a process on both backends: import kolada, kolada values, and
// kolada fetch against a real local HTTP server that serves the stored pages as Kolada
// would (the file for each request by the next_url naming rule), with a first answer
// 503 to make the client retry; and the clear error when Kolada cannot be reached.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "formats/kolada_page.hpp"
#include "process.hpp"
#include "support/test_database.hpp"

namespace styrkort::testing {
namespace {

const std::string pages_dir = std::string(STYRKORT_SOURCE_DIR) + "/tests/kolada/pages/";
const std::string bad_dir = std::string(STYRKORT_SOURCE_DIR) + "/tests/kolada/bad/";
const std::string plan_file = std::string(STYRKORT_SOURCE_DIR) + "/data/norrbotten-2020-2022.json";

// A plain HTTP/1.1 server on 127.0.0.1 serving `dir` the way the pages were saved: the
// request's path and query name the file (formats::kolada::file_name_for_url). The
// first request for each path is answered 503 (a busy server), the next one served.
class PageServer {
public:
    explicit PageServer(std::string dir) : dir_(std::move(dir)) {
        fd_ = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = 0;
        if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd_, 16) != 0) {
            throw std::runtime_error("cannot listen");
        }
        socklen_t len = sizeof addr;
        getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
        thread_ = std::thread([this] { serve(); });
    }
    ~PageServer() {
        stop_ = true;
        shutdown(fd_, SHUT_RDWR);
        close(fd_);
        thread_.join();
    }
    [[nodiscard]] std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }
    std::vector<std::string> requests() {
        std::lock_guard lock(mutex_);
        return requests_;
    }

private:
    void serve() {
        while (!stop_) {
            int client = accept(fd_, nullptr, nullptr);
            if (client < 0) return;
            std::string request;
            char buf[4096];
            while (request.find("\r\n\r\n") == std::string::npos) {
                auto n = read(client, buf, sizeof buf);
                if (n <= 0) break;
                request.append(buf, static_cast<std::size_t>(n));
            }
            auto target = request.substr(4, request.find(' ', 4) - 4);  // "GET <target> HTTP/1.1"
            std::string status = "200 OK", body;
            bool first = false;
            {
                std::lock_guard lock(mutex_);
                requests_.push_back(target);
                first = seen_.insert(target).second;
            }
            if (first) {
                status = "503 Service Unavailable";
            } else {
                std::ifstream in(dir_ + formats::kolada::file_name_for_url("http://x" + target), std::ios::binary);
                std::ostringstream text;
                text << in.rdbuf();
                body = text.str();
                if (!in) status = "404 Not Found";
            }
            auto response = "HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " +
                            std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
            (void)write(client, response.data(), response.size());
            close(client);
        }
    }
    std::string dir_;
    int fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    std::thread thread_;
    std::mutex mutex_;
    std::vector<std::string> requests_;
    std::set<std::string> seen_;
};

class KoladaCliTest : public ProcessTest {
protected:
    ProcessResult run(std::vector<std::string> args) {
        for (const auto& a : db_->cli_args()) args.push_back(a);
        return run_styrkort(args, dir_);
    }
    void import_plan() {
        auto r = run({"import", plan_file});
        ASSERT_EQ(r.status, 0) << describe(r);
    }
    std::vector<std::string> all_pages() {
        return {"import", "kolada", pages_dir + "v3_kpi_N00945,N60007,U07414.json",
                pages_dir + "v3_municipality_0000,0021,0022,0023,0024,0025,2580.json",
                pages_dir + "municipality_groups.json",
                pages_dir + "v3_data_kpi_N00945,N60007,U07414_municipality_0000,0021,0022,0023,0024,0025,2580_year_2021,2022,2023.json"};
    }
};

TEST_P(KoladaCliTest, ImportThenValuesAsTextAndJson) {
    import_plan();
    auto imported = run(all_pages());
    ASSERT_EQ(imported.status, 0) << describe(imported);
    EXPECT_NE(imported.out.find("värden: 56 nya"), std::string::npos) << imported.out;
    auto again = run(all_pages());
    EXPECT_NE(again.out.find("värden: 0 nya, 0 ersatta, 0 borttagna, 56 oförändrade"), std::string::npos) << again.out;

    auto text = run({"kolada", "values", "--kpi", "N00945", "--municipality", "0025"});
    ASSERT_EQ(text.status, 0) << describe(text);
    EXPECT_NE(text.out.find("Region Norrbotten (0025)"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("2022    29            inget värde   29,4"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("2023    31,3          30,9          31,7"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("Källa: Kolada"), std::string::npos);

    auto json = run({"kolada", "values", "--kpi", "N00945", "--municipality", "0025", "--year", "2022", "--json"});
    ASSERT_EQ(json.status, 0) << describe(json);
    auto doc = boost::json::parse(json.out);
    EXPECT_EQ(doc.at("source"), "Kolada");
    const auto& values = doc.at("values").as_array();
    ASSERT_EQ(values.size(), 1u);
    EXPECT_EQ(values[0].at("period"), 2022);
    EXPECT_TRUE(values[0].at("K").at("value").is_null());
    EXPECT_EQ(values[0].at("K").at("status"), "Saknas");
    EXPECT_DOUBLE_EQ(values[0].at("M").at("value").as_double(), 29.4);
}

TEST_P(KoladaCliTest, BadFileIsRefusedWithFileAndPath) {
    import_plan();
    ASSERT_EQ(run({"import", "kolada", pages_dir + "v3_kpi_N00945,N60007,U07414.json"}).status, 0);
    auto r = run({"import", "kolada", pages_dir + "revised_2023.json", bad_dir + "unknown_kpi.json"});
    EXPECT_EQ(r.status, 2) << describe(r);
    EXPECT_NE(r.err.find(bad_dir + "unknown_kpi.json:"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("values[1].kpi: nyckeltalet X99999 finns inte i katalogen"), std::string::npos) << r.err;
    auto none = run({"kolada", "values", "--kpi", "N00945", "--municipality", "0025"});
    EXPECT_NE(none.out.find("(inga värden lagrade)"), std::string::npos) << none.out;  // revised_2023 not imported either
}

TEST_P(KoladaCliTest, FetchFollowsNextUrlAndRetries) {
    import_plan();
    PageServer server(pages_dir);
    auto r = run({"kolada", "fetch", "--kpi", "N00945,N60007,U07414", "--municipality", "0000,0021,0022,0023,0024,0025,2580",
                  "--year", "2021,2022,2023", "--base-url", server.base()});
    ASSERT_EQ(r.status, 0) << describe(r);
    EXPECT_NE(r.out.find("Läste 6 sida/sidor"), std::string::npos) << r.out;  // 2 KPI, 1 municipality, 3 data pages
    EXPECT_NE(r.out.find("värden: 56 nya"), std::string::npos) << r.out;
    auto requests = server.requests();
    EXPECT_EQ(requests.size(), 12u);  // every page twice: 503 first
    EXPECT_EQ(requests.back(), "/v3/data/kpi/N00945,N60007,U07414/municipality/0000,0021,0022,0023,0024,0025,2580/"
                               "year/2021,2022,2023?page=3&per_page=8");
}

TEST_P(KoladaCliTest, FetchAsksForAtMost25IdsPerCall) {
    import_plan();
    PageServer server(pages_dir);
    std::string kpis;
    for (int i = 0; i < 26; ++i) kpis += (i ? "," : "") + std::string("N") + std::to_string(10000 + i);
    // The test server has no page for these: the first call is answered 503, then 404.
    auto r = run({"kolada", "fetch", "--kpi", kpis, "--municipality", "0025", "--year", "2023", "--base-url", server.base()});
    EXPECT_EQ(r.status, 1) << describe(r);
    EXPECT_NE(r.err.find("HTTP 404"), std::string::npos) << r.err;
    auto requests = server.requests();
    ASSERT_EQ(requests.size(), 2u);  // 503, then 404: not retried
    auto ids = requests[0].substr(std::string("/v3/kpi/").size());
    EXPECT_EQ(std::count(ids.begin(), ids.end(), ','), 24) << requests[0];
    EXPECT_EQ(ids.substr(ids.rfind(',') + 1), "N10024");
}

TEST_P(KoladaCliTest, FetchWithoutANetworkSaysSoAndChangesNothing) {
    import_plan();
    // A port nobody listens on: the connection is refused, as offline.
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    auto port = ntohs(addr.sin_port);
    close(fd);
    auto r = run({"kolada", "fetch", "--kpi", "N00945", "--municipality", "0025", "--year", "2023", "--attempts", "2",
                  "--base-url", "http://127.0.0.1:" + std::to_string(port)});
    EXPECT_EQ(r.status, 1) << describe(r);
    EXPECT_NE(r.err.find("Kolada kunde inte nås (http://127.0.0.1:" + std::to_string(port) + "/v3/kpi/N00945)"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("efter 2 försök"), std::string::npos) << r.err;
}

TEST_P(KoladaCliTest, LinkAMeasureToAKpi) {
    import_plan();
    ASSERT_EQ(run(all_pages()).status, 0);
    auto measures = run({"list", "measures", "--org", "region-norrbotten"});
    ASSERT_EQ(measures.status, 0) << describe(measures);
    auto doc = boost::json::parse(measures.out);
    const auto& list = doc.is_array() ? doc.as_array() : doc.at("items").as_array();
    auto id = std::to_string(list.at(0).at("id").as_int64());
    auto linked = run({"kolada", "link", "--measure", id, "--kpi", "N00945", "--group", "G0001"});
    EXPECT_EQ(linked.status, 0) << describe(linked);
    EXPECT_NE(linked.out.find("→ N00945 (G0001)"), std::string::npos) << linked.out;
    auto unknown = run({"kolada", "link", "--measure", id, "--kpi", "X1"});
    EXPECT_EQ(unknown.status, 2);
    EXPECT_NE(unknown.err.find("kpi: nyckeltalet X1 finns inte"), std::string::npos) << unknown.err;
    EXPECT_NE(run({"kolada", "unlink", "--measure", id}).out.find("Kopplingen borttagen"), std::string::npos);
    EXPECT_NE(run({"kolada", "unlink", "--measure", id}).out.find("Ingen koppling"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, KoladaCliTest, styrkort::testing::backends(), styrkort::testing::backend_name);

}  // namespace
}  // namespace styrkort::testing
