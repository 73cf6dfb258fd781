#include "trace/auto_trace_policy.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace pt::trace {
namespace {

using namespace std::chrono_literals;
const Instant kT0 = Instant{} + 10h;

std::vector<util::IpAddress> ips(std::initializer_list<const char*> texts) {
  std::vector<util::IpAddress> out;
  for (const auto* t : texts) out.push_back(*util::IpAddress::parse(t));
  return out;
}

AutoTraceConfig enabled() {
  AutoTraceConfig c;
  c.enabled = true;
  c.interval = 30s;
  c.retrace_after = 600s;
  c.candidates = 3;
  return c;
}

TEST(AutoTracePolicy, DisabledPicksNothing) {
  AutoTracePolicy policy{AutoTraceConfig{}};
  EXPECT_FALSE(policy.pick(ips({"8.8.8.8"}), kT0));
}

TEST(AutoTracePolicy, PicksTheBusiestPublicDestination) {
  AutoTracePolicy policy{enabled()};
  const auto busiest = ips({"192.168.1.10", "fe80::1", "9.9.9.9", "8.8.8.8"});
  EXPECT_EQ(policy.pick(busiest, kT0), *util::IpAddress::parse("9.9.9.9"));
}

TEST(AutoTracePolicy, AtMostOnePerIntervalAndEachDestinationRarely) {
  AutoTracePolicy policy{enabled()};
  const auto busiest = ips({"9.9.9.9", "8.8.8.8"});
  policy.traced(*policy.pick(busiest, kT0), kT0, true);
  EXPECT_FALSE(policy.pick(busiest, kT0 + 29s)) << "interval";
  EXPECT_EQ(policy.pick(busiest, kT0 + 30s), *util::IpAddress::parse("8.8.8.8")) << "9.9.9.9 was just traced";
  policy.traced(*util::IpAddress::parse("8.8.8.8"), kT0 + 30s, true);
  EXPECT_FALSE(policy.pick(busiest, kT0 + 90s)) << "both traced recently";
  EXPECT_EQ(policy.pick(busiest, kT0 + 600s), *util::IpAddress::parse("9.9.9.9"));
}

TEST(AutoTracePolicy, AUsersTraceCountsAsRecentButDoesNotUseTheSlot) {
  AutoTracePolicy policy{enabled()};
  policy.traced(*util::IpAddress::parse("9.9.9.9"), kT0, false);
  EXPECT_EQ(policy.pick(ips({"9.9.9.9", "8.8.8.8"}), kT0), *util::IpAddress::parse("8.8.8.8"));
}

TEST(AutoTracePolicy, OnlyTheTopCandidatesCount) {
  AutoTracePolicy policy{enabled()};
  EXPECT_FALSE(policy.pick(ips({"10.0.0.1", "10.0.0.2", "10.0.0.3", "8.8.8.8"}), kT0));
}

}  // namespace
}  // namespace pt::trace
