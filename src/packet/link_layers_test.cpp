// Every link type and encapsulation the decoder follows, with frames built in code: each must
// reach the IP header (or ARP) inside, and the outer layers must be recorded.

#include <gtest/gtest.h>

#include "packet/decode.hpp"
#include "packet/decode_steps.hpp"
#include "packet/link_type.hpp"
#include "support/decoded_frame.hpp"
#include "support/packet_builder.hpp"

namespace pt::packet {
namespace {

using test::Bytes;
using test::concat;

test::DecodedFrame decode_as(Bytes bytes, LinkType link) {
  return test::DecodedFrame(std::move(bytes), static_cast<int>(link));
}

Bytes udp4() { return test::ipv4("10.0.0.1", "10.0.0.2", 17, test::udp(5353, 53, test::bytes_of("hi"))); }
Bytes tcp6() { return test::ipv6("2001:db8::1", "2001:db8::2", 6, test::tcp(40000, 443, test::kSyn)); }

void expect_udp4(const Packet& p) {
  EXPECT_EQ(p.status, DecodeStatus::Ok);
  EXPECT_EQ(p.network, Network::Ipv4);
  ASSERT_TRUE(p.ip.present);
  EXPECT_EQ(p.ip.src.to_string(), "10.0.0.1");
  EXPECT_EQ(p.transport.kind, Transport::Udp);
  EXPECT_EQ(p.transport.dst_port.value, 53);
  EXPECT_EQ(p.payload.size(), 2U);
}

void expect_tcp6(const Packet& p) {
  EXPECT_EQ(p.status, DecodeStatus::Ok);
  EXPECT_EQ(p.network, Network::Ipv6);
  EXPECT_EQ(p.ip.dst.to_string(), "2001:db8::2");
  EXPECT_EQ(p.transport.kind, Transport::Tcp);
  EXPECT_EQ(p.transport.flags, tcp_flag::kSyn);
}

TEST(LinkLayers, EthernetCarriesMacsAndEthertype) {
  const auto p = decode_as(test::ethernet(udp4()), LinkType::Ethernet);
  expect_udp4(p);
  EXPECT_TRUE(p.link.present);
  EXPECT_TRUE(p.link.is_ethernet);
  EXPECT_EQ(p.link.ethertype, 0x0800);
  EXPECT_EQ(p.link.src, (MacAddress{2, 0, 0, 0, 0, 1}));
  EXPECT_EQ(p.link.dst, (MacAddress{2, 0, 0, 0, 0, 2}));
  EXPECT_EQ(p.link.vlan_count, 0);
}

TEST(LinkLayers, SingleAndStackedVlanTags) {
  test::EthernetSpec one;
  one.vlans = {100};
  const auto p1 = decode_as(test::ethernet(tcp6(), test::kEtherIpv6, one), LinkType::Ethernet);
  expect_tcp6(p1);
  EXPECT_EQ(p1.link.vlan_count, 1);
  EXPECT_EQ(p1.link.vlan_ids[0], 100);

  test::EthernetSpec two;
  two.vlans = {0x2000 | 300, 42};  // priority bits above the VLAN id are masked off
  const auto p2 = decode_as(test::ethernet(udp4(), test::kEtherIpv4, two), LinkType::Ethernet);
  expect_udp4(p2);
  EXPECT_EQ(p2.link.vlan_count, 2);
  EXPECT_EQ(p2.link.vlan_ids[0], 300);
  EXPECT_EQ(p2.link.vlan_ids[1], 42);
}

TEST(LinkLayers, TooManyVlanTagsAreMalformed) {
  test::EthernetSpec many;
  many.vlans = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  const auto p = decode_as(test::ethernet(udp4(), test::kEtherIpv4, many), LinkType::Ethernet);
  EXPECT_EQ(p.status, DecodeStatus::Malformed);
  EXPECT_FALSE(p.ip.present);
}

TEST(LinkLayers, Ieee8023WithLlcSnap) {
  expect_udp4(decode_as(test::ethernet_8023_snap(udp4()), LinkType::Ethernet));
  // A non-SNAP LLC (spanning tree) is another network layer, not a failure of ours.
  const auto stp = decode_as(test::ethernet_8023_snap({}), LinkType::Ethernet);
  EXPECT_EQ(stp.status, DecodeStatus::Truncated);  // SNAP says IPv4 but no byte follows
  Bytes bpdu = test::ethernet_8023_snap({});
  bpdu[14] = 0x42;
  bpdu[15] = 0x42;
  const auto p = decode_as(bpdu, LinkType::Ethernet);
  EXPECT_EQ(p.status, DecodeStatus::Unsupported);
  EXPECT_EQ(p.network, Network::Other);
}

TEST(LinkLayers, LinuxCookedV1AndV2) {
  expect_udp4(decode_as(test::linux_sll(udp4()), LinkType::LinuxSll));
  expect_tcp6(decode_as(test::linux_sll(tcp6(), test::kEtherIpv6), LinkType::LinuxSll));
  expect_udp4(decode_as(test::linux_sll2(udp4()), LinkType::LinuxSll2));
  expect_tcp6(decode_as(test::linux_sll2(tcp6(), test::kEtherIpv6), LinkType::LinuxSll2));
}

TEST(LinkLayers, NullInBothByteOrdersAndLoop) {
  expect_udp4(decode_as(test::bsd_null(udp4(), 2, false), LinkType::Null));
  expect_udp4(decode_as(test::bsd_null(udp4(), 2, true), LinkType::Null));
  for (std::uint32_t family : {24U, 28U, 30U}) {
    expect_tcp6(decode_as(test::bsd_null(tcp6(), family, false), LinkType::Null));
    expect_tcp6(decode_as(test::bsd_null(tcp6(), family, true), LinkType::Null));
    expect_tcp6(decode_as(test::bsd_null(tcp6(), family, true), LinkType::Loop));
  }
  expect_udp4(decode_as(test::bsd_null(udp4(), 2, true), LinkType::Loop));
  // An EtherType in the NULL header (some capture tools write one) is followed as such.
  expect_udp4(decode_as(concat({Bytes{0x0F, 0x00, 0x08, 0x00}, udp4()}), LinkType::Null));
  // PPP in HDLC framing shares the NULL link type.
  expect_udp4(decode_as(test::ppp(udp4()), LinkType::Null));
  const auto unknown = decode_as(test::bsd_null(udp4(), 7, false), LinkType::Null);
  EXPECT_EQ(unknown.status, DecodeStatus::Unsupported);
}

TEST(LinkLayers, RawAndBareIpLinkTypes) {
  expect_udp4(decode_as(udp4(), LinkType::Raw));
  expect_tcp6(decode_as(tcp6(), LinkType::Raw));
  expect_udp4(decode_as(udp4(), LinkType::RawAlt));
  expect_udp4(decode_as(udp4(), LinkType::Ipv4));
  expect_tcp6(decode_as(tcp6(), LinkType::Ipv6));
  expect_udp4(decode_as(udp4(), LinkType::AtmClip));
  const auto other = decode_as(Bytes{0x50, 0, 0, 0}, LinkType::Raw);
  EXPECT_EQ(other.status, DecodeStatus::Unsupported);
  EXPECT_EQ(decode_as(Bytes{}, LinkType::Raw).status, DecodeStatus::Truncated);
}

TEST(LinkLayers, PppWithAndWithoutHdlcFraming) {
  expect_udp4(decode_as(test::ppp(udp4()), LinkType::Ppp));
  expect_udp4(decode_as(test::ppp(udp4(), 0x0021, false), LinkType::PppHdlc));
  expect_tcp6(decode_as(test::ppp(tcp6(), 0x0057), LinkType::Ppp));
  // A compressed (1-byte, odd) protocol field.
  expect_udp4(decode_as(concat({Bytes{0x21}, udp4()}), LinkType::Ppp));
  const auto mpls = decode_as(test::ppp(test::mpls(udp4(), {100}), 0x0281), LinkType::Ppp);
  expect_udp4(mpls);
  EXPECT_TRUE(mpls.link.mpls);
  const auto lcp = decode_as(test::ppp({1, 2, 3, 4}, 0xC021), LinkType::Ppp);
  EXPECT_EQ(lcp.status, DecodeStatus::Unsupported);
  // Cisco HDLC frames on a PPP link type (first byte 0x0F).
  expect_udp4(decode_as(test::cisco_hdlc(udp4()), LinkType::PppHdlc));
}

TEST(LinkLayers, CiscoHdlcAndSlarp) {
  expect_udp4(decode_as(test::cisco_hdlc(udp4()), LinkType::CiscoHdlc));
  expect_tcp6(decode_as(test::cisco_hdlc(tcp6(), test::kEtherIpv6), LinkType::CiscoHdlc));
  // 0x8035 on Cisco HDLC is SLARP, not RARP: no ARP is counted.
  const auto slarp = decode_as(test::cisco_hdlc(Bytes(18, 0), 0x8035), LinkType::CiscoHdlc);
  EXPECT_EQ(slarp.network, Network::Other);
  EXPECT_FALSE(slarp.arp.present);
}

TEST(LinkLayers, NflogPayloadTlv) {
  expect_udp4(decode_as(test::nflog(udp4(), 2), LinkType::Nflog));
  expect_tcp6(decode_as(test::nflog(tcp6(), 10), LinkType::Nflog));
  auto no_payload = test::nflog(udp4(), 2);
  no_payload.resize(4 + 12);  // only the prefix TLV
  EXPECT_EQ(decode_as(no_payload, LinkType::Nflog).status, DecodeStatus::Truncated);
  Bytes zero_length{2, 0, 0, 0, 0, 0, 9, 0};
  EXPECT_EQ(decode_as(zero_length, LinkType::Nflog).status, DecodeStatus::Malformed);
}

TEST(LinkLayers, Ieee80211DataFramesBareAndBehindRadiotap) {
  const auto frame = test::ieee80211_data(udp4());
  const auto bare = decode_as(frame, LinkType::Ieee80211);
  expect_udp4(bare);
  EXPECT_TRUE(bare.link.present);
  EXPECT_FALSE(bare.link.is_ethernet);
  EXPECT_EQ(bare.link.src, (MacAddress{2, 0, 0, 0, 0, 1}));  // to-DS: addr2 is the source
  EXPECT_EQ(bare.link.dst, (MacAddress{2, 0, 0, 0, 0, 2}));  // and addr3 the destination
  test::Ieee80211Spec qos;
  qos.qos = true;
  expect_tcp6(decode_as(test::ieee80211_data(tcp6(), test::kEtherIpv6, qos), LinkType::Ieee80211));
  expect_udp4(decode_as(test::radiotap(frame), LinkType::Radiotap));
  expect_udp4(decode_as(test::radiotap(frame, true), LinkType::Radiotap));  // FCS stripped

  test::Ieee80211Spec wep;
  wep.protected_frame = true;
  EXPECT_EQ(decode_as(test::ieee80211_data(udp4(), test::kEtherIpv4, wep), LinkType::Ieee80211).status,
            DecodeStatus::Unsupported);
  Bytes beacon{0x80, 0x00};
  beacon.resize(40, 0);
  const auto mgmt = decode_as(beacon, LinkType::Ieee80211);
  EXPECT_EQ(mgmt.status, DecodeStatus::Unsupported);
  EXPECT_EQ(mgmt.network, Network::None);
  auto bad_version = test::radiotap(frame);
  bad_version[0] = 1;
  EXPECT_EQ(decode_as(bad_version, LinkType::Radiotap).status, DecodeStatus::Malformed);
}

TEST(LinkLayers, MplsStacksAndPseudowires) {
  const auto p = decode_as(test::ethernet(test::mpls(udp4(), {16, 17, 18}), 0x8847), LinkType::Ethernet);
  expect_udp4(p);
  EXPECT_TRUE(p.link.mpls);
  expect_tcp6(decode_as(test::ethernet(test::mpls(tcp6(), {20}), 0x8848), LinkType::Ethernet));
  // RFC 4385 control word, then an Ethernet frame (RFC 4448).
  const auto pw = test::mpls(concat({Bytes{0, 0, 0, 0}, test::ethernet(udp4())}), {300});
  expect_udp4(decode_as(test::ethernet(pw, 0x8847), LinkType::Ethernet));
  // No bottom of stack within 16 labels.
  Bytes endless;
  for (int i = 0; i < 20; ++i) endless.insert(endless.end(), {0, 1, 0, 64});
  EXPECT_EQ(decode_as(test::ethernet(endless, 0x8847), LinkType::Ethernet).status, DecodeStatus::Malformed);
}

TEST(LinkLayers, PppoeSession) {
  const auto p = decode_as(test::ethernet(test::pppoe_session(udp4()), 0x8864), LinkType::Ethernet);
  expect_udp4(p);
  EXPECT_TRUE(p.link.pppoe);
  expect_tcp6(decode_as(test::ethernet(test::pppoe_session(tcp6(), 0x0057), 0x8864), LinkType::Ethernet));
}

TEST(LinkLayers, FrameRelayNlpidAndCiscoEncapsulation) {
  expect_udp4(decode_as(concat({Bytes{0x18, 0x41, 0x03, 0xCC}, udp4()}), LinkType::FrameRelay));
  expect_tcp6(decode_as(concat({Bytes{0x18, 0x41, 0x03, 0x00, 0x8E}, tcp6()}), LinkType::FrameRelay));
  expect_tcp6(decode_as(concat({Bytes{0x48, 0xE1, 0x86, 0xDD}, tcp6()}), LinkType::FrameRelay));
  // A 3-byte address (EA bit on the third byte).
  expect_udp4(decode_as(concat({Bytes{0x80, 0xEA, 0x9D, 0x08, 0x00}, udp4()}), LinkType::FrameRelay));
  EXPECT_EQ(decode_as(Bytes{0x00, 0x00, 0x00, 0x00, 0x00}, LinkType::FrameRelay).status, DecodeStatus::Malformed);
}

TEST(LinkLayers, FddiArcnetIpoibIpnet) {
  Bytes fddi{0x50, 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0xAA, 0xAA, 0x03, 0, 0, 0, 0x08, 0x00};
  expect_udp4(decode_as(concat({fddi, udp4()}), LinkType::Fddi));
  expect_udp4(decode_as(concat({Bytes{0xBE, 0x50, 0xAB, 0x08, 0xF0}, udp4()}), LinkType::ArcnetLinux));
  expect_udp4(decode_as(concat({Bytes{0xBE, 0x50, 0xA8, 0xE7, 0xD4, 0, 1, 0x66}, udp4()}), LinkType::ArcnetLinux));
  const auto arc_arp =
      decode_as(concat({Bytes{0xBE, 0x00, 0xEA, 0x08, 0xD5, 0, 1, 0x65}, test::arp(1, "10.0.0.1", "10.0.0.2")}),
                LinkType::ArcnetLinux);
  EXPECT_EQ(arc_arp.network, Network::Arp);
  Bytes ipoib(40, 0);
  ipoib.insert(ipoib.end(), {0x08, 0x00, 0x00, 0x00});
  expect_udp4(decode_as(concat({ipoib, udp4()}), LinkType::Ipoib));
  Bytes ipnet{1, 2, 0, 0};
  ipnet.resize(24, 0);
  expect_udp4(decode_as(concat({ipnet, udp4()}), LinkType::Ipnet));
  ipnet[1] = 26;
  expect_tcp6(decode_as(concat({ipnet, tcp6()}), LinkType::Ipnet));
}

TEST(LinkLayers, PpiAndPktapNameTheInnerLinkType) {
  Bytes ppi{0, 0, 8, 0, 1, 0, 0, 0};  // version 0, length 8, DLT_EN10MB
  expect_udp4(decode_as(concat({ppi, test::ethernet(udp4())}), LinkType::Ppi));
  Bytes ppi_wlan{0, 0, 12, 0, 105, 0, 0, 0, 0xAA, 0xBB, 0xCC, 0xDD};
  expect_udp4(decode_as(concat({ppi_wlan, test::ieee80211_data(udp4())}), LinkType::Ppi));
  Bytes pktap{12, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0};
  expect_udp4(decode_as(concat({pktap, test::ethernet(udp4())}), LinkType::Pktap));
  expect_udp4(decode_as(concat({pktap, test::ethernet(udp4())}), LinkType::PktapDarwin));
  // A PPI header naming PPI again, over and over, stops at the nesting bound.
  Bytes nested;
  for (int i = 0; i < 20; ++i) nested.insert(nested.end(), {0, 0, 8, 0, 192, 0, 0, 0});
  EXPECT_EQ(decode_as(concat({nested, test::ethernet(udp4())}), LinkType::Ppi).status, DecodeStatus::Malformed);
}

TEST(LinkLayers, JuniperEthernetHeader) {
  Bytes header{0x4D, 0x47, 0x43, 0x80, 0x00, 0x04, 1, 2, 3, 4};
  expect_udp4(decode_as(concat({header, test::ethernet(udp4())}), LinkType::JuniperEther));
  Bytes no_l2{0x4D, 0x47, 0x43, 0x02, 0, 0, 0, 2};
  expect_udp4(decode_as(concat({no_l2, udp4()}), LinkType::JuniperEther));
  Bytes bad_magic{0x4D, 0x47, 0x44, 0x00};
  EXPECT_EQ(decode_as(concat({bad_magic, test::ethernet(udp4())}), LinkType::JuniperEther).status,
            DecodeStatus::Malformed);
}

TEST(LinkLayers, EthertypeTagsReachTheInnerPacket) {
  const auto inner = test::ethernet(udp4());
  // FabricPath: FTAG/TTL, then the classic frame.
  expect_udp4(decode_as(test::ethernet(concat({Bytes{0x00, 0x01}, inner}), 0x8903), LinkType::Ethernet));
  // 802.1ah I-TAG, then the customer frame.
  expect_udp4(decode_as(test::ethernet(concat({Bytes{0, 0, 0, 9}, inner}), 0x88E7), LinkType::Ethernet));
  // VN-Tag: 4 bytes, then an EtherType.
  expect_udp4(decode_as(test::ethernet(concat({Bytes{0, 0, 0, 0, 0x08, 0x00}, udp4()}), 0x8926), LinkType::Ethernet));
  // Arista 64-bit TAI and 48-bit UTC timestamps.
  Bytes arista64{0, 1, 0, 0x10, 1, 2, 3, 4, 5, 6, 7, 8, 0x08, 0x00};
  expect_udp4(decode_as(test::ethernet(concat({arista64, udp4()}), 0xD28B), LinkType::Ethernet));
  Bytes arista48{0, 1, 1, 0x20, 1, 2, 3, 4, 5, 6, 0x08, 0x00};
  expect_udp4(decode_as(test::ethernet(concat({arista48, udp4()}), 0xD28B), LinkType::Ethernet));
  Bytes arista_unknown{0, 1, 0, 0x11, 1, 2, 3, 4, 5, 6, 7, 8, 0x08, 0x00};
  EXPECT_EQ(decode_as(test::ethernet(concat({arista_unknown, udp4()}), 0xD28B), LinkType::Ethernet).status,
            DecodeStatus::Unsupported);
  // MACsec with integrity only (with and without SCI); encrypted frames are unreadable.
  Bytes macsec{0x00, 0x00, 0, 0, 0, 1, 0x08, 0x00};
  expect_udp4(decode_as(test::ethernet(concat({macsec, udp4()}), 0x88E5), LinkType::Ethernet));
  Bytes macsec_sci{0x20, 0x00, 0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 0x08, 0x00};
  expect_udp4(decode_as(test::ethernet(concat({macsec_sci, udp4()}), 0x88E5), LinkType::Ethernet));
  Bytes encrypted{0x0C, 0x00, 0, 0, 0, 1, 0x08, 0x00};
  EXPECT_EQ(decode_as(test::ethernet(concat({encrypted, udp4()}), 0x88E5), LinkType::Ethernet).network, Network::Other);
  // NSH (RFC 8300): 2-word base + service path header, next protocol IPv4 / Ethernet.
  Bytes nsh_ip{0x0F, 0xC2, 0x01, 0x01, 0, 0, 1, 0xFF};
  expect_udp4(decode_as(test::ethernet(concat({nsh_ip, udp4()}), 0x894F), LinkType::Ethernet));
  Bytes nsh_eth{0x0F, 0xC2, 0x01, 0x03, 0, 0, 1, 0xFF};
  expect_udp4(decode_as(test::ethernet(concat({nsh_eth, inner}), 0x894F), LinkType::Ethernet));
  Bytes nsh_short{0x0F, 0xC1, 0x01, 0x01, 0, 0, 1, 0xFF};
  EXPECT_EQ(decode_as(test::ethernet(concat({nsh_short, udp4()}), 0x894F), LinkType::Ethernet).status,
            DecodeStatus::Malformed);
}

TEST(LinkLayers, NestedEncapsulationsAreBounded) {
  // FabricPath inside FabricPath inside ...: past kMaxEncapsulations the frame is Malformed.
  Bytes frame = test::ethernet(udp4());
  for (int i = 0; i <= detail::kMaxEncapsulations; ++i) frame = test::ethernet(concat({Bytes{0, 1}, frame}), 0x8903);
  const auto p = decode_as(frame, LinkType::Ethernet);
  EXPECT_EQ(p.status, DecodeStatus::Malformed);
  EXPECT_FALSE(p.ip.present);
  EXPECT_EQ(p.link.encapsulations, detail::kMaxEncapsulations);
}

TEST(LinkLayers, UnsupportedLinkTypeAndEthertype) {
  const auto link = decode_as(Bytes{1, 2, 3}, static_cast<LinkType>(147));
  EXPECT_EQ(link.status, DecodeStatus::Unsupported);
  EXPECT_EQ(link.network, Network::None);
  const auto type = decode_as(test::ethernet(Bytes{1, 2, 3}, 0x88CC), LinkType::Ethernet);
  EXPECT_EQ(type.status, DecodeStatus::Unsupported);
  EXPECT_EQ(type.network, Network::Other);
  EXPECT_EQ(type.link.ethertype, 0x88CC);
}

TEST(LinkTypeNames, NamesAndSupport) {
  EXPECT_EQ(link_type_name(1), "ethernet");
  EXPECT_EQ(link_type_name(113), "linux_sll");
  EXPECT_EQ(link_type_name(276), "linux_sll2");
  EXPECT_EQ(link_type_name(12), "raw");
  EXPECT_EQ(link_type_name(14), "raw");
  EXPECT_EQ(link_type_name(147), "other");
  EXPECT_TRUE(is_supported_link_type(0));
  EXPECT_TRUE(is_supported_link_type(107));
  EXPECT_FALSE(is_supported_link_type(195));
}

}  // namespace
}  // namespace pt::packet
