#pragma once
// Turns what a raw socket read into a ProbeReply, and attributes a reply to the probe of one
// flow. An ICMP error names the probe it answers only through the datagram it quotes (RFC 792,
// RFC 4443 §2.4(c)), so errors are matched by the quoted header, never by arrival order.
// Everything here reads untrusted network input: bounds-checked and fuzzed.

#include <cstdint>
#include <optional>
#include <span>

#include "trace/probe.hpp"

namespace pt::trace {

// How a raw socket hands over a packet (raw(7), RFC 3542 §3).
enum class ReadFormat : std::uint8_t {
  Ipv4Packet,     // AF_INET raw sockets include the IP header
  Icmpv6Message,  // AF_INET6 raw ICMPv6 sockets give the ICMPv6 message only
  Tcpv6Segment,   // AF_INET6 raw TCP sockets give the TCP segment only
};

// Decodes one read. nullopt when it cannot answer any probe (an unrelated ICMP type, a TCP
// segment that is neither SYN-ACK nor RST, a truncated quote). `from` is the sender the socket
// reported; IPv6 reads carry no IP header, so it is the only source of the responder there.
std::optional<ProbeReply> parse_reply(std::span<const std::uint8_t> bytes, ReadFormat format,
                                      const util::IpAddress& from, Instant received);

// The probe of `flow` this reply answers, or nullopt when it belongs to another flow (another
// trace, another program's ping, a stale probe).
std::optional<ProbeToken> match_reply(const FlowIdentity& flow, const ProbeReply& reply);

// The target itself answered: echo reply, SYN-ACK, RST, or an unreachable (port unreachable for
// UDP) sent by the target address.
bool reaches_target(const FlowIdentity& flow, const ProbeReply& reply);

// A router declared the target unreachable (traceroute's !H, !N, !X): probes further out are
// pointless.
bool ends_path(const FlowIdentity& flow, const ProbeReply& reply);

}  // namespace pt::trace
