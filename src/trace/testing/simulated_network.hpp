#pragma once
// TEST ONLY (included by *_test.cpp, never by the library): a ProbeTransport over a simulated
// path with a virtual clock. Probes are really encoded (encode_probe); each router on the path
// answers with the bytes a router would send (ICMP time exceeded quoting the probe) and the
// target with an echo reply, port unreachable or SYN-ACK/RST; replies go back through
// parse_reply. So tests exercise encoder, matcher and state machine together, without sockets
// and without sleeping: receive() jumps the clock to the next reply or to the deadline.

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "support/packet_builder.hpp"
#include "trace/probe_encoder.hpp"
#include "trace/probe_transport.hpp"
#include "trace/reply_matcher.hpp"
#include "trace/trace_error.hpp"

namespace pt::trace::testing {

struct SimulatedHop {
  std::string address;  // the router's address as text
  std::chrono::microseconds rtt{1000};
  bool silent = false;       // drops ICMP (a "*" hop)
  bool unreachable = false;  // answers "host unreachable" instead of forwarding (!H)
};

class SimulatedNetwork : public ProbeTransport {
 public:
  SimulatedNetwork(std::string source, std::string target, std::vector<SimulatedHop> path)
      : source_(std::move(source)), target_(std::move(target)), path_(std::move(path)) {}

  void set_path(std::vector<SimulatedHop> path) { path_ = std::move(path); }
  void set_target_silent(bool silent) { target_silent_ = silent; }
  void set_target_rtt(std::chrono::microseconds rtt) { target_rtt_ = rtt; }
  void set_tcp_open(bool open) { tcp_open_ = open; }
  void set_refuse_sends(bool refuse) { refuse_sends_ = refuse; }
  void fail_open_with(std::optional<TraceErrorKind> kind) { open_error_ = kind; }
  // A reply that belongs to somebody else (another program's traceroute) arriving at `at`.
  void inject(std::chrono::microseconds at, test::Bytes bytes, ReadFormat format, std::string from) {
    schedule(now_ + at, std::move(bytes), format, std::move(from));
  }

  [[nodiscard]] Instant now() const override { return now_; }
  void advance(std::chrono::nanoseconds d) { now_ += d; }

  FlowIdentity open_flow(const util::IpAddress& target, ProbeProtocol protocol, util::Port dst_port) override {
    if (open_error_) throw TraceError(*open_error_, "simulated open failure");
    FlowIdentity f;
    f.protocol = protocol;
    f.source = *util::IpAddress::parse(source_);
    f.target = target;
    f.src_port = util::Port{static_cast<std::uint16_t>(40000 + flows_opened_)};
    f.dst_port = dst_port;
    f.icmp_id = static_cast<std::uint16_t>(0x4242 + flows_opened_);
    f.tcp_seq_base = 0x10000000U * (flows_opened_ + 1);
    ++flows_opened_;
    ++open_flows_;
    return f;
  }
  void close_flow(const FlowIdentity&) override { --open_flows_; }

  bool send(const FlowIdentity& flow, const Probe& probe) override {
    sent_.push_back({now_, probe});
    if (refuse_sends_) return false;
    std::array<std::uint8_t, kMaxProbeSize> buf{};
    const auto size = encode_probe(flow, probe.token, buf);
    const test::Bytes bytes(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(size));
    answer(flow, probe.ttl.value, bytes);
    return true;
  }

  std::optional<ProbeReply> receive(Instant deadline) override {
    while (!pending_.empty() && pending_.begin()->first <= deadline) {
      auto node = pending_.extract(pending_.begin());
      now_ = std::max(now_, node.key());
      const auto& p = node.mapped();
      auto reply = parse_reply(p.bytes, p.format, *util::IpAddress::parse(p.from), now_);
      if (reply) return reply;
    }
    now_ = std::max(now_, deadline);
    return std::nullopt;
  }
  void interrupt() override {}

  struct Sent {
    Instant at;
    Probe probe;
  };
  [[nodiscard]] const std::vector<Sent>& sent() const { return sent_; }
  [[nodiscard]] int open_flows() const { return open_flows_; }

 private:
  struct Pending {
    test::Bytes bytes;
    ReadFormat format;
    std::string from;
  };

  void schedule(Instant at, test::Bytes bytes, ReadFormat format, std::string from) {
    // A multimap keeps replies due at the same instant in send order.
    pending_.emplace(at, Pending{std::move(bytes), format, std::move(from)});
  }

  [[nodiscard]] bool v6() const { return target_.find(':') != std::string::npos; }
  [[nodiscard]] std::uint8_t proto(ProbeProtocol p) const {
    switch (p) {
      case ProbeProtocol::Icmp: return v6() ? 58 : 1;
      case ProbeProtocol::Udp: return 17;
      case ProbeProtocol::Tcp: return 6;
    }
    return 1;
  }

  // An ICMP error from `from` quoting the probe (RFC 792 / RFC 4443 §3).
  void icmp_error(const std::string& from, std::uint8_t type4, std::uint8_t type6, std::uint8_t code,
                  ProbeProtocol protocol, const test::Bytes& probe, std::chrono::microseconds rtt) {
    if (v6()) {
      const auto quote = test::ipv6(source_, target_, proto(protocol), probe, {.hop_limit = 1, .extensions = {}});
      schedule(now_ + rtt, test::icmpv6(type6, code, 0, 0, quote), ReadFormat::Icmpv6Message, from);
    } else {
      const auto quote = test::ipv4(source_, target_, proto(protocol), probe, {.ttl = 1});
      schedule(now_ + rtt, test::ipv4(from, source_, 1, test::icmp(type4, code, 0, 0, quote)), ReadFormat::Ipv4Packet,
               from);
    }
  }

  void target_reply(const FlowIdentity& flow, const test::Bytes& probe) {
    if (target_silent_) return;
    switch (flow.protocol) {
      case ProbeProtocol::Icmp: {
        const std::uint16_t id = static_cast<std::uint16_t>((probe[4] << 8U) | probe[5]);
        const std::uint16_t seq = static_cast<std::uint16_t>((probe[6] << 8U) | probe[7]);
        const test::Bytes payload(probe.begin() + 8, probe.end());
        if (v6()) {
          schedule(now_ + target_rtt_, test::icmpv6(129, 0, id, seq, payload), ReadFormat::Icmpv6Message, target_);
        } else {
          schedule(now_ + target_rtt_, test::ipv4(target_, source_, 1, test::icmp(0, 0, id, seq, payload)),
                   ReadFormat::Ipv4Packet, target_);
        }
        return;
      }
      case ProbeProtocol::Udp: return icmp_error(target_, 3, 1, v6() ? 4 : 3, flow.protocol, probe, target_rtt_);
      case ProbeProtocol::Tcp: {
        const std::uint32_t seq = (std::uint32_t{probe[4]} << 24U) | (std::uint32_t{probe[5]} << 16U) |
                                  (std::uint32_t{probe[6]} << 8U) | probe[7];
        const std::uint8_t flags = tcp_open_ ? (test::kSyn | test::kAck) : (test::kRst | test::kAck);
        const auto segment = test::tcp(flow.dst_port.value, flow.src_port.value, flags, {},
                                       {.seq = 777, .ack = seq + 1, .window = 0, .options = {}});
        if (v6()) {
          schedule(now_ + target_rtt_, segment, ReadFormat::Tcpv6Segment, target_);
        } else {
          schedule(now_ + target_rtt_, test::ipv4(target_, source_, 6, segment), ReadFormat::Ipv4Packet, target_);
        }
        return;
      }
    }
  }

  void answer(const FlowIdentity& flow, unsigned ttl, const test::Bytes& probe) {
    for (std::size_t i = 0; i < path_.size(); ++i) {
      const auto& hop = path_[i];
      if (hop.unreachable) {
        if (!hop.silent) icmp_error(hop.address, 3, 1, v6() ? 3 : 1, flow.protocol, probe, hop.rtt);
        return;
      }
      if (ttl == i + 1) {
        if (!hop.silent) icmp_error(hop.address, 11, 3, 0, flow.protocol, probe, hop.rtt);
        return;
      }
    }
    target_reply(flow, probe);
  }

  std::string source_;
  std::string target_;
  std::vector<SimulatedHop> path_;
  Instant now_ = Instant{} + std::chrono::hours(1);
  std::multimap<Instant, Pending> pending_;
  std::vector<Sent> sent_;
  bool target_silent_ = false;
  bool tcp_open_ = false;
  bool refuse_sends_ = false;
  std::chrono::microseconds target_rtt_{3000};
  std::optional<TraceErrorKind> open_error_;
  unsigned flows_opened_ = 0;
  int open_flows_ = 0;
};

}  // namespace pt::trace::testing
