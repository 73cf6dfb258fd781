#pragma once
// What waits for the writer's next transaction. Rows that describe the current state of one
// thing (a flow, a port, a scanner, a device, a cache entry, a session's totals) are keyed, so
// a newer update replaces an older one instead of queueing behind it: 50,000 flows updated ten
// times a second cost one row each per flush. Events (session end, traceroutes, route
// patterns and changes, annotations) keep their order.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "store/records.hpp"

namespace pt::store {

struct SessionEnd {
  SessionTotals totals;  // totals.at is the end time
};

using OrderedWrite = std::variant<SessionEnd, TracerouteRecord, RoutePattern, RouteChange, AddressAnnotation>;

struct FlowSlot {
  std::int64_t session = 0;
  std::uint64_t flow_id = 0;
  friend bool operator==(const FlowSlot&, const FlowSlot&) = default;
};

struct PortSlot {
  std::int64_t session = 0;
  std::uint16_t port = 0;
  std::uint8_t protocol = 0;
  friend bool operator==(const PortSlot&, const PortSlot&) = default;
};

struct AddressSlot {
  std::int64_t session = 0;
  util::IpAddress ip;
  friend bool operator==(const AddressSlot&, const AddressSlot&) = default;
};

struct SlotHash {
  std::size_t operator()(const FlowSlot& s) const noexcept;
  std::size_t operator()(const PortSlot& s) const noexcept;
  std::size_t operator()(const AddressSlot& s) const noexcept;
  std::size_t operator()(const MacAddress& mac) const noexcept;
};

class WriteBatch {
 public:
  enum class Added : std::uint8_t { Inserted, Coalesced, Full };

  // full: the queue is at capacity, so only an update of a waiting row may be taken.
  Added add(FlowRecord&& record, bool full);
  Added add(ClassificationRecord&& record, bool full);
  Added add(PortRecord&& record, bool full);
  Added add(ScanRecord&& record, bool full);
  Added add(DeviceRecord&& record, bool full);
  Added add(SessionTotals&& record, bool full);
  Added add(GeoRecord&& record, bool full);
  Added add(DnsRecord&& record, bool full);
  Added add(NodeOwnership&& record, bool full);
  Added add(NsLookup&& record, bool full);
  Added add(OrderedWrite&& write, bool full);

  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  void clear();

  // Read by the writer thread after it swapped the batch out.
  std::unordered_map<std::int64_t, SessionTotals> totals;
  std::unordered_map<FlowSlot, FlowRecord, SlotHash> flows;
  std::unordered_map<FlowSlot, ClassificationRecord, SlotHash> classifications;
  std::unordered_map<PortSlot, PortRecord, SlotHash> ports;
  std::unordered_map<AddressSlot, ScanRecord, SlotHash> scans;
  std::unordered_map<MacAddress, DeviceRecord, SlotHash> devices;
  std::unordered_map<util::IpAddress, GeoRecord> geo;
  std::unordered_map<util::IpAddress, DnsRecord> dns;
  std::unordered_map<util::IpAddress, NodeOwnership> ownership;
  std::unordered_map<std::string, NsLookup> ns;
  std::vector<OrderedWrite> ordered;

 private:
  template <typename Map, typename Key, typename Record>
  Added upsert(Map& map, Key&& key, Record&& record, bool full);
  std::size_t size_ = 0;
};

}  // namespace pt::store
