#pragma once
// The one way wire bytes are read: every access is checked against the span's end, so a
// decoder cannot read past caplen by accident (the idea of tcpdump's GET_U_1 / GET_BE_U_2).
// Reads never throw: a short read sets the reader's failed flag, returns zero, and every
// later read fails too, so a decoder can read a whole header and check once.
// Multi-byte values are assembled byte by byte, which is alignment-safe (UBSan-clean).

#include <cstddef>
#include <cstdint>
#include <span>

namespace pt::util {

// The fixed part of a header, bounds-checked once by ByteReader::fixed<N>(). Its fields are read
// at compile-time offsets that static_assert keeps inside the N checked bytes, so a decoder on
// the per-packet path pays one check per header instead of one per field. A failed fixed<N>()
// gives an empty view (false); fields must only be read from a true one. It is one pointer, so
// it travels in a register (an optional<span> was built on the stack and stalled the loads).
template <std::size_t N>
class FixedBytes {
 public:
  constexpr FixedBytes() = default;
  constexpr explicit FixedBytes(std::span<const std::uint8_t, N> bytes) : bytes_(bytes.data()) {}

  [[nodiscard]] constexpr explicit operator bool() const { return bytes_ != nullptr; }

  template <std::size_t Offset>
  [[nodiscard]] constexpr std::uint8_t u8() const {
    static_assert(Offset < N);
    return bytes_[Offset];
  }
  template <std::size_t Offset>
  [[nodiscard]] constexpr std::uint16_t be16() const {
    static_assert(Offset + 2 <= N);
    return static_cast<std::uint16_t>((bytes_[Offset] << 8U) | bytes_[Offset + 1]);
  }
  template <std::size_t Offset>
  [[nodiscard]] constexpr std::uint32_t be32() const {
    static_assert(Offset + 4 <= N);
    return (std::uint32_t{bytes_[Offset]} << 24U) | (std::uint32_t{bytes_[Offset + 1]} << 16U) |
           (std::uint32_t{bytes_[Offset + 2]} << 8U) | bytes_[Offset + 3];
  }
  template <std::size_t Offset, std::size_t Count>
  [[nodiscard]] constexpr std::span<const std::uint8_t, Count> bytes() const {
    static_assert(Offset + Count <= N);
    return std::span<const std::uint8_t, Count>(bytes_ + Offset, Count);
  }

 private:
  const std::uint8_t* bytes_ = nullptr;
};

class ByteReader {
 public:
  constexpr ByteReader() = default;
  constexpr explicit ByteReader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}

  [[nodiscard]] constexpr std::size_t offset() const { return offset_; }
  [[nodiscard]] constexpr std::size_t remaining() const { return failed_ ? 0 : bytes_.size() - offset_; }
  [[nodiscard]] constexpr std::size_t size() const { return bytes_.size(); }
  [[nodiscard]] constexpr bool failed() const { return failed_; }
  [[nodiscard]] constexpr bool has(std::size_t n) const { return !failed_ && n <= bytes_.size() - offset_; }

  constexpr std::uint8_t u8() {
    if (!has(1)) return fail<std::uint8_t>();
    return bytes_[offset_++];
  }
  constexpr std::uint16_t be16() {
    if (!has(2)) return fail<std::uint16_t>();
    auto v = static_cast<std::uint16_t>((bytes_[offset_] << 8U) | bytes_[offset_ + 1]);
    offset_ += 2;
    return v;
  }
  constexpr std::uint16_t le16() {
    if (!has(2)) return fail<std::uint16_t>();
    auto v = static_cast<std::uint16_t>(bytes_[offset_] | (bytes_[offset_ + 1] << 8U));
    offset_ += 2;
    return v;
  }
  constexpr std::uint32_t be24() {
    if (!has(3)) return fail<std::uint32_t>();
    std::uint32_t v =
        (std::uint32_t{bytes_[offset_]} << 16U) | (std::uint32_t{bytes_[offset_ + 1]} << 8U) | bytes_[offset_ + 2];
    offset_ += 3;
    return v;
  }
  constexpr std::uint32_t be32() {
    if (!has(4)) return fail<std::uint32_t>();
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i) v = (v << 8U) | bytes_[offset_ + i];
    offset_ += 4;
    return v;
  }
  constexpr std::uint32_t le32() {
    if (!has(4)) return fail<std::uint32_t>();
    std::uint32_t v = 0;
    for (std::size_t i = 4; i-- > 0;) v = (v << 8U) | bytes_[offset_ + i];
    offset_ += 4;
    return v;
  }
  // A view of the next n bytes; empty (and failed) when fewer remain.
  constexpr std::span<const std::uint8_t> bytes(std::size_t n) {
    if (!has(n)) {
      failed_ = true;
      return {};
    }
    auto view = bytes_.subspan(offset_, n);
    offset_ += n;
    return view;
  }
  // The next N bytes as one fixed-size header, moving past them; an empty view (and failed)
  // when fewer remain.
  template <std::size_t N>
  constexpr FixedBytes<N> fixed() {
    if (!has(N)) {
      failed_ = true;
      return {};
    }
    const FixedBytes<N> view{bytes_.subspan(offset_).template first<N>()};
    offset_ += N;
    return view;
  }
  constexpr bool skip(std::size_t n) {
    if (!has(n)) {
      failed_ = true;
      return false;
    }
    offset_ += n;
    return true;
  }
  // Everything not yet read, without consuming it.
  [[nodiscard]] constexpr std::span<const std::uint8_t> rest() const {
    return failed_ ? std::span<const std::uint8_t>{} : bytes_.subspan(offset_);
  }
  // A reader over the next n bytes only; this reader moves past them.
  constexpr ByteReader sub(std::size_t n) { return ByteReader{bytes(n)}; }
  // Random access for formats with pointers (DNS compression): reads at an absolute offset.
  [[nodiscard]] constexpr ByteReader at(std::size_t absolute_offset) const {
    ByteReader r{bytes_};
    if (absolute_offset > bytes_.size()) {
      r.failed_ = true;
    } else {
      r.offset_ = absolute_offset;
    }
    return r;
  }

 private:
  template <typename T>
  constexpr T fail() {
    failed_ = true;
    return T{};
  }

  std::span<const std::uint8_t> bytes_{};
  std::size_t offset_ = 0;
  bool failed_ = false;
};

}  // namespace pt::util
