#include "trace/trace_service.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <thread>

#include "trace/memory_trace_sink.hpp"
#include "trace/testing/simulated_network.hpp"

namespace pt::trace {
namespace {

using namespace std::chrono_literals;
using testing::SimulatedNetwork;

util::IpAddress ip(const char* text) { return *util::IpAddress::parse(text); }

// Names from a table; until release() every lookup is pending, like a resolver still working.
class TableAnnotator : public HopAnnotator {
 public:
  HopNames annotate(const util::IpAddress& address) override {
    std::lock_guard lock(mutex_);
    HopNames names;
    if (!released_) {
      names.pending = true;
      return names;
    }
    names.fqdn = "hop-" + address.to_string() + ".lab.test";
    names.asn = address.to_string() == "10.0.13.2" ? 64501 : 64500;
    names.owner = "Lab Networks";
    return names;
  }
  void release() {
    std::lock_guard lock(mutex_);
    released_ = true;
  }
  void hold() {
    std::lock_guard lock(mutex_);
    released_ = false;
  }

 private:
  std::mutex mutex_;
  bool released_ = true;
};

template <typename Pred>
std::shared_ptr<const TraceSnapshot> wait_for(const TraceService& service, Pred pred) {
  const auto until = std::chrono::steady_clock::now() + 10s;
  auto s = service.snapshot();
  while (!pred(*s) && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(2ms);
    s = service.snapshot();
  }
  return s;
}

// The service publishes a finished trace before it hands it to the sink (outside its lock, so a
// slow store never holds up snapshots): sink checks wait for the sink to have seen `runs` traces.
void wait_for_sink(const MemoryTraceSink& sink, const char* target, std::size_t runs) {
  const auto until = std::chrono::steady_clock::now() + 10s;
  while (sink.traces(ip(target)).size() < runs && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(2ms);
  }
}

bool idle_runs(const TraceSnapshot& s, const char* target, std::uint32_t runs) {
  const auto* t = s.find(ip(target));
  return t != nullptr && t->phase == TargetPhase::Idle && t->runs >= runs;
}

struct Fixture {
  SimulatedNetwork* net = nullptr;
  TableAnnotator annotator;
  MemoryTraceSink sink;
  std::unique_ptr<TraceService> service;

  explicit Fixture(TraceServiceConfig config = {}, const char* target = "10.0.2.2") {
    auto transport = std::make_unique<SimulatedNetwork>(
        "10.0.1.2", target, std::vector<testing::SimulatedHop>{{"10.0.1.1"}, {"10.0.12.2"}});
    net = transport.get();
    service = std::make_unique<TraceService>(config, std::move(transport), annotator, sink,
                                             [] { return util::wall_clock_now(); });
  }
};

TEST(TraceService, TracesARequestAndPublishesAnnotatedHops) {
  Fixture f;
  f.service->start();
  ASSERT_TRUE(f.service->request({ip("10.0.2.2"), "server.lab.test", TraceOrigin::CommandLine, std::nullopt}));
  const auto s = wait_for(*f.service, [](const TraceSnapshot& x) { return idle_runs(x, "10.0.2.2", 1); });
  const auto* t = s->find(ip("10.0.2.2"));
  ASSERT_NE(t, nullptr);
  ASSERT_TRUE(t->latest);
  EXPECT_EQ(t->latest->status, TraceStatus::Reached);
  EXPECT_EQ(t->latest->target_name, "server.lab.test");
  EXPECT_EQ(t->origin, TraceOrigin::CommandLine);
  ASSERT_EQ(t->latest->hops.size(), 3U);
  EXPECT_EQ(t->latest->hops[0].primary()->names.fqdn, "hop-10.0.1.1.lab.test");
  ASSERT_TRUE(t->pattern);
  EXPECT_EQ(t->pattern->signature(), "10.0.1.1 10.0.12.2 10.0.2.2");
  EXPECT_EQ(t->summary.traces, 1U);
  EXPECT_EQ(s->traces_completed, 1U);
  wait_for_sink(f.sink, "10.0.2.2", 1);
  EXPECT_EQ(f.sink.traces(ip("10.0.2.2")).size(), 1U);
  EXPECT_EQ(f.sink.patterns(ip("10.0.2.2")).size(), 1U);
  EXPECT_TRUE(f.sink.changes(ip("10.0.2.2")).empty());
}

TEST(TraceService, ARouteChangeIsRecordedAndRestartsTheStatistics) {
  Fixture f;
  f.service->start();
  f.service->request({ip("10.0.2.2"), "", TraceOrigin::User, std::nullopt});
  wait_for(*f.service, [](const TraceSnapshot& x) { return idle_runs(x, "10.0.2.2", 1); });
  f.service->request({ip("10.0.2.2"), "", TraceOrigin::User, std::nullopt});
  auto s = wait_for(*f.service, [](const TraceSnapshot& x) { return idle_runs(x, "10.0.2.2", 2); });
  EXPECT_EQ(s->find(ip("10.0.2.2"))->summary.traces, 2U);
  EXPECT_TRUE(s->find(ip("10.0.2.2"))->changes.empty());

  // The service thread is idle: safe to re-route the simulated network.
  f.net->set_path({{"10.0.1.1"}, {"10.0.13.2"}, {"10.0.12.2"}});
  f.service->request({ip("10.0.2.2"), "", TraceOrigin::User, std::nullopt});
  s = wait_for(*f.service, [](const TraceSnapshot& x) { return idle_runs(x, "10.0.2.2", 3); });
  const auto* t = s->find(ip("10.0.2.2"));
  ASSERT_EQ(t->changes.size(), 1U);
  const auto& change = t->changes[0];
  ASSERT_EQ(change.hops.size(), 1U);
  EXPECT_EQ(change.hops[0].kind, HopChangeKind::Added);
  EXPECT_EQ(change.hops[0].after, ip("10.0.13.2"));
  EXPECT_EQ(change.as_path_before, (std::vector<std::uint32_t>{64500}));
  EXPECT_EQ(change.as_path_after, (std::vector<std::uint32_t>{64500, 64501, 64500}));
  EXPECT_EQ(change.trace_id, t->latest->id);
  EXPECT_EQ(t->summary.traces, 1U) << "statistics start again with the new route";
  for (const auto& hop : t->summary.hops) EXPECT_EQ(hop.loss_percent(), 0.0) << "a change is not loss";
  wait_for_sink(f.sink, "10.0.2.2", 3);
  EXPECT_EQ(f.sink.changes(ip("10.0.2.2")).size(), 1U);
  EXPECT_EQ(f.sink.patterns(ip("10.0.2.2")).size(), 2U);
}

TEST(TraceService, DetectsAChangeAgainstTheSinksHistory) {
  Fixture f;
  RoutePattern old;
  old.destination = ip("10.0.2.2");
  old.hops = {ip("10.0.1.1"), ip("10.0.99.2"), ip("10.0.2.2")};
  old.reached = true;
  f.sink.pattern_observed(old);
  f.service->start();
  f.service->request({ip("10.0.2.2"), "", TraceOrigin::User, std::nullopt});
  wait_for(*f.service, [](const TraceSnapshot& x) { return idle_runs(x, "10.0.2.2", 1); });
  wait_for_sink(f.sink, "10.0.2.2", 1);
  const auto changes = f.sink.changes(ip("10.0.2.2"));
  ASSERT_EQ(changes.size(), 1U);
  EXPECT_EQ(changes[0].hops[0].kind, HopChangeKind::Replaced);
  EXPECT_EQ(changes[0].hops[0].before, ip("10.0.99.2"));
  EXPECT_EQ(changes[0].hops[0].after, ip("10.0.12.2"));
}

TEST(TraceService, QueueIsBoundedAndDeduplicated) {
  TraceServiceConfig config;
  config.queue_capacity = 2;
  Fixture f(config);  // not started: requests stay queued
  EXPECT_TRUE(f.service->request({ip("10.0.2.2"), "", TraceOrigin::User, std::nullopt}));
  EXPECT_TRUE(f.service->request({ip("10.0.2.2"), "", TraceOrigin::User, std::nullopt}));
  EXPECT_TRUE(f.service->request({ip("10.0.3.3"), "", TraceOrigin::User, std::nullopt}));
  EXPECT_FALSE(f.service->request({ip("10.0.4.4"), "", TraceOrigin::User, std::nullopt}));
  const auto s = f.service->snapshot();
  EXPECT_EQ(s->queued, 2U);
  EXPECT_EQ(s->requests_dropped, 1U);
  EXPECT_EQ(s->targets.size(), 2U);
  EXPECT_EQ(s->targets[0].phase, TargetPhase::Queued);
  f.service->clear();
  EXPECT_TRUE(f.service->snapshot()->targets.empty());
  EXPECT_EQ(f.service->snapshot()->queued, 0U);
}

TEST(TraceService, RefreshTracesEveryTargetAgain) {
  Fixture f;
  f.service->start();
  f.service->request({ip("10.0.2.2"), "", TraceOrigin::User, std::nullopt});
  wait_for(*f.service, [](const TraceSnapshot& x) { return idle_runs(x, "10.0.2.2", 1); });
  f.service->refresh();
  const auto s = wait_for(*f.service, [](const TraceSnapshot& x) { return idle_runs(x, "10.0.2.2", 2); });
  EXPECT_EQ(s->find(ip("10.0.2.2"))->runs, 2U);
}

TEST(TraceService, AutoTracesTheBusiestPublicDestination) {
  TraceServiceConfig config;
  config.auto_trace.enabled = true;
  Fixture f(config, "8.8.8.8");
  f.service->start();
  const std::vector<util::IpAddress> busiest{ip("192.168.1.1"), ip("8.8.8.8")};
  f.service->offer_busiest(busiest);
  const auto s = wait_for(*f.service, [](const TraceSnapshot& x) { return idle_runs(x, "8.8.8.8", 1); });
  const auto* t = s->find(ip("8.8.8.8"));
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->origin, TraceOrigin::Auto);
  EXPECT_EQ(s->find(ip("192.168.1.1")), nullptr) << "private destinations are not auto-traced";
  EXPECT_TRUE(s->auto_trace);
}

TEST(TraceService, MissingPrivilegeIsOneClearError) {
  Fixture f;
  f.net->fail_open_with(TraceErrorKind::PermissionDenied);
  f.service->start();
  f.service->request({ip("10.0.2.2"), "", TraceOrigin::User, std::nullopt});
  const auto s = wait_for(*f.service, [](const TraceSnapshot& x) { return idle_runs(x, "10.0.2.2", 1); });
  EXPECT_EQ(s->error_kind, TraceErrorKind::PermissionDenied);
  EXPECT_EQ(s->find(ip("10.0.2.2"))->latest->status, TraceStatus::Failed);
  EXPECT_FALSE(s->find(ip("10.0.2.2"))->pattern);
}

TEST(TraceService, PendingNamesAreFilledInLater) {
  Fixture f;
  f.annotator.hold();
  f.service->start();
  f.service->request({ip("10.0.2.2"), "", TraceOrigin::User, std::nullopt});
  auto s = wait_for(*f.service, [](const TraceSnapshot& x) { return idle_runs(x, "10.0.2.2", 1); });
  EXPECT_TRUE(s->find(ip("10.0.2.2"))->latest->hops[0].primary()->names.pending);
  f.annotator.release();
  s = wait_for(*f.service, [](const TraceSnapshot& x) {
    const auto* t = x.find(ip("10.0.2.2"));
    return t && t->latest && !has_pending_names(*t->latest);
  });
  EXPECT_EQ(s->find(ip("10.0.2.2"))->latest->hops[1].primary()->names.fqdn, "hop-10.0.12.2.lab.test");
}

TEST(TraceService, StopsPromptlyAndRefusesLaterRequests) {
  Fixture f;
  f.service->start();
  const auto before = std::chrono::steady_clock::now();
  f.service->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - before, 2s);
  EXPECT_FALSE(f.service->request({ip("10.0.2.2"), "", TraceOrigin::User, std::nullopt}));
}

}  // namespace
}  // namespace pt::trace
