#pragma once
// The identity of a bidirectional flow: both endpoints in a canonical order, so packets in either
// direction find the same entry. ICMP uses Zeek's convention: echo request and reply share a
// key through the request type and the echo identifier; other messages key on type and code.

#include <cstddef>
#include <cstdint>

#include "packet/packet.hpp"
#include "util/ip_address.hpp"

namespace pt::engine {

struct FlowKey {
  util::IpAddress low;  // the smaller (address, port) endpoint
  util::IpAddress high;
  std::uint16_t low_port = 0;
  std::uint16_t high_port = 0;
  std::uint8_t protocol = 0;

  friend bool operator==(const FlowKey&, const FlowKey&) = default;
  [[nodiscard]] std::size_t hash() const;
};

// What a packet contributes to its flow's identity, oriented as the packet travels.
struct OrientedKey {
  FlowKey key;
  bool sender_is_low = true;  // the packet's source is key.low
  bool symmetric = false;     // ICMP echo: the key's ports are (request type, identifier)
  // The "ports" the packet shows in its own direction (ICMP: type/code for FlowRow).
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
};

// False for packets that form no flow (no IP header, or a non-first fragment).
bool make_flow_key(const packet::Packet& p, OrientedKey& out);

}  // namespace pt::engine
