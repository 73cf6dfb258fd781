#pragma once
// Builds the transport message of one probe (ICMP echo, UDP datagram or TCP SYN); the kernel
// adds the IP header and sets the TTL. Pure functions over a caller's buffer, so the bytes a
// probe carries can be checked without a socket.

#include <cstddef>
#include <cstdint>
#include <span>

#include "trace/probe.hpp"

namespace pt::trace {

// Default destination ports: traceroute's classic UDP base port and HTTP for TCP SYN probes.
inline constexpr util::Port kDefaultUdpPort{33434};
inline constexpr util::Port kDefaultTcpPort{80};
// Tokens stay below this so a UDP probe (whose length carries the token) fits the IPv6
// minimum MTU (RFC 8200 §5: 1280 bytes) with room for the headers.
inline constexpr std::size_t kMaxProbesPerTrace = 1024;
// ICMP echo payload: two compensation bytes and a fixed fill, 32 bytes in all like traceroute -I.
inline constexpr std::size_t kIcmpPayloadSize = 32;
// The smallest UDP payload; a UDP probe carries kUdpBasePayload + token bytes.
inline constexpr std::size_t kUdpBasePayload = 12;
inline constexpr std::size_t kTcpHeaderSize = 20;
inline constexpr std::size_t kMaxProbeSize = 8 + kUdpBasePayload + kMaxProbesPerTrace;

// RFC 1071 Internet checksum over data, starting from a partial sum (for pseudo-headers).
std::uint16_t internet_checksum(std::span<const std::uint8_t> data, std::uint32_t partial_sum = 0);
// The one's complement sum of the TCP/UDP pseudo-header (RFC 9293 §3.1, RFC 8200 §8.1).
std::uint32_t pseudo_header_sum(const util::IpAddress& src, const util::IpAddress& dst, std::uint8_t protocol,
                                std::uint32_t length);

// Writes the probe's transport message into out and returns its size (0 when out is too small).
// ICMPv4 and TCP/IPv4 checksums are filled in; UDP/IPv4 carries no checksum (RFC 768 allows it)
// and for IPv6 the kernel computes every checksum (IPV6_CHECKSUM, RFC 3542 §3.1).
std::size_t encode_probe(const FlowIdentity& flow, ProbeToken token, std::span<std::uint8_t> out);

// The sequence number of a probe's echo request and the compensation word that keeps the
// ICMP checksum constant across the trace (Paris traceroute).
std::uint16_t icmp_compensation(std::uint16_t sequence);

}  // namespace pt::trace
