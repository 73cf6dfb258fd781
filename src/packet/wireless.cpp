// IEEE 802.11 data frames, bare or behind a radiotap header, down to their LLC/SNAP payload.
// Management, control and protected (encrypted) frames carry no network layer we can read.

#include <cstdint>

#include "packet/decode_steps.hpp"

namespace pt::packet::detail {
namespace {

constexpr std::uint8_t kFlagToDs = 0x01;
constexpr std::uint8_t kFlagFromDs = 0x02;
constexpr std::uint8_t kFlagProtected = 0x40;
constexpr std::uint8_t kFlagOrder = 0x80;
constexpr std::uint8_t kRadiotapFlagFcs = 0x10;
constexpr std::uint8_t kRadiotapFlagBadFcs = 0x40;

}  // namespace

void decode_ieee80211(util::ByteReader r, Packet& p, bool has_fcs) {
  if (has_fcs) {
    if (r.remaining() < 4) return note(p, DecodeStatus::Truncated);
    r = r.sub(r.remaining() - 4);
  }
  const auto fc = r.u8();
  const auto flags = r.u8();
  if (r.failed()) return note(p, DecodeStatus::Truncated);
  const auto type = (fc >> 2U) & 0x3U;
  const auto subtype = (fc >> 4U) & 0xFU;
  if (type != 2 || (subtype & 0x4U) != 0) {  // not a data frame, or a null-data frame
    p.network = Network::None;
    return note(p, DecodeStatus::Unsupported);
  }
  r.skip(2);  // duration
  const auto addr1 = read_mac(r);
  const auto addr2 = read_mac(r);
  const auto addr3 = read_mac(r);
  r.skip(2);  // sequence control
  const bool to_ds = (flags & kFlagToDs) != 0;
  const bool from_ds = (flags & kFlagFromDs) != 0;
  MacAddress addr4{};
  if (to_ds && from_ds) addr4 = read_mac(r);
  const bool qos = (subtype & 0x8U) != 0;
  bool amsdu = false;
  if (qos) {
    amsdu = (r.u8() & 0x80U) != 0;
    r.skip(1);
    if ((flags & kFlagOrder) != 0) r.skip(4);  // HT control
  }
  if (r.failed()) return note(p, DecodeStatus::Truncated);
  p.link.present = true;
  p.link.dst = to_ds ? addr3 : addr1;
  p.link.src = from_ds ? (to_ds ? addr4 : addr3) : addr2;
  if ((flags & kFlagProtected) != 0 || amsdu) {
    p.network = Network::Other;
    return note(p, DecodeStatus::Unsupported);
  }
  const auto dsap = r.u8();
  const auto ssap = r.u8();
  const auto control = r.u8();
  r.skip(3);
  const auto ethertype = r.be16();
  if (r.failed()) return note(p, DecodeStatus::Truncated);
  if (dsap != 0xAA || ssap != 0xAA || control != 0x03) {
    p.network = Network::Other;
    return note(p, DecodeStatus::Unsupported);
  }
  decode_ethertype(ethertype, r, p);
}

// Radiotap (radiotap.org): version, pad, little-endian length, then present bitmaps. Only the
// Flags field matters here (does the frame end with an FCS?); it follows the 8-byte TSFT.
void decode_radiotap(util::ByteReader r, Packet& p) {
  auto header = r;
  const auto version = header.u8();
  header.skip(1);
  const auto length = header.le16();
  if (header.failed()) return note(p, DecodeStatus::Truncated);
  if (version != 0 || length < 8) return note(p, DecodeStatus::Malformed);
  auto fields = r.sub(length);
  if (r.failed()) return note(p, DecodeStatus::Truncated);
  fields.skip(4);
  std::uint32_t first_present = fields.le32();
  for (auto present = first_present; (present & 0x80000000U) != 0 && !fields.failed();) present = fields.le32();
  std::uint8_t flags = 0;
  if ((first_present & 0x1U) != 0) {
    const auto aligned = (fields.offset() + 7U) & ~std::size_t{7};
    fields.skip(aligned - fields.offset());
    fields.skip(8);
  }
  if ((first_present & 0x2U) != 0) flags = fields.u8();
  if (fields.failed()) return note(p, DecodeStatus::Malformed);
  // A bad FCS is recorded, but the frame is still read, as tshark reads it.
  if ((flags & kRadiotapFlagBadFcs) != 0) note(p, DecodeStatus::Malformed);
  decode_ieee80211(r, p, (flags & kRadiotapFlagFcs) != 0);
}

}  // namespace pt::packet::detail
