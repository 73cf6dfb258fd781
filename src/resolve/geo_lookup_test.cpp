#include "resolve/geo_lookup.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

#include "support/resolve_mmdb_fixture.hpp"

namespace pt::resolve {
namespace {

util::IpAddress ip(const char* text) { return *util::IpAddress::parse(text); }

class GeoLookupTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir("pt_geo");
    error_ = test::write_city_mmdb(dir_->path() / "GeoLite2-City.mmdb");
    if (error_.empty()) error_ = test::write_asn_mmdb(dir_->path() / "GeoLite2-ASN.mmdb");
    if (error_.empty()) {
      error_ = test::write_flat_city_mmdb(dir_->path() / "flat-city-ipv4.mmdb", dir_->path() / "flat-city-ipv6.mmdb");
    }
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(error_.empty()) << error_; }
  static std::filesystem::path at(const char* name) { return dir_->path() / name; }

  static test::TempDir* dir_;
  static std::string error_;
};
test::TempDir* GeoLookupTest::dir_ = nullptr;
std::string GeoLookupTest::error_;

TEST_F(GeoLookupTest, MaxMindSchemaGivesCountryCityRegionLocationAndAsn) {
  GeoLookup geo({.city = {at("GeoLite2-City.mmdb")}, .asn = {at("GeoLite2-ASN.mmdb")}});
  EXPECT_TRUE(geo.notice().empty()) << geo.notice();

  const GeoInfo google = geo.lookup(ip("8.8.8.8"));
  EXPECT_EQ(google.country_code, "US");
  EXPECT_EQ(google.country, "United States");
  EXPECT_EQ(google.city, "");
  ASSERT_TRUE(google.latitude.has_value());
  EXPECT_NEAR(*google.latitude, 37.751, 1e-6);
  EXPECT_NEAR(*google.longitude, -97.822, 1e-6);
  EXPECT_EQ(google.asn, 15169U);
  EXPECT_EQ(google.as_org, "Google LLC");
  EXPECT_EQ(google.source, GeoSource::Mmdb);

  const GeoInfo minneapolis = geo.lookup(ip("128.101.101.101"));
  EXPECT_EQ(minneapolis.city, "Minneapolis");
  EXPECT_EQ(minneapolis.region, "Minnesota");
  EXPECT_EQ(minneapolis.location_label(), "Minneapolis, US");
  EXPECT_EQ(minneapolis.asn, 0U);

  const GeoInfo v6 = geo.lookup(ip("2001:4860:4860::8888"));
  EXPECT_EQ(v6.country_code, "US");
  EXPECT_EQ(v6.asn, 15169U);
}

TEST_F(GeoLookupTest, RegisteredCountryStandsInWhenCountryIsAbsent) {
  GeoLookup geo({.city = {at("GeoLite2-City.mmdb")}, .asn = {at("GeoLite2-ASN.mmdb")}});
  const GeoInfo one = geo.lookup(ip("1.1.1.1"));
  EXPECT_EQ(one.country_code, "AU");
  EXPECT_EQ(one.country, "Australia");
  EXPECT_EQ(one.asn, 13335U);
  EXPECT_EQ(one.as_org, "Cloudflare, Inc.");
}

TEST_F(GeoLookupTest, UnknownAddressGivesEmptyInfo) {
  GeoLookup geo({.city = {at("GeoLite2-City.mmdb")}, .asn = {at("GeoLite2-ASN.mmdb")}});
  const GeoInfo none = geo.lookup(ip("9.9.9.9"));
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(none.source, GeoSource::None);
}

TEST_F(GeoLookupTest, FlatSchemaDispatchesByFamily) {
  GeoLookup geo({.city = {at("flat-city-ipv4.mmdb"), at("flat-city-ipv6.mmdb")}, .asn = {}});
  const GeoInfo london = geo.lookup(ip("81.2.69.160"));
  EXPECT_EQ(london.country_code, "GB");
  EXPECT_EQ(london.region, "England");
  EXPECT_EQ(london.city, "London");
  ASSERT_TRUE(london.latitude.has_value());
  EXPECT_NEAR(*london.latitude, 51.5142, 1e-4);
  const GeoInfo manchester = geo.lookup(ip("2a02:8010::1"));
  EXPECT_EQ(manchester.city, "Manchester");
  // The v4 file cannot answer v6 and the v6 file holds no v4 networks.
  EXPECT_TRUE(geo.lookup(ip("2001:4860::1")).empty());
  EXPECT_NE(geo.notice().find("ASN"), std::string::npos);
}

TEST_F(GeoLookupTest, ExplicitFlatFileBringsItsSibling) {
  GeoSearch search{.city_db = at("flat-city-ipv4.mmdb"), .asn_db = at("GeoLite2-ASN.mmdb"), .data_dir = "/nonexistent"};
  const auto paths = locate_geo_databases(search);
  ASSERT_EQ(paths.city.size(), 2U);
  EXPECT_EQ(paths.city[1], at("flat-city-ipv6.mmdb"));
  GeoLookup geo(paths);
  EXPECT_EQ(geo.lookup(ip("2a02:8010::1")).city, "Manchester");
}

TEST_F(GeoLookupTest, SearchFindsDataDirBeforeSystemDirs) {
  test::TempDir data("pt_geo_data");
  const auto dbs = data.path() / "node_modules" / "geolite2" / "dbs";
  std::filesystem::create_directories(dbs);
  std::filesystem::copy_file(at("GeoLite2-City.mmdb"), dbs / "GeoLite2-City.mmdb");
  GeoSearch search{.data_dir = data.path(), .system_dirs = {dir_->path()}};
  const auto paths = locate_geo_databases(search);
  ASSERT_EQ(paths.city.size(), 1U);
  EXPECT_EQ(paths.city[0], dbs / "GeoLite2-City.mmdb");
  ASSERT_EQ(paths.asn.size(), 1U);  // not in data/: found in the "system" folder
  EXPECT_EQ(paths.asn[0], at("GeoLite2-ASN.mmdb"));
}

TEST_F(GeoLookupTest, MissingDatabasesGiveOneLineNoticeAndEmptyAnswers) {
  GeoLookup geo(locate_geo_databases({.data_dir = "/nonexistent", .system_dirs = {}}));
  EXPECT_FALSE(geo.has_city());
  EXPECT_FALSE(geo.has_asn());
  EXPECT_NE(geo.notice().find("no city and ASN database"), std::string::npos) << geo.notice();
  EXPECT_EQ(geo.notice().find('\n'), std::string::npos);
  EXPECT_TRUE(geo.lookup(ip("8.8.8.8")).empty());
}

TEST_F(GeoLookupTest, UnreadableFileIsNamedInTheNotice) {
  const auto junk = dir_->path() / "junk.mmdb";
  {
    std::FILE* f = std::fopen(junk.c_str(), "w");
    std::fputs("not a database", f);
    std::fclose(f);
  }
  GeoLookup geo({.city = {junk}, .asn = {at("GeoLite2-ASN.mmdb")}});
  EXPECT_FALSE(geo.has_city());
  EXPECT_NE(geo.notice().find("junk.mmdb"), std::string::npos) << geo.notice();
  EXPECT_EQ(geo.lookup(ip("8.8.8.8")).asn, 15169U);
}

TEST(GeoLookupRealData, GoogleDnsIsUsAndAs15169) {
  // PT_SOURCE_DIR when ctest sets it, else the checkout this file is in (src/resolve/..).
  const char* source = std::getenv("PT_SOURCE_DIR");
  const std::filesystem::path root = source != nullptr && *source != '\0'
                                         ? std::filesystem::path(source)
                                         : std::filesystem::path(__FILE__).parent_path().parent_path().parent_path();
  const std::filesystem::path data = root / "data";
  const auto paths = locate_geo_databases({.data_dir = data, .system_dirs = {}});
  if (paths.city.empty() || paths.asn.empty()) {
    GTEST_SKIP() << "GeoLite2 files not installed under " << data << " (scripts/install-data.sh)";
  }
  GeoLookup geo(paths);
  const GeoInfo google = geo.lookup(ip("8.8.8.8"));
  EXPECT_EQ(google.country_code, "US");
  EXPECT_EQ(google.asn, 15169U);
  EXPECT_EQ(google.as_org, "Google LLC");
  EXPECT_EQ(geo.lookup(ip("2001:4860:4860::8888")).asn, 15169U);
}

}  // namespace
}  // namespace pt::resolve
