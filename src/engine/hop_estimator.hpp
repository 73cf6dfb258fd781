#pragma once
// The spec's HopAnalyzer (record_ttl): how far away each sender is, from the TTL / hop limit its
// packets arrive with. Operating systems start at 32, 64, 128 or 255, so the initial value is
// taken as the smallest of those not below the observed one, and the hops are the difference
// (e.g. 117 observed → 128 initial → 11 hops). Packets to multicast or broadcast addresses are
// left out: their senders pick small TTLs on purpose (RFC 1112 §6.1, mDNS 255, SSDP 2-4).
//
// At most `capacity` senders are kept, evicted in approximate least-recently-seen order
// (lru_table.hpp).

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/address_keys.hpp"
#include "engine/flow_context.hpp"
#include "engine/lru_table.hpp"
#include "engine/rows.hpp"
#include "packet/packet.hpp"
#include "util/ip_address.hpp"
#include "util/time.hpp"

namespace pt::engine {

struct HopEstimatorConfig {
  std::size_t capacity = 16384;  // remote addresses kept
};

class HopEstimator {
 public:
  explicit HopEstimator(const HopEstimatorConfig& config = {});

  // 32 / 64 / 128 / 255: the initial TTL a packet observed with `ttl` most likely left with.
  static std::uint8_t initial_ttl(std::uint8_t ttl);
  static std::uint8_t hops(std::uint8_t ttl) { return static_cast<std::uint8_t>(initial_ttl(ttl) - ttl); }

  void record(const packet::Packet& p, const FlowContext& ctx);
  // The spec's record_ttl: one observation of `source` sending with `ttl` at time t.
  void record_ttl(const util::IpAddress& source, std::uint8_t ttl, util::Timestamp t);
  void advance(util::Timestamp now);  // nothing ages here; kept for the trackers' common shape
  void export_rows(std::vector<HopRow>& out) const;
  void take_changed(std::vector<HopRow>& out);

  [[nodiscard]] std::optional<HopRow> find(const util::IpAddress& address) const;
  [[nodiscard]] std::size_t size() const { return table_.size(); }
  [[nodiscard]] std::uint64_t evictions() const { return table_.evictions(); }

 private:
  struct Entry {
    HopRow row;
    bool dirty = false;
  };
  using Table = LruTable<util::IpAddress, Entry, AddressHash, AddressEqual>;

  Entry& entry_for(const util::IpAddress& source);
  void mark(std::uint32_t node, Entry& e);

  Table table_;
  std::vector<std::uint32_t> changed_;
  std::uint32_t last_node_ = Table::kNone;  // the previous packet's sender, checked before hashing
};

}  // namespace pt::engine
