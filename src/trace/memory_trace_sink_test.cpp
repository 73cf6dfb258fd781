#include "trace/memory_trace_sink.hpp"

#include <gtest/gtest.h>

namespace pt::trace {
namespace {

util::IpAddress ip(const char* text) { return *util::IpAddress::parse(text); }

RoutePattern route(const char* destination, std::initializer_list<const char*> hops, double seen) {
  RoutePattern p;
  p.destination = ip(destination);
  for (const auto* h : hops) p.hops.push_back(ip(h));
  p.reached = true;
  p.first_seen = p.last_seen = util::from_unix_seconds(seen);
  p.times_seen = 1;
  return p;
}

TraceResult trace(const char* destination, std::uint64_t id) {
  TraceResult t;
  t.id = id;
  t.target = ip(destination);
  t.status = TraceStatus::Reached;
  return t;
}

TEST(MemoryTraceSink, KeepsDistinctRoutesWithFirstSightingAndCount) {
  MemoryTraceSink sink;
  EXPECT_FALSE(sink.last_pattern(ip("10.0.2.2")));
  sink.pattern_observed(route("10.0.2.2", {"10.0.1.1", "10.0.2.2"}, 100));
  sink.pattern_observed(route("10.0.2.2", {"10.0.1.1", "10.0.3.1", "10.0.2.2"}, 200));
  sink.pattern_observed(route("10.0.2.2", {"10.0.1.1", "10.0.2.2"}, 300));
  const auto patterns = sink.patterns(ip("10.0.2.2"));
  ASSERT_EQ(patterns.size(), 2U);
  EXPECT_EQ(patterns.back().signature(), "10.0.1.1 10.0.2.2");
  EXPECT_EQ(patterns.back().times_seen, 2U);
  EXPECT_EQ(patterns.back().first_seen, util::from_unix_seconds(100));
  EXPECT_EQ(sink.last_pattern(ip("10.0.2.2"))->last_seen, util::from_unix_seconds(300));
}

TEST(MemoryTraceSink, BoundsTracesChangesAndDestinations) {
  MemoryTraceSink sink(
      {.traces_per_destination = 2, .patterns_per_destination = 2, .changes_per_destination = 1, .destinations = 2});
  PathSummary summary;
  for (std::uint64_t id = 1; id <= 3; ++id) sink.trace_finished(trace("10.0.2.2", id), summary);
  const auto traces = sink.traces(ip("10.0.2.2"));
  ASSERT_EQ(traces.size(), 2U);
  EXPECT_EQ(traces.front()->id, 2U);
  RouteChange c;
  c.destination = ip("10.0.2.2");
  c.trace_id = 1;
  sink.route_changed(c);
  c.trace_id = 2;
  sink.route_changed(c);
  ASSERT_EQ(sink.changes(ip("10.0.2.2")).size(), 1U);
  EXPECT_EQ(sink.changes(ip("10.0.2.2"))[0].trace_id, 2U);
  sink.trace_finished(trace("10.0.3.3", 4), summary);
  sink.trace_finished(trace("10.0.4.4", 5), summary);
  EXPECT_EQ(sink.destinations().size(), 2U);
  EXPECT_TRUE(sink.traces(ip("10.0.2.2")).empty()) << "the least recently traced destination went";
}

TEST(PathSummary, AccumulatesProbesPerTtlAndResets) {
  TraceResult t = trace("10.0.2.2", 1);
  HopResult hop;
  hop.ttl = util::Ttl{1};
  hop.probes = {{true, ip("10.0.1.1"), std::chrono::milliseconds(2), ReplyKind::TimeExceeded, 11, 0},
                {false, {}, {}, ReplyKind::Other, 0, 0}};
  collect_responders(hop);
  t.hops.push_back(hop);
  PathSummary s;
  s.add(t);
  t.hops[0].probes[1] = {true, ip("10.0.1.1"), std::chrono::milliseconds(4), ReplyKind::TimeExceeded, 11, 0};
  s.add(t);
  t.status = TraceStatus::Cancelled;
  s.add(t);  // not counted
  ASSERT_EQ(s.hops.size(), 1U);
  EXPECT_EQ(s.traces, 2U);
  EXPECT_EQ(s.hops[0].sent, 4U);
  EXPECT_EQ(s.hops[0].received, 3U);
  EXPECT_DOUBLE_EQ(s.hops[0].loss_percent(), 25.0);
  EXPECT_EQ(*s.hops[0].best, std::chrono::milliseconds(2));
  EXPECT_EQ(*s.hops[0].worst, std::chrono::milliseconds(4));
  EXPECT_EQ(*s.hops[0].last, std::chrono::milliseconds(4));
  EXPECT_EQ(*s.hops[0].average(), std::chrono::nanoseconds(2'666'666));
  s.reset();
  EXPECT_EQ(s.traces, 0U);
  EXPECT_TRUE(s.hops.empty());
  EXPECT_EQ(s.destination, ip("10.0.2.2"));
}

TEST(HopStats, MatchesMtrArithmetic) {
  HopResult hop;
  for (int ms : {1, 3}) {
    hop.probes.push_back({true, ip("10.0.1.1"), std::chrono::milliseconds(ms), ReplyKind::TimeExceeded, 11, 0});
  }
  hop.probes.push_back({});
  const auto s = hop.stats();
  EXPECT_EQ(s.sent, 3U);
  EXPECT_EQ(s.received, 2U);
  EXPECT_NEAR(s.loss_percent, 33.333, 0.001);
  EXPECT_EQ(*s.average, std::chrono::milliseconds(2));
  EXPECT_EQ(*s.stddev, std::chrono::milliseconds(1));
  EXPECT_EQ(*s.last, std::chrono::milliseconds(3));
}

}  // namespace
}  // namespace pt::trace
