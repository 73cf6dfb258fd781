#pragma once
// Address helpers for the trackers' per-packet path: equality and hashing inline (IpAddress's own
// operator== calls memcmp and its bytes() is out of line), and whether a packet goes to a group
// (multicast or broadcast) address, read from the IP header bytes.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "engine/lru_table.hpp"
#include "packet/packet.hpp"
#include "util/ip_address.hpp"

namespace pt::engine {

// Equality and hashing over the object's 17 bytes
// (16 address bytes, zero beyond an IPv4 address's 4, then the family): the same relation as
// IpAddress's defaulted operator==, without its memcmp call or the out-of-line bytes().
static_assert(sizeof(util::IpAddress) == 17 && std::has_unique_object_representations_v<util::IpAddress>,
              "AddressEqual/AddressHash read IpAddress's object representation");

struct AddressWords {
  std::uint64_t a = 0;
  std::uint64_t b = 0;
  std::uint8_t c = 0;
  explicit AddressWords(const util::IpAddress& address) {
    const auto* raw = reinterpret_cast<const unsigned char*>(&address);  // object representation
    std::memcpy(&a, raw, 8);
    std::memcpy(&b, raw + 8, 8);
    std::memcpy(&c, raw + 16, 1);
  }
};

struct AddressEqual {
  bool operator()(const util::IpAddress& x, const util::IpAddress& y) const {
    const AddressWords p(x);
    const AddressWords q(y);
    return p.a == q.a && p.b == q.b && p.c == q.c;
  }
};

struct AddressHash {
  std::size_t operator()(const util::IpAddress& address) const {
    const AddressWords w(address);
    return static_cast<std::size_t>(mix_hash(w.a ^ mix_hash(w.b ^ w.c)));
  }
};

// The destination is multicast or broadcast (224/4, 240/4 including 255.255.255.255, ff00::/8):
// its sender chose the TTL for the group, and nobody probes or forwards to it one host at a time.
inline bool to_group_address(const packet::Packet& p) {
  const auto h = p.ip.header;
  if (p.ip.version == 4) return h.size() > 16 ? h[16] >= 224 : true;
  if (p.ip.version == 6) return h.size() > 24 ? h[24] == 0xFF : true;
  return true;
}

}  // namespace pt::engine
