#pragma once
// Two network namespaces joined by a veth pair, built and removed by a system test:
//
//   <prefix>-a  [veth-a 10.77.0.1/24] ======= [veth-b 10.77.0.2/24]  <prefix>-b
//
// Side A is the client or scanner, side B the server or target where packettracer captures.
// Names carry the process id and a counter, so parallel runs and several labs in one test never
// collide. The destructor deletes both namespaces (their veths and every socket in them go too),
// so a failing assertion leaves nothing behind. ICMP rate limits are off in both namespaces (a
// UDP scan gets an answer for every closed port at once; RFC 1812 §4.3.2.8 allows limiting, the
// test must not depend on it).

#include <chrono>
#include <string>
#include <vector>

#include "support/process_runner.hpp"

namespace pt::test {

enum class Side { A, B };

struct NetnsOptions {
  bool ipv6 = false;  // off: no router solicitations or neighbour discovery in the counts
};

class NetnsPair {
 public:
  NetnsPair();
  ~NetnsPair();
  NetnsPair(const NetnsPair&) = delete;
  NetnsPair& operator=(const NetnsPair&) = delete;

  // Creates the namespaces and the link and waits until both ends are up; false (with the
  // failing step in error()) when this host cannot.
  bool build(const NetnsOptions& options = {});
  void remove();

  [[nodiscard]] const std::string& error() const { return error_; }
  [[nodiscard]] std::string ns(Side side) const { return prefix_ + (side == Side::A ? "-a" : "-b"); }
  [[nodiscard]] static std::string interface(Side side) { return side == Side::A ? "veth-a" : "veth-b"; }
  [[nodiscard]] static std::string address(Side side) { return side == Side::A ? "10.77.0.1" : "10.77.0.2"; }
  static constexpr int kPrefixLength = 24;

  // argv run inside the namespace (`ip netns exec NS argv...`).
  [[nodiscard]] std::vector<std::string> in(Side side, std::vector<std::string> argv) const;
  // Runs a command in the namespace to completion.
  ProcessResult run(Side side, const std::vector<std::string>& argv,
                    std::chrono::milliseconds timeout = std::chrono::seconds(60)) const;
  // Waits until a socket listens on the port in the namespace (`ss -l`), tcp or udp.
  bool wait_listening(Side side, bool udp, int port,
                      std::chrono::milliseconds timeout = std::chrono::seconds(20)) const;

 private:
  bool step(const std::vector<std::string>& argv);
  bool link_up(Side side) const;

  std::string prefix_;
  std::vector<std::string> created_;
  std::string error_;
};

// Root, and the `ip` command: what every namespace test needs. Empty when available, else why not.
std::string netns_unavailable_reason();

}  // namespace pt::test
