#pragma once
// A routed lab in network namespaces for the trace system tests, built and removed by the test:
//
//   client ──── r1 ──── r2 ──── server          10.0.1.0/24, 10.0.12.0/30, 10.0.2.0/24
//                 \     /                        2001:db8:1::/64, 2001:db8:12::/64, 2001:db8:2::/64
//                   r3                           r1-r3 10.0.13.0/30 / 2001:db8:13::/64,
//                                                r3-r2 10.0.23.0/30 / 2001:db8:23::/64
//
// r3 is idle until reroute_via_r3() points r1's routes to the server through it. ICMP rate
// limits are off in every namespace so back-to-back traces are never throttled. Namespace
// names carry the process id, so parallel runs do not collide.

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

namespace pt::trace::testing {

inline std::string run_command(const std::string& command) {
  std::string output;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return output;
  std::array<char, 512> buffer{};
  while (std::fgets(buffer.data(), static_cast<int>(buffer.size()), pipe) != nullptr) output += buffer.data();
  ::pclose(pipe);
  return output;
}

inline bool run_ok(const std::string& command) { return std::system((command + " >/dev/null 2>&1").c_str()) == 0; }

// Moves the calling thread (and threads it starts later) into a namespace; restores on exit.
class EnterNetns {
 public:
  explicit EnterNetns(const std::string& name) {
    original_ = ::open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    const int target = ::open(("/run/netns/" + name).c_str(), O_RDONLY | O_CLOEXEC);
    if (original_ < 0 || target < 0 || ::setns(target, CLONE_NEWNET) != 0) {
      if (target >= 0) ::close(target);
      throw std::runtime_error("cannot enter network namespace " + name);
    }
    ::close(target);
  }
  ~EnterNetns() {
    if (original_ >= 0) {
      ::setns(original_, CLONE_NEWNET);
      ::close(original_);
    }
  }
  EnterNetns(const EnterNetns&) = delete;
  EnterNetns& operator=(const EnterNetns&) = delete;

 private:
  int original_ = -1;
};

class TraceLab {
 public:
  TraceLab() : prefix_("pttr" + std::to_string(::getpid()) + "-") {}
  ~TraceLab() { remove(); }
  TraceLab(const TraceLab&) = delete;
  TraceLab& operator=(const TraceLab&) = delete;

  [[nodiscard]] std::string ns(const std::string& node) const { return prefix_ + node; }
  [[nodiscard]] std::string exec(const std::string& node, const std::string& command) const {
    return "ip netns exec " + ns(node) + " " + command;
  }

  // Builds the lab; false (with the failing command in error()) when this host cannot.
  bool build() {
    for (const auto* n : {"c", "r1", "r2", "r3", "s"}) {
      if (!sh("ip netns add " + ns(n)) || !sh("ip -n " + ns(n) + " link set lo up")) return false;
      created_.push_back(n);
      // Per-namespace sysctls: forwarding, and no ICMP rate limit (RFC 1812 §4.3.2.8 allows
      // limiting; a test that traces back to back must not be throttled).
      sh(exec(n,
              "sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 net.ipv4.icmp_ratelimit=0 "
              "net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0 "
              "net.ipv6.icmp.ratelimit=0 net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0"));
    }
    return link("c", "eth0", "10.0.1.2/24", "2001:db8:1::2/64", "r1", "eth0", "10.0.1.1/24", "2001:db8:1::1/64") &&
           link("r1", "eth1", "10.0.12.1/30", "2001:db8:12::1/64", "r2", "eth0", "10.0.12.2/30", "2001:db8:12::2/64") &&
           link("r2", "eth1", "10.0.2.1/24", "2001:db8:2::1/64", "s", "eth0", "10.0.2.2/24", "2001:db8:2::2/64") &&
           link("r1", "eth2", "10.0.13.1/30", "2001:db8:13::1/64", "r3", "eth0", "10.0.13.2/30", "2001:db8:13::2/64") &&
           link("r3", "eth1", "10.0.23.1/30", "2001:db8:23::1/64", "r2", "eth2", "10.0.23.2/30", "2001:db8:23::2/64") &&
           routes() && ready();
  }

  // Sends r1's traffic for the server's networks through r3 (r3 forwards to r2).
  bool reroute_via_r3() {
    return sh("ip -n " + ns("r1") + " route replace 10.0.2.0/24 via 10.0.13.2") &&
           sh("ip -n " + ns("r1") + " -6 route replace 2001:db8:2::/64 via 2001:db8:13::2");
  }
  bool route_direct() {
    return sh("ip -n " + ns("r1") + " route replace 10.0.2.0/24 via 10.0.12.2") &&
           sh("ip -n " + ns("r1") + " -6 route replace 2001:db8:2::/64 via 2001:db8:12::2");
  }

  [[nodiscard]] const std::string& error() const { return error_; }

  void remove() {
    for (const auto& n : created_) run_ok("ip netns del " + ns(n));
    created_.clear();
  }

 private:
  bool sh(const std::string& command) {
    if (run_ok(command)) return true;
    error_ = command;
    return false;
  }

  bool link(const std::string& a, const std::string& a_if, const std::string& a4, const std::string& a6,
            const std::string& b, const std::string& b_if, const std::string& b4, const std::string& b6) {
    return sh("ip link add " + a_if + " netns " + ns(a) + " type veth peer name " + b_if + " netns " + ns(b)) &&
           addr(a, a_if, a4, a6) && addr(b, b_if, b4, b6);
  }
  bool addr(const std::string& n, const std::string& dev, const std::string& v4, const std::string& v6) {
    // nodad: the address is usable at once instead of after duplicate address detection.
    return sh("ip -n " + ns(n) + " addr add " + v4 + " dev " + dev) &&
           sh("ip -n " + ns(n) + " addr add " + v6 + " dev " + dev + " nodad") &&
           sh("ip -n " + ns(n) + " link set " + dev + " up");
  }
  // Neighbour discovery and address setup finish before a test traces: the client must reach the
  // server over both families (polled, up to ~10 s).
  bool ready() {
    for (int i = 0; i < 20; ++i) {
      if (run_ok(exec("c", "ping -c 1 -W 1 10.0.2.2")) && run_ok(exec("c", "ping -6 -c 1 -W 1 2001:db8:2::2"))) {
        return true;
      }
      ::usleep(200'000);
    }
    error_ = "the server does not answer ping from the client";
    return false;
  }

  bool routes() {
    const auto r = [&](const std::string& n, const std::string& spec) { return sh("ip -n " + ns(n) + " " + spec); };
    return r("c", "route add default via 10.0.1.1") && r("c", "-6 route add default via 2001:db8:1::1") &&
           r("s", "route add default via 10.0.2.1") && r("s", "-6 route add default via 2001:db8:2::1") &&
           r("r1", "route add 10.0.2.0/24 via 10.0.12.2") &&
           r("r1", "-6 route add 2001:db8:2::/64 via 2001:db8:12::2") &&
           r("r1", "route add 10.0.23.0/30 via 10.0.13.2") &&
           r("r1", "-6 route add 2001:db8:23::/64 via 2001:db8:13::2") && r("r2", "route add default via 10.0.12.1") &&
           r("r2", "-6 route add default via 2001:db8:12::1") && r("r3", "route add 10.0.2.0/24 via 10.0.23.2") &&
           r("r3", "-6 route add 2001:db8:2::/64 via 2001:db8:23::2") && r("r3", "route add default via 10.0.13.1") &&
           r("r3", "-6 route add default via 2001:db8:13::1");
  }

  std::string prefix_;
  std::vector<std::string> created_;
  std::string error_;
};

// The hop addresses `traceroute -n -q 1` prints ("*" for a silent hop).
inline std::vector<std::string> parse_traceroute_hops(const std::string& output) {
  std::vector<std::string> hops;
  std::size_t pos = 0;
  while (pos < output.size()) {
    auto end = output.find('\n', pos);
    if (end == std::string::npos) end = output.size();
    const std::string line = output.substr(pos, end - pos);
    pos = end + 1;
    char address[64] = {};
    int hop = 0;
    if (std::sscanf(line.c_str(), " %d %63s", &hop, address) == 2) hops.emplace_back(address);
  }
  return hops;
}

}  // namespace pt::trace::testing
