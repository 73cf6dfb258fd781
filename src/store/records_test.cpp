#include "store/records.hpp"

#include <gtest/gtest.h>

#include "store/store_test_support.hpp"

namespace pt::store {
namespace {

using testing::ip;

TEST(Records, RouteSignatureRoundTripsWithSilentHops) {
  const std::vector<util::IpAddress> hops{ip("10.0.1.1"), util::IpAddress{}, ip("2001:db8::1")};
  EXPECT_EQ(route_signature(hops), "10.0.1.1>*>2001:db8::1");
  EXPECT_EQ(parse_route_signature("10.0.1.1>*>2001:db8::1"), hops);
  EXPECT_TRUE(parse_route_signature("").empty());
  EXPECT_EQ(route_signature({}), "");
}

TEST(Records, MacAddressText) {
  const MacAddress mac{0x00, 0x1b, 0x2c, 0xaa, 0xff, 0x09};
  EXPECT_EQ(format_mac(mac), "00:1b:2c:aa:ff:09");
  EXPECT_EQ(parse_mac("00:1b:2c:aa:ff:09"), mac);
  EXPECT_EQ(format_mac(MacAddress{}), "");
  EXPECT_FALSE(parse_mac("00:1b:2c:aa:ff").has_value());
  EXPECT_FALSE(parse_mac("00-1b-2c-aa-ff-09").has_value());
  EXPECT_FALSE(parse_mac("zz:1b:2c:aa:ff:09").has_value());
}

TEST(Records, EnumText) {
  EXPECT_EQ(parse_source_kind(to_string(SourceKind::File)), SourceKind::File);
  EXPECT_EQ(parse_source_kind(to_string(SourceKind::Interface)), SourceKind::Interface);
  EXPECT_FALSE(parse_source_kind("pipe").has_value());
  for (const DnsStatus status : {DnsStatus::Resolved, DnsStatus::NoName, DnsStatus::Failed}) {
    EXPECT_EQ(parse_dns_status(to_string(status)), status);
  }
}

}  // namespace
}  // namespace pt::store
