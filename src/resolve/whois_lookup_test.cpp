#include "resolve/whois_lookup.hpp"

#include <gtest/gtest.h>

#include "resolve/whois_samples_test.hpp"
#include "support/resolve_tcp_server.hpp"

namespace pt::resolve {
namespace {

using namespace std::chrono_literals;
using test::TcpReply;
using test::TcpServer;

util::IpAddress ip(const char* text) { return *util::IpAddress::parse(text); }

TcpServer::Handler answer(std::string text) {
  return [text](const std::string&) { return TcpReply{text}; };
}

WhoisConfig config_for(const TcpServer& iana, std::map<std::string, std::string> registries) {
  WhoisConfig c;
  c.root_server = "whois.iana.org";
  c.server_addresses = std::move(registries);
  c.server_addresses["whois.iana.org"] = iana.address();
  c.limits.connect_timeout = 1000ms;
  c.limits.read_timeout = 1000ms;
  return c;
}

TEST(WhoisLookupTest, IanaReferralToArin) {
  TcpServer iana(TcpServer::Framing::Line, answer(samples::kIana));
  TcpServer arin(TcpServer::Framing::Line, answer(samples::kArin));
  WhoisLookup whois(config_for(iana, {{"whois.arin.net", arin.address()}}));
  const auto r = whois.lookup(ip("8.8.8.8"));
  EXPECT_EQ(r.failure, FailureReason::None);
  EXPECT_EQ(r.info.org, "Google LLC");
  EXPECT_EQ(r.info.isp, "Google LLC");
  EXPECT_EQ(r.info.network, "8.8.8.0/24");
  EXPECT_EQ(r.info.netname, "GOGL");
  EXPECT_EQ(r.info.country, "US");
  EXPECT_EQ(r.info.asn, 15169U);
  EXPECT_EQ(r.info.source, "whois.arin.net");
  EXPECT_EQ(r.servers_asked, (std::vector<std::string>{"whois.iana.org", "whois.arin.net"}));
  ASSERT_EQ(iana.requests().size(), 1U);
  EXPECT_EQ(iana.requests()[0], "8.8.8.8\r\n");
  ASSERT_EQ(arin.requests().size(), 1U);
  EXPECT_EQ(arin.requests()[0], "n + 8.8.8.8\r\n");  // network records only
}

TEST(WhoisLookupTest, ArinReferralServerToRipe) {
  TcpServer iana(TcpServer::Framing::Line, answer("refer: whois.arin.net\n"));
  TcpServer arin(TcpServer::Framing::Line, answer(samples::kArinToRipe));
  TcpServer ripe(TcpServer::Framing::Line, answer(samples::kRipe));
  WhoisLookup whois(config_for(iana, {{"whois.arin.net", arin.address()}, {"whois.ripe.net", ripe.address()}}));
  const auto r = whois.lookup(ip("193.0.6.139"));
  EXPECT_EQ(r.failure, FailureReason::None);
  EXPECT_EQ(r.info.netname, "RIPE-NCC");
  EXPECT_EQ(r.info.country, "NL");
  EXPECT_EQ(r.info.source, "whois.ripe.net");
  ASSERT_EQ(ripe.requests().size(), 1U);
  EXPECT_EQ(ripe.requests()[0], "-r 193.0.6.139\r\n");
}

TEST(WhoisLookupTest, EachRegistryFormat) {
  struct Case {
    const char* registry;
    const char* text;
    const char* address;
    const char* country;
  };
  for (const Case& c : {Case{"whois.apnic.net", samples::kApnic, "2001:dc0::1", "AU"},
                        Case{"whois.lacnic.net", samples::kLacnic, "200.160.2.3", "BR"},
                        Case{"whois.afrinic.net", samples::kAfrinic, "196.216.2.1", "MU"}}) {
    TcpServer iana(TcpServer::Framing::Line, answer(std::string("refer: ") + c.registry + "\n"));
    TcpServer rir(TcpServer::Framing::Line, answer(c.text));
    WhoisLookup whois(config_for(iana, {{c.registry, rir.address()}}));
    const auto r = whois.lookup(ip(c.address));
    EXPECT_EQ(r.failure, FailureReason::None) << c.registry;
    EXPECT_EQ(r.info.country, c.country) << c.registry;
    EXPECT_FALSE(r.info.network.empty()) << c.registry;
    EXPECT_EQ(r.info.source, c.registry);
  }
}

TEST(WhoisLookupTest, ReferralLoopEnds) {
  TcpServer iana(TcpServer::Framing::Line, answer("refer: a.example.net\n"));
  TcpServer a(TcpServer::Framing::Line, answer("ReferralServer: whois://b.example.net\n"));
  TcpServer b(TcpServer::Framing::Line, answer("refer: a.example.net\n"));
  WhoisLookup whois(config_for(iana, {{"a.example.net", a.address()}, {"b.example.net", b.address()}}));
  const auto r = whois.lookup(ip("8.8.8.8"));
  EXPECT_EQ(r.failure, FailureReason::ReferralLoop);
  EXPECT_EQ(a.requests().size(), 1U);
  EXPECT_EQ(b.requests().size(), 1U);
}

TEST(WhoisLookupTest, HopLimit) {
  TcpServer iana(TcpServer::Framing::Line, answer("refer: h1.example.net\n"));
  TcpServer h1(TcpServer::Framing::Line, answer("refer: h2.example.net\n"));
  TcpServer h2(TcpServer::Framing::Line, answer("refer: h3.example.net\n"));
  TcpServer h3(TcpServer::Framing::Line, answer(samples::kRipe));
  auto config = config_for(
      iana, {{"h1.example.net", h1.address()}, {"h2.example.net", h2.address()}, {"h3.example.net", h3.address()}});
  config.max_hops = 3;
  WhoisLookup whois(config);
  EXPECT_EQ(whois.lookup(ip("8.8.8.8")).failure, FailureReason::ReferralLoop);
  EXPECT_TRUE(h3.requests().empty());
}

TEST(WhoisLookupTest, OversizedAnswerIsCut) {
  TcpServer iana(TcpServer::Framing::Line, answer(std::string(200 * 1024, 'x')));
  auto config = config_for(iana, {});
  config.limits.max_answer_bytes = 16 * 1024;
  WhoisLookup whois(config);
  EXPECT_EQ(whois.lookup(ip("8.8.8.8")).failure, FailureReason::TooLarge);
}

TEST(WhoisLookupTest, SilentPeerTimesOut) {
  TcpServer iana(TcpServer::Framing::Line, answer("refer: whois.arin.net\n"));
  TcpServer arin(TcpServer::Framing::Line, [](const std::string&) { return TcpReply{samples::kArin, 3000ms}; });
  auto config = config_for(iana, {{"whois.arin.net", arin.address()}});
  config.limits.read_timeout = 300ms;
  WhoisLookup whois(config);
  const auto start = std::chrono::steady_clock::now();
  const auto r = whois.lookup(ip("8.8.8.8"));
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r.failure, FailureReason::Timeout);
  EXPECT_GE(took, 250ms);
  EXPECT_LT(took, 2000ms);
}

TEST(WhoisLookupTest, NothingListeningIsUnreachable) {
  WhoisConfig config;
  config.server_addresses["whois.iana.org"] = "127.0.0.1:1";
  WhoisLookup whois(config);
  EXPECT_EQ(whois.lookup(ip("8.8.8.8")).failure, FailureReason::Unreachable);
}

TEST(WhoisLookupTest, PerServerRateLimit) {
  TcpServer iana(TcpServer::Framing::Line, answer(samples::kRipe));
  auto config = config_for(iana, {});
  config.queries_per_minute_per_server = 2;
  WhoisLookup whois(config);
  const auto t0 = TokenBucket::Clock::now();
  EXPECT_EQ(whois.lookup(ip("193.0.6.139"), t0).failure, FailureReason::None);
  EXPECT_EQ(whois.lookup(ip("193.0.6.139"), t0).failure, FailureReason::None);
  EXPECT_EQ(whois.lookup(ip("193.0.6.139"), t0).failure, FailureReason::RateLimited);
  EXPECT_EQ(iana.requests().size(), 2U);
  EXPECT_EQ(whois.lookup(ip("193.0.6.139"), t0 + 31s).failure, FailureReason::None);
}

}  // namespace
}  // namespace pt::resolve
