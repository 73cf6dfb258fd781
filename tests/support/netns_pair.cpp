#include "support/netns_pair.hpp"

#include <unistd.h>

#include <chrono>

namespace pt::test {

std::string netns_unavailable_reason() {
  if (::geteuid() != 0) return "needs root (network namespaces, veth, raw capture)";
  if (find_program("ip").empty()) return "needs the ip command (iproute2)";
  return {};
}

// The process id keeps parallel runs apart; the clock keeps labs of one process apart.
NetnsPair::NetnsPair()
    : prefix_("ptst" + std::to_string(::getpid()) + "-" +
              std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() % 1'000'000'000)) {}

NetnsPair::~NetnsPair() { remove(); }

void NetnsPair::remove() {
  for (const auto& name : created_) run_process({"ip", "netns", "del", name}, std::chrono::seconds(30));
  created_.clear();
}

bool NetnsPair::step(const std::vector<std::string>& argv) {
  const auto r = run_process(argv, std::chrono::seconds(30));
  if (r.exited(0)) return true;
  std::string text;
  for (const auto& a : argv) text += (text.empty() ? "" : " ") + a;
  error_ = text + ": " + r.status() + " " + r.err;
  return false;
}

std::vector<std::string> NetnsPair::in(Side side, std::vector<std::string> argv) const {
  std::vector<std::string> full{"ip", "netns", "exec", ns(side)};
  full.insert(full.end(), argv.begin(), argv.end());
  return full;
}

ProcessResult NetnsPair::run(Side side, const std::vector<std::string>& argv, std::chrono::milliseconds timeout) const {
  return run_process(in(side, argv), timeout);
}

bool NetnsPair::link_up(Side side) const {
  const auto r = run(side, {"ip", "-o", "link", "show", "dev", interface(side)}, std::chrono::seconds(10));
  return r.exited(0) && r.out.find("state UP") != std::string::npos && r.out.find("LOWER_UP") != std::string::npos;
}

bool NetnsPair::build(const NetnsOptions& options) {
  for (const Side side : {Side::A, Side::B}) {
    if (!step({"ip", "netns", "add", ns(side)})) return false;
    created_.push_back(ns(side));
    if (!step(in(side, {"ip", "link", "set", "lo", "up"}))) return false;
    const std::string v6 = options.ipv6 ? "0" : "1";
    if (!step(in(side, {"sysctl", "-qw", "net.ipv4.icmp_ratelimit=0", "net.ipv6.icmp.ratelimit=0",
                        "net.ipv6.conf.all.disable_ipv6=" + v6, "net.ipv6.conf.default.disable_ipv6=" + v6}))) {
      return false;
    }
  }
  if (!step({"ip", "link", "add", interface(Side::A), "netns", ns(Side::A), "type", "veth", "peer", "name",
             interface(Side::B), "netns", ns(Side::B)})) {
    return false;
  }
  for (const Side side : {Side::A, Side::B}) {
    if (!step(in(side,
                 {"ip", "addr", "add", address(side) + "/" + std::to_string(kPrefixLength), "dev", interface(side)})) ||
        !step(in(side, {"ip", "link", "set", interface(side), "up"}))) {
      return false;
    }
  }
  // The carrier comes up a moment after both ends are set up.
  if (!wait_until([&] { return link_up(Side::A) && link_up(Side::B); }, std::chrono::seconds(20),
                  std::chrono::milliseconds(50))) {
    error_ = "the veth pair did not come up";
    return false;
  }
  return true;
}

bool NetnsPair::wait_listening(Side side, bool udp, int port, std::chrono::milliseconds timeout) const {
  const std::string filter = "sport = :" + std::to_string(port);
  return wait_until(
      [&] {
        const auto r = run(side, {"ss", "-Hln", udp ? "-u" : "-t", filter}, std::chrono::seconds(10));
        return r.exited(0) && !r.out.empty();
      },
      timeout, std::chrono::milliseconds(50));
}

}  // namespace pt::test
