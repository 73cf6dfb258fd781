#include "util/ip_address.hpp"

#include <gtest/gtest.h>

#include <array>
#include <unordered_set>

namespace pt::util {
namespace {

IpAddress ip(std::string_view text) {
  auto a = IpAddress::parse(text);
  EXPECT_TRUE(a.has_value()) << text;
  return a.value_or(IpAddress{});
}

TEST(IpAddress, ParseAndFormatBothFamilies) {
  EXPECT_EQ(ip("192.0.2.1").to_string(), "192.0.2.1");
  EXPECT_TRUE(ip("192.0.2.1").is_v4());
  EXPECT_EQ(ip("2001:DB8:0:0:0:0:0:1").to_string(), "2001:db8::1");  // RFC 5952 canonical form
  EXPECT_TRUE(ip("::1").is_v6());
  EXPECT_EQ(ip("::ffff:192.0.2.1").to_string(), "::ffff:192.0.2.1");
  EXPECT_EQ(ip("10.1.2.3").v4_host_order(), 0x0A010203U);
  EXPECT_EQ(IpAddress::v4(0xC0000201U).to_string(), "192.0.2.1");
  EXPECT_EQ(ip("10.1.2.3").bytes().size(), 4U);
  EXPECT_EQ(ip("::").bytes().size(), 16U);
}

TEST(IpAddress, AssignInPlaceReplacesFamilyAndBytes) {
  IpAddress a = ip("2001:db8::ffff");
  const std::array<std::uint8_t, 4> v4{192, 0, 2, 9};
  a.assign_v4(v4);
  EXPECT_EQ(a, ip("192.0.2.9"));  // no IPv6 bytes left behind
  std::array<std::uint8_t, 16> v6{};
  v6[15] = 1;
  a.assign_v6(v6);
  EXPECT_EQ(a, ip("::1"));
}

TEST(IpAddress, RejectsNonAddresses) {
  for (std::string_view bad : {"", "1.2.3", "256.1.1.1", "1.2.3.4.5", "example.com", "::g", "1.2.3.4 ",
                               "0000000000000000000000000000000000000000000000000000000000000000001"}) {
    EXPECT_FALSE(IpAddress::parse(bad).has_value()) << bad;
  }
}

TEST(IpAddress, EmptyAddress) {
  const IpAddress none;
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(none.to_string(), "");
  EXPECT_TRUE(none.bytes().empty());
  EXPECT_EQ(none.reverse_dns_name(), "");
  EXPECT_EQ(none.scope(), AddressScope::Unspecified);
}

TEST(IpAddress, FormatIntoCallerBufferWithoutAllocation) {
  std::array<char, 46> buf{};
  const auto n = ip("2001:db8::abcd").format(buf);
  EXPECT_EQ(std::string_view(buf.data(), n), "2001:db8::abcd");
  std::array<char, 10> small{};
  EXPECT_EQ(ip("10.0.0.1").format(small), 0U);  // refuses rather than truncating
}

TEST(IpAddress, ScopesOfSpecialBlocks) {
  const std::vector<std::pair<const char*, AddressScope>> cases{
      {"8.8.8.8", AddressScope::Public},
      {"10.1.1.1", AddressScope::Private},
      {"172.16.0.1", AddressScope::Private},
      {"172.32.0.1", AddressScope::Public},
      {"192.168.255.255", AddressScope::Private},
      {"127.0.0.53", AddressScope::Loopback},
      {"169.254.1.1", AddressScope::LinkLocal},
      {"224.0.0.251", AddressScope::Multicast},
      {"255.255.255.255", AddressScope::Broadcast},
      {"100.64.0.1", AddressScope::SharedCgnat},
      {"100.128.0.1", AddressScope::Public},
      {"192.0.2.7", AddressScope::Documentation},
      {"198.51.100.7", AddressScope::Documentation},
      {"203.0.113.7", AddressScope::Documentation},
      {"0.0.0.0", AddressScope::Unspecified},
      {"0.1.2.3", AddressScope::Reserved},
      {"240.0.0.1", AddressScope::Reserved},
      {"198.18.0.1", AddressScope::Reserved},
      {"2606:4700::1111", AddressScope::Public},
      {"::1", AddressScope::Loopback},
      {"::", AddressScope::Unspecified},
      {"fe80::1", AddressScope::LinkLocal},
      {"fd00::1", AddressScope::Private},
      {"ff02::1", AddressScope::Multicast},
      {"2001:db8::1", AddressScope::Documentation},
  };
  for (const auto& [text, scope] : cases) EXPECT_EQ(ip(text).scope(), scope) << text;
  EXPECT_TRUE(ip("1.1.1.1").is_public());
  EXPECT_FALSE(ip("10.0.0.1").is_public());
}

TEST(IpAddress, V4MappedTakesTheScopeOfTheEmbeddedAddress) {
  EXPECT_EQ(ip("::ffff:10.0.0.1").scope(), AddressScope::Private);
  EXPECT_EQ(ip("::ffff:127.0.0.1").scope(), AddressScope::Loopback);
  EXPECT_EQ(ip("::ffff:8.8.8.8").scope(), AddressScope::Public);
}

TEST(IpAddress, ScopeNamesAndLabels) {
  EXPECT_EQ(to_string(AddressScope::SharedCgnat), "cgnat");
  EXPECT_EQ(scope_label(AddressScope::Public), "");
  EXPECT_EQ(scope_label(AddressScope::Private), "Private network");
}

TEST(IpAddress, ReverseDnsNames) {
  EXPECT_EQ(ip("192.0.2.10").reverse_dns_name(), "10.2.0.192.in-addr.arpa");
  EXPECT_EQ(ip("2001:db8::567:89ab").reverse_dns_name(),
            "b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa");  // RFC 3596 §2.5
}

TEST(IpAddress, InPrefix) {
  EXPECT_TRUE(ip("10.1.2.3").in_prefix(ip("10.0.0.0"), 8));
  EXPECT_FALSE(ip("11.1.2.3").in_prefix(ip("10.0.0.0"), 8));
  EXPECT_TRUE(ip("172.31.255.1").in_prefix(ip("172.16.0.0"), 12));
  EXPECT_FALSE(ip("172.32.0.1").in_prefix(ip("172.16.0.0"), 12));
  EXPECT_TRUE(ip("1.2.3.4").in_prefix(ip("9.9.9.9"), 0));
  EXPECT_TRUE(ip("1.2.3.4").in_prefix(ip("1.2.3.4"), 200));  // clamped to 32
  EXPECT_FALSE(ip("1.2.3.5").in_prefix(ip("1.2.3.4"), 32));
  EXPECT_TRUE(ip("2001:db8:1::5").in_prefix(ip("2001:db8::"), 32));
  EXPECT_FALSE(ip("2001:db9::5").in_prefix(ip("2001:db8::"), 32));
  EXPECT_FALSE(ip("::ffff:10.0.0.1").in_prefix(ip("10.0.0.0"), 8));  // families differ
  EXPECT_FALSE(IpAddress{}.in_prefix(IpAddress{}, 0));
}

TEST(IpAddress, HashAndOrderingDistinguishFamilies) {
  std::unordered_set<IpAddress> set{ip("10.0.0.1"), ip("10.0.0.1"), ip("10.0.0.2"), ip("::a00:1"),
                                    ip("::ffff:10.0.0.1")};
  EXPECT_EQ(set.size(), 4U);
  EXPECT_EQ(ip("10.0.0.1").hash(), ip("10.0.0.1").hash());
  EXPECT_NE(ip("10.0.0.1").hash(), ip("10.0.0.2").hash());
  EXPECT_LT(ip("10.0.0.1"), ip("10.0.0.2"));
  EXPECT_NE(ip("0.0.0.0"), IpAddress{});
}

}  // namespace
}  // namespace pt::util
