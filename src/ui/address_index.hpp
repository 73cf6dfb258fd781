#pragma once
// IpAddress → row index with open addressing: the aggregations of a frame (destinations, hosts,
// filter matches) touch every one of 50,000 flows, and node-based unordered_maps spend most of
// that time in cache misses. Values live in the caller's vector; this only finds their index.

#include <cstdint>
#include <vector>

#include "util/ip_address.hpp"

namespace pt::ui {

class AddressIndex {
 public:
  static constexpr std::uint32_t kNone = 0xFFFFFFFFU;

  AddressIndex() : AddressIndex(64) {}
  explicit AddressIndex(std::size_t expected) { rehash(capacity_for(expected)); }

  // The index stored for address, or kNone.
  [[nodiscard]] std::uint32_t find(const util::IpAddress& address) const {
    for (std::size_t i = slot(address);; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.value == kNone) return kNone;
      if (s.key == address) return s.value;
    }
  }

  // Stores value for address unless present; returns the stored index and whether it was added.
  std::pair<std::uint32_t, bool> insert(const util::IpAddress& address, std::uint32_t value) {
    if ((size_ + 1) * 2 > slots_.size()) rehash(slots_.size() * 2);
    for (std::size_t i = slot(address);; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.value == kNone) {
        s = {address, value};
        ++size_;
        return {value, true};
      }
      if (s.key == address) return {s.value, false};
    }
  }

  [[nodiscard]] std::size_t size() const { return size_; }

 private:
  struct Slot {
    util::IpAddress key;
    std::uint32_t value = kNone;
  };

  static std::size_t capacity_for(std::size_t expected) {
    std::size_t c = 16;
    while (c < expected * 2) c *= 2;
    return c;
  }
  [[nodiscard]] std::size_t slot(const util::IpAddress& a) const {
    // Fibonacci hashing spreads FNV's output over the power-of-two table.
    return static_cast<std::size_t>((static_cast<std::uint64_t>(a.hash()) * 0x9E3779B97F4A7C15ULL) >> shift_);
  }
  void rehash(std::size_t capacity) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(capacity, Slot{});
    mask_ = capacity - 1;
    shift_ = 64;
    for (std::size_t c = capacity; c > 1; c >>= 1U) --shift_;
    size_ = 0;
    for (const Slot& s : old) {
      if (s.value != kNone) insert(s.key, s.value);
    }
  }

  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  unsigned shift_ = 64;
  std::size_t size_ = 0;
};

}  // namespace pt::ui
