// TCP and UDP headers, malformed lengths, tunnels recognized and counted, and ARP.

#include <gtest/gtest.h>

#include "packet/decode.hpp"
#include "packet/decode_stats.hpp"
#include "support/decoded_frame.hpp"
#include "support/packet_builder.hpp"

namespace pt::packet {
namespace {

using test::Bytes;

test::DecodedFrame decode_ethernet(Bytes bytes) { return test::DecodedFrame(std::move(bytes)); }

Bytes v4(std::uint8_t protocol, const Bytes& payload) {
  return test::ethernet(test::ipv4("10.1.1.1", "10.2.2.2", protocol, payload));
}

TEST(Tcp, HeaderFields) {
  test::TcpSpec spec;
  spec.seq = 0x01020304;
  spec.ack = 0xA0B0C0D0;
  spec.window = 1024;
  spec.options = {0x02, 0x04, 0x05, 0xB4};  // MSS
  const auto p = decode_ethernet(v4(6, test::tcp(443, 51000, test::kSyn | test::kAck, test::bytes_of("xyz"), spec)));
  EXPECT_EQ(p.status, DecodeStatus::Ok);
  ASSERT_TRUE(p.is_tcp());
  EXPECT_TRUE(p.has_ports());
  EXPECT_TRUE(p.transport.complete);
  EXPECT_EQ(p.transport.src_port.value, 443);
  EXPECT_EQ(p.transport.dst_port.value, 51000);
  EXPECT_EQ(p.transport.seq, 0x01020304U);
  EXPECT_EQ(p.transport.ack, 0xA0B0C0D0U);
  EXPECT_EQ(p.transport.flags, tcp_flag::kSyn | tcp_flag::kAck);
  EXPECT_EQ(p.transport.window, 1024);
  EXPECT_EQ(p.transport.header_length, 24);
  EXPECT_EQ(std::string(p.payload.begin(), p.payload.end()), "xyz");
}

TEST(Tcp, DataOffsetBelowFiveIsMalformed) {
  auto segment = test::tcp(1, 2, test::kAck);
  segment[12] = 0x40;  // 4 words
  const auto p = decode_ethernet(v4(6, segment));
  EXPECT_EQ(p.status, DecodeStatus::Malformed);
  EXPECT_TRUE(p.is_tcp());     // still counted as TCP
  EXPECT_TRUE(p.has_ports());  // the ports were read before the fault
  EXPECT_TRUE(p.payload.empty());
}

TEST(Tcp, OptionsCutByTheCaptureAreTruncated) {
  test::TcpSpec spec;
  spec.options = Bytes(12, 1);
  auto frame = v4(6, test::tcp(1, 2, test::kAck, {}, spec));
  frame.resize(frame.size() - 6);
  const auto p = decode_ethernet(frame);
  EXPECT_EQ(p.status, DecodeStatus::Truncated);
  EXPECT_TRUE(p.transport.complete);
}

TEST(Udp, HeaderAndPayloadBoundedByItsLength) {
  auto datagram = test::udp(53, 40000, test::bytes_of("0123456789"));
  datagram[4] = 0;
  datagram[5] = 12;  // UDP length says 4 payload bytes
  const auto p = decode_ethernet(v4(17, datagram));
  EXPECT_EQ(p.status, DecodeStatus::Ok);
  ASSERT_TRUE(p.is_udp());
  EXPECT_EQ(p.transport.udp_length, 12);
  EXPECT_EQ(p.payload.size(), 4U);
}

TEST(Udp, LengthBelowEightIsMalformed) {
  auto datagram = test::udp(53, 40000, test::bytes_of("data"));
  datagram[5] = 7;
  const auto p = decode_ethernet(v4(17, datagram));
  EXPECT_EQ(p.status, DecodeStatus::Malformed);
  EXPECT_TRUE(p.is_udp());
  EXPECT_TRUE(p.has_ports());
}

TEST(Udp, ZeroLengthTakesTheRest) {  // legal for IPv6 jumbograms (RFC 2675)
  auto datagram = test::udp(53, 40000, test::bytes_of("data"));
  datagram[4] = 0;
  datagram[5] = 0;
  const auto p = decode_ethernet(v4(17, datagram));
  EXPECT_EQ(p.status, DecodeStatus::Ok);
  EXPECT_EQ(p.payload.size(), 4U);
}

TEST(Tunnels, RecognizedAndCountedAtTheOuterLayer) {
  const auto inner = test::ipv4("172.16.0.1", "172.16.0.2", 6, test::tcp(1, 2, test::kSyn));
  struct Case {
    Bytes frame;
    Tunnel tunnel;
    Transport transport;
  };
  const std::vector<Case> cases{
      {v4(47, test::gre(inner)), Tunnel::Gre, Transport::Other},
      {v4(4, inner), Tunnel::IpInIp, Transport::Other},
      {v4(41, test::ipv6("2001:db8::1", "2001:db8::2", 59, {})), Tunnel::IpInIp, Transport::Other},
      {v4(17, test::udp(40000, 4789, test::vxlan(test::ethernet(inner)))), Tunnel::Vxlan, Transport::Udp},
      {v4(17, test::udp(2152, 2152, test::gtp_u(inner))), Tunnel::GtpU, Transport::Udp},
      {v4(17, test::udp(3544, 50000, test::bytes_of("teredo"))), Tunnel::Teredo, Transport::Udp},
  };
  DecodeStats stats;
  for (const auto& c : cases) {
    const auto p = decode_ethernet(c.frame);
    EXPECT_EQ(p.status, DecodeStatus::Ok);
    EXPECT_EQ(p.tunnel, c.tunnel);
    EXPECT_EQ(p.transport.kind, c.transport);
    EXPECT_EQ(p.ip.src.to_string(), "10.1.1.1");  // the outer header is the one decoded
    stats.record(p);
  }
  EXPECT_EQ(stats.tunnels.gre, 1U);
  EXPECT_EQ(stats.tunnels.ip_in_ip, 2U);
  EXPECT_EQ(stats.tunnels.vxlan, 1U);
  EXPECT_EQ(stats.tunnels.gtp_u, 1U);
  EXPECT_EQ(stats.tunnels.teredo, 1U);
  EXPECT_EQ(stats.protocols.ipv4, 6U);  // one IPv4 per frame: inner headers are not counted
  EXPECT_EQ(stats.protocols.tcp, 0U);
  EXPECT_EQ(stats.protocols.udp, 3U);
}

TEST(Arp, RequestAndReply) {
  const auto req = decode_ethernet(test::ethernet(test::arp(1, "192.168.1.10", "192.168.1.1"), test::kEtherArp));
  EXPECT_EQ(req.status, DecodeStatus::Ok);
  EXPECT_EQ(req.network, Network::Arp);
  ASSERT_TRUE(req.arp.present);
  EXPECT_EQ(req.arp.operation, 1);
  EXPECT_EQ(req.arp.sender_ip.to_string(), "192.168.1.10");
  EXPECT_EQ(req.arp.target_ip.to_string(), "192.168.1.1");
  EXPECT_EQ(req.arp.sender_mac, (MacAddress{2, 0, 0, 0, 0, 1}));
  const auto reply = decode_ethernet(test::ethernet(test::arp(2, "192.168.1.1", "192.168.1.10"), test::kEtherArp));
  EXPECT_EQ(reply.arp.operation, 2);
  EXPECT_FALSE(reply.ip.present);
}

TEST(Arp, OtherHardwareStillCountsAsArp) {
  auto packet = test::arp(1, "10.0.0.1", "10.0.0.2");
  packet[1] = 7;  // ARCNET hardware
  const auto p = decode_ethernet(test::ethernet(packet, test::kEtherArp));
  EXPECT_EQ(p.status, DecodeStatus::Ok);
  EXPECT_EQ(p.network, Network::Arp);
  EXPECT_TRUE(p.arp.present);
  EXPECT_TRUE(p.arp.sender_ip.empty());
}

TEST(Arp, CutAddressesAreTruncated) {
  auto frame = test::ethernet(test::arp(1, "10.0.0.1", "10.0.0.2"), test::kEtherArp);
  frame.resize(14 + 12);
  const auto p = decode_ethernet(frame);
  EXPECT_EQ(p.status, DecodeStatus::Truncated);
  EXPECT_EQ(p.network, Network::Arp);
  EXPECT_FALSE(p.arp.present);
}

}  // namespace
}  // namespace pt::packet
