#include "capture/mapped_pcap.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

namespace pt::capture {
namespace {

// Classic pcap magic numbers as read in host order (the file's own order or swapped).
constexpr std::uint32_t kMicro = 0xA1B2C3D4U;
constexpr std::uint32_t kNano = 0xA1B23C4DU;
constexpr std::size_t kFileHeader = 24;
constexpr std::size_t kRecordHeader = 16;
constexpr std::size_t kReleaseStep = std::size_t{16} << 20U;
// Link types whose records libpcap rewrites while reading (Linux USB "mmapped" headers).
constexpr int kUsbLinux = 189;
constexpr int kUsbLinuxMmapped = 220;

std::uint32_t load32(const std::uint8_t* p) {
  std::uint32_t v = 0;
  std::memcpy(&v, p, sizeof v);
  return v;
}

std::uint16_t load16(const std::uint8_t* p) {
  std::uint16_t v = 0;
  std::memcpy(&v, p, sizeof v);
  return v;
}

}  // namespace

std::unique_ptr<MappedPcap> MappedPcap::open(const std::filesystem::path& path, int link_type, std::uint32_t snapshot) {
  if (link_type == kUsbLinux || link_type == kUsbLinuxMmapped) return nullptr;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || static_cast<std::size_t>(st.st_size) < kFileHeader) {
    ::close(fd);
    return nullptr;
  }
  const auto size = static_cast<std::size_t>(st.st_size);
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);  // the mapping keeps the file open
  if (map == MAP_FAILED) return nullptr;
  // Read once front to back: let the kernel read ahead generously and drop pages behind us.
  ::madvise(map, size, MADV_SEQUENTIAL);
  const auto* data = static_cast<const std::uint8_t*>(map);
  const auto magic = load32(data);
  const bool swapped = magic == __builtin_bswap32(kMicro) || magic == __builtin_bswap32(kNano);
  const bool known = swapped || magic == kMicro || magic == kNano;
  auto version = [&](std::size_t at) {
    const auto v = load16(data + at);
    return swapped ? __builtin_bswap16(v) : v;
  };
  // Version 2.4 only: libpcap swaps caplen and len in some older files.
  if (!known || version(4) != 2 || version(6) != 4) {
    ::munmap(map, size);
    return nullptr;
  }
  const bool nanosecond = magic == kNano || magic == __builtin_bswap32(kNano);
  return std::unique_ptr<MappedPcap>(new MappedPcap(data, size, link_type, snapshot, swapped, nanosecond));
}

MappedPcap::MappedPcap(const std::uint8_t* data, std::size_t size, int link_type, std::uint32_t snapshot, bool swapped,
                       bool nanosecond)
    : data_(data),
      size_(size),
      link_type_(link_type),
      snapshot_(snapshot),
      swapped_(swapped),
      nanosecond_(nanosecond) {}

MappedPcap::~MappedPcap() { ::munmap(const_cast<std::uint8_t*>(data_), size_); }

// Pages already read leave this process's resident set (the page cache keeps them), so a large
// file costs a window of kReleaseStep, not its size, in RSS. `keep` is the record being returned:
// only whole pages before it go.
void MappedPcap::release_behind(std::size_t keep) {
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const std::size_t end = keep / page * page;
  if (end <= released_) return;
  ::madvise(const_cast<std::uint8_t*>(data_) + released_, end - released_, MADV_DONTNEED);
  released_ = end;
}

std::uint32_t MappedPcap::u32(std::size_t offset) const {
  const auto v = load32(data_ + offset);
  return swapped_ ? __builtin_bswap32(v) : v;
}

MappedPcap::Next MappedPcap::next(packet::Frame& frame) {
  if (offset_ == size_) return Next::End;
  if (size_ - offset_ < kRecordHeader) return Next::HandOff;  // libpcap reports the cut header
  const auto caplen = u32(offset_ + 8);
  // Larger than the snapshot: libpcap truncates it or calls the file corrupt.
  if (caplen > snapshot_ || size_ - offset_ - kRecordHeader < caplen) return Next::HandOff;
  const std::int64_t seconds = static_cast<std::int32_t>(u32(offset_));  // as libpcap's signed tv_sec
  const std::int64_t fraction = static_cast<std::int32_t>(u32(offset_ + 4));
  frame.timestamp = util::from_unix_nanos(seconds * 1'000'000'000 + (nanosecond_ ? fraction : fraction * 1000));
  frame.wire_length = u32(offset_ + 12);
  frame.link_type = link_type_;
  frame.data = {data_ + offset_ + kRecordHeader, caplen};
  offset_ += kRecordHeader + caplen;
  if (offset_ - released_ >= kReleaseStep) release_behind(offset_ - kRecordHeader - caplen);
  return Next::Frame;
}

}  // namespace pt::capture
