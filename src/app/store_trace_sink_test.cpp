#include "app/store_trace_sink.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "store/repositories/hop_repository.hpp"
#include "store/repositories/route_repository.hpp"
#include "store/store_test_support.hpp"
#include "trace/testing/simulated_network.hpp"
#include "trace/trace_service.hpp"
#include "util/log.hpp"

namespace pt::app {
namespace {

using namespace std::chrono_literals;
using store::testing::at_seconds;
using store::testing::ip;

trace::ProbeOutcome answer(const char* from, std::chrono::microseconds rtt) {
  return trace::ProbeOutcome{.answered = true,
                             .responder = ip(from),
                             .rtt = rtt,
                             .kind = trace::ReplyKind::TimeExceeded,
                             .icmp_type = 11,
                             .icmp_code = 0};
}

trace::HopResult hop(std::uint8_t ttl, std::vector<trace::ProbeOutcome> probes, trace::HopNames names = {}) {
  trace::HopResult h;
  h.ttl = util::Ttl{ttl};
  h.probes = std::move(probes);
  trace::collect_responders(h);
  for (auto& r : h.responders) r.names = names;
  return h;
}

// A reached three-hop trace to 93.184.216.34 with a silent second hop, built by hand.
trace::TraceResult example_trace() {
  trace::TraceResult t;
  t.id = 7;
  t.target = ip("93.184.216.34");
  t.target_name = "example.com";
  t.protocol = trace::ProbeProtocol::Udp;
  t.max_hops = 30;
  t.probes_per_hop = 3;
  t.started = at_seconds(1'700'000'000);
  t.finished = at_seconds(1'700'000'002);
  t.status = trace::TraceStatus::Reached;
  t.hops.push_back(hop(1, {answer("192.168.1.1", 1000us), answer("192.168.1.1", 3000us), {}},
                       {.fqdn = "gw.lan", .location = "Private network"}));
  t.hops.push_back(hop(2, {{}, {}, {}}));
  t.hops.push_back(
      hop(3, {answer("93.184.216.34", 20000us), answer("93.184.216.34", 22000us), answer("93.184.216.34", 24000us)},
          {.fqdn = "example.com", .asn = 15133, .owner = "EDGECAST", .location = "Norwell, US"}));
  return t;
}

class StoreTraceSinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    util::discard_log();
    open();
  }
  void open() {
    db_ = store::Database::open(store::StoreSettings{.path = dir_ / "data.db"});
    session_ = db_->writer().start_session(store::testing::live_session(), util::wall_clock_now());
    sink_ = std::make_unique<StoreTraceSink>(*db_, session_);
  }
  void reopen() {
    sink_.reset();
    db_.reset();
    open();
  }
  std::vector<store::TracerouteRecord> history(const char* destination) {
    EXPECT_TRUE(db_->writer().flush());
    auto lease = db_->reads().acquire();
    return store::repositories::HopRepository(*lease).history(ip(destination), 0);
  }

  store::testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  store::SessionId session_;
  std::unique_ptr<StoreTraceSink> sink_;
};

TEST_F(StoreTraceSinkTest, AFinishedTraceBecomesARunWithHopsSamplesAndSummary) {
  sink_->trace_finished(example_trace(), trace::PathSummary{});
  const auto runs = history("93.184.216.34");
  ASSERT_EQ(runs.size(), 1U);
  const auto& run = runs[0];
  EXPECT_EQ(run.session, session_);
  EXPECT_EQ(run.target, "example.com");
  EXPECT_EQ(run.probe, "udp");
  EXPECT_TRUE(run.reached);
  EXPECT_EQ(run.started_at, at_seconds(1'700'000'000));
  ASSERT_EQ(run.hops.size(), 3U);

  const auto& gateway = run.hops[0];
  EXPECT_EQ(gateway.address, ip("192.168.1.1"));
  EXPECT_EQ(gateway.hostname, "gw.lan");
  EXPECT_EQ(gateway.city, "Private network");
  EXPECT_EQ(gateway.sent, 3U);
  EXPECT_EQ(gateway.received, 2U);
  EXPECT_EQ(gateway.rtt_min, 1000us);
  EXPECT_EQ(gateway.rtt_avg, 2000us);
  EXPECT_EQ(gateway.rtt_max, 3000us);
  ASSERT_EQ(gateway.samples.size(), 3U);
  EXPECT_FALSE(gateway.samples[2].rtt) << "a lost probe is a sample without RTT";

  const auto& silent = run.hops[1];
  EXPECT_TRUE(silent.address.empty());
  EXPECT_EQ(silent.sent, 3U);
  EXPECT_EQ(silent.received, 0U);
  EXPECT_FALSE(silent.rtt_avg);

  const auto& target = run.hops[2];
  EXPECT_EQ(target.asn, 15133U);
  EXPECT_EQ(target.as_name, "EDGECAST");
  EXPECT_EQ(target.country, "US");
  EXPECT_EQ(target.city, "Norwell");
  EXPECT_EQ(target.rtt_avg, 22000us);

  auto lease = db_->reads().acquire();
  const auto summary = store::repositories::HopRepository(*lease).summary(ip("93.184.216.34"));
  ASSERT_TRUE(summary);
  EXPECT_EQ(summary->traces, 1U);
  EXPECT_TRUE(summary->reached);
  EXPECT_EQ(summary->last_hop_count, 3U);
  EXPECT_EQ(summary->last_rtt, 22000us);
  EXPECT_EQ(sink_->counters().traces, 1U);
}

TEST_F(StoreTraceSinkTest, FailedAndCancelledTracesAreNotStored) {
  auto failed = example_trace();
  failed.status = trace::TraceStatus::Failed;
  failed.hops.clear();
  sink_->trace_finished(failed, {});
  auto cancelled = example_trace();
  cancelled.status = trace::TraceStatus::Cancelled;
  sink_->trace_finished(cancelled, {});
  EXPECT_TRUE(history("93.184.216.34").empty());
  EXPECT_EQ(sink_->counters().traces, 0U);
}

TEST_F(StoreTraceSinkTest, PatternsAndChangesAreStoredAndTheLatestPatternSurvivesARestart) {
  sink_->trace_finished(example_trace(), {});
  auto pattern = trace::pattern_of(example_trace());
  sink_->pattern_observed(pattern);
  pattern.last_seen = at_seconds(1'700'000'100);
  pattern.times_seen = 2;
  sink_->pattern_observed(pattern);

  trace::RoutePattern other = pattern;
  other.hops[0] = ip("10.9.9.9");  // a silent hop matches anything: change an answering one
  const auto change = trace::detect_route_change(other, pattern, 7);
  ASSERT_TRUE(change);
  sink_->route_changed(*change);
  ASSERT_TRUE(db_->writer().flush());
  reopen();

  const auto last = sink_->last_pattern(ip("93.184.216.34"));
  ASSERT_TRUE(last);
  EXPECT_EQ(last->signature(), pattern.signature());
  EXPECT_EQ(last->times_seen, 2U);
  EXPECT_EQ(last->last_seen, at_seconds(1'700'000'100));
  EXPECT_TRUE(last->reached) << "the route ends at the destination";
  EXPECT_EQ(last->as_path, std::vector<std::uint32_t>{15133});
  EXPECT_FALSE(sink_->last_pattern(ip("198.51.100.7")));

  auto lease = db_->reads().acquire();
  const auto changes = store::repositories::RouteRepository(*lease).changes(ip("93.184.216.34"));
  ASSERT_EQ(changes.size(), 1U);
  // How the hops align (a silent hop matches anything) is the trace layer's business.
  EXPECT_EQ(changes[0].kind, route_change_kind(*change));
  EXPECT_EQ(changes[0].old_hops, other.hops);
  EXPECT_EQ(changes[0].new_hops, pattern.hops);
  EXPECT_EQ(changes[0].description, change->summary());
}

TEST(StoreTraceSinkConversions, ChangeKindsAndLocations) {
  trace::RouteChange change;
  change.hops = {{trace::HopChangeKind::Added, util::Ttl{2}, {}, ip("10.0.3.1")}};
  EXPECT_EQ(route_change_kind(change), "new-hop");
  change.hops = {{trace::HopChangeKind::Removed, util::Ttl{2}, ip("10.0.3.1"), {}}};
  EXPECT_EQ(route_change_kind(change), "removed-hop");
  change.hops.push_back({trace::HopChangeKind::Added, util::Ttl{3}, {}, ip("10.0.4.1")});
  EXPECT_EQ(route_change_kind(change), "changed-hop");
  change.hops.clear();
  change.as_path_before = {64500};
  change.as_path_after = {64501};
  EXPECT_EQ(route_change_kind(change), "as-path");

  EXPECT_EQ(split_location("Zurich, CH"), std::make_pair(std::string("CH"), std::string("Zurich")));
  EXPECT_EQ(split_location("CH"), std::make_pair(std::string("CH"), std::string()));
  EXPECT_EQ(split_location("Private network"), std::make_pair(std::string(), std::string("Private network")));
  EXPECT_EQ(split_location(""), std::make_pair(std::string(), std::string()));
}

// Names for the simulated routers, all at once.
class FixedAnnotator final : public trace::HopAnnotator {
 public:
  trace::HopNames annotate(const util::IpAddress& address) override {
    return {.fqdn = "r-" + address.to_string() + ".lab.test", .asn = 64500, .owner = "Lab", .location = ""};
  }
};

std::uint32_t runs_of(const trace::TraceService& service, const char* target) {
  const auto s = service.snapshot();
  const auto* t = s->find(ip(target));
  return t != nullptr && t->phase == trace::TargetPhase::Idle ? t->runs : 0;
}

// One run of a TraceService over a simulated path, recording into the sink; waits for the trace.
void trace_once(trace::TraceSink& sink, std::vector<trace::testing::SimulatedHop> path) {
  FixedAnnotator annotator;
  trace::TraceService service({}, std::make_unique<trace::testing::SimulatedNetwork>("10.0.1.2", "10.0.2.2", path),
                              annotator, sink);
  service.start();
  ASSERT_TRUE(service.request({ip("10.0.2.2"), "", trace::TraceOrigin::User, std::nullopt}));
  const auto until = std::chrono::steady_clock::now() + 20s;
  while (runs_of(service, "10.0.2.2") < 1 && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(2ms);
  }
  ASSERT_EQ(runs_of(service, "10.0.2.2"), 1U);
  service.stop();
}

TEST_F(StoreTraceSinkTest, ARouteThatChangedBetweenTwoRunsOfTheProgramIsAChange) {
  trace_once(*sink_, {{"10.0.1.1"}, {"10.0.12.2"}});
  ASSERT_TRUE(db_->writer().flush());
  reopen();  // a new process: the service starts with no memory of the route
  trace_once(*sink_, {{"10.0.1.1"}, {"10.0.13.2"}});
  ASSERT_TRUE(db_->writer().flush());

  auto lease = db_->reads().acquire();
  store::repositories::RouteRepository routes(*lease);
  const auto changes = routes.changes(ip("10.0.2.2"));
  ASSERT_EQ(changes.size(), 1U);
  EXPECT_EQ(changes[0].kind, "changed-hop");
  EXPECT_EQ(changes[0].old_hops, (std::vector{ip("10.0.1.1"), ip("10.0.12.2"), ip("10.0.2.2")}));
  EXPECT_EQ(changes[0].new_hops, (std::vector{ip("10.0.1.1"), ip("10.0.13.2"), ip("10.0.2.2")}));
  EXPECT_EQ(routes.patterns(ip("10.0.2.2")).size(), 2U);
  EXPECT_EQ(store::repositories::HopRepository(*lease).history(ip("10.0.2.2"), 0).size(), 2U);
}

}  // namespace
}  // namespace pt::app
