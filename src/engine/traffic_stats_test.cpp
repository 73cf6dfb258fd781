#include "engine/traffic_stats.hpp"

#include <gtest/gtest.h>

#include <string>

#include "engine/tracker_test_conversation.hpp"

namespace pt::engine {
namespace {

using trackers_test::at;
using trackers_test::FrameStore;

class TrafficStatsTest : public ::testing::Test {
 protected:
  const packet::Packet& v4(double t, std::uint8_t protocol, const test::Bytes& l4) {
    return frames_.decode(test::ethernet(test::ipv4("10.0.0.1", "10.0.0.2", protocol, l4)), at(t));
  }
  const packet::Packet& v6(double t, std::uint8_t protocol, const test::Bytes& l4) {
    return frames_.decode(test::ethernet(test::ipv6("2001:db8::1", "2001:db8::2", protocol, l4), test::kEtherIpv6),
                          at(t));
  }
  const packet::Packet& tcp(double t, std::uint8_t flags, std::size_t payload = 0) {
    return v4(t, 6, test::tcp(40000, 443, flags, test::Bytes(payload, 'x')));
  }
  static const ProtocolShare* share(const std::vector<ProtocolShare>& list, std::string_view name) {
    for (const auto& s : list) {
      if (s.name.view() == name) return &s;
    }
    return nullptr;
  }

  FrameStore frames_;
};

TEST_F(TrafficStatsTest, ProtocolDistributionByPacketsAndBytes) {
  TrafficStats s;
  std::uint64_t tcp_bytes = 0;
  for (int i = 0; i < 3; ++i) {
    const auto& p = tcp(0, test::kAck, 100);
    tcp_bytes += p.wire_length;
    s.record(p);
  }
  s.record(v4(0, 17, test::udp(5000, 53, test::bytes_of("q"))));
  s.record(v6(0, 17, test::udp(5000, 53, test::bytes_of("q"))));
  s.record(v4(0, 1, test::icmp(8, 0, 1, 1)));
  s.record(v6(0, 58, test::icmpv6(128, 0, 1, 1)));
  s.record(frames_.decode(test::ethernet(test::arp(1, "10.0.0.1", "10.0.0.2"), test::kEtherArp), at(0)));
  s.record(v4(0, 47, test::Bytes(8, 0)));  // GRE
  const auto sum = s.summary();
  EXPECT_EQ(sum.packets, 9U);
  ASSERT_EQ(sum.protocols.size(), 6U);
  EXPECT_EQ(sum.protocols[0].name.view(), "tcp");  // sorted by packets
  EXPECT_EQ(sum.protocols[0].packets, 3U);
  EXPECT_EQ(sum.protocols[0].bytes, tcp_bytes);
  EXPECT_EQ(sum.protocols[1].name.view(), "udp");
  EXPECT_EQ(sum.protocols[1].packets, 2U);
  EXPECT_EQ(share(sum.protocols, "icmp")->packets, 1U);
  EXPECT_EQ(share(sum.protocols, "icmpv6")->packets, 1U);
  EXPECT_EQ(share(sum.protocols, "arp")->packets, 1U);
  EXPECT_EQ(share(sum.protocols, "other")->packets, 1U);
  ASSERT_EQ(sum.ip_versions.size(), 3U);
  EXPECT_EQ(sum.ip_versions[0].name.view(), "ipv4");
  EXPECT_EQ(sum.ip_versions[0].packets, 6U);
  EXPECT_EQ(sum.ip_versions[1].packets, 2U);
  EXPECT_EQ(sum.ip_versions[2].name.view(), "non-ip");
  EXPECT_EQ(sum.ip_versions[2].packets, 1U);
  std::uint64_t bytes = 0;
  for (const auto& p : sum.protocols) bytes += p.bytes;
  EXPECT_EQ(bytes, sum.bytes);
}

TEST_F(TrafficStatsTest, SizeHistogramUsesTsharkBuckets) {
  TrafficStats s;
  s.record(tcp(0, test::kAck));        // 14 + 20 + 20 = 54 bytes: 40-79
  s.record(tcp(0, test::kAck, 100));   // 154: 80-159
  s.record(tcp(0, test::kAck, 1446));  // 1500: 1280-2559
  s.record(tcp(0, test::kAck, 1446));
  const auto sum = s.summary();
  EXPECT_EQ(sum.sizes[2], 1U);
  EXPECT_EQ(sum.sizes[3], 1U);
  EXPECT_EQ(sum.sizes[7], 2U);
  EXPECT_EQ(size_bucket_label(7), "1280-2559");
  for (std::uint32_t length = 0; length < 70000; ++length) {
    ASSERT_EQ(TrafficStats::plen_bucket(length), size_bucket(length)) << length;
  }
}

TEST_F(TrafficStatsTest, CountsTcpFlagsAndHandshakeHalves) {
  TrafficStats s;
  s.record(tcp(0, test::kSyn));
  s.record(tcp(0, test::kSyn));
  s.record(tcp(0, test::kSyn | test::kAck));
  s.record(tcp(0, test::kAck));
  s.record(tcp(0, test::kPsh | test::kAck, 10));
  s.record(tcp(0, test::kFin | test::kAck));
  s.record(tcp(0, test::kRst));
  s.record(tcp(0, test::kUrg | test::kAck));
  s.record(tcp(0, test::kSyn | 0x40 | 0x80));  // ECN setup: SYN+ECE+CWR
  const auto& f = s.summary().tcp_flags;
  EXPECT_EQ(f.syn, 3U);
  EXPECT_EQ(f.syn_ack, 1U);
  EXPECT_EQ(f.ack, 5U);
  EXPECT_EQ(f.psh, 1U);
  EXPECT_EQ(f.fin, 1U);
  EXPECT_EQ(f.rst, 1U);
  EXPECT_EQ(f.urg, 1U);
  EXPECT_EQ(f.ece, 1U);
  EXPECT_EQ(f.cwr, 1U);
}

TEST_F(TrafficStatsTest, CountsIcmpTypesAndCodesPerFamily) {
  TrafficStats s;
  for (int i = 0; i < 3; ++i) s.record(v4(0, 1, test::icmp(8, 0, 1, static_cast<std::uint16_t>(i))));
  for (int i = 0; i < 2; ++i) s.record(v4(0, 1, test::icmp(0, 0, 1, static_cast<std::uint16_t>(i))));
  s.record(v4(0, 1, test::icmp(3, 3, 0, 0, test::Bytes(28, 0))));
  s.record(v6(0, 58, test::icmpv6(128, 0, 1, 1)));
  const auto sum = s.summary();
  ASSERT_EQ(sum.icmp_types.size(), 4U);
  EXPECT_FALSE(sum.icmp_types[0].v6);
  EXPECT_EQ(sum.icmp_types[0].type, 8);
  EXPECT_EQ(sum.icmp_types[0].packets, 3U);
  EXPECT_EQ(sum.icmp_types[1].type, 0);
  EXPECT_EQ(sum.icmp_types[1].packets, 2U);
  EXPECT_EQ(sum.icmp_types[2].type, 3);  // ties: IPv4 first, then by type
  EXPECT_EQ(sum.icmp_types[2].code, 3);
  EXPECT_TRUE(sum.icmp_types[3].v6);
  EXPECT_EQ(sum.icmp_types[3].type, 128);

  TrafficStatsConfig small;
  small.icmp_kinds = 4;
  TrafficStats capped(small);
  for (std::uint8_t type = 0; type < 10; ++type) capped.record(v4(0, 1, test::icmp(type, 0, 1, 1)));
  EXPECT_EQ(capped.summary().icmp_types.size(), 4U);
  EXPECT_EQ(capped.untracked_icmp(), 6U);
}

TEST_F(TrafficStatsTest, ThroughputPerSecondOfPacketTime) {
  TrafficStats s;
  std::uint64_t bytes_per_second[5] = {};
  for (int second = 0; second < 5; ++second) {
    for (int i = 0; i <= second; ++i) {
      const auto& p = tcp(second + 0.1 * i, test::kAck, 100);
      bytes_per_second[second] += p.wire_length;
      s.record(p);
    }
  }
  s.advance(at(5.5));  // seconds 0-4 are complete, 5 is current
  auto sum = s.summary();
  EXPECT_DOUBLE_EQ(sum.throughput[59].packets_per_second, 5.0);
  EXPECT_DOUBLE_EQ(sum.throughput[59].bits_per_second, static_cast<double>(bytes_per_second[4] * 8));
  EXPECT_DOUBLE_EQ(sum.throughput[55].packets_per_second, 1.0);
  EXPECT_DOUBLE_EQ(sum.throughput[54].packets_per_second, 0.0);
  EXPECT_DOUBLE_EQ(sum.current.packets_per_second, 5.0);
  EXPECT_NEAR(sum.average.packets_per_second, 15.0 / 5.5, 1e-9);  // first packet to now
  std::uint64_t total = 0;
  for (const auto b : bytes_per_second) total += b;
  EXPECT_NEAR(sum.average.bits_per_second, static_cast<double>(total * 8) / 5.5, 1e-6);

  s.advance(at(30.5));  // 25 s later the samples moved back 25 slots
  sum = s.summary();
  EXPECT_DOUBLE_EQ(sum.throughput[59 - 25].packets_per_second, 5.0);
  EXPECT_DOUBLE_EQ(sum.current.packets_per_second, 0.0);
  s.advance(at(70));  // past the 60 s series: nothing left in it, the totals stay
  sum = s.summary();
  for (const auto& sample : sum.throughput) EXPECT_DOUBLE_EQ(sample.packets_per_second, 0.0);
  EXPECT_EQ(sum.packets, 15U);
}

TEST_F(TrafficStatsTest, EmptyCaptureHasNoRates) {
  TrafficStats s;
  s.advance(at(10));
  const auto sum = s.summary();
  EXPECT_EQ(sum.packets, 0U);
  EXPECT_TRUE(sum.protocols.empty());
  EXPECT_DOUBLE_EQ(sum.average.bits_per_second, 0.0);
}

}  // namespace
}  // namespace pt::engine
