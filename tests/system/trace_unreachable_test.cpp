// Silence in the namespace lab: a router that drops its ICMP errors, a destination routed into a
// black hole, and a router that answers "prohibited". Each trace ends on time with "*" hops (or
// the router's unreachable mark) and never hangs.

#include <gtest/gtest.h>
#include <unistd.h>

#include "system/trace_topology.hpp"
#include "trace/prober.hpp"
#include "trace/raw_socket_transport.hpp"

namespace pt::trace {
namespace {

using namespace std::chrono_literals;
using testing::EnterNetns;
using testing::TraceLab;

class TraceSilence : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "network namespaces need root";
    if (testing::run_command("command -v nft").empty())
      GTEST_SKIP() << "nft is not installed (scripts/install-deps.sh)";
    if (!lab_.build()) GTEST_SKIP() << "could not build the namespace lab: " << lab_.error();
  }

  struct Outcome {
    TraceResult result;
    std::chrono::steady_clock::duration took;
    std::vector<std::string> hops;
  };

  Outcome trace(ProbeProtocol protocol, const char* target, std::uint8_t max_hops) {
    EnterNetns inside(lab_.ns("c"));
    RawSocketTransport transport;
    ProbeConfig config;
    config.protocol = protocol;
    config.max_hops = max_hops;
    config.probe_timeout = 500ms;
    Prober prober(transport, config);
    const auto begin = std::chrono::steady_clock::now();
    Outcome o{prober.run(*util::IpAddress::parse(target), util::wall_clock_now()), {}, {}};
    o.took = std::chrono::steady_clock::now() - begin;
    for (const auto& h : o.result.hops) o.hops.push_back(h.primary() ? h.primary()->address.to_string() : "*");
    return o;
  }

  // The longest a trace may take: probes go out max_in_flight at a time, each waits at most one
  // timeout, plus a second of slack for a loaded CI machine.
  static std::chrono::milliseconds bound(std::size_t probes) {
    return 500ms * static_cast<long>((probes + 15) / 16) + 1000ms;
  }

  TraceLab lab_;
};

TEST_F(TraceSilence, RouterThatDropsIcmpIsAStarHop) {
  ASSERT_TRUE(testing::run_ok(lab_.exec("r2", "nft add table inet pt")));
  ASSERT_TRUE(testing::run_ok(lab_.exec("r2", "nft add chain inet pt out '{ type filter hook output priority 0; }'")));
  ASSERT_TRUE(testing::run_ok(lab_.exec("r2", "nft add rule inet pt out icmp type time-exceeded drop")));
  ASSERT_TRUE(testing::run_ok(lab_.exec("r2", "nft add rule inet pt out icmpv6 type time-exceeded drop")));
  for (auto protocol : {ProbeProtocol::Icmp, ProbeProtocol::Udp, ProbeProtocol::Tcp}) {
    const auto v4 = trace(protocol, "10.0.2.2", 10);
    EXPECT_EQ(v4.result.status, TraceStatus::Reached) << to_string(protocol);
    EXPECT_EQ(v4.hops, (std::vector<std::string>{"10.0.1.1", "*", "10.0.2.2"})) << to_string(protocol);
    EXPECT_EQ(v4.result.hops[1].stats().loss_percent, 100.0);
    EXPECT_LE(v4.took, 500ms + 1000ms) << "one timeout for the silent hop";
    const auto v6 = trace(protocol, "2001:db8:2::2", 10);
    EXPECT_EQ(v6.hops, (std::vector<std::string>{"2001:db8:1::1", "*", "2001:db8:2::2"})) << to_string(protocol);
  }
  // traceroute agrees on the silent hop.
  const auto theirs =
      testing::parse_traceroute_hops(testing::run_command(lab_.exec("c", "traceroute -n -q 1 -w 1 -m 10 -I 10.0.2.2")));
  EXPECT_EQ(theirs, (std::vector<std::string>{"10.0.1.1", "*", "10.0.2.2"}));
}

TEST_F(TraceSilence, BlackholedDestinationGivesStarsToMaxHopsOnTime) {
  ASSERT_TRUE(testing::run_ok("ip -n " + lab_.ns("r2") + " route add blackhole 10.0.99.0/24"));
  ASSERT_TRUE(testing::run_ok("ip -n " + lab_.ns("r1") + " route add 10.0.99.0/24 via 10.0.12.2"));
  ASSERT_TRUE(testing::run_ok("ip -n " + lab_.ns("r2") + " -6 route add blackhole 2001:db8:99::/64"));
  ASSERT_TRUE(testing::run_ok("ip -n " + lab_.ns("r1") + " -6 route add 2001:db8:99::/64 via 2001:db8:12::2"));
  for (const auto* target : {"10.0.99.1", "2001:db8:99::1"}) {
    for (auto protocol : {ProbeProtocol::Icmp, ProbeProtocol::Udp, ProbeProtocol::Tcp}) {
      const auto o = trace(protocol, target, 30);
      EXPECT_EQ(o.result.status, TraceStatus::NotReached) << target << " " << to_string(protocol);
      ASSERT_EQ(o.hops.size(), 30U);
      EXPECT_NE(o.hops[0], "*") << "r1 answers";
      for (std::size_t i = 1; i < o.hops.size(); ++i) EXPECT_EQ(o.hops[i], "*") << "hop " << i + 1;
      EXPECT_LE(o.took, bound(90)) << target << " " << to_string(protocol);
    }
  }
}

TEST_F(TraceSilence, ProhibitedRouteEndsTheTraceAtTheRouter) {
  ASSERT_TRUE(testing::run_ok("ip -n " + lab_.ns("r2") + " route add prohibit 10.0.98.0/24"));
  ASSERT_TRUE(testing::run_ok("ip -n " + lab_.ns("r1") + " route add 10.0.98.0/24 via 10.0.12.2"));
  const auto o = trace(ProbeProtocol::Udp, "10.0.98.1", 30);
  EXPECT_EQ(o.result.status, TraceStatus::Unreachable);
  EXPECT_EQ(o.hops, (std::vector<std::string>{"10.0.1.1", "10.0.12.2"}));
  EXPECT_TRUE(o.result.hops[1].unreachable);
  EXPECT_LE(o.took, 1000ms);
}

}  // namespace
}  // namespace pt::trace
