#pragma once
// How the engine talks outward without knowing who listens (the store's writer, the resolvers).
// Called on the capture thread once per tick with what changed since the previous tick; an
// implementation must only copy or enqueue (never block, never do I/O inline).

#include <cstdint>
#include <span>

#include "engine/flow_row.hpp"
#include "engine/rows.hpp"
#include "util/fixed_string.hpp"
#include "util/ip_address.hpp"
#include "util/time.hpp"

namespace pt::engine {

enum class NameSource : std::uint8_t { DnsAnswer, TlsSni, HttpHost };
std::string_view to_string(NameSource source);

// A name the traffic itself tied to an address: a DNS answer (A/AAAA, following CNAMEs back to
// the queried name), a TLS ClientHello SNI or an HTTP Host sent to the address. Raw bytes from
// the network: sanitize before showing or storing.
struct ObservedName {
  util::IpAddress address;
  util::FixedString<255> name;
  NameSource source = NameSource::DnsAnswer;
  util::Timestamp time{};
  std::uint32_t ttl_seconds = 0;  // DNS answers only
};

enum class FlowEnd : std::uint8_t { Expired, Evicted, Closed, Shutdown };

class Outbox {
 public:
  virtual ~Outbox() = default;
  // Flows created or updated since the last tick.
  virtual void flows_changed(std::span<const FlowRow> rows) = 0;
  // Flows removed from the table (their final state).
  virtual void flows_ended(std::span<const FlowRow> rows, FlowEnd why) = 0;
  virtual void ports_changed(std::span<const PortRow> rows) = 0;
  virtual void scans_changed(std::span<const ScanRow> rows) = 0;
  virtual void devices_changed(std::span<const DeviceRow> rows) = 0;
  virtual void names_observed(std::span<const ObservedName> names) = 0;
  // Public addresses seen for the first time (candidates for geo, PTR and ownership lookups).
  virtual void addresses_seen(std::span<const util::IpAddress> addresses) = 0;
};

// For runs that want none of it (batch reports without a database).
class NullOutbox final : public Outbox {
 public:
  void flows_changed(std::span<const FlowRow>) override {}
  void flows_ended(std::span<const FlowRow>, FlowEnd) override {}
  void ports_changed(std::span<const PortRow>) override {}
  void scans_changed(std::span<const ScanRow>) override {}
  void devices_changed(std::span<const DeviceRow>) override {}
  void names_observed(std::span<const ObservedName>) override {}
  void addresses_seen(std::span<const util::IpAddress>) override {}
};

}  // namespace pt::engine
