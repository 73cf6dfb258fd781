#pragma once
// One captured frame as a capture source hands it over: a view into libpcap's buffer, valid
// until the next frame is read.

#include <cstdint>
#include <span>

#include "util/time.hpp"

namespace pt::packet {

struct Frame {
  util::Timestamp timestamp{};
  std::uint32_t wire_length = 0;         // original length on the wire (pcap "len")
  int link_type = 1;                     // DLT_ value of the interface the frame came from
  std::span<const std::uint8_t> data{};  // the captured bytes (pcap "caplen" of them)

  [[nodiscard]] std::uint32_t captured_length() const { return static_cast<std::uint32_t>(data.size()); }
};

}  // namespace pt::packet
