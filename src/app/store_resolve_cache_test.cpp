#include "app/store_resolve_cache.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "resolve/resolver.hpp"
#include "store/store_test_support.hpp"
#include "support/resolve_dns_responder.hpp"
#include "util/log.hpp"

namespace pt::app {
namespace {

using namespace std::chrono_literals;
using store::testing::ip;

class StoreResolveCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    util::discard_log();
    db_ = store::Database::open(store::StoreSettings{.path = dir_ / "data.db"});
  }
  void flush() { ASSERT_TRUE(db_->writer().flush()); }

  store::testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
};

resolve::GeoInfo zurich() {
  resolve::GeoInfo g;
  g.country_code = "CH";
  g.country = "Switzerland";
  g.region = "Zurich";
  g.city = "Zurich";
  g.latitude = 47.37;
  g.longitude = 8.54;
  g.asn = 559;
  g.as_org = "SWITCH";
  g.isp = "SWITCH Teleinformatikdienste";
  g.source = resolve::GeoSource::IpApi;
  return g;
}

TEST_F(StoreResolveCacheTest, DetachedItMissesAndDropsSaves) {
  StoreResolveCache cache;
  cache.save_host(ip("8.8.8.8"), {"dns.google", true});
  cache.save_geo(ip("8.8.8.8"), zurich());
  EXPECT_FALSE(cache.load_host(ip("8.8.8.8")));
  EXPECT_FALSE(cache.load_geo(ip("8.8.8.8")));
  cache.attach(*db_);
  flush();
  EXPECT_FALSE(cache.load_host(ip("8.8.8.8"))) << "nothing was written while detached";
  EXPECT_EQ(cache.counters().saved, 0U);
}

TEST_F(StoreResolveCacheTest, AnswersRoundTripThroughTheDatabase) {
  StoreResolveCache cache;
  cache.attach(*db_);
  cache.save_host(ip("8.8.8.8"), {"dns.google", true});
  cache.save_host(ip("9.9.9.9"), {"", false});  // "no PTR record" is an answer too
  cache.save_geo(ip("130.59.31.80"), zurich());
  flush();

  const auto host = cache.load_host(ip("8.8.8.8"));
  ASSERT_TRUE(host);
  EXPECT_TRUE(host->found);
  EXPECT_EQ(host->fqdn, "dns.google");
  const auto none = cache.load_host(ip("9.9.9.9"));
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->found);
  EXPECT_FALSE(cache.load_host(ip("1.1.1.1")));

  const auto geo = cache.load_geo(ip("130.59.31.80"));
  ASSERT_TRUE(geo);
  EXPECT_EQ(geo->country_code, "CH");
  EXPECT_EQ(geo->city, "Zurich");
  EXPECT_EQ(geo->asn, 559U);
  EXPECT_EQ(geo->as_org, "SWITCH");
  EXPECT_EQ(geo->isp, "SWITCH Teleinformatikdienste");
  ASSERT_TRUE(geo->latitude);
  EXPECT_DOUBLE_EQ(*geo->latitude, 47.37);
  EXPECT_EQ(geo->source, resolve::GeoSource::Persistent);

  const auto c = cache.counters();
  EXPECT_EQ(c.saved, 3U);
  EXPECT_EQ(c.host_hits, 2U);
  EXPECT_EQ(c.geo_hits, 1U);
  EXPECT_EQ(c.misses, 1U);
  EXPECT_EQ(c.errors, 0U);
}

TEST_F(StoreResolveCacheTest, RowsOlderThanTheirTtlAreMisses) {
  const auto now = util::wall_clock_now();
  // DB_DNS_CACHE_TTL is 1 h and DB_GEO_CACHE_TTL 24 h.
  db_->writer().submit(to_dns_record(ip("8.8.8.8"), {"dns.google", true}, now - 61min));
  db_->writer().submit(to_dns_record(ip("1.1.1.1"), {"one.one.one.one", true}, now - 59min));
  db_->writer().submit(to_geo_record(ip("130.59.31.80"), zurich(), now - 25h));
  db_->writer().submit(to_geo_record(ip("130.59.31.81"), zurich(), now - 23h));
  flush();
  StoreResolveCache cache;
  cache.attach(*db_);
  EXPECT_FALSE(cache.load_host(ip("8.8.8.8")));
  EXPECT_TRUE(cache.load_host(ip("1.1.1.1")));
  EXPECT_FALSE(cache.load_geo(ip("130.59.31.80")));
  EXPECT_TRUE(cache.load_geo(ip("130.59.31.81")));
}

TEST(StoreResolveCacheConversions, AFailedLookupIsNotAnAnswer) {
  store::DnsRecord failed;
  failed.status = store::DnsStatus::Failed;
  EXPECT_FALSE(to_stored_host(failed));
  store::DnsRecord empty_name;
  empty_name.status = store::DnsStatus::Resolved;
  EXPECT_FALSE(to_stored_host(empty_name)) << "a resolved row without a name is asked again";
  const auto r = to_dns_record(ip("8.8.8.8"), {"dns.google", true}, util::wall_clock_now());
  EXPECT_EQ(r.hostname, "dns");
  EXPECT_EQ(r.status, store::DnsStatus::Resolved);
}

// The point of it all: a second run (a new resolver, a new cache) answers a PTR from the
// database without asking the DNS server again.
TEST_F(StoreResolveCacheTest, ASecondResolverAnswersFromTheDatabaseWithoutAQuery) {
  test::DnsResponder dns;
  dns.add_ptr("8.8.8.8.in-addr.arpa", "dns.google");
  resolve::ResolverConfig config;
  config.dns.servers = dns.server();
  auto settled = [](resolve::Resolver& resolver) {
    const auto until = std::chrono::steady_clock::now() + 10s;
    while (resolver.annotate(ip("8.8.8.8")).ptr_state == resolve::LookupState::Pending &&
           std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(2ms);
    }
    return resolver.annotate(ip("8.8.8.8"));
  };
  {
    StoreResolveCache cache;
    cache.attach(*db_);
    resolve::Resolver first(config, &cache);
    first.start();
    first.annotate(ip("8.8.8.8"));
    EXPECT_EQ(settled(first).ptr.fqdn, "dns.google");
    first.stop();
    cache.detach();
    EXPECT_EQ(cache.counters().saved, 1U);
  }
  flush();
  ASSERT_EQ(dns.queries(), 1);

  StoreResolveCache cache;
  cache.attach(*db_);
  resolve::Resolver second(config, &cache);
  second.start();
  second.annotate(ip("8.8.8.8"));
  const auto a = settled(second);
  EXPECT_EQ(a.ptr_state, resolve::LookupState::Ready);
  EXPECT_EQ(a.ptr.fqdn, "dns.google");
  EXPECT_EQ(dns.queries(), 1) << "answered from dns_cache";
  EXPECT_EQ(second.stats().persistent_hits, 1U);
  EXPECT_EQ(cache.counters().host_hits, 1U);
  second.stop();
  cache.detach();
}

}  // namespace
}  // namespace pt::app
