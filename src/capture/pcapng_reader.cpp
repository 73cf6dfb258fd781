#include "capture/pcapng_reader.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>

namespace pt::capture {
namespace {

constexpr std::uint32_t kSectionHeader = 0x0A0D0D0A;
constexpr std::uint32_t kInterfaceDescription = 1;
constexpr std::uint32_t kObsoletePacket = 2;
constexpr std::uint32_t kSimplePacket = 3;
constexpr std::uint32_t kEnhancedPacket = 6;
constexpr std::uint32_t kByteOrderMagic = 0x1A2B3C4D;
constexpr std::uint32_t kMaxBlock = 256U * 1024U * 1024U;

std::uint32_t swap32(std::uint32_t v) { return __builtin_bswap32(v); }

std::uint64_t pow10(unsigned e) {
  std::uint64_t v = 1;
  for (unsigned i = 0; i < e && i < 19; ++i) v *= 10;
  return v;
}

}  // namespace

PcapngReader::PcapngReader(const std::filesystem::path& path) : path_(path) {
  file_ = std::fopen(path.c_str(), "rb");
  if (file_ == nullptr) {
    throw CaptureError(CaptureErrorKind::FileOpen,
                       "cannot open capture file " + path.string() + ": " + std::strerror(errno));
  }
  if (!read_section_header()) {
    std::fclose(file_);
    file_ = nullptr;
    throw CaptureError(CaptureErrorKind::FileOpen, "cannot read capture file " + path.string() + ": " + error_);
  }
}

PcapngReader::~PcapngReader() {
  if (file_ != nullptr) std::fclose(file_);
}

long PcapngReader::position() const { return file_ != nullptr ? std::ftell(file_) : 0; }

void PcapngReader::fail(const std::string& what) {
  error_ = "error reading capture file " + path_.string() + " after " + std::to_string(frames_) + " packets: " + what +
           " (block at byte " + std::to_string(block_offset_) + ")";
}

std::uint16_t PcapngReader::u16(std::size_t offset) const {
  std::uint16_t v = 0;
  std::memcpy(&v, block_.data() + offset, 2);
  return swapped_ ? __builtin_bswap16(v) : v;
}

std::uint32_t PcapngReader::u32(std::size_t offset) const {
  std::uint32_t v = 0;
  std::memcpy(&v, block_.data() + offset, 4);
  return swapped_ ? swap32(v) : v;
}

// Reads one block into block_ (its body, without type and lengths). The byte order of a section
// is learned from its header block, which is why the header is parsed before its length is trusted.
PcapngReader::Block PcapngReader::read_block() {
  block_offset_ = std::ftell(file_);
  std::array<std::uint32_t, 2> head{};
  const auto got = std::fread(head.data(), 1, sizeof head, file_);
  if (got == 0 && std::feof(file_)) return Block::End;
  if (got != sizeof head) {
    fail("file cut short inside a block header");
    return Block::Error;
  }
  if (head[0] == kSectionHeader) {
    std::uint32_t magic = 0;
    if (std::fread(&magic, 1, 4, file_) != 4) {
      fail("file cut short inside a section header");
      return Block::Error;
    }
    if (magic != kByteOrderMagic && swap32(magic) != kByteOrderMagic) {
      fail("bad byte-order magic");
      return Block::Error;
    }
    swapped_ = magic != kByteOrderMagic;
    std::fseek(file_, -4, SEEK_CUR);
  }
  block_type_ = swapped_ ? swap32(head[0]) : head[0];
  const std::uint32_t total = swapped_ ? swap32(head[1]) : head[1];
  if (total < 12 || total % 4 != 0 || total > kMaxBlock) {
    fail("bad block length " + std::to_string(total));
    return Block::Error;
  }
  block_.resize(total - 12);
  if (std::fread(block_.data(), 1, block_.size(), file_) != block_.size()) {
    fail("file cut short inside a block");
    return Block::Error;
  }
  std::uint32_t trailer = 0;
  if (std::fread(&trailer, 1, 4, file_) != 4) {
    fail("file cut short at a block's end");
    return Block::Error;
  }
  switch (block_type_) {
    case kSectionHeader: interfaces_.clear(); return Block::Skip;
    case kInterfaceDescription: parse_interface(); return Block::Skip;
    case kEnhancedPacket:
    case kSimplePacket:
    case kObsoletePacket: return Block::Packet;
    default: return Block::Skip;
  }
}

bool PcapngReader::read_section_header() {
  std::uint32_t type = 0;
  if (std::fread(&type, 1, 4, file_) != 4 || type != kSectionHeader) {
    error_ = "not a pcapng file";
    return false;
  }
  std::fseek(file_, 0, SEEK_SET);
  return read_block() == Block::Skip;
}

// Interface description: link type, snaplen, then options; if_tsresol (9) and if_tsoffset (14)
// change how the packets' timestamps read.
void PcapngReader::parse_interface() {
  Interface i;
  if (block_.size() >= 8) {
    i.link_type = u16(0);
    i.snaplen = u32(4);
  }
  for (std::size_t at = 8; at + 4 <= block_.size();) {
    const auto code = u16(at);
    const auto length = u16(at + 2);
    if (code == 0 || at + 4 + length > block_.size()) break;
    if (code == 9 && length >= 1) {
      const auto v = block_[at + 4];
      i.units_per_second = (v & 0x80U) != 0 ? (std::uint64_t{1} << (v & 0x7FU)) : pow10(v);
      if (i.units_per_second == 0) i.units_per_second = 1'000'000;
    } else if (code == 14 && length >= 8) {
      std::int64_t offset = 0;
      std::memcpy(&offset, block_.data() + at + 4, 8);
      i.offset_seconds =
          swapped_ ? static_cast<std::int64_t>(__builtin_bswap64(static_cast<std::uint64_t>(offset))) : offset;
    }
    at += 4 + ((length + 3U) & ~3U);
  }
  interfaces_.push_back(i);
}

bool PcapngReader::fill_frame(packet::Frame& frame, std::uint32_t interface, std::uint64_t ts, std::uint32_t caplen,
                              std::uint32_t wire_length, std::size_t data_offset) {
  if (interface >= interfaces_.size()) {
    fail("packet names interface " + std::to_string(interface) + " which was never described");
    return false;
  }
  if (data_offset + caplen > block_.size()) {
    fail("packet data runs past its block");
    return false;
  }
  const auto& i = interfaces_[interface];
  const auto seconds = ts / i.units_per_second;
  const auto fraction = ts % i.units_per_second;
  // Exact for the usual resolutions (10^-3 .. 10^-9); long double otherwise.
  const auto nanos = 1'000'000'000U % i.units_per_second == 0
                         ? static_cast<std::int64_t>(fraction * (1'000'000'000U / i.units_per_second))
                         : static_cast<std::int64_t>(static_cast<long double>(fraction) * 1e9L /
                                                     static_cast<long double>(i.units_per_second));
  // Garbage timestamps in a damaged file must not overflow: clamp to what nanoseconds can hold.
  constexpr std::int64_t kMaxSeconds = std::numeric_limits<std::int64_t>::max() / 1'000'000'000 - 1;
  const auto whole = static_cast<std::int64_t>(std::min<std::uint64_t>(seconds, kMaxSeconds));
  const auto shifted = std::clamp<std::int64_t>(
      whole + std::clamp<std::int64_t>(i.offset_seconds, -kMaxSeconds, kMaxSeconds), -kMaxSeconds, kMaxSeconds);
  frame.timestamp = util::from_unix_nanos(shifted * 1'000'000'000 + nanos);
  frame.wire_length = wire_length;
  frame.link_type = i.link_type;
  frame.data = {block_.data() + data_offset, caplen};
  ++frames_;
  return true;
}

ReadStatus PcapngReader::next(packet::Frame& frame) {
  for (;;) {
    switch (read_block()) {
      case Block::End: return ReadStatus::End;
      case Block::Error: return ReadStatus::Error;
      case Block::Skip: continue;
      case Block::Packet: break;
    }
    if (block_type_ == kEnhancedPacket && block_.size() >= 20) {
      const auto ts = (std::uint64_t{u32(4)} << 32U) | u32(8);
      return fill_frame(frame, u32(0), ts, u32(12), u32(16), 20) ? ReadStatus::Frame : ReadStatus::Error;
    }
    if (block_type_ == kObsoletePacket && block_.size() >= 20) {
      const auto ts = (std::uint64_t{u32(4)} << 32U) | u32(8);
      return fill_frame(frame, u16(0), ts, u32(12), u32(16), 20) ? ReadStatus::Frame : ReadStatus::Error;
    }
    if (block_type_ == kSimplePacket && block_.size() >= 4 && !interfaces_.empty()) {
      const auto wire = u32(0);
      auto caplen = static_cast<std::uint32_t>(block_.size() - 4);
      if (wire < caplen) caplen = wire;
      if (interfaces_[0].snaplen != 0 && interfaces_[0].snaplen < caplen) caplen = interfaces_[0].snaplen;
      return fill_frame(frame, 0, 0, caplen, wire, 4) ? ReadStatus::Frame : ReadStatus::Error;
    }
    fail("packet block too short");
    return ReadStatus::Error;
  }
}

bool PcapngReader::needs_own_reader(const std::filesystem::path& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return false;
  bool swapped = false;
  bool first = true;
  int link_type = -1;
  std::uint32_t snaplen = 0;
  bool differs = false;
  for (int blocks = 0; blocks < 1'000'000 && !differs; ++blocks) {
    std::array<std::uint32_t, 3> head{};
    const auto got = std::fread(head.data(), 1, sizeof head, f);
    if (got < 8) break;
    if (head[0] == kSectionHeader) swapped = head[2] != kByteOrderMagic;
    if (first && head[0] != kSectionHeader) break;  // not pcapng
    first = false;
    const auto type = swapped ? swap32(head[0]) : head[0];
    const auto total = swapped ? swap32(head[1]) : head[1];
    if (total < 12 || total > kMaxBlock) break;
    if (type == kInterfaceDescription && got == 12) {
      const auto word = swapped ? swap32(head[2]) : head[2];
      const int lt = swapped ? static_cast<int>(word >> 16U) : static_cast<int>(word & 0xFFFFU);
      std::uint32_t snap = 0;
      if (std::fread(&snap, 1, 4, f) != 4) break;
      snap = swapped ? swap32(snap) : snap;
      if (link_type >= 0 && (lt != link_type || snap != snaplen)) differs = true;
      link_type = lt;
      snaplen = snap;
      if (std::fseek(f, static_cast<long>(total) - 16, SEEK_CUR) != 0) break;
    } else if (std::fseek(f, static_cast<long>(total) - static_cast<long>(got), SEEK_CUR) != 0) {
      break;
    }
  }
  std::fclose(f);
  return differs;
}

}  // namespace pt::capture
