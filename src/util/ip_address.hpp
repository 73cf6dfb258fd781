#pragma once
// An IPv4 or IPv6 address held by value (17 bytes of payload, no heap), hashable and ordered,
// so flow keys can be built from it on the per-packet path without allocating.

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace pt::util {

enum class IpFamily : std::uint8_t { None = 0, V4 = 4, V6 = 6 };

// Address scopes that are answered locally and never sent to a resolver (RFC 6890 registry).
enum class AddressScope : std::uint8_t {
  Public,
  Private,        // RFC 1918, RFC 4193 ULA
  Loopback,       // 127/8, ::1
  LinkLocal,      // 169.254/16, fe80::/10
  Multicast,      // 224/4, ff00::/8
  Broadcast,      // 255.255.255.255
  SharedCgnat,    // 100.64/10 (RFC 6598)
  Documentation,  // 192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32
  Unspecified,    // 0.0.0.0, ::
  Reserved,       // 0/8, 240/4, 198.18/15 benchmarking, other special-purpose blocks
};

class IpAddress {
 public:
  constexpr IpAddress() = default;

  static IpAddress v4(std::span<const std::uint8_t, 4> bytes) {
    IpAddress a;
    a.assign_v4(bytes);
    return a;
  }
  static IpAddress v4(std::uint32_t host_order);
  static IpAddress v6(std::span<const std::uint8_t, 16> bytes) {
    IpAddress a;
    a.assign_v6(bytes);
    return a;
  }
  // In-place forms for the per-packet path: assigning a returned temporary made the compiler
  // copy it through the stack with wide loads over narrow stores, which stall.
  void assign_v4(std::span<const std::uint8_t, 4> bytes) {
    bytes_ = {};
    for (std::size_t i = 0; i < 4; ++i) bytes_[i] = bytes[i];
    family_ = IpFamily::V4;
  }
  void assign_v6(std::span<const std::uint8_t, 16> bytes) {
    for (std::size_t i = 0; i < 16; ++i) bytes_[i] = bytes[i];
    family_ = IpFamily::V6;
  }
  // Parses dotted-quad or RFC 4291 text; nullopt when it is neither.
  static std::optional<IpAddress> parse(std::string_view text);

  [[nodiscard]] IpFamily family() const { return family_; }
  [[nodiscard]] bool is_v4() const { return family_ == IpFamily::V4; }
  [[nodiscard]] bool is_v6() const { return family_ == IpFamily::V6; }
  [[nodiscard]] bool empty() const { return family_ == IpFamily::None; }
  // The address bytes: 4 for IPv4, 16 for IPv6, none when empty.
  [[nodiscard]] std::span<const std::uint8_t> bytes() const;
  [[nodiscard]] std::uint32_t v4_host_order() const;

  [[nodiscard]] std::string to_string() const;
  // Writes the text form into out (at least 46 bytes) and returns its length; no allocation.
  std::size_t format(std::span<char> out) const;
  // The name queried for a PTR record: "4.3.2.1.in-addr.arpa" or the nibble form under ip6.arpa.
  [[nodiscard]] std::string reverse_dns_name() const;

  [[nodiscard]] AddressScope scope() const;
  [[nodiscard]] bool is_public() const { return scope() == AddressScope::Public; }
  // True when the first prefix_bits of both addresses agree (same family only).
  [[nodiscard]] bool in_prefix(const IpAddress& network, unsigned prefix_bits) const;

  // clang-tidy 14 reads the 0 of the synthesized comparison as a null pointer.
  friend auto operator<=>(const IpAddress&, const IpAddress&) = default;  // NOLINT(modernize-use-nullptr)
  // Two word compares: the defaulted form called memcmp, a visible cost in every hash probe.
  friend bool operator==(const IpAddress& a, const IpAddress& b) {
    std::uint64_t x[2];
    std::uint64_t y[2];
    std::memcpy(x, a.bytes_.data(), sizeof x);
    std::memcpy(y, b.bytes_.data(), sizeof y);
    return a.family_ == b.family_ && ((x[0] ^ y[0]) | (x[1] ^ y[1])) == 0;
  }

  // Two words folded and finished with MurmurHash3's fmix64, so every bit of the result depends
  // on every address bit (open-addressing tables use the low bits, others the high ones). Inline:
  // every hash-table probe of the engine and the dashboard starts here. (Byte-wise FNV cost a
  // dependent multiply per byte, 16 for IPv6.)
  [[nodiscard]] std::size_t hash() const {
    std::uint64_t w[2];
    std::memcpy(w, bytes_.data(), sizeof w);
    std::uint64_t h = w[0] ^ (w[1] * 0x9E3779B97F4A7C15ULL) ^ static_cast<std::uint64_t>(family_);
    h ^= h >> 33U;
    h *= 0xFF51AFD7ED558CCDULL;
    h ^= h >> 33U;
    h *= 0xC4CEB9FE1A85EC53ULL;
    h ^= h >> 33U;
    return static_cast<std::size_t>(h);
  }

 private:
  std::array<std::uint8_t, 16> bytes_{};
  IpFamily family_ = IpFamily::None;
};

std::string_view to_string(AddressScope scope);
// Human label for a non-public scope ("Private network", "Loopback", ...); empty for Public.
std::string_view scope_label(AddressScope scope);

}  // namespace pt::util

template <>
struct std::hash<pt::util::IpAddress> {
  std::size_t operator()(const pt::util::IpAddress& a) const noexcept { return a.hash(); }
};
