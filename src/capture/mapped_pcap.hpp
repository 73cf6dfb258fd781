#pragma once
// Classic pcap records read straight out of a memory mapping of the file: no read() copy into
// stdio's buffer and none into libpcap's, which together cost a bare libpcap loop most of its
// time. It covers the common case exactly as libpcap reads it (version 2.4, either byte order,
// micro- or nanosecond magic, every record within the file's snapshot length) and hands back
// everything else: FileSource seeks libpcap's stream to position() and lets it continue, so
// truncated records, oversized ones and old format quirks keep libpcap's own handling and
// messages.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>

#include "packet/frame.hpp"

namespace pt::capture {

class MappedPcap {
 public:
  enum class Next : std::uint8_t {
    Frame,    // frame was filled
    End,      // the file ends exactly after the last record
    HandOff,  // a record this reader does not take: continue with libpcap at position()
  };

  // Maps `path` when it is a classic pcap file this reader takes (libpcap has already opened it
  // and reported link_type and snapshot); nullptr otherwise, or when mapping fails.
  static std::unique_ptr<MappedPcap> open(const std::filesystem::path& path, int link_type, std::uint32_t snapshot);
  ~MappedPcap();
  MappedPcap(const MappedPcap&) = delete;
  MappedPcap& operator=(const MappedPcap&) = delete;

  Next next(packet::Frame& frame);
  // Offset of the next record in the file.
  [[nodiscard]] std::size_t position() const { return offset_; }

 private:
  MappedPcap(const std::uint8_t* data, std::size_t size, int link_type, std::uint32_t snapshot, bool swapped,
             bool nanosecond);
  [[nodiscard]] std::uint32_t u32(std::size_t offset) const;
  void release_behind(std::size_t keep);

  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t offset_ = 24;   // after the file header
  std::size_t released_ = 0;  // bytes from the start no longer mapped in (page aligned)
  int link_type_;
  std::uint32_t snapshot_;
  bool swapped_;
  bool nanosecond_;
};

}  // namespace pt::capture
