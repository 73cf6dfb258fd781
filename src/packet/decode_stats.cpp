#include "packet/decode_stats.hpp"

namespace pt::packet {

void DecodeStats::record(const Packet& p) {
  if (packets == 0 || p.timestamp < first_timestamp) first_timestamp = p.timestamp;
  if (packets == 0 || p.timestamp > last_timestamp) last_timestamp = p.timestamp;
  ++packets;
  bytes += p.wire_length;

  switch (p.status) {
    case DecodeStatus::Ok: ++outcomes.ok; break;
    case DecodeStatus::Truncated: ++outcomes.truncated; break;
    case DecodeStatus::Malformed: ++outcomes.malformed; break;
    case DecodeStatus::Unsupported: ++outcomes.unsupported; break;
  }

  bool found = false;
  for (std::size_t i = 0; i < link_type_count_; ++i) {
    if (link_types_[i].first == p.link_type) {
      ++link_types_[i].second;
      found = true;
      break;
    }
  }
  if (!found && link_type_count_ < kMaxLinkTypes) link_types_[link_type_count_++] = {p.link_type, 1};

  if (p.link.is_ethernet) ++protocols.ethernet;
  if (p.link.vlan_count > 0) ++protocols.vlan;
  switch (p.network) {
    case Network::Ipv4: ++protocols.ipv4; break;
    case Network::Ipv6: ++protocols.ipv6; break;
    case Network::Arp: ++protocols.arp; break;
    case Network::None:
    case Network::Other: ++protocols.other; break;
  }
  switch (p.transport.kind) {
    case Transport::Tcp: ++protocols.tcp; break;
    case Transport::Udp: ++protocols.udp; break;
    case Transport::Icmp: ++protocols.icmp; break;
    case Transport::Icmpv6: ++protocols.icmpv6; break;
    case Transport::None:
    case Transport::Other: break;
  }
  if (p.ip.is_fragment) ++fragments;
  switch (p.tunnel) {
    case Tunnel::Gre: ++tunnels.gre; break;
    case Tunnel::IpInIp: ++tunnels.ip_in_ip; break;
    case Tunnel::Vxlan: ++tunnels.vxlan; break;
    case Tunnel::GtpU: ++tunnels.gtp_u; break;
    case Tunnel::Teredo: ++tunnels.teredo; break;
    case Tunnel::None: break;
  }
}

}  // namespace pt::packet
