#include "http/access_log.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <sstream>

namespace styrkort::http {
namespace {

TEST(HttpAccessLog, FormatsUtcTimestampWithMilliseconds) {
    using namespace std::chrono;
    // 2026-01-02T03:04:05.678Z
    const sys_seconds secs = sys_days{year{2026} / 1 / 2} + hours{3} + minutes{4} + seconds{5};
    EXPECT_EQ(format_utc_timestamp(secs + milliseconds{678}), "2026-01-02T03:04:05.678Z");
    EXPECT_EQ(format_utc_timestamp(system_clock::time_point{}), "1970-01-01T00:00:00.000Z");
}

TEST(HttpAccessLog, WritesOneJsonLine) {
    std::ostringstream out;
    AccessLog log(&out);
    log.write(AccessLogEntry{std::chrono::system_clock::now(), "127.0.0.1", "GET", "/a\"b\xff", 200,
                             12, 1.5});
    const std::string text = out.str();
    ASSERT_FALSE(text.empty());
    EXPECT_EQ(text.back(), '\n');
    EXPECT_EQ(text.find('\n'), text.size() - 1);
    const auto v = boost::json::parse(text).as_object();
    EXPECT_EQ(v.at("remote").as_string(), "127.0.0.1");
    EXPECT_EQ(v.at("method").as_string(), "GET");
    EXPECT_EQ(v.at("path").as_string(), "/a\"b\xEF\xBF\xBD");
    EXPECT_EQ(v.at("status").as_int64(), 200);
    EXPECT_EQ(v.at("bytes").as_int64(), 12);
    EXPECT_DOUBLE_EQ(v.at("ms").as_double(), 1.5);
}

TEST(HttpAccessLog, DisabledWithoutStream) {
    AccessLog log(nullptr);
    EXPECT_FALSE(log.enabled());
    log.write(AccessLogEntry{});  // must be a harmless no-op
}

}  // namespace
}  // namespace styrkort::http
