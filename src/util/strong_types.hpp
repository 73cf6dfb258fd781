#pragma once
// Domain quantities get their own types so a port is never passed where a TTL is expected.

#include <compare>
#include <cstdint>
#include <functional>

namespace pt::util {

struct Port {
  std::uint16_t value = 0;
  friend constexpr auto operator<=>(Port, Port) = default;
};

struct Ttl {
  std::uint8_t value = 0;
  friend constexpr auto operator<=>(Ttl, Ttl) = default;
};

// IP protocol numbers (IANA "Assigned Internet Protocol Numbers").
enum class IpProtocol : std::uint8_t {
  HopByHop = 0,
  Icmp = 1,
  Igmp = 2,
  IpInIp = 4,
  Tcp = 6,
  Udp = 17,
  Ipv6 = 41,
  Routing = 43,
  Fragment = 44,
  Gre = 47,
  Esp = 50,
  Ah = 51,
  Icmpv6 = 58,
  NoNext = 59,
  DestOptions = 60,
  Sctp = 132,
  Mobility = 135,
  Hip = 139,
  Shim6 = 140,
};

}  // namespace pt::util

template <>
struct std::hash<pt::util::Port> {
  std::size_t operator()(pt::util::Port p) const noexcept { return p.value; }
};
