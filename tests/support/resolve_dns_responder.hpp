#pragma once
// A tiny authoritative DNS responder on 127.0.0.1 (UDP, ephemeral port) for reverse-DNS tests:
// answers PTR queries from a table, NXDOMAIN for unknown names, optionally after a delay (the
// "slow server"), and serves PTR targets with arbitrary bytes in their labels (terminal escape
// sequences) that a real server would refuse to load. RFC 1035 §4.1 wire format.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace pt::test {

class DnsResponder {
 public:
  DnsResponder();
  ~DnsResponder();
  DnsResponder(const DnsResponder&) = delete;
  DnsResponder& operator=(const DnsResponder&) = delete;

  // qname like "8.8.8.8.in-addr.arpa" -> PTR target; labels split at '.', bytes taken as they are.
  void add_ptr(const std::string& qname, const std::string& target);
  // Every answer is held back this long (0 = answer at once).
  void set_delay(std::chrono::milliseconds delay) { delay_ms_.store(delay.count()); }
  [[nodiscard]] std::uint16_t port() const { return port_; }
  [[nodiscard]] std::string server() const { return "127.0.0.1:" + std::to_string(port_); }
  [[nodiscard]] int queries() const { return queries_.load(); }

 private:
  void run();
  std::string answer(const std::string& query);

  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::mutex mutex_;
  std::map<std::string, std::string> ptr_;
  std::atomic<long> delay_ms_{0};
  std::atomic<int> queries_{0};
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// A UDP port on 127.0.0.1 with nothing listening (bound, read, closed): the "dead server".
std::uint16_t unused_udp_port();

}  // namespace pt::test
