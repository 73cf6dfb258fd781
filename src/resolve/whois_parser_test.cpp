#include "resolve/whois_parser.hpp"

#include <gtest/gtest.h>

#include "resolve/whois_samples_test.hpp"

namespace pt::resolve {
namespace {

TEST(WhoisParserTest, IanaGivesTheReferral) {
  const auto a = parse_whois(samples::kIana);
  ASSERT_TRUE(a.referral);
  EXPECT_EQ(a.referral->host, "whois.arin.net");
  EXPECT_EQ(a.referral->port, 43);
}

TEST(WhoisParserTest, ArinTakesTheMostSpecificNetwork) {
  const auto a = parse_whois(samples::kArin);
  EXPECT_EQ(a.network, "8.8.8.0/24");
  EXPECT_EQ(a.netname, "GOGL");
  EXPECT_EQ(a.org, "Google LLC");
  EXPECT_EQ(a.country, "US");
  EXPECT_EQ(a.origin_asn, 15169U);
  EXPECT_FALSE(a.referral);
}

TEST(WhoisParserTest, ArinReferralServerUrl) {
  const auto a = parse_whois(samples::kArinToRipe);
  ASSERT_TRUE(a.referral);
  EXPECT_EQ(a.referral->host, "whois.ripe.net");
  const auto b = parse_whois("NetRange: 1.0.0.0 - 1.0.0.255\nReferralServer: whois://rr.example.net:4343/\n");
  ASSERT_TRUE(b.referral);
  EXPECT_EQ(b.referral->host, "rr.example.net");
  EXPECT_EQ(b.referral->port, 4343);
  EXPECT_FALSE(parse_whois("NetRange: x\nReferralServer: rwhois://rwhois.example.net:4321\n").referral);
}

TEST(WhoisParserTest, RipeStyleRegistries) {
  const auto ripe = parse_whois(samples::kRipe);
  EXPECT_EQ(ripe.network, "193.0.0.0 - 193.0.7.255");
  EXPECT_EQ(ripe.netname, "RIPE-NCC");
  EXPECT_EQ(ripe.org, "Reseaux IP Europeens Network Coordination Centre (RIPE NCC)");
  EXPECT_EQ(ripe.country, "NL");
  EXPECT_EQ(ripe.origin_asn, 3333U);

  const auto apnic = parse_whois(samples::kApnic);
  EXPECT_EQ(apnic.network, "2001:dc0::/32");
  EXPECT_EQ(apnic.org, "Asia Pacific Network Information Centre");  // first descr
  EXPECT_EQ(apnic.country, "AU");

  const auto afrinic = parse_whois(samples::kAfrinic);
  EXPECT_EQ(afrinic.netname, "AFRINIC-Ops-Net");
  EXPECT_EQ(afrinic.country, "MU");
}

TEST(WhoisParserTest, Lacnic) {
  const auto a = parse_whois(samples::kLacnic);
  EXPECT_EQ(a.network, "200.160.0.0/20");
  EXPECT_EQ(a.org.substr(0, 1), "N");
  EXPECT_EQ(a.country, "BR");
  EXPECT_EQ(a.origin_asn, 22548U);
}

TEST(WhoisParserTest, EscapeSequencesAreSanitized) {
  const auto a = parse_whois("inetnum: 1.0.0.0 - 1.0.0.255\nnetname: EVIL\x1b[2J\x1b]0;x\x07NET\ncountry: ZZ\n");
  EXPECT_EQ(a.netname.find('\x1b'), std::string::npos);
  EXPECT_EQ(a.netname.find('\x07'), std::string::npos);
  EXPECT_EQ(a.netname.substr(0, 4), "EVIL");
}

TEST(WhoisParserTest, GarbageGivesNothing) {
  const auto a = parse_whois(std::string("\0\xff\xfe garbage :: : \n:\n", 20));
  EXPECT_FALSE(a.has_network_data());
  EXPECT_FALSE(a.referral);
  EXPECT_FALSE(parse_whois("refer: bad host name!\n").referral);
}

}  // namespace
}  // namespace pt::resolve
