#include "engine/scan_source.hpp"

#include <algorithm>
#include <bit>

#include "engine/address_keys.hpp"
#include "engine/lru_table.hpp"

namespace pt::engine {
namespace {

constexpr std::size_t kInitialSlots = 16;
constexpr std::size_t kKeepBytes = 4096;  // a reused source keeps maps up to this size

std::uint32_t hash32(const util::IpAddress& a) {
  const auto h = static_cast<std::uint32_t>(AddressHash{}(a) >> 32U);
  return h == ProbeMap<std::uint32_t>::kEmpty ? h - 1 : h;
}

}  // namespace

template <typename V>
V* ProbeMap<V>::find(std::uint32_t key) {
  if (slots_.empty()) return nullptr;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = mix_hash(key) & mask;; i = (i + 1) & mask) {
    if (slots_[i].key == key) return &slots_[i].value;
    if (slots_[i].key == kEmpty) return nullptr;
  }
}

template <typename V>
V* ProbeMap<V>::find_or_insert(std::uint32_t key, std::size_t max_slots, bool& inserted) {
  inserted = false;
  if (slots_.empty()) slots_.resize(kInitialSlots);
  for (;;) {
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = mix_hash(key) & mask;
    for (; slots_[i].key != kEmpty; i = (i + 1) & mask) {
      if (slots_[i].key == key) return &slots_[i].value;
    }
    // Absent: keep the load at or below one half, doubling while the cap allows.
    if ((size_ + 1) * 2 <= slots_.size()) {
      slots_[i].key = key;
      slots_[i].value = V{};
      ++size_;
      inserted = true;
      return &slots_[i].value;
    }
    if (slots_.size() * 2 > std::max(max_slots, kInitialSlots)) return nullptr;
    grow();
  }
}

template <typename V>
void ProbeMap<V>::grow() {
  std::vector<Slot> old(slots_.size() * 2);
  old.swap(slots_);
  const std::size_t mask = slots_.size() - 1;
  for (const auto& s : old) {
    if (s.key == kEmpty) continue;
    std::size_t i = mix_hash(s.key) & mask;
    while (slots_[i].key != kEmpty) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

template <typename V>
void ProbeMap<V>::release() {
  std::vector<Slot>().swap(slots_);
  size_ = 0;
}

template <typename V>
void ProbeMap<V>::clear() {
  std::fill(slots_.begin(), slots_.end(), Slot{});
  size_ = 0;
}

template class ProbeMap<std::uint32_t>;
template class ProbeMap<ScanSource::HostValue>;  // access is not checked in explicit instantiations

void ScanSource::reset(std::int64_t window_seconds, std::int64_t second) {
  if (ports_.bytes() > kKeepBytes)
    ports_.release();
  else
    ports_.clear();
  if (hosts_.bytes() > kKeepBytes)
    hosts_.release();
  else
    hosts_.clear();
  window_ = std::max<std::int64_t>(window_seconds, 1);
  ring_.assign(std::bit_ceil(static_cast<std::size_t>(window_)), Tally{});
  mask_ = ring_.size() - 1;
  epoch_ = second;
  head_ = second;
  total_ = {};
  top_target_ = {};
  top_probes_ = 0;
}

void ScanSource::release() {
  ports_.release();
  hosts_.release();
  std::fill(ring_.begin(), ring_.end(), Tally{});
  total_ = {};
}

// A power-of-two ring at least the window long: the slot is a mask. Slots of seconds that left
// the window are cleared as the head moves past them.
ScanSource::Tally& ScanSource::tally(std::int64_t second) { return ring_[static_cast<std::size_t>(second) & mask_]; }

std::uint32_t ScanSource::offset(std::int64_t second) const {
  return static_cast<std::uint32_t>(std::clamp<std::int64_t>(second - epoch_, 0, kSecondMask));
}

void ScanSource::rotate_to(std::int64_t second) {
  if (second <= head_) return;
  if (second - head_ >= window_) {
    std::fill(ring_.begin(), ring_.end(), Tally{});
    total_ = {};
  } else {
    for (auto s = head_ + 1; s <= second; ++s) {
      Tally& t = tally(s - window_);  // the second leaving the window
      total_.pending -= t.pending;
      total_.counted -= t.counted;
      total_.hosts -= t.hosts;
      t = {};
    }
  }
  head_ = second;
}

void ScanSource::add(ProbeState state, std::int64_t second, int delta) {
  if (!in_window(second)) return;
  Tally& t = tally(second);
  const auto d = static_cast<std::uint32_t>(delta);  // two's complement: adding -1 subtracts
  if (state == ProbeState::Pending) {
    t.pending += d;
    total_.pending += d;
  } else if (state == ProbeState::Counted) {
    t.counted += d;
    total_.counted += d;
  }
}

void ScanSource::note_host(const util::IpAddress& target, std::int64_t second, std::size_t max_host_slots) {
  bool inserted = false;
  HostValue* v = hosts_.find_or_insert(hash32(target), max_host_slots, inserted);
  if (v == nullptr) return;  // at the cap: the host is not counted
  const auto old = epoch_ + v->second;
  if (inserted || !in_window(old)) {
    ++tally(second).hosts;
    ++total_.hosts;
    v->second = offset(second);
  } else if (second > old) {
    --tally(old).hosts;
    ++tally(second).hosts;
    v->second = offset(second);
  }
  if (++v->probes > top_probes_) {
    top_probes_ = v->probes;
    top_target_ = target;
  }
}

void ScanSource::probe(const util::IpAddress& target, bool udp, std::uint16_t port, ProbeState state,
                       std::int64_t second, std::size_t max_port_slots, std::size_t max_host_slots) {
  rotate_to(second);
  if (!in_window(second)) return;  // older than the window: a late packet
  note_host(target, second, max_host_slots);
  bool inserted = false;
  const std::uint32_t key = (static_cast<std::uint32_t>(udp) << 16U) | port;
  std::uint32_t* v = ports_.find_or_insert(key, max_port_slots, inserted);
  if (v == nullptr) return;
  const auto old_second = second_of(*v);
  const auto old_state = static_cast<ProbeState>(*v >> 30U);
  if (inserted || !in_window(old_second)) {
    add(state, second, 1);
    *v = (static_cast<std::uint32_t>(state) << 30U) | offset(second);
    return;
  }
  // Seen within the window: a served or traced port stays excluded; otherwise the stronger
  // state wins and the probe moves to the newer second.
  ProbeState next = old_state;
  if (old_state != ProbeState::Excluded && state == ProbeState::Counted) next = ProbeState::Counted;
  const auto next_second = std::max(old_second, second);
  add(old_state, old_second, -1);
  add(next, next_second, 1);
  *v = (static_cast<std::uint32_t>(next) << 30U) | offset(next_second);
}

bool ScanSource::resolve(bool udp, std::uint16_t port, ProbeState to) {
  std::uint32_t* v = ports_.find((static_cast<std::uint32_t>(udp) << 16U) | port);
  if (v == nullptr) return false;
  const auto s = second_of(*v);
  const auto state = static_cast<ProbeState>(*v >> 30U);
  if (!in_window(s) || state == ProbeState::Excluded || state == to) return false;
  add(state, s, -1);
  add(to, s, 1);
  *v = (static_cast<std::uint32_t>(to) << 30U) | (*v & kSecondMask);
  return true;
}

bool ScanSource::state_of(bool udp, std::uint16_t port, ProbeState& state) {
  const std::uint32_t* v = ports_.find((static_cast<std::uint32_t>(udp) << 16U) | port);
  if (v == nullptr || !in_window(second_of(*v))) return false;
  state = static_cast<ProbeState>(*v >> 30U);
  return true;
}

ScanCounts ScanSource::evaluate(std::int64_t second, std::int64_t settle_seconds) {
  rotate_to(second);
  const auto settle = std::clamp<std::int64_t>(settle_seconds, 0, window_);
  const auto settled_until = head_ - settle;  // pending probes up to this second count
  std::uint32_t unsettled = 0;
  for (auto s = settled_until + 1; s <= head_; ++s) unsettled += tally(s).pending;
  ScanCounts c;
  c.ports = total_.counted + total_.pending - unsettled;
  c.hosts = total_.hosts;
  c.unsettled = unsettled;
  if (c.ports == 0) return c;
  std::int64_t first = 0;
  std::int64_t last = 0;
  bool any = false;
  for (auto s = head_ - window_ + 1; s <= head_; ++s) {
    const Tally& t = tally(s);
    if (t.counted == 0 && (t.pending == 0 || s > settled_until)) continue;
    if (!any) first = s;
    last = s;
    any = true;
  }
  c.span_seconds = any ? last - first + 1 : 0;
  return c;
}

}  // namespace pt::engine
