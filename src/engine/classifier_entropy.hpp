#pragma once
// Does a flow's payload look random (encrypted or compressed) rather than like text or a
// structured binary protocol? Used for flows nDPI cannot name (spec: "encryption detection").
// Payloads are judged one packet at a time on the stack, and a flow keeps only a 4-byte tally,
// so a flow being inspected does not carry a byte histogram around.

#include <array>
#include <cstdint>
#include <span>

namespace pt::engine {

// A byte histogram of one sample (a payload, or part of one).
class EntropySample {
 public:
  static constexpr std::uint32_t kCapacity = 4096;  // bytes counted at most (fits uint16 counts)
  static constexpr std::uint32_t kMinimum = 128;    // fewer bytes cannot tell random from text

  void add(std::span<const std::uint8_t> payload);
  void clear();
  [[nodiscard]] std::uint32_t size() const { return size_; }
  // Shannon entropy of the sample in bits per byte (0..8).
  [[nodiscard]] double bits_per_byte() const;
  // True when the sample is as diverse as random bytes of its size would be. The expected
  // entropy of n uniform random bytes is about 8 - 255 / (2 n ln 2) (Miller-Madow bias
  // correction; 6.56 at n = 128, 7.82 at n = 1024); we accept 0.35 bits below it, which random
  // samples clear (measured minimum over 200 draws: 6.31 at n = 128, 7.03 at 256, 7.75 at
  // 1024) and English text (~4.5) and structured binary headers are far from.
  [[nodiscard]] bool looks_random() const;

 private:
  std::array<std::uint16_t, 256> counts_{};
  std::uint32_t size_ = 0;
};

// The verdicts on a flow's first payloads.
class EntropyTally {
 public:
  static constexpr std::uint32_t kBytesPerPacket = 1024;  // judged from each payload's start
  static constexpr std::uint8_t kMaxPackets = 8;          // payloads judged per flow
  static constexpr std::uint32_t kMinimumBytes = 256;     // judged in total before deciding

  // Judges this payload if it is long enough and the flow has not had its fill.
  void add(std::span<const std::uint8_t> payload);
  // At least kMinimumBytes were judged and three in four judged payloads looked random.
  [[nodiscard]] bool looks_random() const;
  [[nodiscard]] std::uint8_t judged() const { return judged_; }

 private:
  std::uint8_t judged_ = 0;
  std::uint8_t random_ = 0;
  std::uint16_t bytes_ = 0;
};

}  // namespace pt::engine
