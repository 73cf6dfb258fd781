#pragma once
// A bounded map for the trackers' per-key state (ports, scan sources, remote hosts, devices),
// evicting in approximately least-recently-used order with the CLOCK (second-chance) algorithm:
// a hit only sets the entry's reference bit, and a full table's hand sweeps past referenced
// entries (clearing their bit) to the first unreferenced one. New entries start unreferenced,
// so keys seen once (a port scan's ports) go before keys seen again, and a hit costs no list
// maintenance (no neighbouring nodes touched). Open addressing with linear probing over an index
// of node numbers; nodes live in a slab reserved up front (pages are touched only as keys
// appear) and never move, so a Value* stays valid until its entry is evicted or erased. Nothing
// is allocated after construction.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <vector>

namespace pt::engine {

// splitmix64's finalizer: spreads weak hashes (FNV over few bytes, small integers) over every bit
// so the low bits index the table well.
constexpr std::uint64_t mix_hash(std::uint64_t x) {
  x ^= x >> 30U;
  x *= 0xBF58476D1CE4E5B9ULL;
  x ^= x >> 27U;
  x *= 0x94D049BB133111EBULL;
  x ^= x >> 31U;
  return x;
}

template <typename Key, typename Value, typename Hash = std::hash<Key>, typename Equal = std::equal_to<Key>>
class LruTable {
 public:
  static constexpr std::uint32_t kNone = 0xFFFFFFFFU;

  explicit LruTable(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {
    nodes_.reserve(capacity_);
    free_.reserve(capacity_);
    index_.resize(std::bit_ceil(capacity_ * 2));
    mask_ = index_.size() - 1;
  }

  struct Upsert {
    Value* value = nullptr;
    std::uint32_t node = kNone;
    bool inserted = false;  // the key is new: value holds what the previous occupant left (reset it)
    bool evicted = false;   // an older key was pushed out to make room
  };

  // Finds `key` and marks it referenced, or inserts it. A full table evicts by CLOCK; among
  // unreferenced entries it passes over up to `scan` that `evictable(value)` rejects before
  // taking one anyway. A new entry's value is left as the previous occupant of the node had it
  // (or value-initialized), so the caller can keep its buffers while resetting it.
  template <typename Evictable>
  Upsert upsert(const Key& key, Evictable&& evictable, std::size_t scan = 8) {
    const auto hash = hash_of(key);
    if (const auto found = find_node(key, hash); found != kNone) {
      nodes_[found].referenced = true;
      return {&nodes_[found].value, found, false, false};
    }
    bool evicted = false;
    std::uint32_t n = kNone;
    if (size_ >= capacity_) {
      n = pick_victim(evictable, scan);
      unlink_node(n);
      ++evictions_;
      evicted = true;
    } else if (!free_.empty()) {
      n = free_.back();
      free_.pop_back();
    } else {
      n = static_cast<std::uint32_t>(nodes_.size());
      nodes_.emplace_back();
    }
    Node& node = nodes_[n];
    node.key = key;
    node.hash = hash;
    node.live = true;
    node.referenced = false;
    index_insert(n, hash);
    ++size_;
    return {&node.value, n, true, evicted};
  }
  Upsert upsert(const Key& key) {
    return upsert(key, [](const Value&) { return true; });
  }

  // Marks a node found earlier as used again (for callers that cache node numbers).
  void touch(std::uint32_t node) { nodes_[node].referenced = true; }

  // Lookup without marking the entry used.
  [[nodiscard]] Value* find(const Key& key) {
    const auto n = find_node(key, hash_of(key));
    return n == kNone ? nullptr : &nodes_[n].value;
  }
  [[nodiscard]] const Value* find(const Key& key) const {
    const auto n = find_node(key, hash_of(key));
    return n == kNone ? nullptr : &nodes_[n].value;
  }

  // The node holding `key` (for value_at / change lists), or kNone.
  [[nodiscard]] std::uint32_t find_index(const Key& key) const { return find_node(key, hash_of(key)); }

  // Removes every entry for which pred(key, value) holds; returns how many.
  template <typename Pred>
  std::size_t erase_if(Pred&& pred) {
    std::size_t erased = 0;
    for (std::uint32_t n = 0; n < nodes_.size(); ++n) {
      if (!nodes_[n].live || !pred(nodes_[n].key, nodes_[n].value)) continue;
      unlink_node(n);
      free_.push_back(n);
      ++erased;
    }
    return erased;
  }

  // Visits live entries as (key, value) in node order (not recency order).
  template <typename Visit>
  void for_each(Visit&& visit) const {
    for (const auto& node : nodes_) {
      if (node.live) visit(node.key, node.value);
    }
  }
  template <typename Visit>
  void for_each(Visit&& visit) {
    for (auto& node : nodes_) {
      if (node.live) visit(node.key, node.value);
    }
  }

  // Visits live entries as (node, key, value).
  template <typename Visit>
  void for_each_indexed(Visit&& visit) {
    for (std::uint32_t n = 0; n < nodes_.size(); ++n) {
      if (nodes_[n].live) visit(n, nodes_[n].key, nodes_[n].value);
    }
  }

  // Access by node number (for change lists kept by the caller); check live() first.
  [[nodiscard]] bool live(std::uint32_t node) const { return node < nodes_.size() && nodes_[node].live; }
  [[nodiscard]] const Key& key_at(std::uint32_t node) const { return nodes_[node].key; }
  [[nodiscard]] Value& value_at(std::uint32_t node) { return nodes_[node].value; }
  [[nodiscard]] const Value& value_at(std::uint32_t node) const { return nodes_[node].value; }

  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] std::size_t capacity() const { return capacity_; }
  [[nodiscard]] std::uint64_t evictions() const { return evictions_; }

 private:
  struct Node {
    Key key{};
    std::uint32_t hash = 0;
    bool live = false;
    bool referenced = false;
    Value value{};
  };
  struct Slot {
    std::uint32_t node = kNone;
    std::uint32_t hash = 0;
  };

  static std::uint32_t hash_of(const Key& key) {
    const auto h = mix_hash(static_cast<std::uint64_t>(Hash{}(key)));
    return static_cast<std::uint32_t>(h ^ (h >> 32U));
  }

  [[nodiscard]] std::uint32_t find_node(const Key& key, std::uint32_t hash) const {
    for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
      const Slot& s = index_[i];
      if (s.node == kNone) return kNone;
      if (s.hash == hash && Equal{}(nodes_[s.node].key, key)) return s.node;
    }
  }

  // The table is full, so every node is live. Each step clears a reference bit or rejects an
  // entry, so the sweep ends within two rounds plus `scan` steps; amortized it is a step or two.
  template <typename Evictable>
  std::uint32_t pick_victim(Evictable& evictable, std::size_t scan) {
    const auto count = static_cast<std::uint32_t>(nodes_.size());
    std::size_t rejected = 0;
    for (;;) {
      const std::uint32_t n = hand_;
      hand_ = hand_ + 1 == count ? 0 : hand_ + 1;
      Node& node = nodes_[n];
      if (node.referenced) {
        node.referenced = false;
        continue;
      }
      if (rejected < scan && !evictable(node.value)) {
        ++rejected;
        continue;
      }
      return n;
    }
  }

  void index_insert(std::uint32_t node, std::uint32_t hash) {
    std::size_t i = hash & mask_;
    while (index_[i].node != kNone) i = (i + 1) & mask_;
    index_[i] = {node, hash};
  }

  // Backward-shift deletion keeps probe chains intact without tombstones.
  void index_erase(std::uint32_t node) {
    std::size_t i = nodes_[node].hash & mask_;
    while (index_[i].node != node) i = (i + 1) & mask_;
    for (std::size_t j = (i + 1) & mask_;; j = (j + 1) & mask_) {
      if (index_[j].node == kNone) break;
      const std::size_t home = index_[j].hash & mask_;
      const bool stays = (i < j) ? (home > i && home <= j) : (home > i || home <= j);
      if (!stays) {
        index_[i] = index_[j];
        i = j;
      }
    }
    index_[i] = Slot{};
  }

  // Takes a node out of the index (its value stays for reuse).
  void unlink_node(std::uint32_t n) {
    index_erase(n);
    nodes_[n].live = false;
    --size_;
  }

  std::size_t capacity_;
  std::vector<Node> nodes_;
  std::vector<std::uint32_t> free_;
  std::vector<Slot> index_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
  std::uint32_t hand_ = 0;  // CLOCK hand
  std::uint64_t evictions_ = 0;
};

}  // namespace pt::engine
