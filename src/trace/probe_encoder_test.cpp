#include "trace/probe_encoder.hpp"

#include <gtest/gtest.h>

#include <array>
#include <set>

namespace pt::trace {
namespace {

FlowIdentity flow(ProbeProtocol protocol, const char* src, const char* dst) {
  FlowIdentity f;
  f.protocol = protocol;
  f.source = *util::IpAddress::parse(src);
  f.target = *util::IpAddress::parse(dst);
  f.src_port = util::Port{40001};
  f.dst_port = protocol == ProbeProtocol::Tcp ? kDefaultTcpPort : kDefaultUdpPort;
  f.icmp_id = 0x1234;
  f.tcp_seq_base = 0xFFFFFF00U;  // wraps within the trace
  return f;
}

std::uint16_t be16(std::span<const std::uint8_t> b, std::size_t at) {
  return static_cast<std::uint16_t>((b[at] << 8U) | b[at + 1]);
}

TEST(ProbeEncoder, IcmpChecksumIsValidAndConstantAcrossTheTrace) {
  const auto f = flow(ProbeProtocol::Icmp, "10.0.1.2", "10.0.2.2");
  std::set<std::uint16_t> checksums;
  for (std::uint16_t token = 0; token < 200; ++token) {
    std::array<std::uint8_t, kMaxProbeSize> buf{};
    const auto size = encode_probe(f, ProbeToken{token}, buf);
    ASSERT_EQ(size, 8 + kIcmpPayloadSize);
    const std::span<const std::uint8_t> msg(buf.data(), size);
    EXPECT_EQ(msg[0], 8);  // echo request
    EXPECT_EQ(be16(msg, 4), 0x1234);
    EXPECT_EQ(be16(msg, 6), token);
    EXPECT_EQ(internet_checksum(msg), 0) << "a valid checksum sums to zero";
    checksums.insert(be16(msg, 2));
  }
  EXPECT_EQ(checksums.size(), 1U) << "Paris traceroute: one checksum for the whole trace";
}

TEST(ProbeEncoder, Icmpv6SumIsConstantSoTheKernelChecksumIsToo) {
  const auto f = flow(ProbeProtocol::Icmp, "2001:db8:1::2", "2001:db8:2::2");
  std::set<std::uint16_t> sums;
  for (int t : {0, 1, 7, 90, 1000}) {
    const auto token = static_cast<std::uint16_t>(t);
    std::array<std::uint8_t, kMaxProbeSize> buf{};
    const auto size = encode_probe(f, ProbeToken{token}, buf);
    ASSERT_GT(size, 0U);
    EXPECT_EQ(buf[0], 128);
    EXPECT_EQ(be16(buf, 2), 0) << "left for the kernel";
    sums.insert(internet_checksum(std::span<const std::uint8_t>(buf.data(), size)));
  }
  EXPECT_EQ(sums.size(), 1U);
}

TEST(ProbeEncoder, UdpKeepsPortsAndCarriesTheTokenInItsLength) {
  const auto f = flow(ProbeProtocol::Udp, "10.0.1.2", "10.0.2.2");
  for (int t : {0, 5, 639}) {
    const auto token = static_cast<std::uint16_t>(t);
    std::array<std::uint8_t, kMaxProbeSize> buf{};
    const auto size = encode_probe(f, ProbeToken{token}, buf);
    EXPECT_EQ(size, 8 + kUdpBasePayload + token);
    EXPECT_EQ(be16(buf, 0), 40001);
    EXPECT_EQ(be16(buf, 2), 33434);
    EXPECT_EQ(be16(buf, 4), size);
  }
  std::array<std::uint8_t, kMaxProbeSize> buf{};
  EXPECT_EQ(encode_probe(f, ProbeToken{static_cast<std::uint16_t>(kMaxProbesPerTrace)}, buf), 0U);
}

TEST(ProbeEncoder, TcpSynCarriesTheTokenInItsSequenceAndAValidChecksum) {
  const auto f = flow(ProbeProtocol::Tcp, "10.0.1.2", "10.0.2.2");
  std::array<std::uint8_t, kMaxProbeSize> buf{};
  const auto size = encode_probe(f, ProbeToken{0x200}, buf);
  ASSERT_EQ(size, kTcpHeaderSize);
  const std::uint32_t seq = (std::uint32_t{be16(buf, 4)} << 16U) | be16(buf, 6);
  EXPECT_EQ(seq, 0x00000100U) << "base + token, modulo 2^32";
  EXPECT_EQ(buf[13], 0x02) << "SYN only";
  const auto pseudo = pseudo_header_sum(f.source, f.target, 6, kTcpHeaderSize);
  EXPECT_EQ(internet_checksum(std::span<const std::uint8_t>(buf.data(), size), pseudo), 0);
}

TEST(ProbeEncoder, RefusesABufferTooSmall) {
  std::array<std::uint8_t, 8> small{};
  EXPECT_EQ(encode_probe(flow(ProbeProtocol::Icmp, "10.0.1.2", "10.0.2.2"), ProbeToken{1}, small), 0U);
  EXPECT_EQ(encode_probe(flow(ProbeProtocol::Tcp, "10.0.1.2", "10.0.2.2"), ProbeToken{1}, small), 0U);
}

TEST(ProbeEncoder, ChecksumMatchesRfc1071Example) {
  // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum to ddf2, so the checksum is 220d.
  const std::array<std::uint8_t, 8> data{0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
  EXPECT_EQ(internet_checksum(data), 0x220d);
}

}  // namespace
}  // namespace pt::trace
