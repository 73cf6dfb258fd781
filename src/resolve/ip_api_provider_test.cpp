#include "resolve/ip_api_provider.hpp"

#include <gtest/gtest.h>

#include <condition_variable>
#include <map>
#include <mutex>

#include "support/resolve_tcp_server.hpp"

namespace pt::resolve {
namespace {

using namespace std::chrono_literals;
using test::TcpReply;
using test::TcpServer;

util::IpAddress ip(const char* text) { return *util::IpAddress::parse(text); }

class Results {
 public:
  IpApiProvider::Callback callback() {
    return [this](const IpApiResult& r) {
      std::lock_guard lock(mutex_);
      results_[r.address] = r;
      changed_.notify_all();
    };
  }
  std::optional<IpApiResult> wait_for(const util::IpAddress& a, std::chrono::milliseconds limit = 10s) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, limit, [&] { return results_.count(a) != 0; });
    if (auto it = results_.find(a); it != results_.end()) return it->second;
    return std::nullopt;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<util::IpAddress, IpApiResult> results_;
};

// Answers every address in the posted array like ip-api does: 8.8.8.8 known, the rest "fail".
TcpReply fake_ip_api(const std::string& request, const std::string& extra_headers = "") {
  const std::string body = test::http_body(request);
  std::string answer = "[";
  std::size_t at = 0;
  while ((at = body.find('"', at)) != std::string::npos) {
    const auto end = body.find('"', at + 1);
    const std::string q = body.substr(at + 1, end - at - 1);
    at = end + 1;
    if (answer.size() > 1) answer += ",";
    if (q == "8.8.8.8") {
      answer += R"({"status":"success","country":"United States","countryCode":"US","regionName":"Virginia",)"
                R"("city":"Ashburn","lat":39.03,"lon":-77.5,"isp":"Google LLC","org":"Google Public DNS",)"
                R"("as":"AS15169 Google LLC","query":"8.8.8.8"})";
    } else {
      answer += R"({"status":"fail","message":"reserved range","query":")" + q + "\"}";
    }
  }
  answer += "]";
  return {test::http_response("200 OK", extra_headers, answer)};
}

IpApiConfig config_for(const TcpServer& server) {
  IpApiConfig c;
  c.url = "http://127.0.0.1:" + std::to_string(server.port()) + "/batch";
  c.gather = 50ms;
  c.timeout = 2000ms;
  return c;
}

TEST(IpApiProviderTest, BatchLookupAgainstLocalServer) {
  TcpServer server(TcpServer::Framing::Http, [](const std::string& r) { return fake_ip_api(r); });
  Results results;
  IpApiProvider provider(config_for(server), results.callback());
  ASSERT_EQ(provider.prepare(), "");
  provider.start();
  ASSERT_TRUE(provider.submit(ip("8.8.8.8")));
  ASSERT_TRUE(provider.submit(ip("9.9.9.9")));
  const auto google = results.wait_for(ip("8.8.8.8"));
  ASSERT_TRUE(google);
  EXPECT_EQ(google->failure, FailureReason::None);
  EXPECT_EQ(google->geo.city, "Ashburn");
  EXPECT_EQ(google->geo.country_code, "US");
  EXPECT_EQ(google->geo.isp, "Google LLC");
  EXPECT_EQ(google->geo.asn, 15169U);
  EXPECT_EQ(google->geo.as_org, "Google LLC");
  EXPECT_EQ(google->geo.source, GeoSource::IpApi);
  const auto other = results.wait_for(ip("9.9.9.9"));
  ASSERT_TRUE(other);
  EXPECT_EQ(other->failure, FailureReason::NoRecord);

  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1U);  // both in one batch
  EXPECT_EQ(requests[0].rfind("POST /batch?fields=", 0), 0U) << requests[0];
  EXPECT_EQ(test::http_body(requests[0]), R"(["8.8.8.8","9.9.9.9"])");
}

TEST(IpApiProviderTest, ExclusionFilterNamesThePinnedEndpoint) {
  TcpServer server(TcpServer::Framing::Http, [](const std::string& r) { return fake_ip_api(r); });
  IpApiProvider provider(config_for(server), [](const IpApiResult&) {});
  EXPECT_EQ(provider.capture_exclusion_filter(), "");
  ASSERT_EQ(provider.prepare(), "");
  EXPECT_EQ(provider.capture_exclusion_filter(),
            "not (tcp and (host 127.0.0.1) and port " + std::to_string(server.port()) + ")");
  ASSERT_EQ(provider.endpoint_addresses().size(), 1U);
  EXPECT_EQ(provider.endpoint_port(), server.port());
}

TEST(IpApiProviderTest, TokenBucketHoldsBackTheThirdRequest) {
  TcpServer server(TcpServer::Framing::Http, [](const std::string& r) { return fake_ip_api(r); });
  Results results;
  auto config = config_for(server);
  config.requests_per_minute = 2;
  IpApiProvider provider(config, results.callback());
  ASSERT_EQ(provider.prepare(), "");
  provider.start();
  for (const char* a : {"1.0.0.1", "1.0.0.2"}) {
    ASSERT_TRUE(provider.submit(ip(a)));
    ASSERT_TRUE(results.wait_for(ip(a)));
  }
  ASSERT_TRUE(provider.submit(ip("1.0.0.3")));
  EXPECT_FALSE(results.wait_for(ip("1.0.0.3"), 700ms));  // the next token is 30 s away
  EXPECT_EQ(server.requests().size(), 2U);
}

TEST(IpApiProviderTest, ServerSlowDownIsHonored) {
  TcpServer server(TcpServer::Framing::Http,
                   [](const std::string& r) { return fake_ip_api(r, "X-Rl: 0\r\nX-Ttl: 1\r\n"); });
  Results results;
  IpApiProvider provider(config_for(server), results.callback());
  ASSERT_EQ(provider.prepare(), "");
  provider.start();
  ASSERT_TRUE(provider.submit(ip("1.0.0.1")));
  ASSERT_TRUE(results.wait_for(ip("1.0.0.1")));
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(provider.submit(ip("1.0.0.2")));
  ASSERT_TRUE(results.wait_for(ip("1.0.0.2")));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 800ms);
  EXPECT_GE(provider.stats().throttled, 1U);
}

TEST(IpApiProviderTest, TooManyRequestsAndDeadServerAreFailures) {
  TcpServer server(TcpServer::Framing::Http, [](const std::string&) {
    return TcpReply{test::http_response("429 Too Many Requests", "X-Ttl: 1\r\n", "")};
  });
  Results results;
  IpApiProvider provider(config_for(server), results.callback());
  ASSERT_EQ(provider.prepare(), "");
  provider.start();
  ASSERT_TRUE(provider.submit(ip("8.8.8.8")));
  const auto r = results.wait_for(ip("8.8.8.8"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->failure, FailureReason::RateLimited);

  IpApiConfig dead;
  dead.url = "http://127.0.0.1:1/batch";
  dead.gather = 10ms;
  Results dead_results;
  IpApiProvider unreachable(dead, dead_results.callback());
  ASSERT_EQ(unreachable.prepare(), "");
  unreachable.start();
  ASSERT_TRUE(unreachable.submit(ip("8.8.8.8")));
  const auto d = dead_results.wait_for(ip("8.8.8.8"));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->failure, FailureReason::Unreachable);
}

TEST(IpApiProviderTest, NotPreparedRefusesWork) {
  IpApiConfig c;
  c.url = "not a url at all";
  IpApiProvider provider(c, [](const IpApiResult&) {});
  EXPECT_NE(provider.prepare(), "");
  EXPECT_FALSE(provider.submit(ip("8.8.8.8")));
}

}  // namespace
}  // namespace pt::resolve
