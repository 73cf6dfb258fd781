// The persistent geo and DNS caches: what was put comes back until the TTL passes.

#include <gtest/gtest.h>

#include "store/database.hpp"
#include "store/repositories/dns_repository.hpp"
#include "store/repositories/geo_repository.hpp"
#include "store/store_test_support.hpp"

namespace pt::store::repositories {
namespace {

using testing::at_seconds;
using testing::ip;

class CacheRepositoriesTest : public ::testing::Test {
 protected:
  Connection db_ = open_write_connection(StoreSettings{.path = ":memory:"}, at_seconds(1e9));
};

TEST_F(CacheRepositoriesTest, GeoEntriesExpireAfterTwentyFourHours) {
  GeoRepository geo(db_);
  GeoRecord g{.ip = ip("8.8.8.8"),
              .country = "United States",
              .country_code = "US",
              .city = "",
              .latitude = 37.751,
              .longitude = -97.822,
              .asn = 15169,
              .as_name = "GOOGLE",
              .source = "mmdb",
              .updated_at = at_seconds(1000)};
  geo.put(g);
  const auto hit = geo.get(ip("8.8.8.8"), at_seconds(1000 + 86400));
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->country_code, "US");
  EXPECT_EQ(hit->asn, 15169U);
  EXPECT_DOUBLE_EQ(*hit->latitude, 37.751);
  EXPECT_TRUE(hit->city.empty());
  EXPECT_FALSE(geo.get(ip("8.8.8.8"), at_seconds(1000 + 86401)).has_value());
  EXPECT_FALSE(geo.get(ip("1.1.1.1"), at_seconds(1000)).has_value());

  g.updated_at = at_seconds(90000);  // a refresh replaces the row
  g.city = "Mountain View";
  geo.put(g);
  EXPECT_EQ(geo.get(ip("8.8.8.8"), at_seconds(100000))->city, "Mountain View");
  geo.put(GeoRecord{.ip = ip("9.9.9.9"), .updated_at = at_seconds(10)});
  EXPECT_EQ(geo.purge_expired(at_seconds(100000)), 1);
  EXPECT_EQ(db_.query_int("SELECT COUNT(*) FROM geo_cache"), 1);
}

TEST_F(CacheRepositoriesTest, DnsEntriesExpireAfterAnHourAndKeepTheFqdn) {
  DnsRepository dns(db_);
  dns.put(DnsRecord{.ip = ip("2001:4860:4860::8888"),
                    .fqdn = "dns.google",
                    .hostname = "dns",
                    .domain = "dns.google",
                    .display_name = "dns.google",
                    .status = DnsStatus::Resolved,
                    .source = "ptr",
                    .updated_at = at_seconds(5000)});
  dns.put(
      DnsRecord{.ip = ip("10.1.1.1"), .status = DnsStatus::NoName, .source = "ptr", .updated_at = at_seconds(5000)});
  const auto hit = dns.get(ip("2001:4860:4860::8888"), at_seconds(5000 + 3600));
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->fqdn, "dns.google");
  EXPECT_EQ(hit->hostname, "dns");
  EXPECT_EQ(hit->status, DnsStatus::Resolved);
  EXPECT_EQ(dns.get(ip("10.1.1.1"), at_seconds(5001))->status, DnsStatus::NoName);  // negative answers cache too
  EXPECT_FALSE(dns.get(ip("2001:4860:4860::8888"), at_seconds(5000 + 3601)).has_value());

  dns.put(NsLookup{"example.com", {"a.iana-servers.net", "b.iana-servers.net"}, "ok", at_seconds(5000)});
  const auto ns = dns.ns_lookup("example.com", at_seconds(6000));
  ASSERT_TRUE(ns.has_value());
  EXPECT_EQ(ns->nameservers, (std::vector<std::string>{"a.iana-servers.net", "b.iana-servers.net"}));
  EXPECT_FALSE(dns.ns_lookup("example.com", at_seconds(9000)).has_value());
  EXPECT_EQ(dns.purge_expired(at_seconds(9000)), 3);
}

TEST_F(CacheRepositoriesTest, TtlIsConfigurable) {
  GeoRepository geo(db_, std::chrono::seconds(10));
  geo.put(GeoRecord{.ip = ip("8.8.4.4"), .country = "US", .updated_at = at_seconds(100)});
  EXPECT_TRUE(geo.get(ip("8.8.4.4"), at_seconds(110)).has_value());
  EXPECT_FALSE(geo.get(ip("8.8.4.4"), at_seconds(111)).has_value());
}

}  // namespace
}  // namespace pt::store::repositories
