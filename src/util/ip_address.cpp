#include "util/ip_address.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

namespace pt::util {

IpAddress IpAddress::v4(std::uint32_t host_order) {
  const std::array<std::uint8_t, 4> b{
      static_cast<std::uint8_t>(host_order >> 24U), static_cast<std::uint8_t>(host_order >> 16U),
      static_cast<std::uint8_t>(host_order >> 8U), static_cast<std::uint8_t>(host_order)};
  return v4(std::span<const std::uint8_t, 4>(b));
}

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  char buf[65];
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  std::array<std::uint8_t, 16> raw{};
  if (inet_pton(AF_INET, buf, raw.data()) == 1) return v4(std::span<const std::uint8_t, 4>(raw.data(), 4));
  if (inet_pton(AF_INET6, buf, raw.data()) == 1) return v6(std::span<const std::uint8_t, 16>(raw));
  return std::nullopt;
}

std::span<const std::uint8_t> IpAddress::bytes() const {
  switch (family_) {
    case IpFamily::V4: return {bytes_.data(), 4};
    case IpFamily::V6: return {bytes_.data(), 16};
    case IpFamily::None: break;
  }
  return {};
}

std::uint32_t IpAddress::v4_host_order() const {
  return (std::uint32_t{bytes_[0]} << 24U) | (std::uint32_t{bytes_[1]} << 16U) | (std::uint32_t{bytes_[2]} << 8U) |
         bytes_[3];
}

std::size_t IpAddress::format(std::span<char> out) const {
  if (out.size() < INET6_ADDRSTRLEN || family_ == IpFamily::None) {
    if (!out.empty()) out[0] = '\0';
    return 0;
  }
  if (family_ == IpFamily::V4) {
    // Dotted quad by hand: inet_ntop goes through sprintf, which dominates large reports.
    std::size_t n = 0;
    for (std::size_t i = 0; i < 4; ++i) {
      const unsigned b = bytes_[i];
      if (b >= 100) out[n++] = static_cast<char>('0' + b / 100);
      if (b >= 10) out[n++] = static_cast<char>('0' + (b / 10) % 10);
      out[n++] = static_cast<char>('0' + b % 10);
      if (i < 3) out[n++] = '.';
    }
    out[n] = '\0';
    return n;
  }
  if (inet_ntop(AF_INET6, bytes_.data(), out.data(), static_cast<socklen_t>(out.size())) == nullptr) return 0;
  return std::strlen(out.data());
}

std::string IpAddress::to_string() const {
  std::array<char, INET6_ADDRSTRLEN> buf{};
  const auto n = format(buf);
  return {buf.data(), n};
}

std::string IpAddress::reverse_dns_name() const {
  std::string name;
  if (is_v4()) {
    for (int i = 3; i >= 0; --i) {
      name += std::to_string(bytes_[static_cast<std::size_t>(i)]);
      name += '.';
    }
    name += "in-addr.arpa";
  } else if (is_v6()) {
    static constexpr char kHex[] = "0123456789abcdef";
    for (int i = 15; i >= 0; --i) {
      const auto b = bytes_[static_cast<std::size_t>(i)];
      name += kHex[b & 0x0FU];
      name += '.';
      name += kHex[b >> 4U];
      name += '.';
    }
    name += "ip6.arpa";
  }
  return name;
}

bool IpAddress::in_prefix(const IpAddress& network, unsigned prefix_bits) const {
  if (family_ != network.family_ || family_ == IpFamily::None) return false;
  const unsigned max_bits = is_v4() ? 32U : 128U;
  prefix_bits = std::min(prefix_bits, max_bits);
  const unsigned whole = prefix_bits / 8U;
  if (std::memcmp(bytes_.data(), network.bytes_.data(), whole) != 0) return false;
  const unsigned rest = prefix_bits % 8U;
  if (rest == 0) return true;
  const auto mask = static_cast<std::uint8_t>(0xFFU << (8U - rest));
  return (bytes_[whole] & mask) == (network.bytes_[whole] & mask);
}

namespace {

struct ScopeRule {
  const char* network;
  unsigned bits;
  AddressScope scope;
};

// Order matters: the first matching rule wins (narrower blocks before wider ones).
constexpr ScopeRule kV4Rules[] = {
    {"0.0.0.0", 32, AddressScope::Unspecified},
    {"255.255.255.255", 32, AddressScope::Broadcast},
    {"0.0.0.0", 8, AddressScope::Reserved},
    {"10.0.0.0", 8, AddressScope::Private},
    {"100.64.0.0", 10, AddressScope::SharedCgnat},
    {"127.0.0.0", 8, AddressScope::Loopback},
    {"169.254.0.0", 16, AddressScope::LinkLocal},
    {"172.16.0.0", 12, AddressScope::Private},
    {"192.0.0.0", 24, AddressScope::Reserved},
    {"192.0.2.0", 24, AddressScope::Documentation},
    {"192.168.0.0", 16, AddressScope::Private},
    {"198.18.0.0", 15, AddressScope::Reserved},
    {"198.51.100.0", 24, AddressScope::Documentation},
    {"203.0.113.0", 24, AddressScope::Documentation},
    {"224.0.0.0", 4, AddressScope::Multicast},
    {"240.0.0.0", 4, AddressScope::Reserved},
};

constexpr ScopeRule kV6Rules[] = {
    {"::", 128, AddressScope::Unspecified},  {"::1", 128, AddressScope::Loopback},
    {"fe80::", 10, AddressScope::LinkLocal}, {"fc00::", 7, AddressScope::Private},
    {"ff00::", 8, AddressScope::Multicast},  {"2001:db8::", 32, AddressScope::Documentation},
    {"100::", 64, AddressScope::Reserved},   {"2001::", 23, AddressScope::Reserved},
};

struct ParsedRule {
  IpAddress network;
  unsigned bits;
  AddressScope scope;
};

template <std::size_t N>
std::array<ParsedRule, N> parse_rules(const ScopeRule (&rules)[N]) {
  std::array<ParsedRule, N> out{};
  for (std::size_t i = 0; i < N; ++i) out[i] = {*IpAddress::parse(rules[i].network), rules[i].bits, rules[i].scope};
  return out;
}

template <std::size_t N>
AddressScope match(const IpAddress& a, const std::array<ParsedRule, N>& rules) {
  for (const auto& rule : rules) {
    if (a.in_prefix(rule.network, rule.bits)) return rule.scope;
  }
  return AddressScope::Public;
}

// IPv4 rules as (network, mask) integers: scope() runs for every flow of every dashboard frame
// and for every new address of the engine, and prefix-by-prefix memcmp cost more than the rest
// of the Stats view's aggregation together.
struct V4Rule {
  std::uint32_t network;
  std::uint32_t mask;
  AddressScope scope;
};

template <std::size_t N>
std::array<V4Rule, N> v4_masks(const ScopeRule (&rules)[N]) {
  std::array<V4Rule, N> out{};
  for (std::size_t i = 0; i < N; ++i) {
    const auto mask = rules[i].bits == 0 ? 0U : ~std::uint32_t{0} << (32U - rules[i].bits);
    out[i] = {IpAddress::parse(rules[i].network)->v4_host_order() & mask, mask, rules[i].scope};
  }
  return out;
}

}  // namespace

AddressScope IpAddress::scope() const {
  static const auto v4_rules = v4_masks(kV4Rules);
  static const auto v6_rules = parse_rules(kV6Rules);
  if (is_v4()) {
    const auto a = v4_host_order();
    for (const auto& rule : v4_rules) {
      if ((a & rule.mask) == rule.network) return rule.scope;
    }
    return AddressScope::Public;
  }
  if (is_v6()) {
    // IPv4-mapped (::ffff:a.b.c.d) takes the scope of the embedded IPv4 address.
    static constexpr std::array<std::uint8_t, 12> kMapped{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
    if (std::equal(kMapped.begin(), kMapped.end(), bytes_.begin())) {
      return v4(std::span<const std::uint8_t, 4>(bytes_.data() + 12, 4)).scope();
    }
    return match(*this, v6_rules);
  }
  return AddressScope::Unspecified;
}

std::string_view to_string(AddressScope scope) {
  switch (scope) {
    case AddressScope::Public: return "public";
    case AddressScope::Private: return "private";
    case AddressScope::Loopback: return "loopback";
    case AddressScope::LinkLocal: return "link-local";
    case AddressScope::Multicast: return "multicast";
    case AddressScope::Broadcast: return "broadcast";
    case AddressScope::SharedCgnat: return "cgnat";
    case AddressScope::Documentation: return "documentation";
    case AddressScope::Unspecified: return "unspecified";
    case AddressScope::Reserved: return "reserved";
  }
  return "unknown";
}

std::string_view scope_label(AddressScope scope) {
  switch (scope) {
    case AddressScope::Public: return "";
    case AddressScope::Private: return "Private network";
    case AddressScope::Loopback: return "Loopback";
    case AddressScope::LinkLocal: return "Link-local";
    case AddressScope::Multicast: return "Multicast";
    case AddressScope::Broadcast: return "Broadcast";
    case AddressScope::SharedCgnat: return "Carrier-grade NAT";
    case AddressScope::Documentation: return "Documentation range";
    case AddressScope::Unspecified: return "Unspecified";
    case AddressScope::Reserved: return "Reserved range";
  }
  return "";
}

}  // namespace pt::util
