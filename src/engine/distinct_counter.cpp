#include "engine/distinct_counter.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

namespace pt::engine {
namespace {

constexpr unsigned kIndexBits = 7;  // 2^7 = 128 registers

std::uint32_t load(const std::array<std::uint8_t, DistinctCounter::kRegisters>& bytes, std::size_t i) {
  std::uint32_t v = 0;
  std::memcpy(&v, bytes.data() + i * 4, sizeof v);
  return v;
}

}  // namespace

bool DistinctCounter::insert(std::uint32_t hash) {
  if (sketch_) return add_to_sketch(hash);
  for (std::size_t i = 0; i < size_; ++i) {
    if (load(bytes_, i) == hash) return false;
  }
  if (size_ < kExact) {
    std::memcpy(bytes_.data() + static_cast<std::size_t>(size_) * 4, &hash, sizeof hash);
    ++size_;
    return true;
  }
  to_sketch();
  add_to_sketch(hash);
  return true;
}

void DistinctCounter::to_sketch() {
  std::array<std::uint32_t, kExact> held{};
  for (std::size_t i = 0; i < size_; ++i) held[i] = load(bytes_, i);
  bytes_.fill(0);
  sketch_ = true;
  for (std::size_t i = 0; i < size_; ++i) add_to_sketch(held[i]);
}

// The register is chosen by the top 7 bits; its value is the position of the first 1 bit in the
// remaining 25 (1-based), kept as a maximum.
bool DistinctCounter::add_to_sketch(std::uint32_t hash) {
  const auto index = hash >> (32U - kIndexBits);
  const auto rest = hash << kIndexBits;
  const auto rank =
      static_cast<std::uint8_t>(rest == 0 ? 32U - kIndexBits + 1U : static_cast<unsigned>(std::countl_zero(rest)) + 1U);
  if (bytes_[index] >= rank) return false;
  bytes_[index] = rank;
  return true;
}

std::uint32_t DistinctCounter::count() const {
  if (!sketch_) return size_;
  constexpr double kM = static_cast<double>(kRegisters);
  constexpr double kAlpha = 0.7213 / (1.0 + 1.079 / kM);
  double sum = 0;
  std::size_t zeros = 0;
  for (const auto r : bytes_) {
    sum += std::ldexp(1.0, -static_cast<int>(r));
    if (r == 0) ++zeros;
  }
  double estimate = kAlpha * kM * kM / sum;
  if (estimate <= 2.5 * kM && zeros > 0) {
    estimate = kM * std::log(kM / static_cast<double>(zeros));  // linear counting
  } else if (estimate > 4294967296.0 / 30.0) {
    estimate = -4294967296.0 * std::log(1.0 - estimate / 4294967296.0);  // 32-bit hash range
  }
  const double floor = static_cast<double>(kExact + 1);
  return static_cast<std::uint32_t>(std::llround(std::max(estimate, floor)));
}

}  // namespace pt::engine
