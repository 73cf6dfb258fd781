#pragma once
// The vocabulary of one traceroute: which protocol probes, the flow identity every probe of a
// trace shares (Paris traceroute: load balancers hash the same fields for every probe, so one
// trace follows one path), one probe, and one reply as read back from the network.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

#include "util/ip_address.hpp"
#include "util/strong_types.hpp"

namespace pt::trace {

// Probe timing uses the monotonic clock; wall-clock times are only recorded for history.
using Instant = std::chrono::steady_clock::time_point;

enum class ProbeProtocol : std::uint8_t { Icmp, Udp, Tcp };

std::string_view to_string(ProbeProtocol protocol);
// "icmp", "udp" or "tcp" (case-insensitive); nullopt otherwise.
std::optional<ProbeProtocol> parse_probe_protocol(std::string_view text);

// Which probe of a trace a packet belongs to: the probe's index within its trace. It is carried
// in a field load balancers do not hash (ICMP sequence, UDP length, TCP sequence number).
struct ProbeToken {
  std::uint16_t value = 0;
  friend constexpr auto operator<=>(ProbeToken, ProbeToken) = default;
};

// What stays constant across a trace. ICMP: the identifier and (by compensating the payload)
// the checksum; UDP/TCP: both ports. Only the TTL and the token change from probe to probe.
struct FlowIdentity {
  ProbeProtocol protocol = ProbeProtocol::Icmp;
  util::IpAddress source;  // the local address the kernel routes from (TCP/IPv4 checksum)
  util::IpAddress target;
  util::Port src_port;  // UDP/TCP
  util::Port dst_port;  // UDP/TCP
  std::uint16_t icmp_id = 0;
  std::uint32_t tcp_seq_base = 0;  // TCP: a probe's sequence number is base + token
};

struct Probe {
  util::Ttl ttl;
  ProbeToken token;
};

enum class ReplyKind : std::uint8_t {
  TimeExceeded,            // a router on the way: ICMP type 11 / ICMPv6 type 3
  DestinationUnreachable,  // ICMP type 3 / ICMPv6 type 1 (port unreachable at the target = reached)
  EchoReply,               // the target answered an echo request
  TcpSynAck,               // the target's port is open
  TcpReset,                // the target's port is closed
  Other,                   // another ICMP error quoting our probe (parameter problem, ...)
};

std::string_view to_string(ReplyKind kind);

// One reply as decoded from the wire, not yet attributed to a trace. Fields are seen from the
// probe's side: probe_dst is where the probe was going, src_port the probe's source port.
struct ProbeReply {
  util::IpAddress responder;  // who sent the reply
  ReplyKind kind = ReplyKind::Other;
  std::uint8_t icmp_type = 0;
  std::uint8_t icmp_code = 0;
  ProbeProtocol protocol = ProbeProtocol::Icmp;
  util::IpAddress probe_dst;
  util::Port src_port;
  util::Port dst_port;
  std::uint16_t icmp_id = 0;
  // The field that carries the token: ICMP sequence, UDP length, TCP sequence (for a TCP reply,
  // the acknowledgement number minus one).
  std::uint32_t token_field = 0;
  Instant received{};
};

}  // namespace pt::trace
