#include "engine/port_stats.hpp"

#include <span>

#include "engine/address_keys.hpp"

namespace pt::engine {
namespace {

constexpr std::uint8_t kTcp = 6;
constexpr std::uint8_t kUdp = 17;

std::uint32_t key_of(std::uint16_t port, std::uint8_t ip_protocol) {
  return (static_cast<std::uint32_t>(ip_protocol) << 16U) | port;
}

std::uint32_t address_hash(const util::IpAddress& a) { return static_cast<std::uint32_t>(AddressHash{}(a) >> 32U); }

}  // namespace

PortStats::PortStats(const PortStatsConfig& config) : services_(config.services_file), table_(config.capacity) {
  changed_.reserve(table_.capacity());
  flow_slots_.resize(kFlowSlots);
}

void PortStats::reset(Entry& e, std::uint32_t key, util::Timestamp t) const {
  const bool dirty = e.dirty;  // the node may already sit in changed_: keep it listed once
  e = Entry{};
  e.dirty = dirty;
  e.service =
      services_.lookup(util::Port{static_cast<std::uint16_t>(key & 0xFFFFU)}, static_cast<std::uint8_t>(key >> 16U));
  e.first_seen = t;
  e.last_seen = t;
}

void PortStats::mark(std::uint32_t node, Entry& e) {
  if (e.dirty) return;
  e.dirty = true;
  changed_.push_back(node);
}

void PortStats::record(const packet::Packet& p, const FlowContext& ctx) {
  if (ctx.flow == nullptr) return;
  const FlowRow& f = *ctx.flow;
  if (f.protocol != kTcp && f.protocol != kUdp) return;
  const auto key = key_of(f.dst_port.value, f.protocol);
  FlowSlot& slot = flow_slots_[f.id & (kFlowSlots - 1)];
  if (slot.flow == f.id && table_.live(slot.node) && table_.key_at(slot.node) == key) {
    table_.touch(slot.node);
  } else {
    // Among the oldest entries, give up first a port that saw no more than a probe and its answer.
    const auto up = table_.upsert(key, [](const Entry& e) { return e.packets <= 2; });
    if (up.inserted) reset(*up.value, key, p.timestamp);
    slot = {f.id, up.node};
  }
  Entry& e = table_.value_at(slot.node);
  ++e.packets;
  e.bytes += p.wire_length;
  e.series.add(second_of_(p.timestamp), 1U);
  if (p.timestamp > e.last_seen) e.last_seen = p.timestamp;
  if (p.timestamp < e.first_seen) e.first_seen = p.timestamp;
  if (ctx.new_flow) {
    ++e.connections;
    e.clients.insert(address_hash(f.src));
    e.servers.insert(address_hash(f.dst));
  }
  if (p.timestamp > now_) now_ = p.timestamp;
  mark(slot.node, e);
}

void PortStats::advance(util::Timestamp now) {
  if (now > now_) now_ = now;
}

PortRow PortStats::row(std::uint32_t key, const Entry& e) const {
  PortRow r;
  r.port = util::Port{static_cast<std::uint16_t>(key & 0xFFFFU)};
  r.protocol = static_cast<std::uint8_t>(key >> 16U);
  r.packets = e.packets;
  r.bytes = e.bytes;
  r.connections = e.connections;
  r.hits = e.clients.count();
  r.unique_destinations = e.servers.count();
  r.service = e.service;
  r.range = port_range(r.port.value);
  r.first_seen = e.first_seen;
  r.last_seen = e.last_seen;
  e.series.copy_to(unix_second(now_), std::span<std::uint32_t, kSeriesSeconds>(r.packets_per_second));
  return r;
}

void PortStats::export_rows(std::vector<PortRow>& out) const {
  out.reserve(out.size() + table_.size());
  table_.for_each([&](std::uint32_t key, const Entry& e) { out.push_back(row(key, e)); });
}

void PortStats::take_changed(std::vector<PortRow>& out) {
  for (const auto node : changed_) {
    if (!table_.live(node)) continue;
    Entry& e = table_.value_at(node);
    if (!e.dirty) continue;
    e.dirty = false;
    out.push_back(row(table_.key_at(node), e));
  }
  changed_.clear();
}

std::optional<PortRow> PortStats::find(util::Port port, std::uint8_t ip_protocol) const {
  const auto key = key_of(port.value, ip_protocol);
  const Entry* e = table_.find(key);
  if (e == nullptr) return std::nullopt;
  return row(key, *e);
}

}  // namespace pt::engine
