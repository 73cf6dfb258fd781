#pragma once
// The decoding steps decode() chains together, one per header family. Internal to the packet
// layer (tests use them to decode a header in isolation). Each step reads from a ByteReader
// positioned at its header and records faults through note().

#include <cstdint>

#include "packet/packet.hpp"
#include "util/byte_reader.hpp"

namespace pt::packet::detail {

// Keeps the first fault: an outer header's problem explains the inner ones.
inline void note(Packet& p, DecodeStatus s) {
  if (p.status == DecodeStatus::Ok) p.status = s;
}
inline void note_short(Packet& p, const util::ByteReader& r) {
  if (r.failed()) note(p, DecodeStatus::Truncated);
}

// Link layers (link_layers.cpp, wireless.cpp).
void decode_link(int link_type, util::ByteReader r, Packet& p);
void decode_ethernet(util::ByteReader r, Packet& p);
void decode_ieee80211(util::ByteReader r, Packet& p, bool has_fcs);
void decode_radiotap(util::ByteReader r, Packet& p);
// Dispatches on an EtherType (after any link header); VLAN, MPLS and PPPoE recurse here.
void decode_ethertype(std::uint16_t ethertype, util::ByteReader r, Packet& p);
// Dispatches on the IP version nibble (raw IP, MPLS payloads, NFLOG).
void decode_ip_by_version(util::ByteReader r, Packet& p);

void decode_arp(util::ByteReader r, Packet& p);
void decode_ipv4(util::ByteReader r, Packet& p);
void decode_ipv6(util::ByteReader r, Packet& p);
// Called by the IP decoders for the first fragment's upper layer.
void decode_transport(std::uint8_t protocol, util::ByteReader r, Packet& p);
void decode_icmp(util::ByteReader r, Packet& p, bool v6);

}  // namespace pt::packet::detail
