#include "engine/classifier_entropy.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace pt::engine {

void EntropySample::add(std::span<const std::uint8_t> payload) {
  const auto take = std::min<std::size_t>(kCapacity - size_, payload.size());
  for (std::size_t i = 0; i < take; ++i) ++counts_[payload[i]];
  size_ += static_cast<std::uint32_t>(take);
}

void EntropySample::clear() {
  counts_.fill(0);
  size_ = 0;
}

namespace {

// c * log2(c) for every count a sample can hold, computed once: H = log2(n) - sum(c log2 c) / n
// then costs one lookup per byte value instead of one log2.
const std::array<double, EntropySample::kCapacity + 1>& count_log_count() {
  static const auto table = [] {
    std::array<double, EntropySample::kCapacity + 1> t{};
    for (std::size_t c = 1; c < t.size(); ++c) t[c] = static_cast<double>(c) * std::log2(static_cast<double>(c));
    return t;
  }();
  return table;
}

}  // namespace

double EntropySample::bits_per_byte() const {
  if (size_ == 0) return 0.0;
  const auto& table = count_log_count();
  double sum = 0.0;
  for (const auto count : counts_) sum += table[count];
  const double n = size_;
  return std::max(0.0, std::log2(n) - sum / n);
}

bool EntropySample::looks_random() const {
  if (size_ < kMinimum) return false;
  const double expected_random = 8.0 - 255.0 / (2.0 * size_ * std::numbers::ln2);
  constexpr double kMargin = 0.35;
  return bits_per_byte() >= expected_random - kMargin;
}

void EntropyTally::add(std::span<const std::uint8_t> payload) {
  if (judged_ >= kMaxPackets || payload.size() < EntropySample::kMinimum) return;
  EntropySample sample;
  sample.add(payload.first(std::min<std::size_t>(payload.size(), kBytesPerPacket)));
  ++judged_;
  if (sample.looks_random()) ++random_;
  bytes_ = static_cast<std::uint16_t>(bytes_ + sample.size());
}

bool EntropyTally::looks_random() const { return bytes_ >= kMinimumBytes && random_ * 4U >= judged_ * 3U; }

}  // namespace pt::engine
