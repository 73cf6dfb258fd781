#include "trace/probe_encoder.hpp"

#include <algorithm>
#include <string_view>

namespace pt::trace {
namespace {

constexpr std::uint8_t kIcmpEchoRequest = 8;
constexpr std::uint8_t kIcmpv6EchoRequest = 128;
constexpr std::uint8_t kTcpSyn = 0x02;
constexpr std::uint16_t kTcpWindow = 64240;

void put16(std::span<std::uint8_t> out, std::size_t at, std::uint16_t v) {
  out[at] = static_cast<std::uint8_t>(v >> 8U);
  out[at + 1] = static_cast<std::uint8_t>(v & 0xFFU);
}
void put32(std::span<std::uint8_t> out, std::size_t at, std::uint32_t v) {
  put16(out, at, static_cast<std::uint16_t>(v >> 16U));
  put16(out, at + 2, static_cast<std::uint16_t>(v & 0xFFFFU));
}

// A recognisable fill ("PacketTracer" repeated) so probes are easy to spot in a capture.
void fill(std::span<std::uint8_t> out) {
  static constexpr std::string_view kFill = "PacketTracer";
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<std::uint8_t>(kFill[i % kFill.size()]);
}

std::size_t encode_icmp(const FlowIdentity& flow, ProbeToken token, std::span<std::uint8_t> out) {
  constexpr std::size_t kSize = 8 + kIcmpPayloadSize;
  if (out.size() < kSize) return 0;
  const bool v6 = flow.target.is_v6();
  out[0] = v6 ? kIcmpv6EchoRequest : kIcmpEchoRequest;
  out[1] = 0;
  put16(out, 2, 0);
  put16(out, 4, flow.icmp_id);
  put16(out, 6, token.value);
  put16(out, 8, icmp_compensation(token.value));
  fill(out.subspan(10, kSize - 10));
  // ICMPv6 checksums cover a pseudo-header and are always computed by the kernel (RFC 3542 §3.1).
  if (!v6) put16(out, 2, internet_checksum(out.first(kSize)));
  return kSize;
}

std::size_t encode_udp(const FlowIdentity& flow, ProbeToken token, std::span<std::uint8_t> out) {
  const std::size_t size = 8 + kUdpBasePayload + token.value;
  if (out.size() < size || token.value >= kMaxProbesPerTrace) return 0;
  put16(out, 0, flow.src_port.value);
  put16(out, 2, flow.dst_port.value);
  put16(out, 4, static_cast<std::uint16_t>(size));
  put16(out, 6, 0);  // IPv4: no checksum (RFC 768); IPv6: filled by the kernel
  fill(out.subspan(8, size - 8));
  return size;
}

std::size_t encode_tcp(const FlowIdentity& flow, ProbeToken token, std::span<std::uint8_t> out) {
  if (out.size() < kTcpHeaderSize) return 0;
  put16(out, 0, flow.src_port.value);
  put16(out, 2, flow.dst_port.value);
  put32(out, 4, flow.tcp_seq_base + token.value);
  put32(out, 8, 0);
  out[12] = static_cast<std::uint8_t>((kTcpHeaderSize / 4) << 4U);
  out[13] = kTcpSyn;
  put16(out, 14, kTcpWindow);
  put16(out, 16, 0);
  put16(out, 18, 0);
  if (flow.target.is_v4()) {
    const auto sum =
        pseudo_header_sum(flow.source, flow.target, static_cast<std::uint8_t>(util::IpProtocol::Tcp), kTcpHeaderSize);
    put16(out, 16, internet_checksum(out.first(kTcpHeaderSize), sum));
  }
  return kTcpHeaderSize;
}

}  // namespace

std::uint16_t internet_checksum(std::span<const std::uint8_t> data, std::uint32_t partial_sum) {
  std::uint64_t sum = partial_sum;
  std::size_t i = 0;
  for (; i + 1 < data.size(); i += 2) sum += static_cast<std::uint32_t>((data[i] << 8U) | data[i + 1]);
  if (i < data.size()) sum += static_cast<std::uint32_t>(data[i] << 8U);
  while ((sum >> 16U) != 0) sum = (sum & 0xFFFFU) + (sum >> 16U);
  return static_cast<std::uint16_t>(~sum & 0xFFFFU);
}

std::uint32_t pseudo_header_sum(const util::IpAddress& src, const util::IpAddress& dst, std::uint8_t protocol,
                                std::uint32_t length) {
  std::uint64_t sum = 0;
  for (const auto& address : {src, dst}) {
    const auto bytes = address.bytes();
    for (std::size_t i = 0; i + 1 < bytes.size(); i += 2)
      sum += static_cast<std::uint32_t>((bytes[i] << 8U) | bytes[i + 1]);
  }
  sum += protocol;
  sum += length >> 16U;
  sum += length & 0xFFFFU;
  while ((sum >> 16U) != 0) sum = (sum & 0xFFFFU) + (sum >> 16U);
  return static_cast<std::uint32_t>(sum);
}

std::uint16_t icmp_compensation(std::uint16_t sequence) {
  // sequence + ~sequence is 0xFFFF for every sequence, so the one's complement sum of the
  // message, and with it the checksum, does not depend on the sequence number.
  return static_cast<std::uint16_t>(~sequence & 0xFFFFU);
}

std::size_t encode_probe(const FlowIdentity& flow, ProbeToken token, std::span<std::uint8_t> out) {
  switch (flow.protocol) {
    case ProbeProtocol::Icmp: return encode_icmp(flow, token, out);
    case ProbeProtocol::Udp: return encode_udp(flow, token, out);
    case ProbeProtocol::Tcp: return encode_tcp(flow, token, out);
  }
  return 0;
}

}  // namespace pt::trace
