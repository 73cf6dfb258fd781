#include "trace/reply_matcher.hpp"

#include "packet/decode.hpp"
#include "packet/decode_steps.hpp"
#include "packet/link_type.hpp"
#include "trace/probe_encoder.hpp"
#include "util/byte_reader.hpp"

namespace pt::trace {
namespace {

// ICMP (RFC 792) and ICMPv6 (RFC 4443) types a traceroute cares about.
constexpr std::uint8_t kIcmpEchoReply = 0;
constexpr std::uint8_t kIcmpUnreachable = 3;
constexpr std::uint8_t kIcmpEchoRequest = 8;
constexpr std::uint8_t kIcmpTimeExceeded = 11;
constexpr std::uint8_t kIcmpParameterProblem = 12;
constexpr std::uint8_t kIcmpv6Unreachable = 1;
constexpr std::uint8_t kIcmpv6PacketTooBig = 2;
constexpr std::uint8_t kIcmpv6TimeExceeded = 3;
constexpr std::uint8_t kIcmpv6ParameterProblem = 4;
constexpr std::uint8_t kIcmpv6EchoRequest = 128;
constexpr std::uint8_t kIcmpv6EchoReply = 129;

std::optional<ReplyKind> error_kind(std::uint8_t type, bool v6) {
  if (v6) {
    switch (type) {
      case kIcmpv6TimeExceeded: return ReplyKind::TimeExceeded;
      case kIcmpv6Unreachable: return ReplyKind::DestinationUnreachable;
      case kIcmpv6PacketTooBig:
      case kIcmpv6ParameterProblem: return ReplyKind::Other;
      default: return std::nullopt;
    }
  }
  switch (type) {
    case kIcmpTimeExceeded: return ReplyKind::TimeExceeded;
    case kIcmpUnreachable: return ReplyKind::DestinationUnreachable;
    case kIcmpParameterProblem: return ReplyKind::Other;
    default: return std::nullopt;  // redirects and source quench do not mean the probe stopped
  }
}

// The UDP length of the quoted datagram, which carries a UDP probe's token.
std::optional<std::uint16_t> quoted_udp_length(std::span<const std::uint8_t> quote) {
  if (quote.empty()) return std::nullopt;
  const std::size_t ip_length = (quote[0] >> 4U) == 4 ? (quote[0] & 0x0FU) * 4U : 40U;
  util::ByteReader r{quote};
  r.skip(ip_length + 4);
  const auto length = r.be16();
  if (r.failed()) return std::nullopt;
  return length;
}

std::optional<ProbeReply> from_quote(const packet::Packet& p, ReplyKind kind, ProbeReply reply) {
  const auto& q = p.icmp.quoted;
  if (!q.present || q.dst.family() != reply.responder.family()) return std::nullopt;
  reply.kind = kind;
  reply.probe_dst = q.dst;
  switch (static_cast<util::IpProtocol>(q.protocol)) {
    case util::IpProtocol::Icmp:
    case util::IpProtocol::Icmpv6:
      if (q.icmp_type != kIcmpEchoRequest && q.icmp_type != kIcmpv6EchoRequest) return std::nullopt;
      reply.protocol = ProbeProtocol::Icmp;
      reply.icmp_id = q.icmp_id;
      reply.token_field = q.icmp_seq;
      return reply;
    case util::IpProtocol::Udp: {
      const auto length = quoted_udp_length(p.payload);
      if (!length) return std::nullopt;
      reply.protocol = ProbeProtocol::Udp;
      reply.src_port = q.src_port;
      reply.dst_port = q.dst_port;
      reply.token_field = *length;
      return reply;
    }
    case util::IpProtocol::Tcp:
      reply.protocol = ProbeProtocol::Tcp;
      reply.src_port = q.src_port;
      reply.dst_port = q.dst_port;
      reply.token_field = q.tcp_seq;
      return reply;
    default: return std::nullopt;
  }
}

std::optional<ProbeReply> from_icmp(const packet::Packet& p, ProbeReply reply) {
  const auto& icmp = p.icmp;
  if (!icmp.present) return std::nullopt;
  reply.icmp_type = icmp.type;
  reply.icmp_code = icmp.code;
  if (icmp.type == (icmp.v6 ? kIcmpv6EchoReply : kIcmpEchoReply)) {
    reply.kind = ReplyKind::EchoReply;
    reply.protocol = ProbeProtocol::Icmp;
    reply.probe_dst = reply.responder;
    reply.icmp_id = icmp.identifier;
    reply.token_field = icmp.sequence;
    return reply;
  }
  const auto kind = error_kind(icmp.type, icmp.v6);
  if (!kind) return std::nullopt;
  return from_quote(p, *kind, reply);
}

std::optional<ProbeReply> from_tcp(const packet::Packet& p, ProbeReply reply) {
  const auto& t = p.transport;
  if (!t.complete || (t.flags & packet::tcp_flag::kAck) == 0) return std::nullopt;
  if ((t.flags & packet::tcp_flag::kRst) != 0) {
    reply.kind = ReplyKind::TcpReset;
  } else if ((t.flags & packet::tcp_flag::kSyn) != 0) {
    reply.kind = ReplyKind::TcpSynAck;
  } else {
    return std::nullopt;
  }
  reply.protocol = ProbeProtocol::Tcp;
  reply.probe_dst = reply.responder;
  reply.src_port = t.dst_port;  // the reply travels back: its destination port is our source port
  reply.dst_port = t.src_port;
  reply.token_field = t.ack - 1U;  // a SYN occupies one sequence number (RFC 9293 §3.4)
  return reply;
}

}  // namespace

std::optional<ProbeReply> parse_reply(std::span<const std::uint8_t> bytes, ReadFormat format,
                                      const util::IpAddress& from, Instant received) {
  packet::Packet p;
  ProbeReply reply;
  reply.received = received;
  switch (format) {
    case ReadFormat::Ipv4Packet: {
      packet::Frame frame;
      frame.link_type = static_cast<int>(packet::LinkType::Ipv4);
      frame.data = bytes;
      frame.wire_length = static_cast<std::uint32_t>(bytes.size());
      packet::decode(frame, p);
      if (!p.ip.present || p.ip.version != 4 || p.ip.is_fragment) return std::nullopt;
      reply.responder = p.ip.src;
      if (p.transport.kind == packet::Transport::Icmp) return from_icmp(p, reply);
      if (p.transport.kind == packet::Transport::Tcp) return from_tcp(p, reply);
      return std::nullopt;
    }
    case ReadFormat::Icmpv6Message:
      if (!from.is_v6()) return std::nullopt;
      reply.responder = from;
      packet::detail::decode_icmp(util::ByteReader{bytes}, p, true);
      return from_icmp(p, reply);
    case ReadFormat::Tcpv6Segment:
      if (!from.is_v6()) return std::nullopt;
      reply.responder = from;
      packet::detail::decode_transport(static_cast<std::uint8_t>(util::IpProtocol::Tcp), util::ByteReader{bytes}, p);
      if (p.transport.kind != packet::Transport::Tcp) return std::nullopt;
      return from_tcp(p, reply);
  }
  return std::nullopt;
}

std::optional<ProbeToken> match_reply(const FlowIdentity& flow, const ProbeReply& reply) {
  if (reply.protocol != flow.protocol || reply.probe_dst != flow.target) return std::nullopt;
  std::uint32_t token = 0;
  switch (flow.protocol) {
    case ProbeProtocol::Icmp:
      if (reply.icmp_id != flow.icmp_id) return std::nullopt;
      token = reply.token_field;
      break;
    case ProbeProtocol::Udp:
      if (reply.src_port != flow.src_port || reply.dst_port != flow.dst_port) return std::nullopt;
      if (reply.token_field < 8 + kUdpBasePayload) return std::nullopt;
      token = reply.token_field - 8U - static_cast<std::uint32_t>(kUdpBasePayload);
      break;
    case ProbeProtocol::Tcp:
      if (reply.src_port != flow.src_port || reply.dst_port != flow.dst_port) return std::nullopt;
      token = reply.token_field - flow.tcp_seq_base;  // modulo 2^32, like sequence numbers
      break;
  }
  if (token >= kMaxProbesPerTrace) return std::nullopt;
  return ProbeToken{static_cast<std::uint16_t>(token)};
}

bool reaches_target(const FlowIdentity& flow, const ProbeReply& reply) {
  switch (reply.kind) {
    case ReplyKind::EchoReply:
    case ReplyKind::TcpSynAck:
    case ReplyKind::TcpReset: return true;
    case ReplyKind::DestinationUnreachable: return reply.responder == flow.target;
    default: return false;
  }
}

bool ends_path(const FlowIdentity& flow, const ProbeReply& reply) {
  return reply.kind == ReplyKind::DestinationUnreachable && reply.responder != flow.target;
}

}  // namespace pt::trace
