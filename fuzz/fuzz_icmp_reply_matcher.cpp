// libFuzzer target for the traceroute reply matcher (src/trace/reply_matcher): what a raw socket
// reads is untrusted, so every format it may arrive in is parsed and the reply is matched
// against flows of each protocol. The first input byte picks the read format (IPv4 packet,
// ICMPv6 message, TCP/IPv6 segment) and, for IPv6, the next 16 the sender's address.
//
// The matcher is compiled into this target (it needs only the packet layer beneath it), so the
// target links with pt_packet alone as every fuzz target does; with pt_all linked too, the
// archive's copy is never pulled in because nothing else refers to it.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "trace/reply_matcher.cpp"  // NOLINT(bugprone-suspicious-include): see above

namespace {

using pt::trace::FlowIdentity;
using pt::trace::ProbeProtocol;

void check(const pt::trace::ProbeReply& reply) {
  for (auto protocol : {ProbeProtocol::Icmp, ProbeProtocol::Udp, ProbeProtocol::Tcp}) {
    FlowIdentity flow;
    flow.protocol = protocol;
    flow.target = reply.probe_dst;  // so the identity checks, not the address, decide
    flow.src_port = reply.src_port;
    flow.dst_port = reply.dst_port;
    flow.icmp_id = reply.icmp_id;
    flow.tcp_seq_base = reply.token_field - 5U;
    if (auto token = pt::trace::match_reply(flow, reply)) {
      if (token->value >= pt::trace::kMaxProbesPerTrace) std::abort();
      if (reply.protocol != protocol) std::abort();
    }
    if (pt::trace::reaches_target(flow, reply) && pt::trace::ends_path(flow, reply)) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const auto format = static_cast<pt::trace::ReadFormat>(data[0] % 3);
  std::span<const std::uint8_t> rest(data + 1, size - 1);
  pt::util::IpAddress from;
  if (format != pt::trace::ReadFormat::Ipv4Packet) {
    if (rest.size() < 16) return 0;
    from = pt::util::IpAddress::v6(rest.first<16>());
    rest = rest.subspan(16);
  }
  const auto reply = pt::trace::parse_reply(rest, format, from, pt::trace::Instant{});
  if (reply) {
    if (reply->responder.empty()) std::abort();
    check(*reply);
  }
  return 0;
}
