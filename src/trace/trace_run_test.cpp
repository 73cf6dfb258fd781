#include "trace/trace_run.hpp"

#include <gtest/gtest.h>

namespace pt::trace {
namespace {

using namespace std::chrono_literals;
const Instant kT0 = Instant{} + 1h;

FlowIdentity flow() {
  FlowIdentity f;
  f.protocol = ProbeProtocol::Icmp;
  f.target = *util::IpAddress::parse("10.0.2.2");
  f.icmp_id = 7;
  return f;
}

ProbeReply reply(const char* from, ReplyKind kind, Instant at) {
  ProbeReply r;
  r.responder = *util::IpAddress::parse(from);
  r.kind = kind;
  r.received = at;
  return r;
}

TEST(TraceRun, SendsInTtlOrderAndNeverExceedsTheInFlightBound) {
  ProbeConfig config;
  config.max_in_flight = 5;
  TraceRun run(flow(), config);
  std::vector<Probe> probes;
  while (auto p = run.next_probe(kT0)) probes.push_back(*p);
  ASSERT_EQ(probes.size(), 5U);
  EXPECT_EQ(run.in_flight(), 5U);
  const std::vector<unsigned> ttls{1, 1, 1, 2, 2};
  for (std::size_t i = 0; i < probes.size(); ++i) {
    EXPECT_EQ(probes[i].ttl.value, ttls[i]);
    EXPECT_EQ(probes[i].token.value, i);
  }
  // One answer frees one slot.
  EXPECT_TRUE(run.on_reply(ProbeToken{0}, reply("10.0.1.1", ReplyKind::TimeExceeded, kT0 + 1ms)));
  EXPECT_EQ(run.in_flight(), 4U);
  const auto next = run.next_probe(kT0 + 1ms);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->ttl.value, 2);
  EXPECT_FALSE(run.next_probe(kT0 + 1ms));
}

TEST(TraceRun, DuplicateAndLateRepliesChangeNothing) {
  TraceRun run(flow(), ProbeConfig{});
  (void)run.next_probe(kT0);
  EXPECT_TRUE(run.on_reply(ProbeToken{0}, reply("10.0.1.1", ReplyKind::TimeExceeded, kT0 + 2ms)));
  EXPECT_FALSE(run.on_reply(ProbeToken{0}, reply("10.0.1.1", ReplyKind::TimeExceeded, kT0 + 3ms)));
  EXPECT_FALSE(run.on_reply(ProbeToken{999}, reply("10.0.1.1", ReplyKind::TimeExceeded, kT0 + 3ms)));
  (void)run.next_probe(kT0);
  EXPECT_TRUE(run.expire(kT0 + 2s));
  EXPECT_FALSE(run.on_reply(ProbeToken{1}, reply("10.0.1.1", ReplyKind::TimeExceeded, kT0 + 3s)))
      << "a reply after its timeout stays lost";
  const auto r = run.result();
  EXPECT_EQ(r.hops[0].stats().received, 1U);
  EXPECT_EQ(*r.hops[0].stats().last, 2ms);
}

TEST(TraceRun, ReachingTheTargetDropsProbesBeyondIt) {
  ProbeConfig config;
  config.probes_per_hop = 1;
  config.max_in_flight = 4;
  TraceRun run(flow(), config);
  while (run.next_probe(kT0)) {
  }
  // The TTL 3 probe reaches the target before TTL 1 and 2 answer; TTL 4 is forgotten.
  EXPECT_TRUE(run.on_reply(ProbeToken{2}, reply("10.0.2.2", ReplyKind::EchoReply, kT0 + 1ms)));
  EXPECT_EQ(run.in_flight(), 2U);
  EXPECT_FALSE(run.next_probe(kT0 + 1ms)) << "nothing beyond the target";
  EXPECT_FALSE(run.done());
  EXPECT_FALSE(run.on_reply(ProbeToken{3}, reply("10.0.2.2", ReplyKind::EchoReply, kT0 + 1ms)));
  EXPECT_TRUE(run.on_reply(ProbeToken{0}, reply("10.0.1.1", ReplyKind::TimeExceeded, kT0 + 1ms)));
  EXPECT_TRUE(run.expire(kT0 + 5s));
  EXPECT_TRUE(run.done());
  const auto r = run.result();
  EXPECT_EQ(r.status, TraceStatus::Reached);
  ASSERT_EQ(r.hops.size(), 3U);
  EXPECT_EQ(r.hops[1].primary(), nullptr);
}

TEST(TraceRun, ResponderListKeepsTheMostFrequentFirst) {
  ProbeConfig config;
  config.max_hops = 1;
  TraceRun run(flow(), config);
  while (run.next_probe(kT0)) {
  }
  (void)run.on_reply(ProbeToken{0}, reply("10.0.1.9", ReplyKind::TimeExceeded, kT0 + 1ms));
  (void)run.on_reply(ProbeToken{1}, reply("10.0.1.1", ReplyKind::TimeExceeded, kT0 + 1ms));
  (void)run.on_reply(ProbeToken{2}, reply("10.0.1.1", ReplyKind::TimeExceeded, kT0 + 1ms));
  const auto r = run.result();
  ASSERT_EQ(r.hops[0].responders.size(), 2U);
  EXPECT_EQ(r.hops[0].primary()->address.to_string(), "10.0.1.1");
  EXPECT_EQ(r.hops[0].primary()->replies, 2U);
  EXPECT_EQ(r.status, TraceStatus::NotReached);
}

}  // namespace
}  // namespace pt::trace
