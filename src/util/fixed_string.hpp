#pragma once
// A string held inline in a fixed buffer: rows that are copied into snapshots many times a
// second carry names without heap allocations. Longer input is cut at a UTF-8 boundary.

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>

namespace pt::util {

template <std::size_t Capacity>
class FixedString {
 public:
  constexpr FixedString() = default;
  constexpr FixedString(std::string_view text) { assign(text); }  // NOLINT(google-explicit-constructor)

  constexpr void assign(std::string_view text) {
    std::size_t n = text.size() < Capacity ? text.size() : Capacity;
    // Do not end in the middle of a multi-byte UTF-8 sequence.
    if (n < text.size()) {
      while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0U) == 0x80U) --n;
    }
    for (std::size_t i = 0; i < n; ++i) data_[i] = text[i];
    size_ = static_cast<SizeType>(n);
  }
  constexpr void clear() { size_ = 0; }
  [[nodiscard]] constexpr std::string_view view() const { return {data_.data(), size_}; }
  [[nodiscard]] std::string str() const { return std::string(view()); }
  [[nodiscard]] constexpr bool empty() const { return size_ == 0; }
  [[nodiscard]] constexpr std::size_t size() const { return size_; }
  static constexpr std::size_t capacity() { return Capacity; }

  friend constexpr bool operator==(const FixedString& a, const FixedString& b) { return a.view() == b.view(); }

 private:
  using SizeType = std::conditional_t<(Capacity < 256), unsigned char, std::size_t>;
  std::array<char, Capacity> data_{};
  SizeType size_ = 0;
};

}  // namespace pt::util
