#include "trace/prober.hpp"

#include <gtest/gtest.h>

#include "trace/testing/simulated_network.hpp"
#include "trace/trace_error.hpp"

namespace pt::trace {
namespace {

using testing::SimulatedHop;
using testing::SimulatedNetwork;
using namespace std::chrono_literals;

const util::Timestamp kStart = util::from_unix_seconds(1'700'000'000.0);

std::vector<std::string> addresses(const TraceResult& r) {
  std::vector<std::string> out;
  for (const auto& h : r.hops) out.push_back(h.primary() ? h.primary()->address.to_string() : "*");
  return out;
}

struct Case {
  ProbeProtocol protocol;
  bool v6;
};

class ProberPath : public ::testing::TestWithParam<Case> {};

TEST_P(ProberPath, FollowsTheSimulatedPathToTheTarget) {
  const auto [protocol, v6] = GetParam();
  const std::string src = v6 ? "2001:db8:1::2" : "10.0.1.2";
  const std::string r1 = v6 ? "2001:db8:1::1" : "10.0.1.1";
  const std::string r2 = v6 ? "2001:db8:12::2" : "10.0.12.2";
  const std::string dst = v6 ? "2001:db8:2::2" : "10.0.2.2";
  SimulatedNetwork net(src, dst, {{r1, 1000us}, {r2, 2000us}});
  ProbeConfig config;
  config.protocol = protocol;
  Prober prober(net, config);
  const auto r = prober.run(*util::IpAddress::parse(dst), kStart);

  EXPECT_EQ(r.status, TraceStatus::Reached);
  EXPECT_EQ(addresses(r), (std::vector<std::string>{r1, r2, dst}));
  for (const auto& hop : r.hops) {
    const auto s = hop.stats();
    EXPECT_EQ(s.sent, 3U);
    EXPECT_EQ(s.received, 3U);
    EXPECT_EQ(s.loss_percent, 0.0);
  }
  EXPECT_EQ(*r.hops[0].stats().average, 1000us);
  EXPECT_EQ(*r.hops[1].stats().best, 2000us);
  EXPECT_EQ(*r.hops[2].stats().worst, 3000us);
  EXPECT_EQ(r.started, kStart);
  EXPECT_GT(r.finished, kStart);
  EXPECT_EQ(net.open_flows(), 0) << "the flow is released";
  // No probe went out beyond the target's TTL once it had answered... except those already in
  // flight: at most max_in_flight probes in all went out before the first answer.
  for (const auto& s : net.sent()) EXPECT_LE(s.probe.ttl.value, 30);
}

INSTANTIATE_TEST_SUITE_P(AllProtocols, ProberPath,
                         ::testing::Values(Case{ProbeProtocol::Icmp, false}, Case{ProbeProtocol::Udp, false},
                                           Case{ProbeProtocol::Tcp, false}, Case{ProbeProtocol::Icmp, true},
                                           Case{ProbeProtocol::Udp, true}, Case{ProbeProtocol::Tcp, true}));

TEST(Prober, ASilentRouterIsAStarHopAndTheTraceGoesOn) {
  SimulatedNetwork net("10.0.1.2", "10.0.2.2", {{"10.0.1.1"}, {"10.0.12.2", 1000us, true}});
  ProbeConfig config;
  config.probe_timeout = 500ms;
  Prober prober(net, config);
  const auto r = prober.run(*util::IpAddress::parse("10.0.2.2"), kStart);
  EXPECT_EQ(r.status, TraceStatus::Reached);
  EXPECT_EQ(addresses(r), (std::vector<std::string>{"10.0.1.1", "*", "10.0.2.2"}));
  EXPECT_EQ(r.hops[1].stats().loss_percent, 100.0);
  EXPECT_FALSE(r.hops[1].stats().average);
  EXPECT_LE(r.finished - r.started, 600ms) << "one timeout, not one per probe";
}

TEST(Prober, ASilentTargetGivesThirtyHopsOnTime) {
  SimulatedNetwork net("10.0.1.2", "10.0.9.9", {{"10.0.1.1"}, {"10.0.12.2"}});
  net.set_target_silent(true);
  ProbeConfig config;
  config.probe_timeout = 1s;
  Prober prober(net, config);
  const auto r = prober.run(*util::IpAddress::parse("10.0.9.9"), kStart);
  EXPECT_EQ(r.status, TraceStatus::NotReached);
  ASSERT_EQ(r.hops.size(), 30U);
  EXPECT_EQ(r.hops.back().stats().loss_percent, 100.0);
  EXPECT_EQ(net.sent().size(), 90U);
  // 90 probes, 16 in flight, 1 s each: at most ceil(90 / 16) = 6 timeouts one after another.
  EXPECT_LE(r.finished - r.started, 6s + 10ms);
}

TEST(Prober, RouterUnreachableEndsTheTrace) {
  SimulatedNetwork net("10.0.1.2", "10.0.2.2", {{"10.0.1.1"}, {"10.0.12.2", 1000us, false, true}});
  Prober prober(net, ProbeConfig{});
  const auto r = prober.run(*util::IpAddress::parse("10.0.2.2"), kStart);
  EXPECT_EQ(r.status, TraceStatus::Unreachable);
  EXPECT_EQ(addresses(r), (std::vector<std::string>{"10.0.1.1", "10.0.12.2"}));
  EXPECT_TRUE(r.hops[1].unreachable);
}

TEST(Prober, ForeignRepliesAreIgnored) {
  SimulatedNetwork net("10.0.1.2", "10.0.2.2", {{"10.0.1.1"}});
  // Another program's echo reply from the target and a stray TCP reset arrive first.
  net.inject(10us, test::ipv4("10.0.2.2", "10.0.1.2", 1, test::icmp(0, 0, 0x0001, 0)), ReadFormat::Ipv4Packet,
             "10.0.2.2");
  net.inject(20us, test::ipv4("10.0.2.2", "10.0.1.2", 6, test::tcp(80, 40000, test::kRst | test::kAck)),
             ReadFormat::Ipv4Packet, "10.0.2.2");
  Prober prober(net, ProbeConfig{});
  const auto r = prober.run(*util::IpAddress::parse("10.0.2.2"), kStart);
  EXPECT_EQ(addresses(r), (std::vector<std::string>{"10.0.1.1", "10.0.2.2"}));
  EXPECT_EQ(r.hops[1].stats().received, 3U);
}

TEST(Prober, RefusedSendsAreLostAtOnce) {
  SimulatedNetwork net("10.0.1.2", "10.0.2.2", {{"10.0.1.1"}});
  net.set_refuse_sends(true);
  Prober prober(net, ProbeConfig{});
  const auto r = prober.run(*util::IpAddress::parse("10.0.2.2"), kStart);
  EXPECT_EQ(r.status, TraceStatus::NotReached);
  EXPECT_EQ(r.hops.size(), 30U);
  EXPECT_EQ(r.finished, r.started) << "nothing to wait for";
}

TEST(Prober, StopRequestCancels) {
  SimulatedNetwork net("10.0.1.2", "10.0.2.2", {{"10.0.1.1"}});
  std::stop_source stop;
  stop.request_stop();
  Prober prober(net, ProbeConfig{});
  const auto r = prober.run(*util::IpAddress::parse("10.0.2.2"), kStart, stop.get_token());
  EXPECT_EQ(r.status, TraceStatus::Cancelled);
  EXPECT_EQ(net.open_flows(), 0);
}

TEST(Prober, OpenFailureIsATypedError) {
  SimulatedNetwork net("10.0.1.2", "10.0.2.2", {{"10.0.1.1"}});
  net.fail_open_with(TraceErrorKind::PermissionDenied);
  Prober prober(net, ProbeConfig{});
  try {
    (void)prober.run(*util::IpAddress::parse("10.0.2.2"), kStart);
    FAIL() << "expected TraceError";
  } catch (const TraceError& e) {
    EXPECT_EQ(e.kind(), TraceErrorKind::PermissionDenied);
  }
}

TEST(Prober, ReportsProgressWhileRunning) {
  SimulatedNetwork net("10.0.1.2", "10.0.2.2", {{"10.0.1.1", 100ms}, {"10.0.12.2", 200ms}});
  net.set_target_rtt(300ms);
  Prober prober(net, ProbeConfig{});
  std::vector<TraceResult> seen;
  const auto r = prober.run(*util::IpAddress::parse("10.0.2.2"), kStart, {},
                            [&](const TraceResult& partial) { seen.push_back(partial); });
  ASSERT_FALSE(seen.empty());
  for (const auto& p : seen) EXPECT_EQ(p.status, TraceStatus::Running);
  EXPECT_EQ(seen.front().hops.front().primary()->address.to_string(), "10.0.1.1");
  EXPECT_EQ(r.status, TraceStatus::Reached);
}

TEST(Prober, InvalidConfigIsRejected) {
  SimulatedNetwork net("10.0.1.2", "10.0.2.2", {});
  ProbeConfig config;
  config.max_hops = 0;
  EXPECT_THROW(Prober(net, config), TraceError);
  config = ProbeConfig{};
  config.probes_per_hop = 11;
  EXPECT_THROW(Prober(net, config), TraceError);
}

}  // namespace
}  // namespace pt::trace
