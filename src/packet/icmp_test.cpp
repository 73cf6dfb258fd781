// ICMP and ICMPv6: echo identifiers, and error messages with the quoted original datagram
// (IP header + first 8 bytes of its transport header), which traceroute matching relies on.

#include <gtest/gtest.h>

#include "packet/decode.hpp"
#include "support/decoded_frame.hpp"
#include "support/packet_builder.hpp"

namespace pt::packet {
namespace {

using test::Bytes;

test::DecodedFrame decode_ethernet(Bytes bytes) { return test::DecodedFrame(std::move(bytes)); }

// The first 28 / 48 bytes of a datagram, as routers quote it (RFC 792: IP header + 8 bytes).
Bytes quoted(const Bytes& datagram, std::size_t header) {
  return Bytes(datagram.begin(), datagram.begin() + static_cast<std::ptrdiff_t>(header + 8));
}

TEST(Icmp, EchoRequestAndReply) {
  const auto p = decode_ethernet(test::ethernet(test::ipv4("10.0.0.1", "10.0.0.2", 1, test::icmp(8, 0, 0x1234, 7))));
  EXPECT_EQ(p.status, DecodeStatus::Ok);
  EXPECT_EQ(p.transport.kind, Transport::Icmp);
  ASSERT_TRUE(p.icmp.present);
  EXPECT_FALSE(p.icmp.v6);
  EXPECT_EQ(p.icmp.type, 8);
  EXPECT_EQ(p.icmp.identifier, 0x1234);
  EXPECT_EQ(p.icmp.sequence, 7);
  EXPECT_FALSE(p.icmp.is_error);
  EXPECT_FALSE(p.has_ports());
}

TEST(Icmp, TimeExceededQuotesTheUdpProbe) {
  test::Ipv4Spec probe_spec;
  probe_spec.ttl = 1;
  probe_spec.id = 0x4242;
  const auto probe = test::ipv4("192.168.1.5", "203.0.113.9", 17, test::udp(44444, 33435, Bytes(32, 0)), probe_spec);
  const auto reply = test::ipv4("192.168.1.1", "192.168.1.5", 1, test::icmp(11, 0, 0, 0, quoted(probe, 20)));
  const auto p = decode_ethernet(test::ethernet(reply));
  EXPECT_EQ(p.status, DecodeStatus::Ok);
  EXPECT_EQ(p.transport.kind, Transport::Icmp);  // counted as ICMP, not as the quoted UDP
  EXPECT_EQ(p.icmp.type, 11);
  ASSERT_TRUE(p.icmp.is_error);
  const auto& q = p.icmp.quoted;
  ASSERT_TRUE(q.present);
  EXPECT_EQ(q.src.to_string(), "192.168.1.5");
  EXPECT_EQ(q.dst.to_string(), "203.0.113.9");
  EXPECT_EQ(q.protocol, 17);
  EXPECT_EQ(q.ttl, 1);
  EXPECT_EQ(q.ip_id, 0x4242);
  EXPECT_TRUE(q.transport_complete);
  EXPECT_EQ(q.src_port.value, 44444);
  EXPECT_EQ(q.dst_port.value, 33435);
}

TEST(Icmp, UnreachableQuotesTcpWithOptionsInTheQuotedHeader) {
  test::Ipv4Spec spec;
  spec.options = {0x01, 0x01, 0x01, 0x01};
  test::TcpSpec tcp;
  tcp.seq = 0xDEADBEEF;
  const auto probe = test::ipv4("10.0.0.5", "198.51.100.7", 6, test::tcp(50000, 80, test::kSyn, {}, tcp), spec);
  const auto reply = test::ipv4("10.0.0.1", "10.0.0.5", 1, test::icmp(3, 3, 0, 0, quoted(probe, 24)));
  const auto p = decode_ethernet(test::ethernet(reply));
  EXPECT_EQ(p.icmp.type, 3);
  EXPECT_EQ(p.icmp.code, 3);
  ASSERT_TRUE(p.icmp.quoted.present);
  EXPECT_EQ(p.icmp.quoted.protocol, 6);
  EXPECT_EQ(p.icmp.quoted.dst_port.value, 80);
  EXPECT_EQ(p.icmp.quoted.tcp_seq, 0xDEADBEEFU);
}

TEST(Icmp, TimeExceededQuotingAnEcho) {
  const auto probe = test::ipv4("10.0.0.5", "8.8.8.8", 1, test::icmp(8, 0, 0x77, 3));
  const auto reply = test::ipv4("10.0.0.1", "10.0.0.5", 1, test::icmp(11, 0, 0, 0, quoted(probe, 20)));
  const auto p = decode_ethernet(test::ethernet(reply));
  ASSERT_TRUE(p.icmp.quoted.present);
  EXPECT_EQ(p.icmp.quoted.icmp_type, 8);
  EXPECT_EQ(p.icmp.quoted.icmp_id, 0x77);
  EXPECT_EQ(p.icmp.quoted.icmp_seq, 3);
}

TEST(Icmp, ErrorWithoutQuoteHasNoQuotedDatagram) {
  const auto p = decode_ethernet(test::ethernet(test::ipv4("10.0.0.1", "10.0.0.5", 1, test::icmp(3, 1))));
  EXPECT_TRUE(p.icmp.is_error);
  EXPECT_FALSE(p.icmp.quoted.present);
  EXPECT_EQ(p.status, DecodeStatus::Ok);
}

TEST(Icmp, CutHeaderIsTruncatedButCounted) {
  auto frame = test::ethernet(test::ipv4("10.0.0.1", "10.0.0.2", 1, test::icmp(8, 0, 1, 1)));
  frame.resize(frame.size() - 3);
  const auto p = decode_ethernet(frame);
  EXPECT_EQ(p.status, DecodeStatus::Truncated);
  EXPECT_EQ(p.transport.kind, Transport::Icmp);
  EXPECT_FALSE(p.icmp.present);
}

TEST(Icmpv6, EchoRequest) {
  const auto p = decode_ethernet(
      test::ethernet(test::ipv6("2001:db8::1", "2001:db8::2", 58, test::icmpv6(128, 0, 9, 10)), test::kEtherIpv6));
  EXPECT_EQ(p.transport.kind, Transport::Icmpv6);
  EXPECT_TRUE(p.icmp.v6);
  EXPECT_EQ(p.icmp.type, 128);
  EXPECT_EQ(p.icmp.identifier, 9);
  EXPECT_EQ(p.icmp.sequence, 10);
  EXPECT_FALSE(p.icmp.is_error);
}

TEST(Icmpv6, TimeExceededAndUnreachableQuoteTheUdpProbe) {
  test::Ipv6Spec spec;
  spec.hop_limit = 2;
  const auto probe = test::ipv6("2001:db8::5", "2001:db8:ffff::9", 17, test::udp(40001, 33440, Bytes(16, 0)), spec);
  for (std::uint8_t type : {std::uint8_t{3}, std::uint8_t{1}}) {
    const auto reply = test::ipv6("2001:db8::1", "2001:db8::5", 58, test::icmpv6(type, 0, 0, 0, quoted(probe, 40)));
    const auto p = decode_ethernet(test::ethernet(reply, test::kEtherIpv6));
    EXPECT_EQ(p.status, DecodeStatus::Ok);
    EXPECT_EQ(p.transport.kind, Transport::Icmpv6);
    EXPECT_EQ(p.icmp.type, type);
    ASSERT_TRUE(p.icmp.is_error);
    const auto& q = p.icmp.quoted;
    ASSERT_TRUE(q.present);
    EXPECT_EQ(q.src.to_string(), "2001:db8::5");
    EXPECT_EQ(q.dst.to_string(), "2001:db8:ffff::9");
    EXPECT_EQ(q.protocol, 17);
    EXPECT_EQ(q.ttl, 2);
    EXPECT_EQ(q.src_port.value, 40001);
    EXPECT_EQ(q.dst_port.value, 33440);
  }
}

TEST(Icmp, QuoteWithoutTheTransportBytesKeepsTheAddressesOnly) {
  const auto probe = test::ipv4("10.0.0.5", "203.0.113.9", 17, test::udp(40000, 33434, Bytes(8, 0)));
  const Bytes header_only(probe.begin(), probe.begin() + 24);  // IP header + 4 of 8 UDP bytes
  const auto p =
      decode_ethernet(test::ethernet(test::ipv4("10.0.0.1", "10.0.0.5", 1, test::icmp(11, 0, 0, 0, header_only))));
  ASSERT_TRUE(p.icmp.quoted.present);
  EXPECT_EQ(p.icmp.quoted.dst.to_string(), "203.0.113.9");
  EXPECT_FALSE(p.icmp.quoted.transport_complete);
  EXPECT_EQ(p.icmp.quoted.src_port.value, 0);  // not half-read
}

TEST(Icmpv6, QuotedHeaderCutShortIsNotPresent) {
  const auto probe = test::ipv6("2001:db8::5", "2001:db8::9", 17, test::udp(1, 2));
  const Bytes partial(probe.begin(), probe.begin() + 30);
  const auto reply = test::ipv6("2001:db8::1", "2001:db8::5", 58, test::icmpv6(3, 0, 0, 0, partial));
  const auto p = decode_ethernet(test::ethernet(reply, test::kEtherIpv6));
  EXPECT_TRUE(p.icmp.is_error);
  EXPECT_FALSE(p.icmp.quoted.present);
}

}  // namespace
}  // namespace pt::packet
