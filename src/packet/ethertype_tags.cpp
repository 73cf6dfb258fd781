// Headers that sit between an EtherType and the frame they carry: data-centre and vendor tags
// (Cisco FabricPath, VN-Tag, Arista timestamps), provider backbone bridging, MACsec and the
// network service header. tshark reads through all of them to the IP packet inside, so the
// decoder does too; each one nests through enter_encapsulation() to bound the recursion.

#include <cstdint>

#include "packet/decode_steps.hpp"

namespace pt::packet::detail {
namespace {

constexpr std::uint16_t kAristaTimestamp = 0x0001;
// Timestamp formats: 0x0010 / 0x0020 are TAI, 0x0110 / 0x0120 the same layouts in UTC.
constexpr std::uint16_t kAristaClockBit = 0x0100;
constexpr std::uint16_t kAristaTimestamp64 = 0x0010;  // 32-bit seconds + 32-bit nanoseconds
constexpr std::uint16_t kAristaTimestamp48 = 0x0020;  // 16-bit seconds + 32-bit nanoseconds
constexpr std::uint8_t kMacsecSciPresent = 0x20;
constexpr std::uint8_t kMacsecEncrypted = 0x08;
constexpr std::uint8_t kMacsecChanged = 0x04;

void unsupported(Packet& p) {
  p.network = Network::Other;
  note(p, DecodeStatus::Unsupported);
}

bool truncated(Packet& p) {
  note(p, DecodeStatus::Truncated);
  return true;
}

// Arista vendor header (EtherType 0xD28B): sub-type, version, a timestamp, then the EtherType.
void decode_arista(util::ByteReader r, Packet& p) {
  const auto subtype = r.be16();
  const auto version = r.be16();
  if (r.failed()) return note(p, DecodeStatus::Truncated);
  if (subtype != kAristaTimestamp) return unsupported(p);
  const auto format = static_cast<std::uint16_t>(version & ~kAristaClockBit);
  if (format == kAristaTimestamp64) {
    r.skip(8);
  } else if (format == kAristaTimestamp48) {
    r.skip(6);
  } else {
    return unsupported(p);
  }
  const auto inner = r.be16();
  if (r.failed()) return note(p, DecodeStatus::Truncated);
  decode_ethertype(inner, r, p);
}

// IEEE 802.1AE SecTAG: TCI/AN, short length, packet number, optional SCI. Only frames with
// integrity protection alone (E = C = 0, §9.5) carry a readable EtherType; the 16-byte ICV at the end is left in
// place because the IP header's own length bounds the datagram.
void decode_macsec(util::ByteReader r, Packet& p) {
  const auto tci = r.u8();
  r.skip(1 + 4);  // short length, packet number
  if (r.failed()) return note(p, DecodeStatus::Truncated);
  if ((tci & kMacsecSciPresent) != 0) r.skip(8);
  if ((tci & (kMacsecEncrypted | kMacsecChanged)) != 0) return unsupported(p);
  const auto inner = r.be16();
  if (r.failed()) return note(p, DecodeStatus::Truncated);
  decode_ethertype(inner, r, p);
}

// RFC 8300 network service header: base header (length in 4-byte words), service path, context
// headers, then the protocol the next-protocol field names.
void decode_nsh(util::ByteReader r, Packet& p) {
  auto base = r;
  base.skip(1);
  const auto length_words = static_cast<std::size_t>(base.u8() & 0x3FU);
  base.skip(1);
  const auto next_protocol = base.u8();
  if (base.failed()) return note(p, DecodeStatus::Truncated);
  if (length_words < 2) return note(p, DecodeStatus::Malformed);
  if (!r.skip(length_words * 4)) return note(p, DecodeStatus::Truncated);
  switch (next_protocol) {
    case 1: return decode_ipv4(r, p);
    case 2: return decode_ipv6(r, p);
    case 3: return decode_inner_ethernet(r, p);
    case 4: return enter_encapsulation(p) ? decode_nsh(r, p) : void();
    case 5: return decode_mpls(r, p);
    default: return unsupported(p);
  }
}

}  // namespace

bool decode_ethertype_tag(std::uint16_t type, util::ByteReader r, Packet& p) {
  switch (type) {
    case ethertype::kFabricPath:  // FTAG + TTL, then the classic Ethernet frame
      if (!r.skip(2)) return truncated(p);
      decode_inner_ethernet(r, p);
      return true;
    case ethertype::kProviderBackbone:  // 802.1ah I-TAG, then the customer frame
      if (!r.skip(4)) return truncated(p);
      decode_inner_ethernet(r, p);
      return true;
    case ethertype::kVnTag: {  // 4 bytes of tag, then an EtherType
      r.skip(4);
      const auto inner = r.be16();
      if (r.failed()) return truncated(p);
      if (enter_encapsulation(p)) decode_ethertype(inner, r, p);
      return true;
    }
    case ethertype::kArista:
      if (enter_encapsulation(p)) decode_arista(r, p);
      return true;
    case ethertype::kMacsec:
      if (enter_encapsulation(p)) decode_macsec(r, p);
      return true;
    case ethertype::kNsh:
      if (enter_encapsulation(p)) decode_nsh(r, p);
      return true;
    default: return false;
  }
}

}  // namespace pt::packet::detail
