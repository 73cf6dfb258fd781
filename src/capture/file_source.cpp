#include "capture/file_source.hpp"

#include <algorithm>
#include <cstdio>
#include <system_error>

#include "capture/bpf_filter.hpp"

namespace pt::capture {

FileSource::FileSource(const std::filesystem::path& path, const std::string& bpf_filter) : path_(path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    throw CaptureError(CaptureErrorKind::FileOpen, "cannot open capture file " + path.string() + ": no such file");
  }
  if (std::filesystem::is_directory(path, ec)) {
    throw CaptureError(CaptureErrorKind::FileOpen, "cannot open capture file " + path.string() + ": it is a directory");
  }
  file_size_ = std::filesystem::file_size(path, ec);
  if (PcapngReader::needs_own_reader(path)) {
    own_reader_ = std::make_unique<PcapngReader>(path);
    link_type_ = own_reader_->first_link_type();
    nanosecond_ = true;
    filter_ = bpf_filter;
    if (!filter_.empty()) {
      // Compile once up front so a bad filter fails at open, as with libpcap-read files.
      pcap_t* dead = pcap_open_dead(link_type_, 262144);
      bpf_program program{};
      try {
        compile_bpf_filter(dead, filter_, program);
      } catch (...) {
        pcap_close(dead);
        throw;
      }
      pcap_freecode(&program);
      pcap_close(dead);
    }
    return;
  }
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  handle_ = pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, errbuf);
  if (handle_ == nullptr) {
    throw CaptureError(CaptureErrorKind::FileOpen, "cannot read capture file " + path.string() + ": " + errbuf);
  }
  nanosecond_ = pcap_get_tstamp_precision(handle_) == PCAP_TSTAMP_PRECISION_NANO;
  link_type_ = pcap_datalink(handle_);
  try {
    apply_bpf_filter(handle_, bpf_filter);
  } catch (...) {
    pcap_close(handle_);
    throw;
  }
  // libpcap applies the filter inside pcap_next_ex, so only unfiltered reads take the mapping.
  if (bpf_filter.empty()) {
    mapped_ = MappedPcap::open(path, link_type_, static_cast<std::uint32_t>(pcap_snapshot(handle_)));
  }
}

FileSource::~FileSource() {
  if (handle_ != nullptr) pcap_close(handle_);
  for (auto& f : filters_) {
    if (f.valid) pcap_freecode(&f.program);
  }
}

bool FileSource::passes_filter(const packet::Frame& frame) {
  if (filter_.empty()) return true;
  CompiledFilter* compiled = nullptr;
  for (auto& f : filters_) {
    if (f.link_type == frame.link_type) compiled = &f;
  }
  if (compiled == nullptr) {
    compiled = &filters_.emplace_back();
    compiled->link_type = frame.link_type;
    pcap_t* dead = pcap_open_dead(frame.link_type, 262144);
    compiled->valid = pcap_compile(dead, &compiled->program, filter_.c_str(), 1, PCAP_NETMASK_UNKNOWN) == 0;
    pcap_close(dead);
  }
  if (!compiled->valid) return false;  // the filter means nothing for this link type
  pcap_pkthdr header{};
  header.caplen = frame.captured_length();
  header.len = frame.wire_length;
  return pcap_offline_filter(&compiled->program, &header, frame.data.data()) != 0;
}

ReadStatus FileSource::next(packet::Frame& frame) {
  if (interrupted_.load(std::memory_order_relaxed)) return ReadStatus::End;
  if (own_reader_) {
    for (;;) {
      const auto status = own_reader_->next(frame);
      if ((received_.load(std::memory_order_relaxed) & 1023U) == 0 || status != ReadStatus::Frame) {
        position_.store(own_reader_->position(), std::memory_order_relaxed);
      }
      if (status == ReadStatus::Error) error_ = own_reader_->error();
      if (status != ReadStatus::Frame) return status;
      if (!passes_filter(frame)) continue;
      received_.fetch_add(1, std::memory_order_relaxed);
      return status;
    }
  }
  if (mapped_) return next_mapped(frame);
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  const int rc = pcap_next_ex(handle_, &header, &data);
  if (rc == 1) {
    const std::int64_t frac = nanosecond_ ? header->ts.tv_usec : std::int64_t{header->ts.tv_usec} * 1000;
    frame.timestamp = util::from_unix_nanos(std::int64_t{header->ts.tv_sec} * 1'000'000'000 + frac);
    frame.wire_length = header->len;
    frame.link_type = link_type_;
    frame.data = {data, header->caplen};
    // ftell is a system call: refresh the progress position every 1024 frames only.
    if ((received_.fetch_add(1, std::memory_order_relaxed) & 1023U) == 0) {
      if (FILE* f = pcap_file(handle_); f != nullptr) position_.store(std::ftell(f), std::memory_order_relaxed);
    }
    return ReadStatus::Frame;
  }
  if (rc == PCAP_ERROR_BREAK) {
    position_.store(static_cast<long>(file_size_), std::memory_order_relaxed);
    return ReadStatus::End;
  }
  error_ = "error reading capture file " + path_.string() + " after " + std::to_string(received_.load()) +
           " packets: " + pcap_geterr(handle_);
  return ReadStatus::Error;
}

ReadStatus FileSource::next_mapped(packet::Frame& frame) {
  const auto result = mapped_->next(frame);
  if (result == MappedPcap::Next::Frame) {
    if ((received_.fetch_add(1, std::memory_order_relaxed) & 1023U) == 0) {
      position_.store(static_cast<long>(mapped_->position()), std::memory_order_relaxed);
    }
    return ReadStatus::Frame;
  }
  if (result == MappedPcap::Next::End) {
    position_.store(static_cast<long>(file_size_), std::memory_order_relaxed);
    return ReadStatus::End;
  }
  // A record only libpcap reads right (cut short, over the snapshot length): it goes on from here.
  FILE* f = pcap_file(handle_);
  const auto at = static_cast<long>(mapped_->position());
  mapped_.reset();
  if (f == nullptr || std::fseek(f, at, SEEK_SET) != 0) {
    error_ = "error reading capture file " + path_.string() + " after " + std::to_string(received_.load()) +
             " packets: cannot seek to offset " + std::to_string(at);
    return ReadStatus::Error;
  }
  return FileSource::next(frame);
}

CaptureCounters FileSource::counters() const {
  CaptureCounters c;
  c.received = received_.load(std::memory_order_relaxed);
  return c;
}

std::optional<double> FileSource::progress() const {
  if (file_size_ == 0) return 1.0;
  const auto pos = static_cast<double>(position_.load(std::memory_order_relaxed));
  return std::min(1.0, pos / static_cast<double>(file_size_));
}

}  // namespace pt::capture
