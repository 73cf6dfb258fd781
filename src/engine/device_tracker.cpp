#include "engine/device_tracker.hpp"

#include <string>
#include <utility>

#include "engine/address_keys.hpp"

namespace pt::engine {
namespace {

using packet::MacAddress;

constexpr MacAddress kStpMac{0x01, 0x80, 0xC2, 0x00, 0x00, 0x00};    // IEEE 802.1D bridge group
constexpr MacAddress kLldpMac{0x01, 0x80, 0xC2, 0x00, 0x00, 0x0E};   // IEEE 802.1AB nearest bridge
constexpr MacAddress kCiscoMac{0x01, 0x00, 0x0C, 0xCC, 0xCC, 0xCC};  // CDP, VTP, DTP, PAgP
constexpr MacAddress kPvstMac{0x01, 0x00, 0x0C, 0xCC, 0xCC, 0xCD};   // Cisco PVST+ BPDUs
constexpr std::uint16_t kEtherLldp = 0x88CC;

constexpr std::uint8_t kEigrp = 88;
constexpr std::uint8_t kOspf = 89;
constexpr std::uint8_t kPim = 103;
constexpr std::uint8_t kVrrp = 112;

std::uint32_t address_hash(const util::IpAddress& a) { return static_cast<std::uint32_t>(AddressHash{}(a) >> 32U); }

bool same(const util::IpAddress& a, const util::IpAddress& b) { return AddressEqual{}(a, b); }

// A TTL 1-30 below a common initial value: the packet crossed routers before reaching this
// link. Traceroute probes (TTL 1-30 at the sender) and undecremented packets fall outside.
bool decremented_ttl(std::uint8_t ttl) {
  return (ttl >= 34 && ttl <= 63) || (ttl >= 98 && ttl <= 127) || (ttl >= 225 && ttl <= 254);
}

// Evidence that only routers produce, strongest first, with the reason shown for it.
struct RouterSign {
  std::uint32_t bit;
  std::string_view reason;
};
constexpr std::array<RouterSign, 10> kRouterSigns{{
    {DeviceTracker::kTimeExceeded, "sources ICMP time-exceeded"},
    {DeviceTracker::kRedirect, "sources ICMP redirects"},
    {DeviceTracker::kRouterAdvert, "sends IPv6 router advertisements"},
    {DeviceTracker::kOspf, "speaks OSPF"},
    {DeviceTracker::kEigrp, "speaks EIGRP"},
    {DeviceTracker::kPim, "speaks PIM"},
    {DeviceTracker::kVrrp, "speaks VRRP"},
    {DeviceTracker::kHsrp, "speaks HSRP"},
    {DeviceTracker::kRip, "speaks RIP"},
    {DeviceTracker::kBgp, "speaks BGP"},
}};

// What the frame's protocols say about the sender. Each sign is taken only in the form the
// protocol itself uses, so a scanner probing port 179 or IP protocol 89 is not a router:
// routing and redundancy hellos go to their link-local groups (OSPF 224.0.0.5/6 RFC 2328, EIGRP
// 224.0.0.10, PIM 224.0.0.13 RFC 7761, VRRP 224.0.0.18 RFC 5798, HSRP 224.0.0.2/.102 from and to
// port 1985 RFC 2281, RIP from and to 520 RFC 2453, RIPng 521 RFC 2080); BGP carries messages
// on an established session (RFC 4271); router advertisements keep hop limit 255 (RFC 4861
// §6.1.2). ICMP time exceeded code 0 is "in transit", which only forwarding nodes send; code 1 is
// reassembly, any host (RFC 792 / RFC 4443).
std::uint32_t protocol_evidence(const packet::Packet& p) {
  std::uint32_t ev = 0;
  const bool group = to_group_address(p);
  if (group) {
    switch (p.ip.protocol) {
      case kOspf: ev |= DeviceTracker::kOspf; break;
      case kEigrp: ev |= DeviceTracker::kEigrp; break;
      case kPim: ev |= DeviceTracker::kPim; break;
      case kVrrp: ev |= DeviceTracker::kVrrp; break;
      default: break;
    }
  }
  if (p.icmp.present) {
    const auto t = p.icmp.type;
    if (p.icmp.v6) {
      if (t == 3 && p.icmp.code == 0) ev |= DeviceTracker::kTimeExceeded;
      if (t == 137) ev |= DeviceTracker::kRedirect;
      if (t == 134 && p.ip.ttl == 255) ev |= DeviceTracker::kRouterAdvert;
    } else {
      if (t == 11 && p.icmp.code == 0) ev |= DeviceTracker::kTimeExceeded;
      if (t == 5) ev |= DeviceTracker::kRedirect;
    }
  }
  if (p.has_ports()) {
    const auto sp = p.transport.src_port.value;
    const auto dp = p.transport.dst_port.value;
    if (p.is_udp() && ((sp == 520 && dp == 520) || (sp == 521 && dp == 521))) ev |= DeviceTracker::kRip;
    if (p.is_udp() && group && sp == 1985 && dp == 1985) ev |= DeviceTracker::kHsrp;
    if (p.is_tcp() && (sp == 179 || dp == 179) && !p.payload.empty()) ev |= DeviceTracker::kBgp;
  }
  return ev;
}

std::uint32_t link_evidence(const packet::Packet& p) {
  std::uint32_t ev = p.link.ethertype == kEtherLldp ? DeviceTracker::kLldp : 0U;
  if ((p.link.dst[0] & 1U) == 0) return ev;  // only group addresses below
  const auto d = DeviceTracker::mac_key(p.link.dst);
  if (d == DeviceTracker::mac_key(kLldpMac)) ev |= DeviceTracker::kLldp;
  if (d == DeviceTracker::mac_key(kStpMac) || d == DeviceTracker::mac_key(kPvstMac)) ev |= DeviceTracker::kStp;
  if (d == DeviceTracker::mac_key(kCiscoMac)) ev |= DeviceTracker::kCdp;
  return ev;
}

}  // namespace

DeviceTracker::DeviceTracker(const DeviceTrackerConfig& config) : config_(config), table_(config.capacity) {
  changed_.reserve(table_.capacity());
}

void DeviceTracker::mark(std::uint32_t node, Entry& e) {
  if (e.dirty) return;
  e.dirty = true;
  changed_.push_back(node);
}

// The 48 bits in network order in the low bits: 02:00:00:00:00:01 is 0x020000000001.
std::uint64_t DeviceTracker::mac_key(const MacAddress& mac) {
  return (std::uint64_t{mac[0]} << 40U) | (std::uint64_t{mac[1]} << 32U) | (std::uint64_t{mac[2]} << 24U) |
         (std::uint64_t{mac[3]} << 16U) | (std::uint64_t{mac[4]} << 8U) | std::uint64_t{mac[5]};
}

MacAddress DeviceTracker::mac_of(std::uint64_t key) {
  MacAddress mac{};
  for (std::size_t i = mac.size(); i-- > 0; key >>= 8U) mac[i] = static_cast<std::uint8_t>(key);
  return mac;
}

DeviceTracker::Entry& DeviceTracker::entry_for(std::uint64_t key, util::Timestamp t) {
  for (std::size_t i = 0; i < recent_nodes_.size(); ++i) {
    const auto node = recent_nodes_[i];
    if (!table_.live(node) || table_.key_at(node) != key) continue;
    table_.touch(node);
    if (i != 0) std::swap(recent_nodes_[0], recent_nodes_[i]);
    return table_.value_at(node);
  }
  const auto up = table_.upsert(key);
  Entry& e = *up.value;
  if (up.inserted) {
    const bool dirty = e.dirty;
    e = Entry{};
    e.dirty = dirty;
    e.first_seen = t;
    e.last_seen = t;
  }
  recent_nodes_[1] = recent_nodes_[0];
  recent_nodes_[0] = up.node;
  return e;
}

void DeviceTracker::record(const packet::Packet& p, const FlowContext& /*ctx*/) {
  if (!p.link.present) return;
  const auto key = mac_key(p.link.src);
  if ((p.link.src[0] & 1U) != 0 || key == 0) return;  // group or unset: not a device
  Entry& e = entry_for(key, p.timestamp);
  ++e.packets;
  if (p.timestamp > e.last_seen) e.last_seen = p.timestamp;
  if (p.timestamp < e.first_seen) e.first_seen = p.timestamp;
  e.evidence |= link_evidence(p);
  if (p.arp.present && !p.arp.sender_ip.empty()) {
    e.evidence |= kSourcesIp;
    const auto& ip = p.arp.sender_ip;
    if (ip.scope() != util::AddressScope::Unspecified) {  // 0.0.0.0: an ARP probe (RFC 5227)
      e.arp_address = ip;
      note_address(e, ip);
    }
  }
  if (p.ip.present && !p.ip.src.empty()) note_ip(e, p);
  mark(recent_nodes_[0], e);
}

void DeviceTracker::note_ip(Entry& e, const packet::Packet& p) {
  e.evidence |= kSourcesIp | protocol_evidence(p);
  const auto& src = p.ip.src;
  note_address(e, src);
  if ((e.evidence & kForwards) == 0 && decremented_ttl(p.ip.ttl) && !to_group_address(p) &&
      e.forwarded.insert(address_hash(src)) && e.forwarded.count() >= config_.router_forwarded_sources) {
    e.evidence |= kForwards;
  }
}

// Per packet: the previous sender again costs one comparison. A device past its inline
// addresses (a router) only feeds the distinct counter; the inline ones are scanned otherwise.
void DeviceTracker::note_address(Entry& e, const util::IpAddress& address) {
  if (e.last_slot != kNoSlot && same(address, e.last_address)) {
    if (e.last_slot < kInlineAddresses) ++e.addresses[e.last_slot].packets;
    return;
  }
  e.last_address = address;
  const auto hash = address_hash(address);
  if (e.overflow) {
    e.last_slot = kOverflowSlot;
    if (e.all_addresses.insert(hash)) note_network(e, address);
    return;
  }
  for (std::uint8_t i = 0; i < e.address_count; ++i) {
    if (same(e.addresses[i].address, address)) {
      e.last_slot = i;
      ++e.addresses[i].packets;
      return;
    }
  }
  e.all_addresses.insert(hash);
  note_network(e, address);
  if (e.address_count < kInlineAddresses) {
    e.last_slot = e.address_count++;
    e.addresses[e.last_slot] = {address, 1};
  } else {
    e.overflow = true;
    e.last_slot = kOverflowSlot;
  }
}

// IPv4 /24 and IPv6 /64 networks of routable sources; link-local, loopback, multicast and
// unspecified sources say nothing about forwarding.
void DeviceTracker::note_network(Entry& e, const util::IpAddress& address) {
  if ((e.evidence & kManyNetworks) != 0) return;
  const auto scope = address.scope();
  if (scope == util::AddressScope::LinkLocal || scope == util::AddressScope::Loopback ||
      scope == util::AddressScope::Multicast || scope == util::AddressScope::Unspecified ||
      scope == util::AddressScope::Broadcast) {
    return;
  }
  const auto b = address.bytes();
  std::uint64_t network = 0;
  const std::size_t prefix_bytes = address.is_v4() ? 3 : 8;
  for (std::size_t i = 0; i < prefix_bytes; ++i) network = (network << 8U) | b[i];
  auto& networks = address.is_v4() ? e.v4_networks : e.v6_networks;
  auto& count = address.is_v4() ? e.v4_count : e.v6_count;
  for (std::size_t i = 0; i < count; ++i) {
    if (networks[i] == network) return;
  }
  if (count < kNetworks) networks[count++] = network;
  if (count >= config_.router_networks) e.evidence |= kManyNetworks;
}

void DeviceTracker::advance(util::Timestamp /*now*/) {}

DeviceRow DeviceTracker::row(const MacAddress& mac, const Entry& e) const {
  DeviceRow r;
  r.mac = mac;
  r.packets = e.packets;
  r.first_seen = e.first_seen;
  r.last_seen = e.last_seen;
  r.addresses_behind = e.all_addresses.count();
  const bool forwarder = (e.evidence & (kManyNetworks | kForwards)) != 0;
  if (!e.arp_address.empty()) {
    r.address = e.arp_address;
  } else if (!e.overflow && !forwarder && e.address_count > 0) {
    const SeenAddress* best = &e.addresses[0];
    for (std::size_t i = 1; i < e.address_count; ++i) {
      if (e.addresses[i].packets > best->packets) best = &e.addresses[i];
    }
    r.address = best->address;
  }
  for (const auto& sign : kRouterSigns) {
    if ((e.evidence & sign.bit) == 0) continue;
    r.kind = DeviceKind::Router;
    r.reason = sign.reason;
    return r;
  }
  if ((e.evidence & kManyNetworks) != 0) {
    const auto networks = std::max(e.v4_count, e.v6_count);
    r.kind = DeviceKind::Router;
    r.reason.assign(std::to_string(r.addresses_behind) + " hosts in " + std::to_string(networks) +
                    " networks behind one MAC");
    return r;
  }
  if ((e.evidence & kForwards) != 0) {
    r.kind = DeviceKind::Router;
    r.reason.assign("forwards: " + std::to_string(e.forwarded.count()) + " senders with decremented TTL");
    return r;
  }
  if ((e.evidence & (kStp | kLldp | kCdp)) != 0) {
    r.kind = DeviceKind::Switch;
    r.reason.assign((e.evidence & kStp) != 0    ? "sends STP BPDUs"
                    : (e.evidence & kLldp) != 0 ? "sends LLDP"
                                                : "sends CDP/VTP/DTP");
    return r;
  }
  if ((e.evidence & kSourcesIp) != 0) {
    r.kind = DeviceKind::Endpoint;
    const auto n = r.addresses_behind;
    r.reason.assign(n == 1 ? std::string("one address, nothing forwarded")
                           : std::to_string(n) + " addresses, nothing forwarded");
    return r;
  }
  r.kind = DeviceKind::Unknown;
  r.reason.assign("no IP or ARP traffic seen from it");
  return r;
}

void DeviceTracker::export_rows(std::vector<DeviceRow>& out) const {
  out.reserve(out.size() + table_.size());
  table_.for_each([&](std::uint64_t key, const Entry& e) { out.push_back(row(mac_of(key), e)); });
}

void DeviceTracker::take_changed(std::vector<DeviceRow>& out) {
  for (const auto node : changed_) {
    if (!table_.live(node)) continue;
    Entry& e = table_.value_at(node);
    if (!e.dirty) continue;
    e.dirty = false;
    out.push_back(row(mac_of(table_.key_at(node)), e));
  }
  changed_.clear();
}

std::optional<DeviceRow> DeviceTracker::find(const MacAddress& mac) const {
  const Entry* e = table_.find(mac_key(mac));
  if (e == nullptr) return std::nullopt;
  return row(mac, *e);
}

}  // namespace pt::engine
