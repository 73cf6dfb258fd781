#pragma once
// Devices on the local link, one per source MAC address, classified from what they send:
//   router   - sources ICMP time-exceeded (in transit) or redirects, IPv6 router advertisements,
//              or a routing / first-hop redundancy protocol (OSPF, EIGRP, PIM, VRRP, HSRP, RIP,
//              BGP); or forwards: addresses from several networks behind one MAC, packets from
//              several senders arriving with a TTL already decremented on the way;
//   switch   - sends bridge control frames: STP/RSTP BPDUs (01:80:c2:00:00:00, PVST+
//              01:00:0c:cc:cc:cd), LLDP (01:80:c2:00:00:0e, EtherType 0x88cc), CDP/VTP/DTP
//              (01:00:0c:cc:cc:cc); the decoder leaves these Unsupported but keeps the MACs;
//   endpoint - sources IP or ARP traffic and nothing above;
//   unknown  - seen, but nothing to judge by yet.
// Router evidence wins over switch evidence (a layer-3 switch routes). The row carries a short
// reason. At most `capacity` devices are kept, evicted in approximate
// least-recently-seen order (lru_table.hpp).

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "engine/distinct_counter.hpp"
#include "engine/flow_context.hpp"
#include "engine/lru_table.hpp"
#include "engine/rows.hpp"
#include "packet/packet.hpp"
#include "util/ip_address.hpp"
#include "util/time.hpp"

namespace pt::engine {

struct DeviceTrackerConfig {
  std::size_t capacity = 4096;
  // Distinct source networks (IPv4 /24, IPv6 /64, per family; link-local excluded) behind one
  // MAC that make it a router. An endpoint has one per family (several IPv6 addresses of one
  // host share their /64).
  std::uint32_t router_networks = 3;
  // Distinct source addresses whose packets arrive with a decremented TTL (1-30 hops below 64,
  // 128 or 255) that make the MAC a router. One is not enough: a host may start at an unusual TTL.
  std::uint32_t router_forwarded_sources = 2;
};

class DeviceTracker {
 public:
  explicit DeviceTracker(const DeviceTrackerConfig& config = {});

  void record(const packet::Packet& p, const FlowContext& ctx);
  void advance(util::Timestamp now);  // nothing ages here; kept for the trackers' common shape
  void export_rows(std::vector<DeviceRow>& out) const;
  void take_changed(std::vector<DeviceRow>& out);

  [[nodiscard]] std::optional<DeviceRow> find(const packet::MacAddress& mac) const;
  // The 48-bit MAC as an integer (the table's key).
  static std::uint64_t mac_key(const packet::MacAddress& mac);
  [[nodiscard]] std::size_t size() const { return table_.size(); }
  [[nodiscard]] std::uint64_t evictions() const { return table_.evictions(); }

  // What a device was seen doing (bits of Entry::evidence), strongest first.
  enum Evidence : std::uint32_t {
    kTimeExceeded = 1U << 0U,
    kRedirect = 1U << 1U,
    kRouterAdvert = 1U << 2U,
    kOspf = 1U << 3U,
    kEigrp = 1U << 4U,
    kPim = 1U << 5U,
    kVrrp = 1U << 6U,
    kHsrp = 1U << 7U,
    kRip = 1U << 8U,
    kBgp = 1U << 9U,
    kManyNetworks = 1U << 10U,
    kForwards = 1U << 11U,
    kStp = 1U << 12U,
    kLldp = 1U << 13U,
    kCdp = 1U << 14U,
    kSourcesIp = 1U << 15U,
  };

 private:
  static constexpr std::size_t kInlineAddresses = 8;
  static constexpr std::uint8_t kNoSlot = 0xFF;        // last_slot before any address
  static constexpr std::uint8_t kOverflowSlot = 0xFE;  // an address beyond the inline ones
  static constexpr std::size_t kNetworks = 8;
  struct SeenAddress {
    util::IpAddress address;
    std::uint64_t packets = 0;
  };
  struct Entry {
    std::array<SeenAddress, kInlineAddresses> addresses{};
    std::uint8_t address_count = 0;
    bool overflow = false;  // more distinct addresses than kInlineAddresses
    util::IpAddress last_address;
    std::uint8_t last_slot = kNoSlot;  // where last_address is counted
    util::IpAddress arp_address;       // what it announced for itself in ARP
    DistinctCounter all_addresses;
    DistinctCounter forwarded;
    std::array<std::uint64_t, kNetworks> v4_networks{};
    std::array<std::uint64_t, kNetworks> v6_networks{};
    std::uint8_t v4_count = 0;
    std::uint8_t v6_count = 0;
    std::uint32_t evidence = 0;
    std::uint64_t packets = 0;
    util::Timestamp first_seen{};
    util::Timestamp last_seen{};
    bool dirty = false;
  };
  using Table = LruTable<std::uint64_t, Entry>;  // keyed by the MAC's 48 bits

  static packet::MacAddress mac_of(std::uint64_t key);
  Entry& entry_for(std::uint64_t key, util::Timestamp t);
  void mark(std::uint32_t node, Entry& e);
  void note_address(Entry& e, const util::IpAddress& address);
  void note_network(Entry& e, const util::IpAddress& address);
  void note_ip(Entry& e, const packet::Packet& p);
  [[nodiscard]] DeviceRow row(const packet::MacAddress& mac, const Entry& e) const;

  DeviceTrackerConfig config_;
  Table table_;
  std::vector<std::uint32_t> changed_;
  // The nodes of the last two senders (most recent first): most frames on a link come from the
  // capturing host and its gateway, found here without hashing.
  std::array<std::uint32_t, 2> recent_nodes_{Table::kNone, Table::kNone};
};

}  // namespace pt::engine
