#include "store/write_batch.hpp"

#include <utility>

namespace pt::store {

namespace {

std::size_t mix(std::size_t seed, std::size_t value) {
  // boost::hash_combine's constant: spreads consecutive ids over the buckets.
  return seed ^ (value + 0x9e3779b97f4a7c15ULL + (seed << 6U) + (seed >> 2U));
}

}  // namespace

std::size_t SlotHash::operator()(const FlowSlot& s) const noexcept {
  return mix(std::hash<std::int64_t>{}(s.session), std::hash<std::uint64_t>{}(s.flow_id));
}

std::size_t SlotHash::operator()(const PortSlot& s) const noexcept {
  return mix(std::hash<std::int64_t>{}(s.session), (std::size_t{s.protocol} << 16U) | s.port);
}

std::size_t SlotHash::operator()(const AddressSlot& s) const noexcept {
  return mix(std::hash<std::int64_t>{}(s.session), s.ip.hash());
}

std::size_t SlotHash::operator()(const MacAddress& mac) const noexcept {
  std::size_t value = 0;
  for (const std::uint8_t byte : mac) value = (value << 8U) | byte;
  return std::hash<std::size_t>{}(value);
}

template <typename Map, typename Key, typename Record>
WriteBatch::Added WriteBatch::upsert(Map& map, Key&& key, Record&& record, bool full) {
  if (auto it = map.find(key); it != map.end()) {
    it->second = std::forward<Record>(record);
    return Added::Coalesced;
  }
  if (full) return Added::Full;
  map.emplace(std::forward<Key>(key), std::forward<Record>(record));
  ++size_;
  return Added::Inserted;
}

WriteBatch::Added WriteBatch::add(FlowRecord&& r, bool full) {
  return upsert(flows, FlowSlot{r.session.value, r.flow_id}, std::move(r), full);
}

WriteBatch::Added WriteBatch::add(ClassificationRecord&& r, bool full) {
  return upsert(classifications, FlowSlot{r.session.value, r.flow_id}, std::move(r), full);
}

WriteBatch::Added WriteBatch::add(PortRecord&& r, bool full) {
  return upsert(ports, PortSlot{r.session.value, r.port.value, r.protocol}, std::move(r), full);
}

WriteBatch::Added WriteBatch::add(ScanRecord&& r, bool full) {
  return upsert(scans, AddressSlot{r.session.value, r.source}, std::move(r), full);
}

WriteBatch::Added WriteBatch::add(DeviceRecord&& r, bool full) {
  const MacAddress key = r.mac;
  return upsert(devices, key, std::move(r), full);
}

WriteBatch::Added WriteBatch::add(SessionTotals&& r, bool full) {
  const std::int64_t key = r.session.value;
  return upsert(totals, key, r, full);  // trivially copyable: nothing to move
}

WriteBatch::Added WriteBatch::add(GeoRecord&& r, bool full) {
  const util::IpAddress key = r.ip;
  return upsert(geo, key, std::move(r), full);
}

WriteBatch::Added WriteBatch::add(DnsRecord&& r, bool full) {
  const util::IpAddress key = r.ip;
  return upsert(dns, key, std::move(r), full);
}

WriteBatch::Added WriteBatch::add(NodeOwnership&& r, bool full) {
  const util::IpAddress key = r.ip;
  return upsert(ownership, key, std::move(r), full);
}

WriteBatch::Added WriteBatch::add(NsLookup&& r, bool full) {
  std::string key = r.domain;
  return upsert(ns, std::move(key), std::move(r), full);
}

WriteBatch::Added WriteBatch::add(OrderedWrite&& write, bool full) {
  if (full) return Added::Full;
  ordered.push_back(std::move(write));
  ++size_;
  return Added::Inserted;
}

void WriteBatch::clear() {
  totals.clear();
  flows.clear();
  classifications.clear();
  ports.clear();
  scans.clear();
  devices.clear();
  geo.clear();
  dns.clear();
  ownership.clear();
  ns.clear();
  ordered.clear();
  size_ = 0;
}

}  // namespace pt::store
