#include "engine/hop_estimator.hpp"

#include <algorithm>

namespace pt::engine {
HopEstimator::HopEstimator(const HopEstimatorConfig& config) : table_(config.capacity) {
  changed_.reserve(table_.capacity());
}

std::uint8_t HopEstimator::initial_ttl(std::uint8_t ttl) {
  if (ttl <= 32) return 32;
  if (ttl <= 64) return 64;
  if (ttl <= 128) return 128;
  return 255;
}

void HopEstimator::mark(std::uint32_t node, Entry& e) {
  if (e.dirty) return;
  e.dirty = true;
  changed_.push_back(node);
}

HopEstimator::Entry& HopEstimator::entry_for(const util::IpAddress& source) {
  // Consecutive packets often come from the same sender: skip the hash then.
  if (table_.live(last_node_) && AddressEqual{}(table_.key_at(last_node_), source)) {
    table_.touch(last_node_);
    return table_.value_at(last_node_);
  }
  const auto up = table_.upsert(source);
  Entry& e = *up.value;
  if (up.inserted) {
    const bool dirty = e.dirty;
    e = Entry{};
    e.dirty = dirty;
    e.row.address = source;
    e.row.hops_min = 255;
  }
  last_node_ = up.node;
  return e;
}

void HopEstimator::record(const packet::Packet& p, const FlowContext& /*ctx*/) {
  if (!p.ip.present || to_group_address(p) || p.ip.src.empty()) return;
  record_ttl(p.ip.src, p.ip.ttl, p.timestamp);
}

void HopEstimator::record_ttl(const util::IpAddress& source, std::uint8_t ttl, util::Timestamp t) {
  Entry& e = entry_for(source);
  HopRow& r = e.row;
  const auto hop_count = hops(ttl);
  r.initial_ttl = initial_ttl(ttl);
  r.last_ttl = ttl;
  r.hops_last = hop_count;
  r.hops_min = std::min(r.hops_min, hop_count);
  r.hops_max = std::max(r.hops_max, hop_count);
  ++r.samples;
  if (t > r.last_seen) r.last_seen = t;
  mark(last_node_, e);
}

void HopEstimator::advance(util::Timestamp /*now*/) {}

void HopEstimator::export_rows(std::vector<HopRow>& out) const {
  out.reserve(out.size() + table_.size());
  table_.for_each([&](const util::IpAddress&, const Entry& e) { out.push_back(e.row); });
}

void HopEstimator::take_changed(std::vector<HopRow>& out) {
  for (const auto node : changed_) {
    if (!table_.live(node)) continue;
    Entry& e = table_.value_at(node);
    if (!e.dirty) continue;
    e.dirty = false;
    out.push_back(e.row);
  }
  changed_.clear();
}

std::optional<HopRow> HopEstimator::find(const util::IpAddress& address) const {
  const Entry* e = table_.find(address);
  if (e == nullptr) return std::nullopt;
  return e->row;
}

}  // namespace pt::engine
