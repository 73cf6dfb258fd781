// IPv6 decoding: the fixed header, each extension header, fragments, unknown next headers,
// malformed option areas and version mismatches.

#include <gtest/gtest.h>

#include "packet/decode.hpp"
#include "support/decoded_frame.hpp"
#include "support/packet_builder.hpp"

namespace pt::packet {
namespace {

using test::Bytes;
using test::Ipv6Extension;

constexpr std::uint8_t kHopByHop = 0;
constexpr std::uint8_t kRouting = 43;
constexpr std::uint8_t kFragment = 44;
constexpr std::uint8_t kDestOptions = 60;

test::DecodedFrame decode_ethernet(Bytes bytes) { return test::DecodedFrame(std::move(bytes)); }

test::DecodedFrame decode_v6(std::uint8_t protocol, const Bytes& payload,
                             const std::vector<Ipv6Extension>& extensions) {
  test::Ipv6Spec spec;
  spec.extensions = extensions;
  return decode_ethernet(
      test::ethernet(test::ipv6("2001:db8::1", "2001:db8::2", protocol, payload, spec), test::kEtherIpv6));
}

Bytes udp_payload() { return test::udp(5000, 53, test::bytes_of("query")); }

TEST(Ipv6, FixedHeaderFields) {
  const auto p = decode_v6(17, udp_payload(), {});
  EXPECT_EQ(p.status, DecodeStatus::Ok);
  EXPECT_EQ(p.network, Network::Ipv6);
  EXPECT_EQ(p.ip.version, 6);
  EXPECT_EQ(p.ip.src.to_string(), "2001:db8::1");
  EXPECT_EQ(p.ip.ttl, 64);
  EXPECT_EQ(p.ip.protocol, 17);
  EXPECT_EQ(p.ip.header_length, 40);
  EXPECT_EQ(p.ip.total_length, 40U + 13U);
  EXPECT_EQ(p.ip.extension_headers, 0);
  EXPECT_EQ(p.transport.kind, Transport::Udp);
  EXPECT_EQ(p.payload.size(), 5U);
}

TEST(Ipv6, EachExtensionHeaderIsWalked) {
  for (std::uint8_t type : {kHopByHop, kRouting, kDestOptions}) {
    const auto p = decode_v6(17, udp_payload(), {{type, {}}});
    EXPECT_EQ(p.status, DecodeStatus::Ok) << int{type};
    EXPECT_EQ(p.ip.extension_headers, 1) << int{type};
    EXPECT_EQ(p.ip.header_length, 48) << int{type};
    EXPECT_EQ(p.ip.protocol, 17) << int{type};
    EXPECT_EQ(p.transport.kind, Transport::Udp) << int{type};
    EXPECT_EQ(p.transport.dst_port.value, 53) << int{type};
  }
}

TEST(Ipv6, ChainOfExtensionHeadersWithOptions) {
  // Hop-by-hop with a router alert option (RFC 2711), a type 4 routing header with a segment,
  // destination options with PadN: all padded to 8-byte multiples by the builder.
  const Bytes router_alert{0x05, 0x02, 0x00, 0x00};
  Bytes segment{4, 0, 0, 0, 0, 0};
  segment.resize(6 + 16, 0xAB);
  const Bytes padn{0x01, 0x02, 0x00, 0x00};
  const auto p =
      decode_v6(6, test::tcp(1, 2, test::kAck), {{kHopByHop, router_alert}, {kRouting, segment}, {kDestOptions, padn}});
  EXPECT_EQ(p.status, DecodeStatus::Ok);
  EXPECT_EQ(p.ip.extension_headers, 3);
  EXPECT_EQ(p.transport.kind, Transport::Tcp);
}

TEST(Ipv6, LongChainsEndWithTheBytes) {
  std::vector<Ipv6Extension> chain(40, Ipv6Extension{kDestOptions, {}});
  const auto p = decode_v6(17, udp_payload(), chain);
  EXPECT_EQ(p.status, DecodeStatus::Ok);
  EXPECT_EQ(p.ip.extension_headers, 40);
  EXPECT_EQ(p.transport.kind, Transport::Udp);
}

TEST(Ipv6, FragmentHeaders) {
  const auto first = decode_v6(17, udp_payload(), {{kFragment, test::ipv6_fragment_body(0, true, 0xCAFE)}});
  EXPECT_EQ(first.status, DecodeStatus::Ok);
  EXPECT_TRUE(first.ip.is_fragment);
  EXPECT_TRUE(first.ip.more_fragments);
  EXPECT_EQ(first.ip.identification, 0xCAFEU);
  EXPECT_EQ(first.transport.kind, Transport::Udp);

  const auto later = decode_v6(17, udp_payload(), {{kFragment, test::ipv6_fragment_body(1232, false, 0xCAFE)}});
  EXPECT_TRUE(later.ip.is_fragment);
  EXPECT_FALSE(later.ip.more_fragments);
  EXPECT_EQ(later.ip.fragment_offset, 1232);
  EXPECT_EQ(later.transport.kind, Transport::None);
  EXPECT_EQ(later.payload.size(), 13U);

  // RFC 6946 atomic fragment: offset 0, M=0 is a whole datagram.
  const auto atomic = decode_v6(17, udp_payload(), {{kFragment, test::ipv6_fragment_body(0, false, 1)}});
  EXPECT_FALSE(atomic.ip.is_fragment);
  EXPECT_EQ(atomic.transport.kind, Transport::Udp);
}

TEST(Ipv6, UnknownNextHeaderEndsTheChainSafely) {
  // 253 (RFC 3692 experimentation) is not walked as an extension header: it is the upper
  // layer, whatever its bytes say.
  const auto p = decode_v6(253, Bytes{17, 200, 1, 2, 3, 4, 5, 6}, {{kHopByHop, {}}});
  EXPECT_EQ(p.status, DecodeStatus::Ok);
  EXPECT_EQ(p.ip.protocol, 253);
  EXPECT_EQ(p.ip.extension_headers, 1);
  EXPECT_EQ(p.transport.kind, Transport::Other);
  EXPECT_EQ(p.payload.size(), 8U);
}

TEST(Ipv6, AuthenticationHeaderIsAnUpperLayer) {
  // As for IPv4, AH ends the walk (and is not taken as UDP), which is how tshark counts it.
  const Bytes ah{17, 4, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  const auto p = decode_v6(51, test::concat({ah, udp_payload()}), {});
  EXPECT_EQ(p.ip.protocol, 51);
  EXPECT_EQ(p.transport.kind, Transport::Other);
}

TEST(Ipv6, NoNextHeader) {
  const auto p = decode_v6(59, {}, {{kDestOptions, {}}});
  EXPECT_EQ(p.status, DecodeStatus::Ok);
  EXPECT_EQ(p.ip.protocol, 59);
  EXPECT_EQ(p.transport.kind, Transport::None);
}

TEST(Ipv6, OptionRunningPastItsHeaderIsMalformed) {
  const Bytes overrun{0xCA, 0x90};  // an option claiming 144 bytes in a 6-byte option area
  const auto p = decode_v6(17, udp_payload(), {{kDestOptions, overrun}});
  EXPECT_EQ(p.status, DecodeStatus::Malformed);
  EXPECT_EQ(p.network, Network::Ipv6);
  EXPECT_EQ(p.transport.kind, Transport::None);
}

TEST(Ipv6, ExtensionHeaderCutByTheCaptureIsTruncated) {
  auto frame = test::ethernet(
      test::ipv6("2001:db8::1", "2001:db8::2", 17, udp_payload(), test::Ipv6Spec{64, {{kRouting, Bytes(14, 0)}}}),
      test::kEtherIpv6);
  frame.resize(14 + 40 + 10);
  const auto p = decode_ethernet(frame);
  EXPECT_EQ(p.status, DecodeStatus::Truncated);
  EXPECT_TRUE(p.ip.present);
  EXPECT_EQ(p.ip.protocol, kRouting);
  EXPECT_EQ(p.transport.kind, Transport::None);
}

TEST(Ipv6, VersionMismatchIsNotIpv6) {
  auto packet = test::ipv6("2001:db8::1", "2001:db8::2", 17, udp_payload());
  packet[0] = 0x40;
  const auto p = decode_ethernet(test::ethernet(packet, test::kEtherIpv6));
  EXPECT_EQ(p.status, DecodeStatus::Malformed);
  EXPECT_EQ(p.network, Network::Other);
  EXPECT_FALSE(p.ip.present);
}

TEST(Ipv6, PayloadLengthBoundsThePacket) {
  auto frame = test::ethernet(test::ipv6("2001:db8::1", "2001:db8::2", 17, udp_payload()), test::kEtherIpv6);
  frame.resize(frame.size() + 10, 0xEE);  // trailer after the datagram
  const auto p = decode_ethernet(frame);
  EXPECT_EQ(p.ip.header.size(), 53U);
  EXPECT_EQ(p.payload.size(), 5U);
}

}  // namespace
}  // namespace pt::packet
