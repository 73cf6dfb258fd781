#pragma once
// Reverse DNS (PTR) for IPv4 and IPv6 with c-ares on one thread of its own. Callers submit
// addresses and never wait: submit() only enqueues (a full queue refuses and counts the drop);
// the thread keeps at most max_in_flight queries outstanding and hands each outcome to the
// callback, on the resolver thread. ares_query + ares_parse_ptr_reply (not ares_gethostbyaddr)
// keep "no PTR" (NXDOMAIN, NODATA) apart from "resolver down" (refused, timeout, SERVFAIL).

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "resolve/lookup_state.hpp"
#include "util/bounded_queue.hpp"
#include "util/ip_address.hpp"

namespace pt::resolve {

struct ReverseDnsConfig {
  // "127.0.0.1:5353,[::1]:53" (c-ares CSV form); empty = the system's /etc/resolv.conf.
  std::string servers;
  std::chrono::milliseconds timeout{1000};  // DNS_TIMEOUT
  int tries = 1;
  std::size_t max_in_flight = 32;
  std::size_t queue_capacity = 1024;
};

struct PtrResult {
  util::IpAddress address;
  FailureReason failure = FailureReason::None;  // None = found; NoRecord = negative answer
  std::string name;                             // raw PTR target as c-ares decoded it (sanitize before use)
};

class ResolveError : public std::runtime_error {
 public:
  enum class Kind : std::uint8_t { Init, BadServers };
  ResolveError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  [[nodiscard]] Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

struct ReverseDnsStats {
  std::uint64_t submitted = 0;
  std::uint64_t completed = 0;
  std::uint64_t dropped = 0;  // refused at submit (queue full or stopped)
  std::size_t queued = 0;
  std::size_t in_flight = 0;
};

class ReverseDns {
 public:
  using Callback = std::function<void(const PtrResult&)>;

  // Throws ResolveError when c-ares cannot start or the server list does not parse.
  ReverseDns(const ReverseDnsConfig& config, Callback on_result);
  ~ReverseDns();
  ReverseDns(const ReverseDns&) = delete;
  ReverseDns& operator=(const ReverseDns&) = delete;

  // Never blocks: false when the queue is full or the resolver stopped.
  bool submit(const util::IpAddress& address);
  // Stops the thread; queries still outstanding are abandoned without a callback.
  void stop();
  [[nodiscard]] ReverseDnsStats stats() const;

 private:
  struct Channel;
  void run();
  void launch_queued();

  ReverseDnsConfig config_;
  Callback on_result_;
  std::unique_ptr<Channel> channel_;
  util::BoundedQueue<util::IpAddress> queue_;
  int wake_fd_ = -1;
  std::atomic<bool> stopping_{false};
  std::atomic<std::uint64_t> submitted_{0};
  std::atomic<std::uint64_t> completed_{0};
  std::atomic<std::size_t> in_flight_{0};
  std::thread thread_;
};

}  // namespace pt::resolve
