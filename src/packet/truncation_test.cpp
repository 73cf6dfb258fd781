// Every prefix of realistic frames must decode without a fault of its own: the result is Ok or
// Truncated (never Malformed or Unsupported), every header that was whole is kept, and a cut
// inside any header is reported as Truncated. Run under ASan/UBSan, this also proves that no
// read goes past the captured length.

#include <gtest/gtest.h>

#include "packet/decode.hpp"
#include "packet/link_type.hpp"
#include "support/packet_builder.hpp"

namespace pt::packet {
namespace {

using test::Bytes;

struct Sample {
  const char* name;
  Bytes frame;
  LinkType link;
  std::size_t ip_offset;    // where the IP (or ARP) header starts
  std::size_t ip_end;       // where the IP header (with options / extension headers) ends
  std::size_t headers_end;  // where the last header the decoder reads ends
};

std::vector<Sample> samples() {
  std::vector<Sample> out;
  {
    test::Ipv4Spec ip;
    ip.options = {0x94, 0x04, 0x00, 0x00};
    test::TcpSpec tcp;
    tcp.options = {0x02, 0x04, 0x05, 0xB4, 0x01, 0x01, 0x04, 0x02};
    auto f = test::ethernet(test::ipv4("10.0.0.1", "10.0.0.2", 6,
                                       test::tcp(1234, 80, test::kAck, test::http_request("example.com"), tcp), ip));
    out.push_back({"ethernet-ipv4-options-tcp", f, LinkType::Ethernet, 14, 38, 66});
  }
  {
    test::EthernetSpec eth;
    eth.vlans = {10, 20};
    test::Ipv6Spec ip;
    ip.extensions = {{0, {}}, {43, Bytes(6, 0)}, {60, {0x01, 0x02, 0, 0}}};
    auto f = test::ethernet(
        test::ipv6("2001:db8::1", "2001:db8::2", 17, test::udp(5353, 53, test::dns_message(1, "a.example", 1)), ip),
        test::kEtherIpv6, eth);
    out.push_back({"qinq-ipv6-extensions-udp", f, LinkType::Ethernet, 22, 22 + 64, 22 + 64 + 8});
  }
  {
    const auto probe = test::ipv4("10.0.0.5", "203.0.113.9", 17, test::udp(40000, 33434, Bytes(8, 0)));
    const Bytes quote(probe.begin(), probe.begin() + 28);
    auto f = test::ethernet(test::ipv4("10.0.0.1", "10.0.0.5", 1, test::icmp(11, 0, 0, 0, quote)));
    out.push_back({"icmp-time-exceeded", f, LinkType::Ethernet, 14, 34, 42});
  }
  {
    auto f = test::ethernet(test::arp(1, "10.0.0.1", "10.0.0.2"), test::kEtherArp);
    out.push_back({"arp", f, LinkType::Ethernet, 14, 14 + 28, 14 + 28});
  }
  {
    auto f = test::linux_sll2(test::ipv6("fe80::1", "ff02::1", 58, test::icmpv6(135, 0, 0, 0, Bytes(16, 0))),
                              test::kEtherIpv6);
    out.push_back({"sll2-icmpv6", f, LinkType::LinuxSll2, 20, 60, 68});
  }
  {
    auto f = test::ethernet(test::pppoe_session(test::ipv4("10.0.0.1", "10.0.0.2", 17, test::udp(1, 2))), 0x8864);
    out.push_back({"pppoe-ipv4-udp", f, LinkType::Ethernet, 22, 42, 50});
  }
  {
    auto f = test::ethernet(test::mpls(test::ipv4("10.0.0.1", "10.0.0.2", 6, test::tcp(1, 2, test::kSyn)), {16, 17}),
                            0x8847);
    out.push_back({"mpls-ipv4-tcp", f, LinkType::Ethernet, 22, 42, 62});
  }
  {
    auto f = test::radiotap(test::ieee80211_data(test::ipv4("10.0.0.1", "10.0.0.2", 17, test::udp(1, 2))), true);
    // radiotap 24 + 802.11 24 + SNAP 8; the FCS at the end is not part of any header.
    out.push_back({"radiotap-80211-ipv4-udp", f, LinkType::Radiotap, 56, 76, 84});
  }
  return out;
}

Packet decode_prefix(const Sample& s, std::size_t length) {
  Frame frame;
  frame.link_type = static_cast<int>(s.link);
  frame.data = std::span<const std::uint8_t>(s.frame.data(), length);
  frame.wire_length = static_cast<std::uint32_t>(s.frame.size());
  Packet p;
  decode(frame, p);
  return p;
}

TEST(Truncation, EveryPrefixOfSampleFrames) {
  for (const auto& s : samples()) {
    const auto full = decode_prefix(s, s.frame.size());
    ASSERT_EQ(full.status, DecodeStatus::Ok) << s.name;
    for (std::size_t n = 0; n <= s.frame.size(); ++n) {
      SCOPED_TRACE(std::string(s.name) + " cut at " + std::to_string(n));
      const auto p = decode_prefix(s, n);
      // The FCS sample is special: a cut frame loses its last 4 bytes as "FCS".
      const bool fcs_cut = s.link == LinkType::Radiotap && n < s.frame.size();
      if (!fcs_cut) {
        EXPECT_TRUE(p.status == DecodeStatus::Ok || p.status == DecodeStatus::Truncated);
      }
      if (n < s.headers_end) {
        EXPECT_NE(p.status, DecodeStatus::Ok);
      }
      if (n >= s.ip_offset + 1 && !fcs_cut) {
        EXPECT_EQ(p.network, full.network);
      }
      if (n >= s.ip_end && !fcs_cut) {
        EXPECT_EQ(p.ip.present, full.ip.present);
        EXPECT_EQ(p.ip.src, full.ip.src);
        EXPECT_EQ(p.arp.present, full.arp.present);
      }
      if (n >= s.headers_end && !fcs_cut) {
        EXPECT_EQ(p.transport.kind, full.transport.kind);
        EXPECT_EQ(p.transport.src_port, full.transport.src_port);
        EXPECT_EQ(p.icmp.quoted.present, n >= s.headers_end + 20 && full.icmp.quoted.present);
        EXPECT_EQ(p.icmp.quoted.transport_complete, n >= s.headers_end + 28 && full.icmp.quoted.present);
      }
      if (n < s.ip_end) {
        EXPECT_FALSE(p.transport.complete);
      }
      EXPECT_LE(p.payload.size(), n);
      if (!p.payload.empty()) {
        EXPECT_GE(p.payload.data(), s.frame.data());
        EXPECT_LE(p.payload.data() + p.payload.size(), s.frame.data() + n);
      }
    }
  }
}

}  // namespace
}  // namespace pt::packet
