#pragma once
// Test support for the trackers' unit tests: conversations between two endpoints whose packets
// are built as wire bytes (tests/support/packet_builder.hpp), decoded by the real decoder, and
// applied to a hand-kept FlowRow the way the flow table applies them (counts, payload, flags,
// TTLs), so a tracker sees the (Packet, FlowContext) pairs the engine would hand it.

#include <cstdint>
#include <deque>
#include <string>
#include <utility>

#include "engine/flow_context.hpp"
#include "engine/flow_row.hpp"
#include "packet/decode.hpp"
#include "support/packet_builder.hpp"
#include "util/time.hpp"

namespace pt::engine::trackers_test {

inline util::Timestamp at(double seconds) { return util::from_unix_seconds(1'700'000'000.0 + seconds); }

struct Step {
  packet::Packet packet;
  FlowContext ctx;
};

// Keeps frames alive: a decoded Packet's spans point into them.
class FrameStore {
 public:
  const packet::Packet& decode(test::Bytes frame, util::Timestamp t, int link_type = 1) {
    frames_.push_back(std::move(frame));
    packet::Frame f;
    f.timestamp = t;
    f.data = frames_.back();
    f.wire_length = static_cast<std::uint32_t>(frames_.back().size());
    f.link_type = link_type;
    packets_.emplace_back();
    packet::decode(f, packets_.back());
    return packets_.back();
  }
  void clear() {
    frames_.clear();
    packets_.clear();
  }
  // A new flow id, unique within this store (the flow table numbers flows the same way).
  std::uint64_t next_flow_id() { return ++flow_ids_; }

 private:
  std::deque<test::Bytes> frames_;
  std::deque<packet::Packet> packets_;
  std::uint64_t flow_ids_ = 0;
};

inline bool is_v6(const std::string& address) { return address.find(':') != std::string::npos; }

inline test::Bytes ip_packet(const std::string& src, const std::string& dst, std::uint8_t protocol,
                             const test::Bytes& payload, std::uint8_t ttl) {
  if (is_v6(src)) return test::ipv6(src, dst, protocol, payload, {.hop_limit = ttl});
  return test::ipv4(src, dst, protocol, payload, {.ttl = ttl});
}

struct ConversationOptions {
  std::uint8_t initiator_ttl = 64;
  std::uint8_t responder_ttl = 64;
  std::string initiator_mac = "02:00:00:00:00:01";
  std::string responder_mac = "02:00:00:00:00:02";
};

class Conversation {
 public:
  using Options = ConversationOptions;

  Conversation(FrameStore& frames, std::string initiator, std::string responder, std::uint16_t initiator_port,
               std::uint16_t responder_port, std::uint8_t protocol = 6, Options options = {})
      : frames_(frames),
        a_(std::move(initiator)),
        b_(std::move(responder)),
        a_port_(initiator_port),
        b_port_(responder_port),
        options_(std::move(options)) {
    row_.id = frames_.next_flow_id();
    row_.protocol = protocol;
    row_.ip_version = is_v6(a_) ? 6 : 4;
    row_.src = *util::IpAddress::parse(a_);
    row_.dst = *util::IpAddress::parse(b_);
    row_.src_port = util::Port{initiator_port};
    row_.dst_port = util::Port{responder_port};
  }

  // A packet from the initiator (send) or the responder (reply); TCP flags ignored for UDP.
  Step send(double t, std::uint8_t flags = 0, test::Bytes payload = {}) { return packet(true, t, flags, payload); }
  Step reply(double t, std::uint8_t flags = 0, test::Bytes payload = {}) { return packet(false, t, flags, payload); }

  [[nodiscard]] const FlowRow& row() const { return row_; }

 private:
  Step packet(bool from_initiator, double t, std::uint8_t flags, const test::Bytes& payload) {
    const auto& src = from_initiator ? a_ : b_;
    const auto& dst = from_initiator ? b_ : a_;
    const auto sport = from_initiator ? a_port_ : b_port_;
    const auto dport = from_initiator ? b_port_ : a_port_;
    const test::Bytes l4 =
        row_.protocol == 6 ? test::tcp(sport, dport, flags, payload) : test::udp(sport, dport, payload);
    const auto ttl = from_initiator ? options_.initiator_ttl : options_.responder_ttl;
    test::EthernetSpec eth;
    eth.src_mac = from_initiator ? options_.initiator_mac : options_.responder_mac;
    eth.dst_mac = from_initiator ? options_.responder_mac : options_.initiator_mac;
    const auto ethertype = is_v6(src) ? test::kEtherIpv6 : test::kEtherIpv4;
    const auto& p = frames_.decode(test::ethernet(ip_packet(src, dst, row_.protocol, l4, ttl), ethertype, eth), at(t));
    apply(p, from_initiator);
    const bool created = !started_;
    started_ = true;
    return {p, FlowContext{&row_, from_initiator, created}};
  }

  // As FlowTable::apply does.
  void apply(const packet::Packet& p, bool from_initiator) {
    if (!started_) row_.first_seen = p.timestamp;
    row_.last_seen = p.timestamp;
    const auto payload = static_cast<std::uint64_t>(p.payload.size());
    if (from_initiator) {
      ++row_.packets_sent;
      row_.bytes_sent += p.wire_length;
      row_.payload_sent += payload;
      if (p.is_tcp()) row_.flags_sent |= p.transport.flags;
    } else {
      ++row_.packets_recv;
      row_.bytes_recv += p.wire_length;
      row_.payload_recv += payload;
      if (p.is_tcp()) row_.flags_recv |= p.transport.flags;
    }
  }

  FrameStore& frames_;
  std::string a_;
  std::string b_;
  std::uint16_t a_port_;
  std::uint16_t b_port_;
  Options options_;
  FlowRow row_;
  bool started_ = false;
};

// An ICMP error from `from` quoting a datagram `quoted_src` -> `quoted_dst`:dport (RFC 792:
// the original IP header plus the first 8 bytes of its payload).
inline Step icmp_error(FrameStore& frames, double t, const std::string& from, const std::string& to, std::uint8_t type,
                       std::uint8_t code, const std::string& quoted_src, const std::string& quoted_dst,
                       std::uint8_t quoted_protocol, std::uint16_t sport, std::uint16_t dport, std::uint8_t ttl = 64) {
  const test::Bytes l4 = quoted_protocol == 6 ? test::tcp(sport, dport, test::kSyn) : test::udp(sport, dport);
  auto quoted = ip_packet(quoted_src, quoted_dst, quoted_protocol, l4, 1);
  const std::size_t keep = (is_v6(quoted_src) ? 40U : 20U) + 8U;
  if (quoted.size() > keep) quoted.resize(keep);
  const bool v6 = is_v6(from);
  const auto body = v6 ? test::icmpv6(type, code, 0, 0, quoted) : test::icmp(type, code, 0, 0, quoted);
  const auto& p = frames.decode(
      test::ethernet(ip_packet(from, to, v6 ? 58 : 1, body, ttl), v6 ? test::kEtherIpv6 : test::kEtherIpv4), at(t));
  return {p, FlowContext{}};
}

}  // namespace pt::engine::trackers_test
