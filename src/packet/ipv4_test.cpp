// IPv4 header decoding: options, fragments, malformed lengths, offload artefacts, padding.

#include <gtest/gtest.h>

#include "packet/decode.hpp"
#include "support/decoded_frame.hpp"
#include "support/packet_builder.hpp"

namespace pt::packet {
namespace {

using test::Bytes;

test::DecodedFrame decode_ethernet(Bytes bytes) { return test::DecodedFrame(std::move(bytes)); }

Bytes udp_payload() { return test::udp(1234, 53, test::bytes_of("abcdefgh")); }

TEST(Ipv4, HeaderFields) {
  test::Ipv4Spec spec;
  spec.ttl = 7;
  spec.id = 0xBEEF;
  spec.dont_fragment = true;
  const auto p = decode_ethernet(test::ethernet(test::ipv4("192.0.2.1", "198.51.100.2", 17, udp_payload(), spec)));
  EXPECT_EQ(p.status, DecodeStatus::Ok);
  EXPECT_EQ(p.network, Network::Ipv4);
  EXPECT_EQ(p.ip.version, 4);
  EXPECT_EQ(p.ip.src.to_string(), "192.0.2.1");
  EXPECT_EQ(p.ip.dst.to_string(), "198.51.100.2");
  EXPECT_EQ(p.ip.ttl, 7);
  EXPECT_EQ(p.ip.identification, 0xBEEFU);
  EXPECT_EQ(p.ip.protocol, 17);
  EXPECT_EQ(p.ip.header_length, 20);
  EXPECT_EQ(p.ip.total_length, 36U);
  EXPECT_FALSE(p.ip.has_options);
  EXPECT_FALSE(p.ip.is_fragment);  // DF alone is not a fragment
  EXPECT_EQ(p.ip.header.size(), 36U);
  EXPECT_EQ(p.transport.kind, Transport::Udp);
}

TEST(Ipv4, OptionsAreSkippedToTheUpperLayer) {
  test::Ipv4Spec spec;
  spec.options = {0x94, 0x04, 0x00, 0x00, 0x01, 0x01, 0x01};  // router alert + NOPs, padded to 8
  const auto p = decode_ethernet(test::ethernet(test::ipv4("10.0.0.1", "10.0.0.2", 17, udp_payload(), spec)));
  EXPECT_EQ(p.status, DecodeStatus::Ok);
  EXPECT_TRUE(p.ip.has_options);
  EXPECT_EQ(p.ip.header_length, 28);
  EXPECT_EQ(p.transport.kind, Transport::Udp);
  EXPECT_EQ(p.transport.src_port.value, 1234);
  EXPECT_EQ(p.payload.size(), 8U);
}

TEST(Ipv4, FirstFragmentCarriesTheTransportHeader) {
  test::Ipv4Spec spec;
  spec.more_fragments = true;
  const auto p = decode_ethernet(test::ethernet(test::ipv4("10.0.0.1", "10.0.0.2", 17, udp_payload(), spec)));
  EXPECT_EQ(p.status, DecodeStatus::Ok);
  EXPECT_TRUE(p.ip.is_fragment);
  EXPECT_TRUE(p.ip.more_fragments);
  EXPECT_EQ(p.ip.fragment_offset, 0);
  EXPECT_EQ(p.transport.kind, Transport::Udp);
  EXPECT_EQ(p.transport.dst_port.value, 53);
}

TEST(Ipv4, LaterFragmentsCarryNoTransportHeader) {
  for (bool more : {true, false}) {
    test::Ipv4Spec spec;
    spec.more_fragments = more;
    spec.fragment_offset_bytes = 1480;
    const auto p = decode_ethernet(test::ethernet(test::ipv4("10.0.0.1", "10.0.0.2", 17, udp_payload(), spec)));
    EXPECT_EQ(p.status, DecodeStatus::Ok);
    EXPECT_TRUE(p.ip.is_fragment);
    EXPECT_EQ(p.ip.more_fragments, more);
    EXPECT_EQ(p.ip.fragment_offset, 1480);
    EXPECT_EQ(p.transport.kind, Transport::None);  // the UDP-looking bytes are data
    EXPECT_EQ(p.payload.size(), 16U);
  }
}

TEST(Ipv4, HeaderLengthBelowFiveWordsIsMalformed) {
  auto packet = test::ipv4("10.0.0.1", "10.0.0.2", 17, udp_payload());
  packet[0] = 0x44;  // IHL 4
  const auto p = decode_ethernet(test::ethernet(packet));
  EXPECT_EQ(p.status, DecodeStatus::Malformed);
  EXPECT_EQ(p.network, Network::Ipv4);  // still counted as IPv4, as tshark counts it
  EXPECT_FALSE(p.ip.present);
  EXPECT_EQ(p.transport.kind, Transport::None);
}

TEST(Ipv4, TotalLengthBelowHeaderLengthIsMalformed) {
  test::Ipv4Spec spec;
  spec.total_length_override = 19;
  const auto p = decode_ethernet(test::ethernet(test::ipv4("10.0.0.1", "10.0.0.2", 17, udp_payload(), spec)));
  EXPECT_EQ(p.status, DecodeStatus::Malformed);
  EXPECT_FALSE(p.ip.present);
}

TEST(Ipv4, VersionMismatchIsMalformed) {
  auto packet = test::ipv4("10.0.0.1", "10.0.0.2", 17, udp_payload());
  packet[0] = 0x55;
  const auto p = decode_ethernet(test::ethernet(packet));
  EXPECT_EQ(p.status, DecodeStatus::Malformed);
  EXPECT_EQ(p.network, Network::Ipv4);
}

TEST(Ipv4, ZeroTotalLengthFromSegmentationOffloadMeansTheCapturedLength) {
  test::Ipv4Spec spec;
  spec.total_length_override = 0;
  const auto p = decode_ethernet(test::ethernet(test::ipv4("10.0.0.1", "10.0.0.2", 17, udp_payload(), spec)));
  EXPECT_EQ(p.status, DecodeStatus::Ok);
  EXPECT_EQ(p.ip.total_length, 36U);
  EXPECT_EQ(p.transport.kind, Transport::Udp);
}

TEST(Ipv4, DatagramEndingWithItsHeaderHasNoUpperLayer) {
  test::Ipv4Spec spec;
  spec.total_length_override = 20;  // the TCP bytes after it are padding, not TCP
  const auto p =
      decode_ethernet(test::ethernet(test::ipv4("10.0.0.1", "10.0.0.2", 6, test::tcp(1, 2, test::kSyn), spec)));
  EXPECT_EQ(p.status, DecodeStatus::Malformed);
  EXPECT_EQ(p.transport.kind, Transport::None);
  // A protocol without a mandatory header (here: 253, experimental) may be empty.
  const auto empty = decode_ethernet(test::ethernet(test::ipv4("10.0.0.1", "10.0.0.2", 253, {})));
  EXPECT_EQ(empty.status, DecodeStatus::Ok);
}

TEST(Ipv4, EthernetPaddingIsNotPayload) {
  auto frame = test::ethernet(test::ipv4("10.0.0.1", "10.0.0.2", 17, test::udp(1, 2)));
  frame.resize(60, 0);  // minimum Ethernet frame
  const auto p = decode_ethernet(frame);
  EXPECT_EQ(p.status, DecodeStatus::Ok);
  EXPECT_EQ(p.ip.header.size(), 28U);
  EXPECT_TRUE(p.payload.empty());
}

TEST(Ipv4, OptionsCutByTheCaptureAreTruncated) {
  test::Ipv4Spec spec;
  spec.options = Bytes(20, 0x01);
  auto frame = test::ethernet(test::ipv4("10.0.0.1", "10.0.0.2", 17, udp_payload(), spec));
  frame.resize(14 + 30);
  const auto p = decode_ethernet(frame);
  EXPECT_EQ(p.status, DecodeStatus::Truncated);
  EXPECT_TRUE(p.ip.present);  // the fixed header was whole: addresses are known
  EXPECT_EQ(p.ip.src.to_string(), "10.0.0.1");
}

}  // namespace
}  // namespace pt::packet
