#pragma once
// Amounts per second of packet time over the last N seconds, in a ring rotated lazily: slots are
// cleared when the series is next written, so thousands of idle series (one per port) cost
// nothing per tick. Seconds are whole Unix seconds of packet time.

#include <array>
#include <bit>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>

#include "util/time.hpp"

namespace pt::engine {

inline std::int64_t unix_second(util::Timestamp t) {
  return std::chrono::floor<std::chrono::seconds>(t).time_since_epoch().count();
}

// unix_second() for a stream of mostly increasing timestamps: two comparisons while they stay
// within one second, instead of a 64-bit division per packet.
class SecondClock {
 public:
  std::int64_t operator()(util::Timestamp t) {
    if (t >= start_ && t < end_) return second_;
    second_ = unix_second(t);
    start_ = util::Timestamp{std::chrono::seconds(second_)};
    end_ = start_ + std::chrono::seconds(1);
    return second_;
  }

 private:
  std::int64_t second_ = 0;
  util::Timestamp start_ = util::Timestamp::max();
  util::Timestamp end_ = util::Timestamp::min();
};

template <typename T, std::size_t N>
class SecondSeries {
 public:
  // Adds to `second`; a second older than the ring (late, out-of-order packets) is dropped.
  void add(std::int64_t second, const T& amount) {
    if (second > head_) rotate_to(second);
    if (second <= head_ - static_cast<std::int64_t>(N)) return;
    slots_[slot(second)] += amount;
  }

  // The amount recorded for one second (zero when outside the ring).
  [[nodiscard]] T at(std::int64_t second) const {
    if (second > head_ || second <= head_ - static_cast<std::int64_t>(N)) return T{};
    return slots_[slot(second)];
  }

  // The N seconds ending with `newest`, oldest first (out.back() is `newest`).
  template <typename U>
  void copy_to(std::int64_t newest, std::span<U, N> out) const {
    for (std::size_t i = 0; i < N; ++i) {
      out[i] = static_cast<U>(at(newest - static_cast<std::int64_t>(N - 1 - i)));
    }
  }

  [[nodiscard]] std::int64_t newest_second() const { return head_; }
  void clear() { *this = SecondSeries{}; }

 private:
  // A power-of-two ring: the slot is a mask, not a division. Seconds older than N are never
  // read, so the extra slots only hold expired values.
  static constexpr std::size_t kSlots = std::bit_ceil(N);
  static std::size_t slot(std::int64_t second) { return static_cast<std::size_t>(second) & (kSlots - 1); }

  void rotate_to(std::int64_t second) {
    if (head_ == kNever || second - head_ >= static_cast<std::int64_t>(kSlots)) {
      slots_.fill(T{});
    } else {
      for (auto s = head_ + 1; s <= second; ++s) slots_[slot(s)] = T{};
    }
    head_ = second;
  }

  static constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::min() / 2;
  std::array<T, kSlots> slots_{};
  std::int64_t head_ = kNever;
};

}  // namespace pt::engine
