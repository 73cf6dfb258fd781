#pragma once
// Frames from one or more live interfaces. The read blocks in poll() with a timeout, so an idle
// capture costs nothing and never spins; interrupt() wakes it through an eventfd.

#include <pcap/pcap.h>
#include <poll.h>

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "capture/source.hpp"

namespace pt::capture {

struct LiveOptions {
  std::vector<std::string> interfaces;  // at least one
  std::string filter;                   // BPF; empty = everything
  int snaplen = 262144;
  bool promiscuous = true;
  bool immediate = true;               // deliver each packet at once (a live dashboard wants this)
  int buffer_size = 16 * 1024 * 1024;  // kernel ring buffer in bytes; 0 = libpcap's default
  std::chrono::milliseconds read_timeout{100};
};

class LiveSource final : public Source {
 public:
  // Opens and activates every interface; throws CaptureError naming the interface and the
  // remedy (no such device, no permission, interface down, bad filter).
  explicit LiveSource(LiveOptions options);
  ~LiveSource() override;

  ReadStatus next(packet::Frame& frame) override;
  [[nodiscard]] const std::string& error() const override { return error_; }
  [[nodiscard]] std::string description() const override;
  [[nodiscard]] bool is_live() const override { return true; }
  [[nodiscard]] CaptureCounters counters() const override;
  void interrupt() override;

 private:
  struct Handle {
    pcap_t* pcap = nullptr;
    std::string name;
    int link_type = 0;
    int fd = -1;
    pcap_stat last_stats{};
  };

  void open(const std::string& name);
  bool read_ready(packet::Frame& frame);
  void refresh_counters();

  LiveOptions options_;
  std::vector<Handle> handles_;
  std::size_t next_handle_ = 0;
  std::vector<pollfd> poll_fds_;  // every handle, then the wake eventfd
  std::uint32_t frames_since_check_ = 0;
  int wake_fd_ = -1;
  std::string error_;
  std::atomic<bool> interrupted_{false};
  std::atomic<std::uint64_t> received_{0};
  std::atomic<std::uint64_t> kernel_received_{0};
  std::atomic<std::uint64_t> kernel_dropped_{0};
  std::atomic<std::uint64_t> interface_dropped_{0};
  std::chrono::steady_clock::time_point stats_refreshed_{};
};

}  // namespace pt::capture
