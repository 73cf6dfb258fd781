#include "packet/dns_message.hpp"

#include <algorithm>

namespace pt::packet {
namespace {

constexpr int kMaxPointerJumps = 32;
constexpr std::uint16_t kMaxSectionCount = 512;  // more would not fit a 64 KiB message anyway

}  // namespace

bool DnsName::append_label(std::span<const std::uint8_t> label) {
  const std::size_t needed = label.size() + (length_ == 0 ? 0 : 1);
  if (length_ + needed > kMaxLength) return false;
  if (length_ != 0) text_[length_++] = '.';
  for (auto b : label) text_[length_++] = static_cast<char>(b);
  return true;
}

std::optional<DnsMessage> DnsMessage::parse(std::span<const std::uint8_t> payload, bool tcp_framing) {
  util::ByteReader outer{payload};
  if (tcp_framing) {
    const auto length = outer.be16();
    if (outer.failed()) return std::nullopt;
    payload = outer.rest().first(std::min<std::size_t>(outer.remaining(), length));
  }
  util::ByteReader r{payload};
  DnsMessage m;
  m.message_ = util::ByteReader{payload};
  auto& h = m.header_;
  h.id = r.be16();
  const auto flags = r.be16();
  h.questions = r.be16();
  h.answers = r.be16();
  h.authorities = r.be16();
  h.additionals = r.be16();
  if (r.failed()) return std::nullopt;
  h.is_response = (flags & 0x8000U) != 0;
  h.opcode = static_cast<std::uint8_t>((flags >> 11U) & 0xFU);
  h.rcode = static_cast<std::uint8_t>(flags & 0xFU);
  if (h.questions > kMaxSectionCount || h.answers > kMaxSectionCount) return std::nullopt;
  return m;
}

bool DnsMessage::read_name(util::ByteReader& r, DnsName& out) const {
  out.clear();
  util::ByteReader cursor = r;
  bool jumped = false;
  std::size_t lowest_seen = cursor.offset();
  for (int jumps = 0;;) {
    const auto length = cursor.u8();
    if (cursor.failed()) return false;
    if (length == 0) break;
    if ((length & 0xC0U) == 0xC0U) {
      const auto low = cursor.u8();
      if (cursor.failed()) return false;
      const std::size_t target = ((length & 0x3FU) << 8U) | low;
      // Only strictly backwards pointers: every jump makes progress towards offset 0.
      if (target >= lowest_seen || ++jumps > kMaxPointerJumps) return false;
      if (!jumped) {
        r = cursor;
        jumped = true;
      }
      lowest_seen = target;
      cursor = message_.at(target);
      continue;
    }
    if ((length & 0xC0U) != 0) return false;  // 0x40/0x80 label types are obsolete (RFC 6891)
    const auto label = cursor.bytes(length);
    if (cursor.failed() || !out.append_label(label)) return false;
  }
  if (!jumped) r = cursor;
  return true;
}

bool DnsMessage::read_question(util::ByteReader& r, DnsQuestion& q) const {
  if (!read_name(r, q.name)) return false;
  q.type = r.be16();
  q.klass = r.be16();
  return !r.failed();
}

bool DnsMessage::read_record(util::ByteReader& r, DnsRecord& rec) const {
  if (!read_name(r, rec.name)) return false;
  rec.type = r.be16();
  rec.klass = r.be16();
  rec.ttl = r.be32();
  const auto rdlength = r.be16();
  if (r.failed()) return false;
  const std::size_t rdata_start = r.offset();
  auto rdata = r.sub(rdlength);
  if (r.failed()) return false;
  rec.address = {};
  rec.target.clear();
  switch (rec.type) {
    case dns_type::kA:
      if (rdlength == 4) rec.address = util::IpAddress::v4(rdata.bytes(4).first<4>());
      break;
    case dns_type::kAaaa:
      if (rdlength == 16) rec.address = util::IpAddress::v6(rdata.bytes(16).first<16>());
      break;
    case dns_type::kCname:
    case dns_type::kPtr:
    case dns_type::kNs: {
      auto at = message_.at(rdata_start);  // names in RDATA may point anywhere before them
      if (!read_name(at, rec.target)) rec.target.clear();
      break;
    }
    default: break;
  }
  return true;
}

}  // namespace pt::packet
