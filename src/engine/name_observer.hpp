#pragma once
// Collects the names the traffic ties to addresses (passive DNS): A/AAAA answers mapped to the
// name the client asked for, TLS ClientHello SNI and HTTP Host mapped to the server address.
// Names queue up in a bounded buffer the engine drains on each tick.

#include <cstdint>
#include <vector>

#include "engine/flow_table.hpp"
#include "engine/outbox.hpp"
#include "packet/packet.hpp"

namespace pt::engine {

class NameObserver {
 public:
  explicit NameObserver(std::size_t capacity_per_tick = 4096);

  void observe(const packet::Packet& p, FlowEntry* flow, bool from_initiator);
  // A server name learned another way (nDPI's QUIC SNI, a ClientHello over several segments).
  void observe_server_name(FlowEntry& flow, NameSource source, util::Timestamp time);
  // Hands the collected names out and clears the buffer (capacity is kept).
  [[nodiscard]] std::span<const ObservedName> pending() const { return {names_.data(), names_.size()}; }
  void clear() { names_.clear(); }
  [[nodiscard]] std::uint64_t dropped() const { return dropped_; }
  [[nodiscard]] std::uint64_t observed() const { return observed_; }

 private:
  void observe_dns(const packet::Packet& p);
  void push(const util::IpAddress& address, std::string_view name, NameSource source, util::Timestamp time,
            std::uint32_t ttl);

  std::vector<ObservedName> names_;
  std::size_t capacity_;
  std::uint64_t dropped_ = 0;
  std::uint64_t observed_ = 0;
};

}  // namespace pt::engine
