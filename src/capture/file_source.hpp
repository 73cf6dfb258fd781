#pragma once
// Frames from a pcap or pcapng file, with nanosecond timestamps when the file has them. libpcap
// reads them, except pcapng files whose interfaces differ in link type or snapshot length,
// which libpcap 1.10 refuses: those go through our own PcapngReader (per-frame link types).

#include <pcap/pcap.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "capture/mapped_pcap.hpp"
#include "capture/pcapng_reader.hpp"
#include "capture/source.hpp"

namespace pt::capture {

class FileSource final : public Source {
 public:
  // Throws CaptureError(FileOpen) for a missing file or one libpcap cannot read, and
  // CaptureError(BadFilter) when the filter does not compile.
  explicit FileSource(const std::filesystem::path& path, const std::string& bpf_filter = {});
  ~FileSource() override;

  ReadStatus next(packet::Frame& frame) override;
  [[nodiscard]] const std::string& error() const override { return error_; }
  [[nodiscard]] std::string description() const override { return path_.string(); }
  [[nodiscard]] bool is_live() const override { return false; }
  [[nodiscard]] CaptureCounters counters() const override;
  [[nodiscard]] std::optional<double> progress() const override;
  void interrupt() override { interrupted_.store(true, std::memory_order_relaxed); }

  [[nodiscard]] int link_type() const { return link_type_; }

 private:
  bool passes_filter(const packet::Frame& frame);
  ReadStatus next_mapped(packet::Frame& frame);

  std::filesystem::path path_;
  pcap_t* handle_ = nullptr;
  std::unique_ptr<PcapngReader> own_reader_;
  std::unique_ptr<MappedPcap> mapped_;  // unfiltered classic pcap: records read from a mapping
  std::string filter_;
  struct CompiledFilter {
    int link_type = 0;
    bpf_program program{};
    bool valid = false;
  };
  std::vector<CompiledFilter> filters_;  // own reader: one program per link type met
  int link_type_ = 0;
  bool nanosecond_ = false;
  std::uintmax_t file_size_ = 0;
  std::atomic<std::uint64_t> received_{0};
  std::atomic<long> position_{0};
  std::atomic<bool> interrupted_{false};
  std::string error_;
};

}  // namespace pt::capture
