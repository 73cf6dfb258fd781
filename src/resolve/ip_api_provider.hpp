#pragma once
// Optional online geo provider (off by default): ip-api.com's HTTP batch endpoint through
// libcurl, on a thread of its own. Addresses are gathered into batches of up to 100 and sent
// within GEO_API_RATE_LIMIT (45 requests per minute, token bucket); the server's own X-Rl/X-Ttl
// headers and HTTP 429 pause it further.
//
// Its own traffic must not show up in the capture (the spec's "API traffic filtering"):
// prepare() resolves the endpoint's host once and pins libcurl to exactly those addresses
// (CURLOPT_RESOLVE), and capture_exclusion_filter() gives the BPF clause that drops them.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "resolve/geo_info.hpp"
#include "resolve/lookup_state.hpp"
#include "util/bounded_queue.hpp"
#include "util/ip_address.hpp"

namespace pt::resolve {

struct IpApiConfig {
  std::string url = "http://ip-api.com/batch";
  double requests_per_minute = 45;  // GEO_API_RATE_LIMIT
  std::size_t batch_size = 100;     // the endpoint's maximum
  std::chrono::milliseconds timeout{5000};
  std::chrono::milliseconds gather{250};  // wait this long for more addresses before sending
  std::size_t queue_capacity = 1024;
};

struct IpApiResult {
  util::IpAddress address;
  FailureReason failure = FailureReason::None;
  GeoInfo geo;
};

struct IpApiStats {
  std::uint64_t requests = 0;
  std::uint64_t answered = 0;   // addresses with a result
  std::uint64_t failed = 0;     // addresses whose request failed
  std::uint64_t throttled = 0;  // times the server said "slow down"
  std::uint64_t dropped = 0;
  std::size_t queued = 0;
};

class IpApiProvider {
 public:
  using Callback = std::function<void(const IpApiResult&)>;

  IpApiProvider(IpApiConfig config, Callback on_result);
  ~IpApiProvider();
  IpApiProvider(const IpApiProvider&) = delete;
  IpApiProvider& operator=(const IpApiProvider&) = delete;

  // Blocking (one name lookup): call at start-up, before the capture opens. Returns an error
  // text (bad URL, host does not resolve), empty on success.
  std::string prepare();
  void start();
  void stop();
  // Never blocks; false when the queue is full, the provider is stopped or not prepared.
  bool submit(const util::IpAddress& address);

  // "not (tcp and (host 208.95.112.1) and port 80)"; empty before prepare() succeeded.
  [[nodiscard]] std::string capture_exclusion_filter() const;
  [[nodiscard]] const std::vector<util::IpAddress>& endpoint_addresses() const { return addresses_; }
  [[nodiscard]] std::uint16_t endpoint_port() const { return port_; }
  [[nodiscard]] IpApiStats stats() const;

 private:
  void run();
  void send_batch(std::vector<util::IpAddress>& batch);

  IpApiConfig config_;
  Callback on_result_;
  util::BoundedQueue<util::IpAddress> queue_;
  std::string host_;
  std::uint16_t port_ = 0;
  std::vector<util::IpAddress> addresses_;
  std::string pinned_;  // CURLOPT_RESOLVE entry "host:port:addr,addr"
  std::atomic<bool> stopping_{false};
  std::atomic<std::uint64_t> requests_{0}, answered_{0}, failed_{0}, throttled_{0};
  std::chrono::steady_clock::time_point blocked_until_{};
  std::thread thread_;
};

}  // namespace pt::resolve
