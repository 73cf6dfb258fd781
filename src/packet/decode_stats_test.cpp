// DecodeStats: per-frame outcome, link type, protocol, fragment and tunnel counters.

#include "packet/decode_stats.hpp"

#include <gtest/gtest.h>

#include "packet/decode.hpp"
#include "support/packet_builder.hpp"

namespace pt::packet {
namespace {

using test::Bytes;

Packet decode_bytes(const Bytes& bytes, int link, std::int64_t ts_nanos, std::uint32_t wire = 0) {
  Frame frame;
  frame.link_type = link;
  frame.data = bytes;
  frame.timestamp = util::from_unix_nanos(ts_nanos);
  frame.wire_length = wire != 0 ? wire : static_cast<std::uint32_t>(bytes.size());
  Packet p;
  decode(frame, p);
  return p;
}

TEST(DecodeStats, CountsOutcomesProtocolsAndLinkTypes) {
  const auto tcp = test::ethernet(test::ipv4("10.0.0.1", "10.0.0.2", 6, test::tcp(1, 2, test::kSyn)));
  test::EthernetSpec vlan;
  vlan.vlans = {5};
  const auto udp6 = test::ethernet(test::ipv6("::1", "::2", 17, test::udp(1, 2)), test::kEtherIpv6, vlan);
  const auto arp = test::ethernet(test::arp(1, "10.0.0.1", "10.0.0.2"), test::kEtherArp);
  const auto icmp = test::linux_sll(test::ipv4("10.0.0.1", "10.0.0.2", 1, test::icmp(8, 0)));
  const auto icmp6 = test::ipv6("::1", "::2", 58, test::icmpv6(128, 0));
  const auto lldp = test::ethernet(Bytes(20, 0), 0x88CC);
  Bytes cut = tcp;
  cut.resize(20);
  test::Ipv4Spec fragment;
  fragment.fragment_offset_bytes = 8;
  const auto later = test::ethernet(test::ipv4("10.0.0.1", "10.0.0.2", 17, Bytes(8, 0), fragment));
  auto bad = tcp;
  bad[14] = 0x43;

  DecodeStats s;
  s.record(decode_bytes(tcp, 1, 3'000, 1500));
  s.record(decode_bytes(udp6, 1, 1'000));
  s.record(decode_bytes(arp, 1, 2'000));
  s.record(decode_bytes(icmp, 113, 4'000));
  s.record(decode_bytes(icmp6, 12, 5'000));
  s.record(decode_bytes(lldp, 1, 6'000));
  s.record(decode_bytes(cut, 1, 7'000));
  s.record(decode_bytes(later, 1, 8'000));
  s.record(decode_bytes(bad, 1, 9'000));

  EXPECT_EQ(s.packets, 9U);
  EXPECT_EQ(s.bytes, 1500U + udp6.size() + arp.size() + icmp.size() + icmp6.size() + lldp.size() + cut.size() +
                         later.size() + bad.size());
  EXPECT_EQ(s.outcomes.ok, 6U);
  EXPECT_EQ(s.outcomes.truncated, 1U);
  EXPECT_EQ(s.outcomes.malformed, 1U);
  EXPECT_EQ(s.outcomes.unsupported, 1U);
  EXPECT_EQ(s.protocols.ethernet, 7U);
  EXPECT_EQ(s.protocols.vlan, 1U);
  EXPECT_EQ(s.protocols.arp, 1U);
  EXPECT_EQ(s.protocols.ipv4, 5U);  // tcp, icmp, cut, later fragment, bad header
  EXPECT_EQ(s.protocols.ipv6, 2U);
  EXPECT_EQ(s.protocols.tcp, 1U);
  EXPECT_EQ(s.protocols.udp, 1U);
  EXPECT_EQ(s.protocols.icmp, 1U);
  EXPECT_EQ(s.protocols.icmpv6, 1U);
  EXPECT_EQ(s.protocols.other, 1U);
  EXPECT_EQ(s.fragments, 1U);
  EXPECT_EQ(util::to_unix_nanos(s.first_timestamp), 1'000);
  EXPECT_EQ(util::to_unix_nanos(s.last_timestamp), 9'000);

  const auto links = s.link_types();
  ASSERT_EQ(links.size(), 3U);
  EXPECT_EQ(links[0], (std::pair<int, std::uint64_t>{1, 7}));
  EXPECT_EQ(links[1], (std::pair<int, std::uint64_t>{113, 1}));
  EXPECT_EQ(links[2], (std::pair<int, std::uint64_t>{12, 1}));
}

TEST(DecodeStats, LinkTypeTableIsBounded) {
  DecodeStats s;
  const Bytes empty;
  for (int link = 0; link < 20; ++link) s.record(decode_bytes(empty, 1000 + link, 0));
  EXPECT_EQ(s.packets, 20U);
  EXPECT_EQ(s.link_types().size(), DecodeStats::kMaxLinkTypes);
  EXPECT_EQ(s.outcomes.unsupported, 20U);
}

}  // namespace
}  // namespace pt::packet
