#include "engine/name_observer.hpp"

#include "packet/dns_message.hpp"
#include "packet/http_host.hpp"
#include "packet/tls_sni.hpp"

namespace pt::engine {
namespace {

constexpr std::uint16_t kDnsPort = 53;
constexpr std::uint16_t kMdnsPort = 5353;
constexpr std::uint16_t kLlmnrPort = 5355;

bool is_dns_port(std::uint16_t port) { return port == kDnsPort || port == kMdnsPort || port == kLlmnrPort; }

// An HTTP Host may carry a port ("example.com:8080", "[2001:db8::1]:80"); the name is before it.
std::string_view host_without_port(std::string_view host) {
  if (!host.empty() && host.front() == '[') {
    const auto close = host.find(']');
    return close == std::string_view::npos ? host : host.substr(1, close - 1);
  }
  const auto colon = host.find(':');
  if (colon != std::string_view::npos && host.find(':', colon + 1) == std::string_view::npos) {
    return host.substr(0, colon);
  }
  return host;
}

}  // namespace

NameObserver::NameObserver(std::size_t capacity_per_tick) : capacity_(capacity_per_tick) { names_.reserve(capacity_); }

void NameObserver::push(const util::IpAddress& address, std::string_view name, NameSource source, util::Timestamp time,
                        std::uint32_t ttl) {
  if (name.empty() || address.empty()) return;
  if (names_.size() >= capacity_) {
    ++dropped_;
    return;
  }
  ++observed_;
  auto& n = names_.emplace_back();
  n.address = address;
  n.name.assign(name);
  n.source = source;
  n.time = time;
  n.ttl_seconds = ttl;
}

void NameObserver::observe_dns(const packet::Packet& p) {
  const bool tcp = p.is_tcp();
  const auto message = packet::DnsMessage::parse(p.payload, tcp);
  if (!message || !message->header().is_response || message->header().rcode != 0) return;
  packet::DnsName asked;
  message->for_each_question([&](const packet::DnsQuestion& q) {
    asked = q.name;
    return false;  // the first question names what the client wanted
  });
  message->for_each_answer([&](const packet::DnsRecord& r) {
    if ((r.type == packet::dns_type::kA || r.type == packet::dns_type::kAaaa) && !r.address.empty()) {
      // Map to the asked name, not the CNAME target: the user asked for www.example.com, not the CDN edge.
      const auto& name = asked.empty() ? r.name : asked;
      push(r.address, name.view(), NameSource::DnsAnswer, p.timestamp, r.ttl);
    }
    return true;
  });
}

void NameObserver::observe_server_name(FlowEntry& flow, NameSource source, util::Timestamp time) {
  if (flow.names_observed) return;
  flow.names_observed = true;
  push(flow.row.dst, flow.row.classification.server_name.view(), source, time, 0);
}

void NameObserver::observe(const packet::Packet& p, FlowEntry* flow, bool from_initiator) {
  if (!p.has_ports() || p.payload.empty()) return;
  const auto sport = p.transport.src_port.value;
  const auto dport = p.transport.dst_port.value;
  if (is_dns_port(sport) || is_dns_port(dport)) {
    observe_dns(p);
    return;
  }
  if (!p.is_tcp() || flow == nullptr || !from_initiator || flow->names_observed) return;
  if (p.payload[0] == 0x16) {
    if (const auto sni = packet::extract_tls_sni(p.payload)) {
      push(p.ip.dst, *sni, NameSource::TlsSni, p.timestamp, 0);
      flow->names_observed = true;
    }
  } else if (const auto host = packet::extract_http_host(p.payload)) {
    push(p.ip.dst, host_without_port(*host), NameSource::HttpHost, p.timestamp, 0);
    flow->names_observed = true;
  }
  // Give up after a few payload packets: the hello or request line comes first.
  if (flow->row.payload_sent > 16384) flow->names_observed = true;
}

}  // namespace pt::engine
