#include "resolve/resolver.hpp"

#include <gtest/gtest.h>

#include <map>
#include <thread>

#include "resolve/whois_samples_test.hpp"
#include "support/resolve_dns_responder.hpp"
#include "support/resolve_mmdb_fixture.hpp"
#include "support/resolve_tcp_server.hpp"

namespace pt::resolve {
namespace {

using namespace std::chrono_literals;

util::IpAddress ip(const char* text) { return *util::IpAddress::parse(text); }

template <typename Predicate>
bool eventually(Predicate done, std::chrono::milliseconds limit = 10s) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return done();
}

// A real (in-memory) implementation of the persistence interface, as the store's would be.
class MemoryPersistence final : public PersistentResolveCache {
 public:
  std::optional<GeoInfo> load_geo(const util::IpAddress& a) override {
    std::lock_guard lock(mutex_);
    auto it = geo_.find(a);
    return it == geo_.end() ? std::nullopt : std::optional(it->second);
  }
  void save_geo(const util::IpAddress& a, const GeoInfo& g) override {
    std::lock_guard lock(mutex_);
    geo_[a] = g;
  }
  std::optional<StoredHost> load_host(const util::IpAddress& a) override {
    std::lock_guard lock(mutex_);
    auto it = hosts_.find(a);
    return it == hosts_.end() ? std::nullopt : std::optional(it->second);
  }
  void save_host(const util::IpAddress& a, const StoredHost& h) override {
    std::lock_guard lock(mutex_);
    hosts_[a] = h;
  }
  std::map<util::IpAddress, StoredHost> hosts() {
    std::lock_guard lock(mutex_);
    return hosts_;
  }

 private:
  std::mutex mutex_;
  std::map<util::IpAddress, GeoInfo> geo_;
  std::map<util::IpAddress, StoredHost> hosts_;
};

class ResolverTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir("pt_resolver");
    error_ = test::write_city_mmdb(dir_->path() / "GeoLite2-City.mmdb");
    if (error_.empty()) error_ = test::write_asn_mmdb(dir_->path() / "GeoLite2-ASN.mmdb");
  }
  static void TearDownTestSuite() { delete dir_; }
  void SetUp() override {
    ASSERT_TRUE(error_.empty()) << error_;
    dns_.add_ptr("8.8.8.8.in-addr.arpa", "dns.google");
    dns_.add_ptr("1.1.1.1.in-addr.arpa", "one.one.one.one");
    dns_.add_ptr("6.6.6.6.in-addr.arpa", "evil\x1b[31m.example.com");
  }
  ResolverConfig config() const {
    ResolverConfig c;
    c.databases = {{dir_->path() / "GeoLite2-City.mmdb"}, {dir_->path() / "GeoLite2-ASN.mmdb"}};
    c.dns.servers = dns_.server();
    return c;
  }

  static test::TempDir* dir_;
  static std::string error_;
  test::DnsResponder dns_;
};
test::TempDir* ResolverTest::dir_ = nullptr;
std::string ResolverTest::error_;

TEST_F(ResolverTest, LocalScopesAreAnsweredLocallyAndNeverLookedUp) {
  Resolver resolver(config());
  resolver.start();
  for (const char* text : {"10.1.2.3", "192.168.1.1", "127.0.0.1", "169.254.1.1", "224.0.0.251", "100.64.0.1",
                           "192.0.2.1", "fe80::1", "fd00::1", "2001:db8::1"}) {
    const auto a = resolver.annotate(ip(text));
    EXPECT_FALSE(a.local_label.empty()) << text;
    EXPECT_EQ(a.location_label(), a.local_label);
    EXPECT_EQ(a.geo_state, LookupState::None) << text;
    EXPECT_EQ(a.ptr_state, LookupState::None) << text;
    EXPECT_FALSE(resolver.request_whois(ip(text)));
  }
  EXPECT_EQ(resolver.annotate(ip("10.1.2.3")).local_label, "Private network");
  EXPECT_TRUE(resolver.wait_idle(1s));
  EXPECT_EQ(dns_.queries(), 0);
}

TEST_F(ResolverTest, PublicAddressGoesFromPendingToReady) {
  Resolver resolver(config());
  resolver.start();
  const auto first = resolver.annotate(ip("8.8.8.8"));
  EXPECT_NE(first.ptr_state, LookupState::None);
  ASSERT_TRUE(eventually([&] {
    const auto a = resolver.annotate(ip("8.8.8.8"));
    return a.geo_state == LookupState::Ready && a.ptr_state == LookupState::Ready;
  }));
  const auto a = resolver.annotate(ip("8.8.8.8"));
  EXPECT_EQ(a.geo.country_code, "US");
  EXPECT_EQ(a.ownership.asn, 15169U);
  EXPECT_EQ(a.ownership.as_name, "Google LLC");
  EXPECT_EQ(a.ptr.fqdn, "dns.google");
  EXPECT_EQ(a.display.fqdn, "dns.google");
  EXPECT_EQ(resolver.registrable_domain(ip("8.8.8.8")), "dns.google");
  const auto stats = resolver.stats();
  EXPECT_EQ(stats.ptr_found, 1U);
  EXPECT_GE(stats.geo_cache.hits, 1U);
  EXPECT_EQ(stats.ptr_pending, 0U);
}

TEST_F(ResolverTest, NoPtrIsANegativeAnswerAndCached) {
  Resolver resolver(config());
  resolver.start();
  resolver.annotate(ip("9.9.9.9"));
  ASSERT_TRUE(eventually([&] { return resolver.annotate(ip("9.9.9.9")).ptr_state == LookupState::Ready; }));
  const auto a = resolver.annotate(ip("9.9.9.9"));
  EXPECT_EQ(a.ptr_failure, FailureReason::NoRecord);
  EXPECT_TRUE(a.ptr.empty());
  const int queries = dns_.queries();
  for (int i = 0; i < 10; ++i) resolver.annotate(ip("9.9.9.9"));
  EXPECT_EQ(dns_.queries(), queries);  // served from the negative cache
}

TEST_F(ResolverTest, ResolverDownIsFailedNotNoRecord) {
  auto c = config();
  c.dns.servers = "127.0.0.1:" + std::to_string(test::unused_udp_port());
  Resolver resolver(c);
  resolver.start();
  resolver.annotate(ip("8.8.8.8"));
  ASSERT_TRUE(eventually([&] { return resolver.annotate(ip("8.8.8.8")).ptr_state == LookupState::Failed; }));
  EXPECT_NE(resolver.annotate(ip("8.8.8.8")).ptr_failure, FailureReason::NoRecord);
  EXPECT_EQ(resolver.stats().ptr_failed, 1U);
}

TEST_F(ResolverTest, ObservedNameIsShownAndPtrKept) {
  Resolver resolver(config());
  resolver.start();
  resolver.observe_name({ip("1.1.1.1"), "cloudflare-dns.com", NameSource::TlsSni, util::from_unix_seconds(1e9), 0});
  ASSERT_TRUE(resolver.wait_idle(5s));
  // Geo and PTR answer on different threads, in either order.
  ASSERT_TRUE(eventually([&] {
    const auto a = resolver.annotate(ip("1.1.1.1"));
    return a.ptr_state == LookupState::Ready && a.geo_state == LookupState::Ready;
  }));
  const auto a = resolver.annotate(ip("1.1.1.1"));
  EXPECT_EQ(a.display.fqdn, "cloudflare-dns.com");
  EXPECT_EQ(a.ptr.fqdn, "one.one.one.one");
  ASSERT_TRUE(a.observed);
  EXPECT_EQ(a.observed->source, NameSource::TlsSni);
  EXPECT_EQ(resolver.registrable_domain(ip("1.1.1.1")), "cloudflare-dns.com");
  EXPECT_EQ(a.geo.country_code, "AU");
}

TEST_F(ResolverTest, EscapeSequencesInPtrAreSanitized) {
  Resolver resolver(config());
  resolver.start();
  resolver.annotate(ip("6.6.6.6"));
  ASSERT_TRUE(eventually([&] { return resolver.annotate(ip("6.6.6.6")).ptr_state == LookupState::Ready; }));
  const auto a = resolver.annotate(ip("6.6.6.6"));
  EXPECT_FALSE(a.ptr.empty());
  EXPECT_EQ(a.ptr.fqdn.find('\x1b'), std::string::npos) << a.ptr.fqdn;
  EXPECT_EQ(a.ptr.domain, "example.com");
}

TEST_F(ResolverTest, NoResolveKeepsPassiveNamesAndOfflineGeo) {
  auto c = config();
  c.active = false;
  Resolver resolver(c);
  resolver.start();
  resolver.observe_name({ip("8.8.8.8"), "dns.google", NameSource::DnsAnswer, util::from_unix_seconds(1e9), 60});
  ASSERT_TRUE(resolver.wait_idle(5s));
  ASSERT_TRUE(eventually([&] { return resolver.annotate(ip("8.8.8.8")).geo_state == LookupState::Ready; }));
  const auto a = resolver.annotate(ip("8.8.8.8"));
  EXPECT_EQ(a.ptr_state, LookupState::None);
  EXPECT_EQ(a.display.fqdn, "dns.google");
  EXPECT_EQ(a.geo.country_code, "US");
  EXPECT_FALSE(resolver.request_whois(ip("8.8.8.8")));
  EXPECT_TRUE(resolver.wait_idle(2s));
  EXPECT_EQ(dns_.queries(), 0);
  EXPECT_FALSE(resolver.stats().active);
}

TEST_F(ResolverTest, FullQueueIsACountedDropNeverAStall) {
  auto c = config();
  c.queue_capacity = 4;
  c.dns.queue_capacity = 4;
  c.dns.max_in_flight = 1;
  dns_.set_delay(200ms);
  Resolver resolver(c);
  resolver.start();
  std::vector<util::IpAddress> addresses;
  for (std::uint32_t i = 0; i < 500; ++i) addresses.push_back(util::IpAddress::v4(0x08000000U + i * 7919U));
  const auto start = std::chrono::steady_clock::now();
  int failed = 0;
  for (const auto& address : addresses) {
    const auto a = resolver.annotate(address);
    failed += a.ptr_state == LookupState::Failed && a.ptr_failure == FailureReason::QueueFull ? 1 : 0;
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);  // ASan build; ~ms in release
  EXPECT_GT(failed, 0);
  const auto stats = resolver.stats();
  EXPECT_GE(stats.ptr_drops, static_cast<std::uint64_t>(failed));
  resolver.stop();
}

TEST_F(ResolverTest, WhoisOnDemandFillsOwnership) {
  test::TcpServer iana(test::TcpServer::Framing::Line,
                       [](const std::string&) { return test::TcpReply{"refer: whois.arin.net\n"}; });
  test::TcpServer arin(test::TcpServer::Framing::Line,
                       [](const std::string&) { return test::TcpReply{samples::kArin}; });
  auto c = config();
  c.whois.server_addresses = {{"whois.iana.org", iana.address()}, {"whois.arin.net", arin.address()}};
  Resolver resolver(c);
  resolver.start();
  EXPECT_EQ(resolver.annotate(ip("8.8.8.8")).whois_state, LookupState::None);
  EXPECT_TRUE(resolver.request_whois(ip("8.8.8.8")));
  ASSERT_TRUE(eventually([&] { return resolver.annotate(ip("8.8.8.8")).whois_state == LookupState::Ready; }));
  ASSERT_TRUE(resolver.wait_idle(5s));
  const auto a = resolver.annotate(ip("8.8.8.8"));
  EXPECT_EQ(a.ownership.org, "Google LLC");
  EXPECT_EQ(a.ownership.network, "8.8.8.0/24");
  EXPECT_EQ(a.ownership.country, "US");
  EXPECT_EQ(a.ownership.asn, 15169U);
  EXPECT_EQ(a.ownership.as_name, "Google LLC");
  EXPECT_EQ(resolver.stats().whois_done, 1U);
}

TEST_F(ResolverTest, CaptureThreadHandOffIsLockFreeAndFillsTheCaches) {
  Resolver resolver(config());
  resolver.start();
  const std::vector<util::IpAddress> seen = {ip("8.8.8.8"), ip("10.0.0.1"), ip("1.1.1.1")};
  resolver.prefetch(seen);
  const ObservedName names[] = {
      {ip("1.1.1.1"), "one.one.one.one", NameSource::DnsAnswer, util::from_unix_seconds(1e9), 300},
      {ip("8.8.8.8"), "dns.google", NameSource::TlsSni, util::from_unix_seconds(1e9), 0}};
  resolver.observe_names(names);
  ASSERT_TRUE(resolver.wait_idle(5s));
  const auto a = resolver.annotate(ip("8.8.8.8"), false);
  EXPECT_EQ(a.geo_state, LookupState::Ready);
  EXPECT_EQ(a.ptr_state, LookupState::Ready);
  EXPECT_EQ(a.display.fqdn, "dns.google");
  EXPECT_EQ(resolver.annotate(ip("1.1.1.1"), false).observed->name, "one.one.one.one");
  EXPECT_EQ(dns_.queries(), 2);  // the private address was not handed on
  EXPECT_EQ(resolver.stats().intake_drops, 0U);
}

TEST_F(ResolverTest, FullIntakeRingCountsDrops) {
  auto c = config();
  c.intake_capacity = 4;
  c.active = false;
  Resolver resolver(c);
  resolver.start();
  std::vector<util::IpAddress> many;
  for (std::uint32_t i = 0; i < 5000; ++i) many.push_back(util::IpAddress::v4(0x08000000U + i));
  resolver.prefetch(many);
  EXPECT_TRUE(resolver.wait_idle(10s));
  EXPECT_GT(resolver.stats().intake_drops, 0U);
}

TEST_F(ResolverTest, StopDoesNotWaitForASilentRegistry) {
  test::TcpServer silent(test::TcpServer::Framing::Line, [](const std::string&) { return test::TcpReply{"", 5000ms}; });
  auto c = config();
  c.whois.server_addresses = {{"whois.iana.org", silent.address()}};
  Resolver resolver(c);
  resolver.start();
  ASSERT_TRUE(resolver.request_whois(ip("8.8.8.8")));
  for (std::uint32_t i = 1; i < 20; ++i) resolver.request_whois(util::IpAddress::v4(0x08080800U + i));
  ASSERT_TRUE(eventually([&] { return silent.requests().size() == 1U; }));
  const auto start = std::chrono::steady_clock::now();
  resolver.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
}

TEST_F(ResolverTest, PersistentCacheIsReadBeforeQueryingAndWrittenAfter) {
  MemoryPersistence persistence;
  persistence.save_host(ip("8.8.4.4"), {"dns.google", true});
  Resolver resolver(config(), &persistence);
  resolver.start();
  resolver.annotate(ip("8.8.4.4"));
  resolver.annotate(ip("8.8.8.8"));
  ASSERT_TRUE(eventually([&] {
    return resolver.annotate(ip("8.8.4.4")).ptr_state == LookupState::Ready &&
           resolver.annotate(ip("8.8.8.8")).ptr_state == LookupState::Ready;
  }));
  EXPECT_EQ(resolver.annotate(ip("8.8.4.4")).ptr.fqdn, "dns.google");
  EXPECT_EQ(dns_.queries(), 1);  // only 8.8.8.8 went to the server
  EXPECT_EQ(persistence.hosts().at(ip("8.8.8.8")).fqdn, "dns.google");
  EXPECT_EQ(resolver.stats().persistent_hits, 1U);
}

TEST_F(ResolverTest, MissingDatabasesLeaveGeoEmptyAndSayItOnce) {
  auto c = config();
  c.databases = {};
  Resolver resolver(c);
  resolver.start();
  const auto notices = resolver.notices();
  ASSERT_EQ(notices.size(), 1U);
  EXPECT_NE(notices[0].find("no city and ASN database"), std::string::npos);
  const auto a = resolver.annotate(ip("8.8.8.8"));
  EXPECT_EQ(a.geo_state, LookupState::None);
  ASSERT_TRUE(eventually([&] { return resolver.annotate(ip("8.8.8.8")).ptr_state == LookupState::Ready; }));
  EXPECT_EQ(resolver.annotate(ip("8.8.8.8")).display.fqdn, "dns.google");
}

TEST_F(ResolverTest, IpApiProviderRefinesOfflineGeoAndIsExcludedFromCapture) {
  test::TcpServer api(test::TcpServer::Framing::Http, [](const std::string&) {
    return test::TcpReply{test::http_response(
        "200 OK", "",
        R"([{"status":"success","country":"United States","countryCode":"US","regionName":"Virginia",)"
        R"("city":"Ashburn","lat":39.03,"lon":-77.5,"isp":"Google LLC","org":"Google Public DNS",)"
        R"("as":"AS15169 Google LLC","query":"8.8.8.8"}])")};
  });
  MemoryPersistence persistence;
  auto c = config();
  c.ip_api = IpApiConfig{};
  c.ip_api->url = "http://127.0.0.1:" + std::to_string(api.port()) + "/batch";
  c.ip_api->gather = 10ms;
  Resolver resolver(c, &persistence);
  resolver.start();
  EXPECT_EQ(resolver.capture_exclusion_filter(),
            "not (tcp and (host 127.0.0.1) and port " + std::to_string(api.port()) + ")");
  resolver.annotate(ip("8.8.8.8"));
  ASSERT_TRUE(eventually([&] { return resolver.annotate(ip("8.8.8.8")).geo.city == "Ashburn"; }));
  ASSERT_TRUE(resolver.wait_idle(5s));
  const auto a = resolver.annotate(ip("8.8.8.8"));
  EXPECT_EQ(a.geo.source, GeoSource::IpApi);
  EXPECT_EQ(a.geo.region, "Virginia");
  EXPECT_EQ(a.ownership.isp, "Google LLC");
  EXPECT_EQ(a.geo.asn, 15169U);
  ASSERT_TRUE(persistence.load_geo(ip("8.8.8.8")));
  EXPECT_EQ(persistence.load_geo(ip("8.8.8.8"))->city, "Ashburn");
  EXPECT_EQ(resolver.stats().provider_requests, 1U);
}

}  // namespace
}  // namespace pt::resolve
