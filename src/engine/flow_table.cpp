#include "engine/flow_table.hpp"

#include <bit>

#include "engine/flow_direction.hpp"

namespace pt::engine {
namespace {

std::uint32_t hash32(const FlowKey& key) {
  const auto h = key.hash();
  return static_cast<std::uint32_t>(h ^ (h >> 32U));
}

bool starts_new_connection(const packet::Packet& p) {
  return p.is_tcp() && p.transport.complete && (p.transport.flags & packet::tcp_flag::kSyn) != 0 &&
         (p.transport.flags & packet::tcp_flag::kAck) == 0;
}

}  // namespace

FlowTable::FlowTable(const FlowTableConfig& config, FlowEndHandler& on_end) : config_(config), on_end_(on_end) {
  if (config_.capacity == 0) config_.capacity = 1;
  entries_.reserve(config_.capacity);
  free_.reserve(config_.capacity);
  index_.resize(std::bit_ceil(config_.capacity * 2));
  index_mask_ = index_.size() - 1;
  fragments_.resize(std::bit_ceil(std::max<std::size_t>(config_.fragment_slots, 16)));
  dirty_.reserve(config_.capacity);
}

std::uint32_t FlowTable::find(const FlowKey& key, std::uint32_t hash) const {
  for (std::size_t i = hash & index_mask_;; i = (i + 1) & index_mask_) {
    const Slot& s = index_[i];
    if (s.entry == kNone) return kNone;
    if (s.hash == hash && key_of(entries_[s.entry]) == key) return s.entry;
  }
}

void FlowTable::index_insert(std::uint32_t entry, std::uint32_t hash) {
  std::size_t i = hash & index_mask_;
  while (index_[i].entry != kNone) i = (i + 1) & index_mask_;
  index_[i] = {entry, hash};
}

// Linear probing with backward-shift deletion: no tombstones, so lookups never degrade.
void FlowTable::index_erase(std::uint32_t entry) {
  const auto hash = entries_[entry].hash;
  std::size_t i = hash & index_mask_;
  while (index_[i].entry != entry) i = (i + 1) & index_mask_;
  for (std::size_t j = (i + 1) & index_mask_;; j = (j + 1) & index_mask_) {
    if (index_[j].entry == kNone) break;
    const std::size_t home = index_[j].hash & index_mask_;
    // Move j back into the hole at i when its home does not lie cyclically in (i, j].
    const bool keep = (i < j) ? (home > i && home <= j) : (home > i || home <= j);
    if (!keep) {
      index_[i] = index_[j];
      i = j;
    }
  }
  index_[i] = Slot{};
}

void FlowTable::lru_unlink(std::uint32_t index) {
  auto& e = entries_[index];
  if (e.lru_prev != kNone) entries_[e.lru_prev].lru_next = e.lru_next;
  if (e.lru_next != kNone) entries_[e.lru_next].lru_prev = e.lru_prev;
  if (lru_head_ == index) lru_head_ = e.lru_next;
  if (lru_tail_ == index) lru_tail_ = e.lru_prev;
  e.lru_prev = e.lru_next = kNone;
}

void FlowTable::lru_push_front(std::uint32_t index) {
  auto& e = entries_[index];
  e.lru_prev = kNone;
  e.lru_next = lru_head_;
  if (lru_head_ != kNone) entries_[lru_head_].lru_prev = index;
  lru_head_ = index;
  if (lru_tail_ == kNone) lru_tail_ = index;
}

void FlowTable::release(std::uint32_t index, FlowEnd why) {
  auto& e = entries_[index];
  finalize_row(e);
  on_end_.on_flow_end(e, why);
  switch (why) {
    case FlowEnd::Evicted: ++counters_.evicted; break;
    case FlowEnd::Expired: ++counters_.expired; break;
    case FlowEnd::Closed: ++counters_.closed; break;
    case FlowEnd::Shutdown: break;
  }
  index_erase(index);
  lru_unlink(index);
  e.in_use = false;
  ++e.generation;
  free_.push_back(index);
  --active_;
}

std::uint32_t FlowTable::allocate(const OrientedKey& oriented, std::uint32_t hash, const packet::Packet& p) {
  if (active_ >= config_.capacity && lru_tail_ != kNone) release(lru_tail_, FlowEnd::Evicted);
  std::uint32_t index = 0;
  if (!free_.empty()) {
    index = free_.back();
    free_.pop_back();
  } else {
    index = static_cast<std::uint32_t>(entries_.size());
    entries_.emplace_back();
  }
  auto& e = entries_[index];
  const auto generation = e.generation;
  e = FlowEntry{};
  e.generation = generation;
  e.in_use = true;
  e.hash = hash;
  const bool sender_initiates = sender_is_initiator(p);
  e.initiator_is_low = oriented.sender_is_low == sender_initiates;
  auto& r = e.row;
  r.id = next_id_++;
  r.protocol = oriented.key.protocol;
  r.ip_version = p.ip.version;
  r.src = sender_initiates ? p.ip.src : p.ip.dst;
  r.dst = sender_initiates ? p.ip.dst : p.ip.src;
  r.src_port = util::Port{sender_initiates ? oriented.src_port : oriented.dst_port};
  r.dst_port = util::Port{sender_initiates ? oriented.dst_port : oriented.src_port};
  if (p.icmp.present) {  // Zeek: orig_p = type, resp_p = code, whatever the direction
    r.src_port = util::Port{oriented.src_port};
    r.dst_port = util::Port{oriented.dst_port};
    e.echo_key = oriented.symmetric;
    e.echo_id = oriented.key.high_port;
  }
  r.first_seen = p.timestamp;
  r.last_seen = p.timestamp;
  index_insert(index, hash);
  lru_push_front(index);
  ++active_;
  ++counters_.created;
  return index;
}

void FlowTable::apply(FlowEntry& e, const packet::Packet& p, bool from_initiator) {
  auto& r = e.row;
  if (p.timestamp > r.last_seen) r.last_seen = p.timestamp;
  if (p.timestamp < r.first_seen) r.first_seen = p.timestamp;
  const auto ttl = p.ip.ttl;
  const auto payload = static_cast<std::uint64_t>(p.payload.size());
  if (from_initiator) {
    ++r.packets_sent;
    r.bytes_sent += p.wire_length;
    r.payload_sent += payload;
    r.ttl_sent_min = std::min(r.ttl_sent_min, ttl);
    r.ttl_sent_max = std::max(r.ttl_sent_max, ttl);
    if (p.link.present) r.src_mac = p.link.src;
  } else {
    ++r.packets_recv;
    r.bytes_recv += p.wire_length;
    r.payload_recv += payload;
    r.ttl_recv_min = std::min(r.ttl_recv_min, ttl);
    r.ttl_recv_max = std::max(r.ttl_recv_max, ttl);
    if (p.link.present) r.dst_mac = p.link.src;
  }
  ++r.sizes[size_bucket(p.wire_length)];
  if (p.is_tcp() && p.transport.complete) {
    (from_initiator ? r.flags_sent : r.flags_recv) |= p.transport.flags;
    record_tcp_segment(e.tcp, r.history, from_initiator, p.transport.flags, payload > 0);
  } else if (!p.ip.is_fragment || p.ip.fragment_offset == 0) {
    record_datagram(r.history, from_initiator);
  }
  mark_dirty(e);
}

void FlowTable::mark_dirty(FlowEntry& e) {
  if (e.dirty) return;
  e.dirty = true;
  dirty_.emplace_back(static_cast<std::uint32_t>(&e - entries_.data()), e.generation);
}

FlowKey FlowTable::key_of(const FlowEntry& e) {
  const auto& r = e.row;
  FlowKey k;
  k.protocol = r.protocol;
  if (e.echo_key) {
    const bool low = r.src <= r.dst;
    k.low = low ? r.src : r.dst;
    k.high = low ? r.dst : r.src;
    k.low_port = r.src_port.value;
    k.high_port = e.echo_id;
    return k;
  }
  const bool low = r.src < r.dst || (r.src == r.dst && r.src_port.value <= r.dst_port.value);
  k.low = low ? r.src : r.dst;
  k.high = low ? r.dst : r.src;
  k.low_port = low ? r.src_port.value : r.dst_port.value;
  k.high_port = low ? r.dst_port.value : r.src_port.value;
  return k;
}

void FlowTable::finalize_row(FlowEntry& e) {
  auto& r = e.row;
  if (r.protocol == 6) {
    r.state = tcp_conn_state(e.tcp);
    r.closed = tcp_closed(e.tcp);
  } else {
    r.state = datagram_conn_state(r.packets_sent, r.packets_recv);
  }
}

FlowUpdate FlowTable::update(const packet::Packet& p) {
  if (p.ip.present && p.ip.fragment_offset != 0) return attribute_fragment(p);
  OrientedKey oriented;
  if (!make_flow_key(p, oriented)) return {};
  const auto hash = hash32(oriented.key);
  auto index = find(oriented.key, hash);
  bool created = false;
  if (index != kNone && starts_new_connection(p) && tcp_closed(entries_[index].tcp)) {
    release(index, FlowEnd::Closed);  // the tuple is reused for a new connection
    index = kNone;
  }
  if (index == kNone) {
    index = allocate(oriented, hash, p);
    created = true;
  } else if (index != lru_head_) {
    lru_unlink(index);
    lru_push_front(index);
  }
  auto& e = entries_[index];
  const bool from_initiator = oriented.sender_is_low == e.initiator_is_low;
  apply(e, p, from_initiator);
  if (p.ip.more_fragments) remember_fragment(p, index);
  return {&e, from_initiator, created};
}

void FlowTable::expire(util::Timestamp now) {
  while (lru_tail_ != kNone && now - entries_[lru_tail_].row.last_seen > config_.idle_timeout) {
    release(lru_tail_, FlowEnd::Expired);
  }
}

void FlowTable::end_all(FlowEnd why) {
  while (lru_tail_ != kNone) release(lru_tail_, why);
}

std::size_t FlowTable::fragment_slot(const util::IpAddress& src, const util::IpAddress& dst, std::uint32_t id,
                                     std::uint8_t protocol) const {
  const auto h = src.hash() * 31U + dst.hash() * 17U + std::size_t{id} * 2654435761U + protocol;
  return h & (fragments_.size() - 1);
}

void FlowTable::remember_fragment(const packet::Packet& p, std::uint32_t entry) {
  auto& slot = fragments_[fragment_slot(p.ip.src, p.ip.dst, p.ip.identification, p.ip.protocol)];
  slot = {p.ip.src, p.ip.dst, p.ip.identification, p.ip.protocol, entry, entries_[entry].generation};
}

// RFC 791 / RFC 8200: later fragments share (source, destination, identification, protocol)
// with the first; a direct-mapped table of recent first fragments is enough for attribution.
FlowUpdate FlowTable::attribute_fragment(const packet::Packet& p) {
  const auto& slot = fragments_[fragment_slot(p.ip.src, p.ip.dst, p.ip.identification, p.ip.protocol)];
  if (slot.entry == kNone || slot.src != p.ip.src || slot.dst != p.ip.dst || slot.id != p.ip.identification ||
      slot.protocol != p.ip.protocol || !entries_[slot.entry].in_use ||
      entries_[slot.entry].generation != slot.generation) {
    ++counters_.fragments_unmatched;
    return {};
  }
  auto& e = entries_[slot.entry];
  const bool from_initiator = p.ip.src == e.row.src;
  apply(e, p, from_initiator);
  ++e.row.fragments;
  ++counters_.fragments_attributed;
  if (slot.entry != lru_head_) {
    lru_unlink(slot.entry);
    lru_push_front(slot.entry);
  }
  return {&e, from_initiator, false};
}

}  // namespace pt::engine
