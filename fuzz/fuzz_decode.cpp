// libFuzzer target for the frame decoder: the first byte chooses the link type (fuzz_link_types.hpp),
// the rest is the captured frame. Every view the decoder hands out must lie inside the frame, an
// Ok outcome must mean every header named was read, and the application-hint parsers run on
// whatever payload it found.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "fuzz/fuzz_link_types.hpp"
#include "packet/decode.hpp"
#include "packet/decode_stats.hpp"
#include "packet/dns_message.hpp"
#include "packet/http_host.hpp"
#include "packet/tls_sni.hpp"

namespace {

bool inside(std::span<const std::uint8_t> view, std::span<const std::uint8_t> frame) {
  if (view.empty()) return true;
  return view.data() >= frame.data() && view.data() + view.size() <= frame.data() + frame.size();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  using namespace pt;
  packet::Frame frame;
  frame.link_type = static_cast<int>(fuzz::kLinkTypes[data[0] % fuzz::kLinkTypes.size()]);
  frame.data = std::span<const std::uint8_t>(data + 1, size - 1);
  frame.wire_length = static_cast<std::uint32_t>(size - 1);
  packet::Packet p;
  packet::decode(frame, p);
  if (!inside(p.payload, frame.data) || !inside(p.ip.header, frame.data)) std::abort();
  // An Ok frame is whole: the IP header it names was read, and so was its transport header.
  if (p.status == packet::DecodeStatus::Ok) {
    const bool ip = p.network == packet::Network::Ipv4 || p.network == packet::Network::Ipv6;
    if (ip && !p.ip.present) std::abort();
    const bool fixed_header = p.is_tcp() || p.is_udp() || p.transport.kind == packet::Transport::Icmp ||
                              p.transport.kind == packet::Transport::Icmpv6;
    if (fixed_header && !p.transport.complete) std::abort();
  }
  packet::DecodeStats stats;
  stats.record(p);
  if (p.has_ports() && !p.payload.empty()) {
    if (auto dns = packet::DnsMessage::parse(p.payload, p.is_tcp())) {
      dns->for_each_answer([](const packet::DnsRecord& r) { return !r.name.empty(); });
    }
    (void)packet::extract_tls_sni(p.payload);
    (void)packet::extract_http_host(p.payload);
  }
  return 0;
}
