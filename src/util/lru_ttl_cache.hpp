#pragma once
// A bounded least-recently-used map whose entries also expire after a time to live
// (GEO_CACHE_SIZE/TTL, DNS_CACHE_SIZE/TTL). Thread-safe: resolver threads fill it while the
// dashboard and the writer read it. The caller passes "now", so tests need no sleeping.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <utility>

namespace pt::util {

struct CacheStats {
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;
  std::uint64_t expired = 0;
  std::uint64_t evicted = 0;
  std::size_t size = 0;
  std::size_t capacity = 0;
};

template <typename Key, typename Value, typename Hash = std::hash<Key>>
class LruTtlCache {
 public:
  using Clock = std::chrono::steady_clock;

  LruTtlCache(std::size_t capacity, Clock::duration ttl) : capacity_(capacity == 0 ? 1 : capacity), ttl_(ttl) {}

  std::optional<Value> get(const Key& key, Clock::time_point now = Clock::now()) {
    std::lock_guard lock(mutex_);
    auto it = index_.find(key);
    if (it == index_.end()) {
      ++stats_.misses;
      return std::nullopt;
    }
    if (now >= it->second->expires) {
      order_.erase(it->second);
      index_.erase(it);
      ++stats_.expired;
      ++stats_.misses;
      return std::nullopt;
    }
    order_.splice(order_.begin(), order_, it->second);
    ++stats_.hits;
    return it->second->value;
  }

  // Inserts or replaces; ttl_override lets negative answers expire sooner than positive ones.
  void put(const Key& key, Value value, Clock::time_point now = Clock::now(),
           std::optional<Clock::duration> ttl_override = std::nullopt) {
    std::lock_guard lock(mutex_);
    const auto expires = now + ttl_override.value_or(ttl_);
    auto it = index_.find(key);
    if (it != index_.end()) {
      it->second->value = std::move(value);
      it->second->expires = expires;
      order_.splice(order_.begin(), order_, it->second);
      return;
    }
    order_.push_front(Entry{key, std::move(value), expires});
    index_.emplace(key, order_.begin());
    while (index_.size() > capacity_) {
      index_.erase(order_.back().key);
      order_.pop_back();
      ++stats_.evicted;
    }
  }

  bool contains(const Key& key, Clock::time_point now = Clock::now()) const {
    std::lock_guard lock(mutex_);
    auto it = index_.find(key);
    return it != index_.end() && now < it->second->expires;
  }

  void clear() {
    std::lock_guard lock(mutex_);
    index_.clear();
    order_.clear();
  }

  [[nodiscard]] CacheStats stats() const {
    std::lock_guard lock(mutex_);
    CacheStats s = stats_;
    s.size = index_.size();
    s.capacity = capacity_;
    return s;
  }

 private:
  struct Entry {
    Key key;
    Value value;
    Clock::time_point expires;
  };

  mutable std::mutex mutex_;
  std::size_t capacity_;
  Clock::duration ttl_;
  std::list<Entry> order_;
  std::unordered_map<Key, typename std::list<Entry>::iterator, Hash> index_;
  CacheStats stats_;
};

}  // namespace pt::util
