// Serial-line link layers: PPP (RFC 1661/1662), Cisco HDLC, and Frame Relay (Q.922 addresses
// with RFC 2427 NLPID or Cisco EtherType encapsulation).

#include <cstdint>

#include "packet/decode_steps.hpp"

namespace pt::packet::detail {
namespace {

constexpr std::uint8_t kCiscoHdlcUnicast = 0x0F;
constexpr std::uint8_t kCiscoHdlcMulticast = 0x8F;
constexpr std::uint16_t kCiscoSlarp = 0x8035;  // Cisco's serial line ARP, not RARP
constexpr std::uint8_t kQ922Ui = 0x03;
constexpr std::uint8_t kNlpidPadding = 0x00;
constexpr std::uint8_t kNlpidSnap = 0x80;
constexpr std::uint8_t kNlpidIpv6 = 0x8E;
constexpr std::uint8_t kNlpidIpv4 = 0xCC;

void unsupported(Packet& p) {
  p.network = Network::Other;
  note(p, DecodeStatus::Unsupported);
}

// RFC 2427 §4: after the UI control byte an optional pad byte, then the NLPID.
void decode_frame_relay_nlpid(util::ByteReader r, Packet& p) {
  auto nlpid = r.u8();
  if (nlpid == kNlpidPadding) nlpid = r.u8();
  if (r.failed()) return note(p, DecodeStatus::Truncated);
  switch (nlpid) {
    case kNlpidIpv4: return decode_ipv4(r, p);
    case kNlpidIpv6: return decode_ipv6(r, p);
    case kNlpidSnap: {
      r.skip(3);  // OUI
      const auto type = r.be16();
      if (r.failed()) return note(p, DecodeStatus::Truncated);
      return decode_ethertype(type, r, p);
    }
    default: return unsupported(p);
  }
}

}  // namespace

// PPP protocol numbers (RFC 1332 IPv4, RFC 5072 IPv6, RFC 3032 MPLS) for the layers we follow.
void decode_ppp_protocol(std::uint16_t protocol, util::ByteReader r, Packet& p) {
  switch (protocol) {
    case 0x0021: return decode_ipv4(r, p);
    case 0x0057: return decode_ipv6(r, p);
    case 0x0281:
    case 0x0283: return enter_encapsulation(p) ? decode_mpls(r, p) : void();
    default: return unsupported(p);
  }
}

// PPP in HDLC-like framing (RFC 1662): optional FF 03, then a 1- or 2-byte protocol field.
// Cisco HDLC frames (address 0x0F / 0x8F) share the link type on some routers, as tshark knows.
void decode_ppp(util::ByteReader r, Packet& p) {
  const auto rest = r.rest();
  if (!rest.empty() && (rest[0] == kCiscoHdlcUnicast || rest[0] == kCiscoHdlcMulticast)) {
    return decode_cisco_hdlc(r, p);
  }
  if (rest.size() >= 2 && rest[0] == 0xFF && rest[1] == 0x03) r.skip(2);
  auto protocol = static_cast<std::uint16_t>(r.u8());
  if ((protocol & 1U) == 0) protocol = static_cast<std::uint16_t>((protocol << 8U) | r.u8());
  if (r.failed()) return note(p, DecodeStatus::Truncated);
  decode_ppp_protocol(protocol, r, p);
}

// Cisco HDLC: address, control, then an EtherType, except that 0x8035 means SLARP here.
void decode_cisco_hdlc(util::ByteReader r, Packet& p) {
  r.skip(2);
  const auto protocol = r.be16();
  if (r.failed()) return note(p, DecodeStatus::Truncated);
  if (protocol == kCiscoSlarp) return unsupported(p);
  decode_ethertype(protocol, r, p);
}

// Frame Relay: a Q.922 address of 2 to 4 bytes (the EA bit ends it), then either the UI
// control byte and an NLPID (RFC 2427) or, on Cisco routers, a bare EtherType.
void decode_frame_relay(util::ByteReader r, Packet& p) {
  int address_bytes = 0;
  for (;;) {
    const auto b = r.u8();
    if (r.failed()) return note(p, DecodeStatus::Truncated);
    ++address_bytes;
    if ((b & 0x01U) != 0) break;
    if (address_bytes >= 4) return note(p, DecodeStatus::Malformed);
  }
  if (address_bytes < 2) return note(p, DecodeStatus::Malformed);
  const auto rest = r.rest();
  if (rest.empty()) return note(p, DecodeStatus::Truncated);
  if (rest[0] == kQ922Ui) {
    r.skip(1);
    return decode_frame_relay_nlpid(r, p);
  }
  const auto type = r.be16();
  if (r.failed()) return note(p, DecodeStatus::Truncated);
  decode_ethertype(type, r, p);
}

}  // namespace pt::packet::detail
