#pragma once
// Runs Debian's dnsmasq (dnsmasq-base) in the foreground on 127.0.0.1 and a spare UDP port as an
// authoritative server for the records given (DEPS.md §4). --local=/in-addr.arpa/ and
// --local=/ip6.arpa/ make unknown PTRs answer NXDOMAIN instead of REFUSED (no upstream).
// The destructor stops it and reaps it; if the test process dies first, dnsmasq goes with it.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace pt::test {

class Dnsmasq {
 public:
  // records: dnsmasq options such as "--host-record=router1.lab.test,10.0.1.1" or
  // "--ptr-record=8.8.8.8.in-addr.arpa,dns.google".
  explicit Dnsmasq(const std::vector<std::string>& records,
                   std::chrono::milliseconds start_timeout = std::chrono::seconds(10));
  ~Dnsmasq();
  Dnsmasq(const Dnsmasq&) = delete;
  Dnsmasq& operator=(const Dnsmasq&) = delete;

  [[nodiscard]] bool running() const { return error_.empty(); }
  [[nodiscard]] const std::string& error() const { return error_; }  // why it did not start
  [[nodiscard]] std::string server() const { return "127.0.0.1:" + std::to_string(port_); }

  static bool available();  // dnsmasq is on PATH (or in /usr/sbin)

 private:
  pid_t pid_ = -1;     // the /bin/sh that owns dnsmasq
  int leash_fd_ = -1;  // closing it makes that shell kill dnsmasq
  std::uint16_t port_ = 0;
  std::string error_;
};

}  // namespace pt::test
