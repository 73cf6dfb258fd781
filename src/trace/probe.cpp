#include "trace/probe.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace pt::trace {

std::string_view to_string(ProbeProtocol protocol) {
  switch (protocol) {
    case ProbeProtocol::Icmp: return "icmp";
    case ProbeProtocol::Udp: return "udp";
    case ProbeProtocol::Tcp: return "tcp";
  }
  return "icmp";
}

std::optional<ProbeProtocol> parse_probe_protocol(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (auto p : {ProbeProtocol::Icmp, ProbeProtocol::Udp, ProbeProtocol::Tcp}) {
    if (lower == to_string(p)) return p;
  }
  return std::nullopt;
}

std::string_view to_string(ReplyKind kind) {
  switch (kind) {
    case ReplyKind::TimeExceeded: return "time-exceeded";
    case ReplyKind::DestinationUnreachable: return "unreachable";
    case ReplyKind::EchoReply: return "echo-reply";
    case ReplyKind::TcpSynAck: return "syn-ack";
    case ReplyKind::TcpReset: return "reset";
    case ReplyKind::Other: return "other";
  }
  return "other";
}

}  // namespace pt::trace
