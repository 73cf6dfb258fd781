#pragma once
// A pcapng reader (draft-ietf-opsawg-pcapng) for the files libpcap 1.10 refuses: captures whose
// interfaces differ in link type or snapshot length (many multi-interface captures do). Each
// frame carries its own interface's link type; timestamps honour if_tsresol and if_tsoffset.
// The block buffer is reused, so reading allocates only when a larger block appears.

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "capture/source.hpp"
#include "packet/frame.hpp"

namespace pt::capture {

class PcapngReader {
 public:
  // Throws CaptureError(FileOpen) when the file cannot be opened or does not start a section.
  explicit PcapngReader(const std::filesystem::path& path);
  ~PcapngReader();
  PcapngReader(const PcapngReader&) = delete;
  PcapngReader& operator=(const PcapngReader&) = delete;

  // Frame, End, or Error (error() says what and where).
  ReadStatus next(packet::Frame& frame);
  [[nodiscard]] const std::string& error() const { return error_; }
  [[nodiscard]] long position() const;
  // The link type of the first interface (what pcap_datalink would report).
  [[nodiscard]] int first_link_type() const { return interfaces_.empty() ? 1 : interfaces_.front().link_type; }

  // True when libpcap cannot read this pcapng file: its interfaces differ in link type or
  // snapshot length. A quick scan of block headers; false for classic pcap files.
  static bool needs_own_reader(const std::filesystem::path& path);

 private:
  struct Interface {
    int link_type = 0;
    std::uint32_t snaplen = 0;
    std::uint64_t units_per_second = 1'000'000;  // if_tsresol
    std::int64_t offset_seconds = 0;             // if_tsoffset
  };

  enum class Block : std::uint8_t { Packet, Skip, End, Error };
  Block read_block();
  bool read_section_header();
  void parse_interface();
  bool fill_frame(packet::Frame& frame, std::uint32_t interface, std::uint64_t ts, std::uint32_t caplen,
                  std::uint32_t wire_length, std::size_t data_offset);
  [[nodiscard]] std::uint16_t u16(std::size_t offset) const;
  [[nodiscard]] std::uint32_t u32(std::size_t offset) const;
  void fail(const std::string& what);

  std::FILE* file_ = nullptr;
  std::filesystem::path path_;
  bool swapped_ = false;  // the section was written in the other byte order
  std::vector<Interface> interfaces_;
  std::vector<std::uint8_t> block_;  // the current block's body
  std::uint32_t block_type_ = 0;
  long block_offset_ = 0;
  std::uint64_t frames_ = 0;
  std::string error_;
};

}  // namespace pt::capture
