// A route change made in the namespace lab (r1 re-routes the server's network through r3) is
// detected by the TraceService over real raw sockets and recorded with the right before and
// after hops, as a change and not as loss.

#include <gtest/gtest.h>
#include <unistd.h>

#include <thread>

#include "system/trace_topology.hpp"
#include "trace/memory_trace_sink.hpp"
#include "trace/raw_socket_transport.hpp"
#include "trace/trace_service.hpp"

namespace pt::trace {
namespace {

using namespace std::chrono_literals;
using testing::EnterNetns;
using testing::TraceLab;

util::IpAddress ip(const char* text) { return *util::IpAddress::parse(text); }

std::vector<util::IpAddress> ips(std::initializer_list<const char*> texts) {
  std::vector<util::IpAddress> out;
  for (const auto* t : texts) out.push_back(ip(t));
  return out;
}

std::shared_ptr<const TraceSnapshot> wait_runs(const TraceService& service, const util::IpAddress& target,
                                               std::uint32_t runs) {
  const auto until = std::chrono::steady_clock::now() + 30s;
  auto s = service.snapshot();
  for (;;) {
    const auto* t = s->find(target);
    if ((t != nullptr && t->phase == TargetPhase::Idle && t->runs >= runs) ||
        std::chrono::steady_clock::now() > until) {
      return s;
    }
    std::this_thread::sleep_for(10ms);
    s = service.snapshot();
  }
}

struct Expect {
  const char* target;
  const char* traceroute_flags;
  std::vector<util::IpAddress> before;
  std::vector<util::IpAddress> after;
  std::vector<HopChange> hops;  // the first change (through r3)
};

std::vector<std::string> texts(const std::vector<util::IpAddress>& hops) {
  std::vector<std::string> out;
  for (const auto& h : hops) out.push_back(h.empty() ? "*" : h.to_string());
  return out;
}

class TraceRouteChange : public ::testing::TestWithParam<ProbeProtocol> {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "network namespaces need root";
    if (!lab_.build()) GTEST_SKIP() << "could not build the namespace lab: " << lab_.error();
  }

  void check(const Expect& e) {
    MemoryTraceSink sink;
    ScopeOnlyAnnotator annotator;
    TraceServiceConfig config;
    config.probe.protocol = GetParam();
    config.probe.max_hops = 8;
    const auto target = ip(e.target);
    std::unique_ptr<TraceService> service;
    {
      EnterNetns inside(lab_.ns("c"));  // the service thread and its sockets live in the client
      service = std::make_unique<TraceService>(config, std::make_unique<RawSocketTransport>(), annotator, sink);
      service->start();
    }
    ASSERT_TRUE(service->request({target, "", TraceOrigin::User, std::nullopt}));
    auto s = wait_runs(*service, target, 1);
    ASSERT_TRUE(s->find(target)->pattern);
    EXPECT_EQ(s->find(target)->pattern->hops, e.before);

    ASSERT_TRUE(lab_.reroute_via_r3());
    ASSERT_TRUE(service->request({target, "", TraceOrigin::User, std::nullopt}));
    s = wait_runs(*service, target, 2);
    const auto* t = s->find(target);
    ASSERT_EQ(t->latest->status, TraceStatus::Reached);
    ASSERT_EQ(t->changes.size(), 1U) << t->pattern->signature();
    const auto& change = t->changes[0];
    EXPECT_EQ(change.before, e.before);
    EXPECT_EQ(change.after, e.after);
    // The system's traceroute sees the same new route.
    EXPECT_EQ(texts(change.after),
              testing::parse_traceroute_hops(testing::run_command(
                  lab_.exec("c", std::string("traceroute -n -q 1 -w 1 -m 8 ") + e.traceroute_flags + " " + e.target))));
    ASSERT_EQ(change.hops.size(), e.hops.size()) << change.summary();
    for (std::size_t i = 0; i < e.hops.size(); ++i) {
      EXPECT_EQ(change.hops[i].kind, e.hops[i].kind) << change.summary();
      EXPECT_EQ(change.hops[i].ttl, e.hops[i].ttl) << change.summary();
      EXPECT_EQ(change.hops[i].before, e.hops[i].before) << change.summary();
      EXPECT_EQ(change.hops[i].after, e.hops[i].after) << change.summary();
    }
    EXPECT_EQ(t->summary.traces, 1U) << "the new route's statistics start with this trace";
    for (const auto& hop : t->summary.hops) EXPECT_EQ(hop.loss_percent(), 0.0) << "a path change is not loss";

    const auto recorded = sink.changes(target);
    ASSERT_EQ(recorded.size(), 1U);
    EXPECT_EQ(recorded[0].after, e.after);
    EXPECT_EQ(sink.patterns(target).size(), 2U);
    EXPECT_EQ(sink.last_pattern(target)->hops, e.after);

    // Back to the direct route: a second change, the first one undone.
    ASSERT_TRUE(lab_.route_direct());
    service->request({target, "", TraceOrigin::User, std::nullopt});
    s = wait_runs(*service, target, 3);
    ASSERT_EQ(s->find(target)->changes.size(), 2U);
    EXPECT_EQ(s->find(target)->changes[1].before, e.after);
    EXPECT_EQ(s->find(target)->changes[1].after, e.before);
    EXPECT_EQ(s->find(target)->changes[1].hops.back().kind, HopChangeKind::Removed);
    service->stop();
  }

  TraceLab lab_;
};

// IPv4 routers answer from the address of the interface towards the client (r2: 10.0.12.2 on
// both routes), so r3 shows as one added hop.
TEST_P(TraceRouteChange, Ipv4) {
  check({"10.0.2.2",
         "-I",
         ips({"10.0.1.1", "10.0.12.2", "10.0.2.2"}),
         ips({"10.0.1.1", "10.0.13.2", "10.0.12.2", "10.0.2.2"}),
         {{HopChangeKind::Added, util::Ttl{2}, {}, ip("10.0.13.2")}}});
}

// Linux answers ICMPv6 errors from the address of the interface the probe came in on, so on the
// new route r2 appears as 2001:db8:23::2: hop 2 replaced by r3, and r2's other address added.
TEST_P(TraceRouteChange, Ipv6) {
  check({"2001:db8:2::2",
         "-6 -I",
         ips({"2001:db8:1::1", "2001:db8:12::2", "2001:db8:2::2"}),
         ips({"2001:db8:1::1", "2001:db8:13::2", "2001:db8:23::2", "2001:db8:2::2"}),
         {{HopChangeKind::Replaced, util::Ttl{2}, ip("2001:db8:12::2"), ip("2001:db8:13::2")},
          {HopChangeKind::Added, util::Ttl{3}, {}, ip("2001:db8:23::2")}}});
}

INSTANTIATE_TEST_SUITE_P(Probes, TraceRouteChange,
                         ::testing::Values(ProbeProtocol::Icmp, ProbeProtocol::Udp, ProbeProtocol::Tcp),
                         [](const auto& p) { return std::string(to_string(p.param)); });

}  // namespace
}  // namespace pt::trace
