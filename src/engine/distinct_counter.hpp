#pragma once
// Counts distinct values (addresses hitting a port, addresses behind a MAC) in 130 bytes:
// exactly up to kExact values (their 32-bit hashes are kept and compared), then as a
// HyperLogLog sketch (Flajolet, Fusy, Gandouet, Meunier 2007) of 128 one-byte registers built
// from those same hashes. The sketch's standard error is 1.04/sqrt(128) ≈ 9 %; below 2.5 m it
// uses linear counting (Whang et al.), which is closer to exact for the low hundreds. A value
// seen twice never counts twice (the estimate is of distinct values, not a sum), and once the
// sketch has taken over the count never reports fewer than kExact + 1.
//
// Exactness is up to 32-bit hash collisions: with n values the chance of any collision is
// about n²/2³³ (1 in 17 million for the exact range).

#include <array>
#include <cstdint>

namespace pt::engine {

class DistinctCounter {
 public:
  static constexpr std::size_t kExact = 32;
  static constexpr std::size_t kRegisters = 128;

  // Adds a well-mixed 32-bit hash; true when the count may have changed.
  bool insert(std::uint32_t hash);
  [[nodiscard]] std::uint32_t count() const;
  [[nodiscard]] bool exact() const { return !sketch_; }
  void clear() { *this = DistinctCounter{}; }

 private:
  void to_sketch();
  bool add_to_sketch(std::uint32_t hash);

  // Exact mode: `size_` hashes stored little-endian, 4 bytes each. Sketch mode: the registers.
  std::array<std::uint8_t, kRegisters> bytes_{};
  std::uint8_t size_ = 0;
  bool sketch_ = false;
};

}  // namespace pt::engine
