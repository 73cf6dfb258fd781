#include "capture/live_source.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "capture/bpf_filter.hpp"

namespace pt::capture {
namespace {

constexpr auto kStatsInterval = std::chrono::milliseconds(500);

std::string permission_hint() {
  return "run as root, or grant the binary the capture capabilities: "
         "sudo setcap cap_net_raw,cap_net_admin+eip build/release/packettracer";
}

[[noreturn]] void throw_activate_error(pcap_t* p, const std::string& name, int rc) {
  std::string detail = pcap_geterr(p);
  pcap_close(p);
  switch (rc) {
    case PCAP_ERROR_NO_SUCH_DEVICE:
      throw CaptureError(CaptureErrorKind::NoSuchDevice,
                         "no such interface '" + name + "' (packettracer --list shows the interfaces)");
    case PCAP_ERROR_PERM_DENIED:
    case PCAP_ERROR_PROMISC_PERM_DENIED:
      throw CaptureError(CaptureErrorKind::PermissionDenied,
                         "no permission to capture on '" + name + "': " + permission_hint());
    case PCAP_ERROR_IFACE_NOT_UP:
      throw CaptureError(CaptureErrorKind::InterfaceDown,
                         "interface '" + name + "' is down (ip link set " + name + " up)");
    default: throw CaptureError(CaptureErrorKind::Other, "cannot capture on '" + name + "': " + detail);
  }
}

}  // namespace

LiveSource::LiveSource(LiveOptions options) : options_(std::move(options)) {
  if (options_.interfaces.empty()) throw CaptureError(CaptureErrorKind::NoSuchDevice, "no interface to capture on");
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  try {
    for (const auto& name : options_.interfaces) open(name);
  } catch (...) {
    for (auto& h : handles_) pcap_close(h.pcap);
    if (wake_fd_ >= 0) ::close(wake_fd_);
    throw;
  }
  for (const auto& h : handles_) poll_fds_.push_back({h.fd, POLLIN, 0});
  poll_fds_.push_back({wake_fd_, POLLIN, 0});
  stats_refreshed_ = std::chrono::steady_clock::now();
}

LiveSource::~LiveSource() {
  for (auto& h : handles_) pcap_close(h.pcap);
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

void LiveSource::open(const std::string& name) {
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  pcap_t* p = pcap_create(name.c_str(), errbuf);
  if (p == nullptr) throw CaptureError(CaptureErrorKind::Other, "cannot capture on '" + name + "': " + errbuf);
  pcap_set_snaplen(p, options_.snaplen);
  pcap_set_promisc(p, options_.promiscuous ? 1 : 0);
  pcap_set_timeout(p, static_cast<int>(options_.read_timeout.count()));
  pcap_set_immediate_mode(p, options_.immediate ? 1 : 0);
  if (options_.buffer_size > 0) pcap_set_buffer_size(p, options_.buffer_size);
  pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO);  // falls back to micro if unsupported
  const int rc = pcap_activate(p);
  if (rc < 0) throw_activate_error(p, name, rc);
  Handle h;
  h.pcap = p;
  h.name = name;
  h.link_type = pcap_datalink(p);
  try {
    apply_bpf_filter(p, options_.filter);
  } catch (...) {
    pcap_close(p);
    throw;
  }
  if (pcap_setnonblock(p, 1, errbuf) != 0) {
    pcap_close(p);
    throw CaptureError(CaptureErrorKind::Other, "cannot capture on '" + name + "': " + errbuf);
  }
  h.fd = pcap_get_selectable_fd(p);
  handles_.push_back(h);
}

bool LiveSource::read_ready(packet::Frame& frame) {
  for (std::size_t tried = 0; tried < handles_.size(); ++tried) {
    auto& h = handles_[next_handle_];
    next_handle_ = (next_handle_ + 1) % handles_.size();
    pcap_pkthdr* header = nullptr;
    const u_char* data = nullptr;
    const int rc = pcap_next_ex(h.pcap, &header, &data);
    if (rc == 1) {
      const bool nano = pcap_get_tstamp_precision(h.pcap) == PCAP_TSTAMP_PRECISION_NANO;
      const std::int64_t frac = nano ? header->ts.tv_usec : std::int64_t{header->ts.tv_usec} * 1000;
      frame.timestamp = util::from_unix_nanos(std::int64_t{header->ts.tv_sec} * 1'000'000'000 + frac);
      frame.wire_length = header->len;
      frame.link_type = h.link_type;
      frame.data = {data, header->caplen};
      received_.fetch_add(1, std::memory_order_relaxed);
      return true;
    }
    if (rc < 0 && rc != PCAP_ERROR_BREAK) {
      error_ = "capture on '" + h.name + "' failed: " + pcap_geterr(h.pcap);
      interrupted_.store(true);
      return false;
    }
  }
  return false;
}

ReadStatus LiveSource::next(packet::Frame& frame) {
  // Checking the clock every 1024 frames keeps the counters fresh at ~zero cost per packet.
  if ((++frames_since_check_ & 1023U) == 0 && std::chrono::steady_clock::now() - stats_refreshed_ >= kStatsInterval) {
    refresh_counters();
  }
  for (;;) {
    if (interrupted_.load(std::memory_order_relaxed)) {
      // The report reads the kernel counters after the last call: make them final rather than
      // as old as the last idle timeout (under steady traffic that can predate all of it).
      refresh_counters();
      return error_.empty() ? ReadStatus::End : ReadStatus::Error;
    }
    if (read_ready(frame)) return ReadStatus::Frame;
    if (!error_.empty()) return ReadStatus::Error;
    auto& fds = poll_fds_;
    for (auto& f : fds) f.revents = 0;
    const int ready = ::poll(fds.data(), fds.size(), static_cast<int>(options_.read_timeout.count()));
    if (ready < 0 && errno != EINTR) {
      error_ = std::string("poll on the capture handles failed: ") + std::strerror(errno);
      return ReadStatus::Error;
    }
    if (fds.back().revents != 0) {
      refresh_counters();
      return ReadStatus::End;
    }
    if (ready == 0) {
      refresh_counters();
      return ReadStatus::Timeout;
    }
  }
}

void LiveSource::interrupt() {
  interrupted_.store(true, std::memory_order_relaxed);
  const std::uint64_t one = 1;
  if (wake_fd_ >= 0) [[maybe_unused]]
    auto n = ::write(wake_fd_, &one, sizeof one);
}

void LiveSource::refresh_counters() {
  std::uint64_t recv = 0;
  std::uint64_t drop = 0;
  std::uint64_t ifdrop = 0;
  for (auto& h : handles_) {
    pcap_stat s{};
    if (pcap_stats(h.pcap, &s) == 0) h.last_stats = s;
    recv += h.last_stats.ps_recv;
    drop += h.last_stats.ps_drop;
    ifdrop += h.last_stats.ps_ifdrop;
  }
  kernel_received_.store(recv, std::memory_order_relaxed);
  kernel_dropped_.store(drop, std::memory_order_relaxed);
  interface_dropped_.store(ifdrop, std::memory_order_relaxed);
  stats_refreshed_ = std::chrono::steady_clock::now();
}

std::string LiveSource::description() const {
  std::string text;
  for (const auto& h : handles_) {
    if (!text.empty()) text += '+';
    text += h.name;
  }
  return text;
}

CaptureCounters LiveSource::counters() const {
  CaptureCounters c;
  c.received = received_.load(std::memory_order_relaxed);
  c.kernel_received = kernel_received_.load(std::memory_order_relaxed);
  c.kernel_dropped = kernel_dropped_.load(std::memory_order_relaxed);
  c.interface_dropped = interface_dropped_.load(std::memory_order_relaxed);
  return c;
}

}  // namespace pt::capture
